import CISL

/// isl's AST generator state (`isl_ast_build`): the context plus the options
/// and callbacks used when turning a schedule into an AST.
public final class AstBuild {
    /// The context the build lives in.
    public let context: Context
    private(set) var raw: OpaquePointer
    /// Boxes whose addresses isl holds as callback user data; they must live as long as the build.
    private var callbackBoxes: [AnyObject] = []

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    deinit { isl_ast_build_free(raw) }

    /// A build generating code valid for the parameter values in `params`.
    public convenience init(params: Set) throws {
        let raw = try params.context.check(isl_ast_build_from_context(params.copied), "isl_ast_build_from_context")
        self.init(taking: raw, context: params.context)
    }

    /// Registers `body`, called before each `for` node is generated; the `Id`
    /// it returns becomes that node's annotation (see `AstNode.annotation()`).
    ///
    /// The build passed to `body` describes the loop being generated: its
    /// `schedule()` maps instances to the values of all enclosing loops, the
    /// new loop being the last output dimension.
    public func setBeforeEachFor(_ body: @escaping (AstBuild) throws -> Id) throws {
        let box = BeforeEachForBox(context: context, body: body)
        let updated = isl_ast_build_set_before_each_for(isl_ast_build_copy(raw), { build, user in
            guard let build, let user else { return nil }
            let box = Unmanaged<BeforeEachForBox>.fromOpaque(user).takeUnretainedValue()
            guard box.error == nil, let copy = isl_ast_build_copy(build) else { return nil }
            do {
                return try box.body(AstBuild(taking: copy, context: box.context)).copied
            } catch {
                box.error = error
                return nil
            }
        }, Unmanaged.passUnretained(box).toOpaque())
        // The call consumed a copy, so `raw` stays valid if it fails.
        let replacement = try context.check(updated, "isl_ast_build_set_before_each_for")
        isl_ast_build_free(raw)
        raw = replacement
        callbackBoxes.append(box)
    }

    /// The schedule of the instances still to be generated, in terms of the
    /// enclosing loops (valid inside callbacks).
    public func schedule() throws -> UnionMap {
        try .make(isl_ast_build_get_schedule(raw), context, "isl_ast_build_get_schedule")
    }

    /// The space of the loop dimensions generated so far (valid inside callbacks).
    public func scheduleSpace() throws -> Space {
        try .make(isl_ast_build_get_schedule_space(raw), context, "isl_ast_build_get_schedule_space")
    }

    /// Generates the AST of `schedule`.
    public func node(from schedule: Schedule) throws -> AstNode {
        let result = isl_ast_build_node_from_schedule(raw, schedule.copied)
        if let error = callbackBoxes.lazy.compactMap({ ($0 as? BeforeEachForBox)?.error }).first {
            if let result { isl_ast_node_free(result) }
            isl_ctx_reset_error(context.raw)
            throw error
        }
        return try .make(result, context, "isl_ast_build_node_from_schedule")
    }
}

/// Carries the before-each-for closure and its failure through isl's C callback.
private final class BeforeEachForBox {
    let context: Context
    let body: (AstBuild) throws -> Id
    var error: Error?

    init(context: Context, body: @escaping (AstBuild) throws -> Id) {
        self.context = context
        self.body = body
    }
}
