import CISL

/// The kinds of isl AST nodes.
public enum AstNodeType: Sendable, Equatable {
    case forLoop, ifThen, block, mark, user
}

/// A node of an isl AST (`isl_ast_node`).
public final class AstNode: CustomStringConvertible {
    /// The context the node lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> AstNode {
        AstNode(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_ast_node_free(raw) }

    /// The kind of node.
    public func type() throws -> AstNodeType {
        switch isl_ast_node_get_type(raw) {
        case isl_ast_node_for: return .forLoop
        case isl_ast_node_if: return .ifThen
        case isl_ast_node_block: return .block
        case isl_ast_node_mark: return .mark
        case isl_ast_node_user: return .user
        default: throw context.takeError("isl_ast_node_get_type failed")
        }
    }

    /// The annotation attached while building (e.g. by a before-each-for callback), if any.
    public func annotation() -> Id? {
        isl_ast_node_get_annotation(raw).map { Id(taking: $0, context: context) }
    }

    // MARK: for

    /// The loop iterator (an identifier expression).
    public func forIterator() throws -> AstExpr {
        try .make(isl_ast_node_for_get_iterator(raw), context, "isl_ast_node_for_get_iterator")
    }

    /// The iterator's initial value.
    public func forInit() throws -> AstExpr {
        try .make(isl_ast_node_for_get_init(raw), context, "isl_ast_node_for_get_init")
    }

    /// The condition under which the loop continues (not available for degenerate loops).
    public func forCondition() throws -> AstExpr {
        try .make(isl_ast_node_for_get_cond(raw), context, "isl_ast_node_for_get_cond")
    }

    /// The increment added to the iterator after each iteration.
    public func forIncrement() throws -> AstExpr {
        try .make(isl_ast_node_for_get_inc(raw), context, "isl_ast_node_for_get_inc")
    }

    /// The loop body.
    public func forBody() throws -> AstNode {
        try .make(isl_ast_node_for_get_body(raw), context, "isl_ast_node_for_get_body")
    }

    /// Whether the loop runs exactly once, with the iterator equal to its initial value.
    public func forIsDegenerate() throws -> Bool {
        try context.check(isl_ast_node_for_is_degenerate(raw), "isl_ast_node_for_is_degenerate")
    }

    // MARK: if

    /// The condition of an if node.
    public func ifCondition() throws -> AstExpr {
        try .make(isl_ast_node_if_get_cond(raw), context, "isl_ast_node_if_get_cond")
    }

    /// The then branch of an if node.
    public func ifThenNode() throws -> AstNode {
        try .make(isl_ast_node_if_get_then_node(raw), context, "isl_ast_node_if_get_then_node")
    }

    /// The else branch of an if node, if it has one.
    public func ifElseNode() throws -> AstNode? {
        guard try context.check(isl_ast_node_if_has_else_node(raw), "isl_ast_node_if_has_else_node") else {
            return nil
        }
        return try .make(isl_ast_node_if_get_else_node(raw), context, "isl_ast_node_if_get_else_node")
    }

    // MARK: block, mark, user

    /// The children of a block node, in execution order.
    public func blockChildren() throws -> [AstNode] {
        let list = try context.check(isl_ast_node_block_get_children(raw), "isl_ast_node_block_get_children")
        defer { isl_ast_node_list_free(list) }
        let count = try context.checkSize(isl_ast_node_list_size(list), "isl_ast_node_list_size")
        return try (0..<count).map {
            try .make(isl_ast_node_list_get_at(list, Int32($0)), context, "isl_ast_node_list_get_at")
        }
    }

    /// The identifier of a mark node.
    public func markId() throws -> Id {
        try .make(isl_ast_node_mark_get_id(raw), context, "isl_ast_node_mark_get_id")
    }

    /// The node a mark node wraps.
    public func markBody() throws -> AstNode {
        try .make(isl_ast_node_mark_get_node(raw), context, "isl_ast_node_mark_get_node")
    }

    /// The expression of a user node: a call `S(arg…)` with one argument per domain dimension.
    public func userExpression() throws -> AstExpr {
        try .make(isl_ast_node_user_get_expr(raw), context, "isl_ast_node_user_get_expr")
    }

    /// The AST printed as C (`isl_ast_node_to_C_str`).
    public func cText() throws -> String {
        try context.takeString(isl_ast_node_to_C_str(raw), "isl_ast_node_to_C_str")
    }

    public var description: String {
        (try? cText()) ?? "<invalid ast node>"
    }
}
