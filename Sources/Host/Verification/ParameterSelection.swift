import Formats
import Foundation
import ISL

/// Chooses the integer-parameter values a kernel is verified at.
///
/// Only values for which every access of every statement stays inside its
/// array's declared extent are eligible (checked exactly with isl, on the
/// model): verifying a kernel on sizes its own arrays cannot hold would
/// reward out-of-bounds accesses. From that range it picks tiny and odd
/// values (1, 2, 7, 33 — 33 is no multiple of any power-of-two tile size),
/// a mixed point that catches swapped dimensions, and the largest sizes the
/// declared extents allow ("the real size").
public struct ParameterSelection {
    public let names: [String]
    private let context: Context
    private let accesses: UnionMap
    private let bounds: UnionSet
    /// The parameter values (all ≥ 1) at which every access is in bounds and
    /// every statement executes at least once.
    private let feasible: ISL.Set

    /// Largest value tried for a parameter no extent bounds (time steps,
    /// sizes of C99 variable-length arrays).
    public static let unboundedCap = 64
    /// A parameter still valid at this value is taken as unbounded.
    static let searchLimit = 1 << 24

    public init(kernel: KernelDocument) throws {
        names = kernel.integerParameters
        context = Context()
        let prefix = "[\(names.joined(separator: ", "))] -> "
        var accessText: [String] = []
        for statement in kernel.statements {
            let domain = try UnionSet(context, statement.domain)
            for access in statement.reads + statement.writes {
                accessText.append(try UnionMap(context, access).intersectDomain(domain).description)
            }
        }
        var union = try UnionMap.empty(context)
        for text in accessText { union = try union.union(UnionMap(context, text)) }
        accesses = union
        // The box of valid indices of every array with a shape.
        var boxes: [String] = []
        for array in kernel.arrays where !array.shape.isEmpty {
            let indices = array.shape.indices.map { "i\($0)" }
            let constraints = zip(indices, array.shape).map { "0 <= \($0) < \($1)" }
            boxes.append("\(array.name)[\(indices.joined(separator: ", "))] : \(constraints.joined(separator: " and "))")
        }
        for array in kernel.arrays where array.shape.isEmpty {
            boxes.append("\(array.name)[]")
        }
        bounds = try UnionSet(context, prefix + "{ " + boxes.joined(separator: "; ") + " }")
        // Exactly the points `largestValid` may end at: positive, in bounds
        // (no access lands outside its box), and no statement left without
        // an instance. Without the last condition a coupled extent (conv2d's
        // `iw - KH + 1`) lets the search stop where one loop is empty and
        // the other parameters look unbounded: a kernel that does nothing.
        let positive = names.map { "\($0) >= 1" }.joined(separator: " and ")
        var feasible = try ISL.Set(context, prefix + "{ : \(positive.isEmpty ? "true" : positive) }")
        feasible = try feasible.subtract(accesses.range().subtract(bounds).params())
        for statement in kernel.statements {
            feasible = try feasible.intersect(UnionSet(context, statement.domain).params())
        }
        self.feasible = feasible
    }

    /// Whether every access stays in bounds at `values` (one per parameter).
    public func isValid(_ values: [Int]) throws -> Bool {
        guard !names.isEmpty else { return true }
        let equalities = zip(names, values).map { "\($0) = \($1)" }.joined(separator: " and ")
        let point = try ISL.Set(context, "[\(names.joined(separator: ", "))] -> { : \(equalities) }")
        let touched = try accesses.intersectParams(point).range()
        return try touched.isSubset(of: bounds.intersectParams(point))
    }

    /// Whether every access stays in bounds and every statement executes
    /// at least once at `values` (one per parameter), decided with isl.
    public func isFeasible(_ values: [Int]) throws -> Bool {
        guard !names.isEmpty else { return true }
        let point = try ISL.Set(context, "[\(names.joined(separator: ", "))] -> { : "
                                + zip(names, values).map { "\($0) = \($1)" }.joined(separator: " and ") + " }")
        return try !point.intersect(feasible).isEmpty()
    }

    /// The smallest feasible point in lexicographic order (parameters in
    /// `names` order), or nil when no parameter values make every statement
    /// execute in bounds.
    func smallestFeasible() throws -> [Int]? {
        guard try !feasible.isEmpty() else { return nil }
        // The parameters as set dimensions, in `names` order, to minimise over.
        let copies = names.map { "akg_\($0)" }
        let lifted = try ISL.Set(context, "[\(names.joined(separator: ", "))] -> { [\(copies.joined(separator: ", "))] : "
                                 + zip(copies, names).map { "\($0) = \($1)" }.joined(separator: " and ") + " }")
        return try lifted.intersectParams(feasible).droppingParameters().lexicographicMinimum().samplePoint()
    }

    /// The largest values the extents allow (capped at `unboundedCap` for
    /// parameters no extent bounds) at which every statement executes,
    /// found by raising one parameter at a time with a binary search, twice
    /// over: raising a later parameter can never lower an earlier one's
    /// limit, but it can lift it. It starts from all ones, or, when some
    /// statement does not execute there, from the smallest feasible point;
    /// every step keeps the point feasible, so the result is. A kernel with
    /// a statement that never executes in bounds falls back to in-bounds
    /// points only.
    public func largestValid() throws -> [Int] {
        var values = Array(repeating: 1, count: names.count)
        var accepts: ([Int]) throws -> Bool = isFeasible
        if try !isFeasible(values) {
            if let start = try smallestFeasible() {
                values = start
            } else {
                accepts = isValid
                guard try isValid(values) else { return values }
            }
        }
        for _ in 0..<2 {
            for index in names.indices {
                var probe = values
                probe[index] = Self.searchLimit
                if try accepts(probe) {
                    probe[index] = max(values[index], Self.unboundedCap)
                    if try accepts(probe) { values = probe }
                    continue
                }
                var low = values[index], high = Self.searchLimit
                while high - low > 1 {
                    let middle = (low + high) / 2
                    probe[index] = middle
                    if try accepts(probe) { low = middle } else { high = middle }
                }
                values[index] = low
            }
        }
        return values
    }

    /// The parameter points to verify at, smallest first, each valid.
    public func points(realSize: [Int]? = nil) throws -> [[Int]] {
        guard !names.isEmpty else { return [[]] }
        let largest: [Int]
        if let realSize { largest = realSize } else { largest = try largestValid() }
        let count = names.count
        var candidates: [[Int]] = [1, 2, 7, 33].map { Array(repeating: $0, count: count) }
        let mixed = [33, 7, 2, 19]
        candidates.append((0..<count).map { mixed[$0 % mixed.count] })
        candidates.append(largest)
        var chosen: [[Int]] = []
        for candidate in candidates {
            // Clip to the largest valid point so small kernels still get odd sizes.
            let clipped = zip(candidate, largest).map { min($0, $1) }
            if !chosen.contains(clipped), try isValid(clipped) { chosen.append(clipped) }
        }
        return chosen
    }
}
