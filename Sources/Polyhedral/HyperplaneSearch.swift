import ISL

/// What one scheduling ILP must respect and prefer, beyond validity.
struct RowRequest {
    /// The statements getting a row, in order.
    var group: [Int]
    /// The dependence pieces not yet ordered by outer rows.
    var edges: [DependenceEdge]
    /// The iterator parts of the rows each statement already has.
    var previousRows: [Int: [[Int]]]
    /// The objective, minimised lexicographically.
    var costs: [SchedulerConfiguration.CostTerm]
    /// Extra constraints from the configuration.
    var custom: [CustomConstraint] = []
    /// Require distance 0 on every edge (a parallel loop).
    var coincident = false
    /// Forbid rows combining several iterators.
    var noSkew = false
    /// Forbid constant and parameter terms: statements fused by the row run
    /// the same iteration together, never one shifted against the other.
    var noShift = false
    /// Fixed iterator coefficients per statement (directives).
    var fixed: [Int: [Int: Int]] = [:]
    /// Positions in `edges` that must be carried: distance at least 1 (Feautrier).
    var carried: Swift.Set<Int> = []
    /// Upper bound of iterator and parameter coefficients.
    var bound: Int
}

/// A linear constraint `constant + Σ coefficients[column]·x[column] (= | ≥) 0`.
private struct LinearConstraint {
    var constant = 0
    var coefficients: [Int: Int] = [:]

    mutating func add(_ column: Int, _ value: Int) {
        guard value != 0 else { return }
        coefficients[column, default: 0] += value
    }

    mutating func add(_ other: LinearConstraint, times factor: Int) {
        guard factor != 0 else { return }
        constant += factor * other.constant
        for (column, value) in other.coefficients { add(column, factor * value) }
    }

    func dense(_ columns: Int) -> [Int] {
        var row = Array(repeating: 0, count: columns + 1)
        row[0] = constant
        for (column, value) in coefficients { row[column + 1] += value }
        return row
    }
}

/// The columns of one statement's row in the ILP.
private struct StatementColumns {
    var iterators: [Int]
    var parameters: [Int]
    var constant: Int
}

/// Finds one schedule row for every statement of `request.group` by one ILP:
/// lexicographic minimisation over columns ordered by the cost terms.
///
/// Validity is the weak form `φ_T(t) − φ_S(s) ≥ 0` on every edge, linearised
/// with the Farkas dual each edge carries; progression follows Pluto: each
/// statement not at full rank gets a row with a non-negative, non-zero
/// component in the orthogonal complement of its earlier rows. Returns `nil`
/// when no such row exists.
func findRow(_ request: RowRequest, problem: SchedulingProblem) throws -> [Int: AffineRow]? {
    let statements = problem.statements
    let parameterCount = problem.parameters.count
    var columns = 0
    func allocate(_ count: Int) -> [Int] {
        defer { columns += count }
        return Array(columns..<(columns + count))
    }

    // Cost columns first: lexmin minimises them in the configured order.
    var proximityColumns: (bounds: [Int], constant: Int)?
    var contiguityColumn: Int?, bigLoopsColumn: Int?
    var originalOrder = false
    for term in request.costs {
        switch term {
        case .proximity where proximityColumns == nil:
            let allocated = allocate(parameterCount + 1)
            proximityColumns = (Array(allocated.dropLast()), allocated[parameterCount])
        case .contiguity where contiguityColumn == nil: contiguityColumn = allocate(1)[0]
        case .bigLoopsFirst where bigLoopsColumn == nil: bigLoopsColumn = allocate(1)[0]
        case .originalOrder: originalOrder = true
        default: break
        }
    }
    // Small coefficients next: prefer no skew, and skew by 1 over skew by 2.
    let sumColumn = allocate(1)[0]
    var layout: [Int: StatementColumns] = [:]
    for index in request.group {
        let count = statements[index].dimensionCount
        var iterators = allocate(count)
        // Minimising inner iterators' coefficients first leaves the outer ones outermost.
        if originalOrder { iterators.reverse() }
        layout[index] = StatementColumns(iterators: iterators, parameters: allocate(parameterCount),
                                         constant: allocate(1)[0])
    }

    var equalities: [LinearConstraint] = []
    var inequalities: [LinearConstraint] = []
    func atLeast(_ column: Int, _ value: Int) {
        var constraint = LinearConstraint(constant: -value)
        constraint.add(column, 1)
        inequalities.append(constraint)
    }
    func atMost(_ column: Int, _ value: Int) {
        var constraint = LinearConstraint(constant: value)
        constraint.add(column, -1)
        inequalities.append(constraint)
    }
    for column in 0..<columns { atLeast(column, 0) }
    for columnsOfStatement in layout.values {
        for column in columnsOfStatement.iterators + columnsOfStatement.parameters { atMost(column, request.bound) }
    }

    // The definitions of the summary cost columns.
    var sum = LinearConstraint()
    sum.add(sumColumn, -1)
    for columnsOfStatement in layout.values {
        for column in columnsOfStatement.iterators { sum.add(column, 1) }
    }
    equalities.append(sum)
    if let contiguityColumn {
        var definition = LinearConstraint()
        definition.add(contiguityColumn, -1)
        for (index, columnsOfStatement) in layout {
            for (k, weight) in contiguityWeights(statements[index]).enumerated() {
                definition.add(columnsOfStatement.iterators[k], weight)
            }
        }
        equalities.append(definition)
    }
    if let bigLoopsColumn {
        var definition = LinearConstraint()
        definition.add(bigLoopsColumn, -1)
        for (index, columnsOfStatement) in layout {
            for (k, weight) in smallLoopWeights(statements[index]).enumerated() {
                definition.add(columnsOfStatement.iterators[k], weight)
            }
        }
        equalities.append(definition)
    }

    // Dependences, through each edge's Farkas dual: z = (cst, params, source, sink).
    for (position, edge) in request.edges.enumerated() {
        guard let source = layout[edge.source], let sink = layout[edge.sink] else { continue }
        // φ_T(t) − φ_S(s) as expressions of the ILP columns, one per dual dimension.
        var difference: [LinearConstraint] = []
        var constantTerm = LinearConstraint()
        constantTerm.add(sink.constant, 1)
        constantTerm.add(source.constant, -1)
        difference.append(constantTerm)
        for parameter in edge.parameterIndices {
            var term = LinearConstraint()
            term.add(sink.parameters[parameter], 1)
            term.add(source.parameters[parameter], -1)
            difference.append(term)
        }
        for k in 0..<statements[edge.source].dimensionCount {
            var term = LinearConstraint()
            term.add(source.iterators[k], -1)
            difference.append(term)
        }
        for k in 0..<statements[edge.sink].dimensionCount {
            var term = LinearConstraint()
            term.add(sink.iterators[k], 1)
            difference.append(term)
        }
        func require(_ forms: [LinearConstraint]) {
            for row in edge.dualEqualities { equalities.append(substitute(row, forms)) }
            for row in edge.dualInequalities { inequalities.append(substitute(row, forms)) }
        }
        if request.carried.contains(position) {
            var carried = difference
            carried[0].constant -= 1
            require(carried)
        } else {
            require(difference)
        }
        if let (bounds, constant) = proximityColumns {
            // u·p + w − (φ_T − φ_S) ≥ 0.
            var bound = difference.map { form -> LinearConstraint in
                var negated = LinearConstraint()
                negated.add(form, times: -1)
                return negated
            }
            bound[0].add(constant, 1)
            for (position, parameter) in edge.parameterIndices.enumerated() {
                bound[position + 1].add(bounds[parameter], 1)
            }
            require(bound)
        }
        if request.coincident {
            require(difference.map { form in
                var negated = LinearConstraint()
                negated.add(form, times: -1)
                return negated
            })
        }
    }

    // Progression: a new direction for every statement not at full rank.
    for index in request.group {
        guard let columnsOfStatement = layout[index] else { continue }
        let count = statements[index].dimensionCount
        let previous = request.previousRows[index] ?? []
        if let fixed = request.fixed[index] {
            for (k, value) in fixed {
                var constraint = LinearConstraint(constant: -value)
                constraint.add(columnsOfStatement.iterators[k], 1)
                equalities.append(constraint)
            }
        }
        if request.noSkew && count > 0 {
            var constraint = LinearConstraint(constant: 1)
            for column in columnsOfStatement.iterators { constraint.add(column, -1) }
            inequalities.append(constraint)
        }
        if request.noShift {
            for column in columnsOfStatement.parameters + [columnsOfStatement.constant] {
                var constraint = LinearConstraint()
                constraint.add(column, 1)
                equalities.append(constraint)
            }
        }
        let complement = try orthogonalComplement(previous, dimensions: count, context: problem.model.context)
        guard !complement.isEmpty else { continue }
        var total = LinearConstraint(constant: -1)
        for direction in complement {
            var component = LinearConstraint()
            for (k, value) in direction.enumerated() {
                component.add(columnsOfStatement.iterators[k], value)
            }
            inequalities.append(component)
            total.add(component, times: 1)
        }
        inequalities.append(total)
    }

    // Custom constraints naming statements of this group only.
    for constraint in request.custom {
        var linear = LinearConstraint(constant: constraint.constant)
        var applies = true
        for term in constraint.terms {
            guard let index = request.group.first(where: { statements[$0].name == term.statement }),
                  let columnsOfStatement = layout[index] else { applies = false; break }
            if term.coefficient == "const" {
                linear.add(columnsOfStatement.constant, term.factor)
            } else if let k = statements[index].iterators.firstIndex(of: term.coefficient) {
                linear.add(columnsOfStatement.iterators[k], term.factor)
            } else if let p = problem.parameters.firstIndex(of: term.coefficient) {
                linear.add(columnsOfStatement.parameters[p], term.factor)
            } else {
                applies = false
            }
        }
        guard applies else { continue }
        switch constraint.relation {
        case .equal: equalities.append(linear)
        case .greaterOrEqual: inequalities.append(linear)
        case .lessOrEqual:
            var negated = LinearConstraint()
            negated.add(linear, times: -1)
            inequalities.append(negated)
        }
    }

    // Pieces of one dependence often share dual rows; duplicates only slow isl down.
    func unique(_ constraints: [LinearConstraint]) -> [[Int]] {
        var seen = Swift.Set<[Int]>()
        return constraints.map { $0.dense(columns) }.filter { row in
            row.dropFirst().contains { $0 != 0 } ? seen.insert(row).inserted : row[0] != 0
        }
    }
    let ilp = try BasicSet(problem.model.context, dimensions: columns,
                           equalities: unique(equalities), inequalities: unique(inequalities))
    guard let solution = try ilp.lexicographicMinimum() else { return nil }
    var rows: [Int: AffineRow] = [:]
    for (index, columnsOfStatement) in layout {
        let count = statements[index].dimensionCount
        rows[index] = AffineRow(
            iterators: (0..<count).map { solution[columnsOfStatement.iterators[$0]] },
            parameters: columnsOfStatement.parameters.map { solution[$0] },
            constant: solution[columnsOfStatement.constant])
    }
    return rows
}

/// Substitutes the affine forms `forms` (one per dual dimension) into a dual row `[constant, z…]`.
private func substitute(_ row: [Int], _ forms: [LinearConstraint]) -> LinearConstraint {
    var result = LinearConstraint(constant: row[0])
    for (position, form) in forms.enumerated() where position + 1 < row.count {
        result.add(form, times: row[position + 1])
    }
    return result
}

/// Per iterator, how many accesses it indexes with stride 1 in the last
/// subscript only: the iterators that should stay innermost.
func contiguityWeights(_ statement: StatementInfo) -> [Int] {
    var weights = Array(repeating: 0, count: statement.dimensionCount)
    for access in statement.accesses {
        guard let last = access.subscripts.last else { continue }
        for k in 0..<statement.dimensionCount where abs(last[k]) == 1 {
            if access.subscripts.dropLast().allSatisfy({ $0[k] == 0 }) { weights[k] += 1 }
        }
    }
    return weights
}

/// Per iterator, its rank when iterators are sorted by decreasing trip
/// count: small loops get large weights, so minimising keeps them inner.
func smallLoopWeights(_ statement: StatementInfo) -> [Int] {
    let order = statement.extents.enumerated().sorted { ($0.element, $1.offset) > ($1.element, $0.offset) }
    var weights = Array(repeating: 0, count: statement.dimensionCount)
    for (rank, entry) in order.enumerated() { weights[entry.offset] = rank }
    return weights
}

/// A basis of the orthogonal complement of `rows` (Pluto's progression
/// directions), each vector oriented to have a non-negative sum; empty when
/// the rows already have full rank.
func orthogonalComplement(_ rows: [[Int]], dimensions: Int, context: Context) throws -> [[Int]] {
    guard dimensions > 0 else { return [] }
    guard !rows.isEmpty else {
        return (0..<dimensions).map { k in (0..<dimensions).map { $0 == k ? 1 : 0 } }
    }
    let kernel = try Mat(context, rows: rows, columns: dimensions).rightKernel().rows()
    let vectorCount = kernel.first?.count ?? 0
    return (0..<vectorCount).map { column in
        var vector = kernel.map { $0[column] }
        if vector.reduce(0, +) < 0 { vector = vector.map { -$0 } }
        return vector
    }
}
