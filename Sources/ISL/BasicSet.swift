import CISL

/// An isl basic set (`isl_basic_set`): one convex polyhedron's integer points,
/// with no parameters in the uses here (scheduling ILPs, Farkas duals).
///
/// Constraints are exchanged as integer rows `[constant, coefficients of the
/// set dimensions…, coefficients of the existential (div) dimensions…]`,
/// meaning `row · (1, x, e) = 0` (equalities) or `≥ 0` (inequalities).
public final class BasicSet: CustomStringConvertible {
    /// The context the basic set lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> BasicSet {
        BasicSet(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_basic_set_free(raw) }

    var copied: OpaquePointer? { isl_basic_set_copy(raw) }

    /// Parses isl's textual notation of a single convex set.
    public convenience init(_ context: Context, _ text: String) throws {
        let raw = try context.check(isl_basic_set_read_from_str(context.raw, text), "parsing basic set '\(text)'")
        self.init(taking: raw, context: context)
    }

    /// The set of integer points `x` of an anonymous `dimensions`-dimensional
    /// space satisfying the constraint rows (see the type's documentation;
    /// rows have `1 + dimensions` entries, no existential variables).
    public convenience init(_ context: Context, dimensions: Int, equalities: [[Int]], inequalities: [[Int]]) throws {
        let space = try context.check(isl_space_set_alloc(context.raw, 0, UInt32(dimensions)), "isl_space_set_alloc")
        let columns = dimensions + 1
        let eq: Mat, ineq: Mat
        do {
            eq = try Mat(context, rows: equalities, columns: columns)
            ineq = try Mat(context, rows: inequalities, columns: columns)
        } catch {
            isl_space_free(space)
            throw error
        }
        let raw = try context.check(
            isl_basic_set_from_constraint_matrices(space, eq.copied, ineq.copied,
                                                   isl_dim_cst, isl_dim_set, isl_dim_div, isl_dim_param),
            "isl_basic_set_from_constraint_matrices")
        self.init(taking: raw, context: context)
    }

    /// The number of dimensions of the given kind (`.set` or `.parameter`).
    public func dimensionCount(_ kind: DimensionKind) throws -> Int {
        try context.checkSize(isl_basic_set_dim(raw, kind.isl), "isl_basic_set_dim")
    }

    /// The number of existentially quantified (div) variables.
    public func existentialCount() throws -> Int {
        try context.checkSize(isl_basic_set_dim(raw, isl_dim_div), "isl_basic_set_dim")
    }

    /// The constraints as rows `[constant, parameters…, set dimensions…, divs…]`.
    public func constraintRows() throws -> (equalities: [[Int]], inequalities: [[Int]]) {
        let eq = try Mat.make(isl_basic_set_equalities_matrix(raw, isl_dim_cst, isl_dim_param, isl_dim_set, isl_dim_div),
                              context, "isl_basic_set_equalities_matrix")
        let ineq = try Mat.make(isl_basic_set_inequalities_matrix(raw, isl_dim_cst, isl_dim_param, isl_dim_set,
                                                                  isl_dim_div),
                                context, "isl_basic_set_inequalities_matrix")
        return (try eq.rows(), try ineq.rows())
    }

    /// The affine Farkas dual: the set of coefficient vectors
    /// `(c_cst, c_params…, c_vars…)` of every affine form `c_cst + c_params·p
    /// + c_vars·x` that is non-negative on the whole set, as a set with those
    /// dimensions in that order and no parameters.
    public func coefficients() throws -> BasicSet {
        try .make(isl_basic_set_coefficients(copied), context, "isl_basic_set_coefficients")
    }

    /// Whether the set has no integer point.
    public func isEmpty() throws -> Bool {
        try context.check(isl_basic_set_is_empty(raw), "isl_basic_set_is_empty")
    }

    /// The lexicographically smallest integer point, or `nil` when the set is
    /// empty; throws when the minimum is unbounded or does not fit in `Int`.
    public func lexicographicMinimum() throws -> [Int]? {
        // Given the (parameter-free) universe as context, isl skips computing
        // the set's projection onto its parameters, a Fourier–Motzkin
        // elimination of every variable that explodes on large scheduling ILPs.
        let parameters = try context.check(isl_space_params_alloc(context.raw, 0), "isl_space_params_alloc")
        let universe = try context.check(isl_basic_set_universe(parameters), "isl_basic_set_universe")
        let minimum = try Set.make(isl_basic_set_partial_lexmin(copied, universe, nil), context,
                                   "isl_basic_set_partial_lexmin")
        if try minimum.isEmpty() { return nil }
        return try minimum.samplePoint()
    }

    public var description: String {
        (try? context.takeString(isl_basic_set_to_str(raw), "isl_basic_set_to_str")) ?? "<invalid basic set>"
    }
}

/// An isl basic map (`isl_basic_map`): one convex piece of a relation.
public final class BasicMap: CustomStringConvertible {
    /// The context the basic map lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> BasicMap {
        BasicMap(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_basic_map_free(raw) }

    /// The relation as a set of pairs `[source -> target]`, parameters kept.
    public func wrap() throws -> BasicSet {
        try .make(isl_basic_map_wrap(isl_basic_map_copy(raw)), context, "isl_basic_map_wrap")
    }

    /// The map holding exactly this piece.
    public func map() throws -> Map {
        try .make(isl_map_from_basic_map(isl_basic_map_copy(raw)), context, "isl_map_from_basic_map")
    }

    public var description: String {
        (try? context.takeString(isl_basic_map_to_str(raw), "isl_basic_map_to_str")) ?? "<invalid basic map>"
    }
}

extension Map {
    /// The convex pieces whose union is the map.
    public func basicMaps() throws -> [BasicMap] {
        let list = try context.check(isl_map_get_basic_map_list(raw), "isl_map_get_basic_map_list")
        defer { isl_basic_map_list_free(list) }
        let count = try context.checkSize(isl_basic_map_list_size(list), "isl_basic_map_list_size")
        return try (0..<count).map {
            try .make(isl_basic_map_list_get_at(list, Int32($0)), context, "isl_basic_map_list_get_at")
        }
    }
}

extension Set {
    /// The coordinates of some point of a parameter-free set; throws when it is empty.
    public func samplePoint() throws -> [Int] {
        let count = try context.checkSize(isl_set_dim(raw, isl_dim_set), "isl_set_dim")
        let point = try context.check(isl_set_sample_point(copied), "isl_set_sample_point")
        defer { isl_point_free(point) }
        guard isl_point_is_void(point) != isl_bool_true else {
            throw ISLError(message: "sample point of an empty set")
        }
        return try (0..<count).map {
            try Val.make(isl_point_get_coordinate_val(point, isl_dim_set, Int32($0)), context,
                         "isl_point_get_coordinate_val").intValue()
        }
    }

    /// The number of dimensions of the given kind (`.set` or `.parameter`).
    public func dimensionCount(_ kind: DimensionKind) throws -> Int {
        try context.checkSize(isl_set_dim(raw, kind.isl), "isl_set_dim")
    }

    /// The name of set dimension `position`, if it has one.
    public func dimensionName(_ position: Int) -> String? {
        isl_set_get_dim_name(raw, isl_dim_set, UInt32(position)).map { String(cString: $0) }
    }

    /// The name of parameter `position`, if it has one.
    public func parameterName(_ position: Int) -> String? {
        isl_set_get_dim_name(raw, isl_dim_param, UInt32(position)).map { String(cString: $0) }
    }

    /// The name of the set's tuple, if it has one.
    public var tupleName: String? {
        isl_set_get_tuple_name(raw).map { String(cString: $0) }
    }

    /// The maximum value of set dimension `position` over a bounded,
    /// parameter-free set; `nil` when unbounded or empty.
    public func maximum(ofDimension position: Int) throws -> Int? {
        let value = try Val.make(isl_set_dim_max_val(copied, Int32(position)), context, "isl_set_dim_max_val")
        return value.isInteger ? try value.intValue() : nil
    }

    /// The minimum value of set dimension `position` over a bounded,
    /// parameter-free set; `nil` when unbounded or empty.
    public func minimum(ofDimension position: Int) throws -> Int? {
        let value = try Val.make(isl_set_dim_min_val(copied, Int32(position)), context, "isl_set_dim_min_val")
        return value.isInteger ? try value.intValue() : nil
    }

    /// Fixes parameter `position` to `value`.
    public func fixParameter(_ position: Int, to value: Int) throws -> Set {
        try .make(isl_set_fix_si(copied, isl_dim_param, UInt32(position), Int32(value)), context, "isl_set_fix_si")
    }

    /// The set without its parameters (projected out); fix them first
    /// (`fixParameter`) to get the set for particular parameter values.
    public func droppingParameters() throws -> Set {
        let count = try dimensionCount(.parameter)
        return try .make(isl_set_project_out(copied, isl_dim_param, 0, UInt32(count)), context, "isl_set_project_out")
    }
}

extension BasicSet {
    /// The name of parameter `position`, if it has one.
    public func parameterName(_ position: Int) -> String? {
        isl_basic_set_get_dim_name(raw, isl_dim_param, UInt32(position)).map { String(cString: $0) }
    }

    /// The set without its existentially quantified variables: a superset
    /// (constraints involving them are dropped), so properties proven for it
    /// hold for the original.
    public func removingExistentials() throws -> BasicSet {
        try .make(isl_basic_set_remove_divs(copied), context, "isl_basic_set_remove_divs")
    }
}

extension ScheduleNode {
    /// Removes this node (not a band's children); returns the node now at its position.
    public func delete() throws -> ScheduleNode {
        try .make(isl_schedule_node_delete(copied), context, "isl_schedule_node_delete")
    }
}

extension BasicMap {
    /// For a single-valued affine piece `x -> f(x)`: the coefficients of the
    /// input dimensions in each output dimension (one row per output), or
    /// `nil` when the piece is not one affine function of its input.
    public func linearPart() throws -> [[Int]]? {
        // The affine hull keeps the equalities defining the function and drops
        // the domain's inequalities, so a function is one piece on the universe.
        let hull = try Map.make(isl_map_from_basic_map(isl_basic_map_affine_hull(isl_basic_map_copy(raw))), context,
                                "isl_basic_map_affine_hull")
        guard let pma = isl_pw_multi_aff_from_map(hull.copied) else {
            isl_ctx_reset_error(context.raw)
            return nil
        }
        defer { isl_pw_multi_aff_free(pma) }
        guard isl_pw_multi_aff_n_piece(pma) == 1, isl_pw_multi_aff_isa_multi_aff(pma) == isl_bool_true,
              let multi = isl_pw_multi_aff_as_multi_aff(isl_pw_multi_aff_copy(pma)) else {
            isl_ctx_reset_error(context.raw)
            return nil
        }
        defer { isl_multi_aff_free(multi) }
        let outputs = try context.checkSize(isl_multi_aff_dim(multi, isl_dim_out), "isl_multi_aff_dim")
        let inputs = try context.checkSize(isl_multi_aff_dim(multi, isl_dim_in), "isl_multi_aff_dim")
        var rows: [[Int]] = []
        for output in 0..<outputs {
            let aff = try context.check(isl_multi_aff_get_at(multi, Int32(output)), "isl_multi_aff_get_at")
            defer { isl_aff_free(aff) }
            // A rational coefficient (e.g. `A[i / 2]`) is not a stride this caller can use.
            guard let row = try? (0..<inputs).map({
                try Val.make(isl_aff_get_coefficient_val(aff, isl_dim_in, Int32($0)), context,
                             "isl_aff_get_coefficient_val").intValue()
            }) else { return nil }
            rows.append(row)
        }
        return rows
    }
}
