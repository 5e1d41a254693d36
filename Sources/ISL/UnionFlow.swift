import CISL

/// The result of isl's dataflow analysis (`isl_union_flow`).
public final class UnionFlow {
    /// The context the flow lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    deinit { isl_union_flow_free(raw) }

    /// Source instance → sink instance pairs where the source is a must source
    /// that is definitely the last one before the sink.
    public func mustDependence() throws -> UnionMap {
        try .make(isl_union_flow_get_must_dependence(raw), context, "isl_union_flow_get_must_dependence")
    }

    /// All source instance → sink instance pairs that may carry a value, must ones included.
    public func mayDependence() throws -> UnionMap {
        try .make(isl_union_flow_get_may_dependence(raw), context, "isl_union_flow_get_may_dependence")
    }

    /// Sink accesses that have no must source before them.
    public func mustNoSource() throws -> UnionMap {
        try .make(isl_union_flow_get_must_no_source(raw), context, "isl_union_flow_get_must_no_source")
    }
}
