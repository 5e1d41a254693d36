import ISL

/// An affine schedule row of one statement: `iterators·x + parameters·p + constant`.
struct AffineRow: Equatable {
    var iterators: [Int]
    var parameters: [Int]
    var constant: Int

    /// The row `x_k` of a statement with `dimensions` iterators.
    static func unit(_ k: Int, dimensions: Int, parameters: Int) -> AffineRow {
        var iterators = Array(repeating: 0, count: dimensions)
        iterators[k] = 1
        return AffineRow(iterators: iterators, parameters: Array(repeating: 0, count: parameters), constant: 0)
    }

    /// isl notation over the given iterator and parameter names, e.g. `2*i0 + i1 + n + 3`.
    func text(iterators names: [String], parameters parameterNames: [String]) -> String {
        var terms: [String] = []
        for (value, name) in Array(zip(iterators, names)) + Array(zip(parameters, parameterNames)) where value != 0 {
            terms.append(value == 1 ? name : "\(value)*\(name)")
        }
        if constant != 0 || terms.isEmpty { terms.append(String(constant)) }
        return terms.joined(separator: " + ")
    }
}

/// One array access of a statement as a matrix: subscript rows over the iterators.
struct AccessFunction {
    var array: String
    var subscripts: [[Int]]
    var isWrite: Bool
}

/// One statement as the scheduler sees it.
struct StatementInfo {
    let index: Int
    let name: String
    /// The source iterator names, from the domain's tuple.
    let iterators: [String]
    let domain: ISL.Set
    /// The affine accesses (non-affine ones are left out).
    let accesses: [AccessFunction]
    /// Estimated trip count per iterator, with every parameter at `estimatedParameterValue`.
    let extents: [Int]

    var dimensionCount: Int { iterators.count }

    /// Generic iterator names used in isl texts the scheduler writes (`S[i0, i1]`).
    func genericIterators(_ prefix: String) -> [String] {
        (0..<dimensionCount).map { "\(prefix)\($0)" }
    }
}

/// One convex piece of a dependence `source → sink`, with the constraints
/// of its affine Farkas dual: the coefficient vectors
/// `z = (c_cst, c_params…, c_source…, c_sink…)` of the affine forms that are
/// non-negative on the piece.
struct DependenceEdge {
    let source: Int
    let sink: Int
    /// The piece, as a map between the two statements' spaces.
    let relation: ISL.Map
    /// Farkas dual rows `[constant, z…]` (`= 0` and `≥ 0`).
    let dualEqualities: [[Int]]
    let dualInequalities: [[Int]]
    /// For each parameter of the dual (in its order), the model's parameter index.
    let parameterIndices: [Int]
}

/// Everything the ILPs need about a model: statements, parameters and the
/// dependence pieces with their Farkas duals.
final class SchedulingProblem {
    /// Parameters are taken to be this large when a size must be estimated.
    static let estimatedParameterValue = 1000

    let model: PolyhedralModel
    let statements: [StatementInfo]
    let parameters: [String]
    let dependences: Dependences
    /// Every dependence piece of the model.
    let edges: [DependenceEdge]

    init(model: PolyhedralModel, dependences: Dependences) throws {
        self.model = model
        self.dependences = dependences
        let parameterCount = try model.params.dimensionCount(.parameter)
        parameters = (0..<parameterCount).map { model.params.parameterName($0) ?? "p\($0)" }
        let domains = try model.domain.sets()
        var statements: [StatementInfo] = []
        for (index, name) in model.statementNames.enumerated() {
            guard let domain = domains.first(where: { $0.tupleName == name }) else {
                throw PolyhedralError.invalidInput(what: "statement", text: name, reason: "has no iteration domain")
            }
            let count = try domain.dimensionCount(.set)
            let iterators = (0..<count).map { domain.dimensionName($0) ?? "i\($0)" }
            var accesses: [AccessFunction] = []
            for (relation, isWrite) in [(model.reads, false), (model.writes, true)] {
                for map in try relation.maps() where map.tupleName(.input) == name {
                    for piece in try map.basicMaps() {
                        guard let subscripts = try piece.linearPart() else { continue }
                        accesses.append(AccessFunction(array: map.tupleName(.output) ?? "", subscripts: subscripts,
                                                       isWrite: isWrite))
                    }
                }
            }
            statements.append(StatementInfo(index: index, name: name, iterators: iterators, domain: domain,
                                            accesses: accesses,
                                            extents: try Self.extents(of: domain, dimensions: count)))
        }
        self.statements = statements
        let all = try dependences.all()
        var edges: [DependenceEdge] = []
        for map in try all.maps() {
            edges += try Self.edges(of: map, statements: statements, parameters: parameters)
        }
        self.edges = edges
    }

    /// The pieces of `map` (between two statements) with their Farkas duals.
    static func edges(of map: ISL.Map, statements: [StatementInfo], parameters: [String]) throws -> [DependenceEdge] {
        guard let source = statements.firstIndex(where: { $0.name == map.tupleName(.input) }),
              let sink = statements.firstIndex(where: { $0.name == map.tupleName(.output) }) else {
            throw PolyhedralError.invalidInput(what: "dependence", text: map.description,
                                               reason: "relates instances of unknown statements")
        }
        var edges: [DependenceEdge] = []
        for piece in try map.basicMaps() {
            var pairs = try piece.wrap()
            // Dropping existential constraints enlarges the piece: safe for validity.
            if try pairs.existentialCount() > 0 { pairs = try pairs.removingExistentials() }
            let dual = try pairs.coefficients()
            guard try dual.existentialCount() == 0 else {
                throw PolyhedralError.invalidInput(what: "dependence", text: piece.description,
                                                   reason: "its Farkas dual has existential variables")
            }
            let parameterCount = try pairs.dimensionCount(.parameter)
            let indices = try (0..<parameterCount).map { position -> Int in
                let name = pairs.parameterName(position) ?? ""
                guard let index = parameters.firstIndex(of: name) else {
                    throw PolyhedralError.invalidInput(what: "dependence", text: piece.description,
                                                       reason: "parameter '\(name)' is not in the context")
                }
                return index
            }
            let rows = try dual.constraintRows()
            edges.append(DependenceEdge(source: source, sink: sink, relation: try piece.map(),
                                        dualEqualities: rows.equalities, dualInequalities: rows.inequalities,
                                        parameterIndices: indices))
        }
        return edges
    }

    /// Trip-count estimates per iterator with every parameter fixed to
    /// `estimatedParameterValue` (0 when the domain is then empty or unbounded).
    private static func extents(of domain: ISL.Set, dimensions: Int) throws -> [Int] {
        var fixed = domain
        for position in 0..<(try domain.dimensionCount(.parameter)) {
            fixed = try fixed.fixParameter(position, to: estimatedParameterValue)
        }
        fixed = try fixed.droppingParameters()
        guard try !fixed.isEmpty() else { return Array(repeating: 0, count: dimensions) }
        return try (0..<dimensions).map { position in
            guard let low = try fixed.minimum(ofDimension: position),
                  let high = try fixed.maximum(ofDimension: position) else { return 0 }
            return high - low + 1
        }
    }

    /// The parts of `edge` whose pairs have equal values under `rows`
    /// (one list of rows per statement, same length for all): the pairs the
    /// rows do not order yet.
    func restrict(_ edge: DependenceEdge, toEqual rows: [Int: [AffineRow]]) throws -> [DependenceEdge] {
        guard let equal = try equalityMap(edge, rows) else { return [edge] }
        let remaining = try edge.relation.intersect(equal)
        if try remaining.isEmpty() { return [] }
        return try Self.edges(of: remaining, statements: statements, parameters: parameters)
    }

    /// Whether every pair of `edge` has distance 0 under `rows`.
    func hasZeroDistance(_ edge: DependenceEdge, _ rows: [Int: [AffineRow]]) throws -> Bool {
        guard let equal = try equalityMap(edge, rows) else { return false }
        return try edge.relation.isSubset(of: equal)
    }

    /// `{ source[i] -> sink[j] : rows(i) = rows(j) }`, or `nil` when a side has no rows.
    private func equalityMap(_ edge: DependenceEdge, _ rows: [Int: [AffineRow]]) throws -> ISL.Map? {
        guard let sourceRows = rows[edge.source], let sinkRows = rows[edge.sink] else { return nil }
        let source = statements[edge.source], sink = statements[edge.sink]
        let sourceNames = source.genericIterators("i"), sinkNames = sink.genericIterators("j")
        let equalities = zip(sourceRows, sinkRows).map { sourceRow, sinkRow in
            "\(sourceRow.text(iterators: sourceNames, parameters: parameters)) = "
                + "\(sinkRow.text(iterators: sinkNames, parameters: parameters))"
        }
        let text = "[\(parameters.joined(separator: ", "))] -> { \(source.name)[\(sourceNames.joined(separator: ", "))]"
            + " -> \(sink.name)[\(sinkNames.joined(separator: ", "))] : "
            + (equalities.isEmpty ? "true" : equalities.joined(separator: " and ")) + " }"
        return try ISL.Map(model.context, text)
    }
}
