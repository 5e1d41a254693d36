/// How each member of a band moves a statement's iterators: the direction
/// `δ_m` with `R·δ_m = e_m` for the band rows `R` (completed with unit rows
/// to a square matrix when the band has fewer members than iterators).
/// `nil` when the rows are not independent.
func memberDirections(_ band: DraftBand, statement: Int, dimensions: Int) -> [[Double]]? {
    var rows = band.rows.compactMap { $0[statement]?.iterators.map(Double.init) }
    guard rows.count == band.rows.count, dimensions > 0 else { return nil }
    // Complete with the unit rows that raise the rank.
    for k in 0..<dimensions where rows.count < dimensions {
        let unit = (0..<dimensions).map { $0 == k ? 1.0 : 0.0 }
        if rank(rows + [unit]) > rank(rows) { rows.append(unit) }
    }
    guard rows.count == dimensions, let inverse = invert(rows) else { return nil }
    return (0..<band.rows.count).map { member in inverse.map { $0[member] } }
}

/// The rank of a small matrix (Gaussian elimination).
private func rank(_ matrix: [[Double]]) -> Int {
    var rows = matrix
    var rank = 0
    let columns = rows.first?.count ?? 0
    for column in 0..<columns {
        guard let pivot = (rank..<rows.count).first(where: { abs(rows[$0][column]) > 1e-9 }) else { continue }
        rows.swapAt(rank, pivot)
        for other in 0..<rows.count where other != rank {
            let factor = rows[other][column] / rows[rank][column]
            for c in 0..<columns { rows[other][c] -= factor * rows[rank][c] }
        }
        rank += 1
    }
    return rank
}

/// The inverse of a small square matrix, or `nil` when singular.
private func invert(_ matrix: [[Double]]) -> [[Double]]? {
    let n = matrix.count
    var rows = matrix.enumerated().map { index, row in row + (0..<n).map { $0 == index ? 1.0 : 0.0 } }
    for column in 0..<n {
        guard let pivot = (column..<n).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
              abs(rows[pivot][column]) > 1e-9 else { return nil }
        rows.swapAt(column, pivot)
        let scale = rows[column][column]
        rows[column] = rows[column].map { $0 / scale }
        for other in 0..<n where other != column {
            let factor = rows[other][column]
            for c in 0..<(2 * n) { rows[other][c] -= factor * rows[column][c] }
        }
    }
    return rows.map { row in Array(row[n...]) }
}

/// How an access moves along a direction.
enum AccessStride {
    /// The same element (temporal reuse).
    case invariant
    /// The next element in memory (stride 1 in the last subscript only).
    case contiguous
    /// Elements further apart.
    case strided
}

/// The stride of `access` along `direction`.
func stride(of access: AccessFunction, along direction: [Double]) -> AccessStride {
    let changes = access.subscripts.map { coefficients in
        zip(coefficients, direction).reduce(0.0) { $0 + Double($1.0) * $1.1 }
    }
    if changes.allSatisfy({ abs($0) < 1e-9 }) { return .invariant }
    if let last = changes.last, changes.dropLast().allSatisfy({ abs($0) < 1e-9 }), abs(abs(last) - 1) < 1e-9 {
        return .contiguous
    }
    return .strided
}
