import CISL

/// The operators of isl AST expressions (`isl_ast_expr_op_type`).
public enum AstOperator: Sendable, Equatable {
    case and, andThen, or, orElse, max, min, minus, add, sub, mul, div
    case fdivQ, pdivQ, pdivR, zdivR, cond, select, eq, le, lt, ge, gt
    case call, access, member, addressOf
}

/// The kind of an isl AST expression.
public enum AstExprType: Sendable, Equatable {
    case operation, identifier, integer
}

/// An expression of an isl AST (`isl_ast_expr`).
///
/// Inside code that also uses the Loop AST, refer to this type as `ISL.AstExpr`.
public final class AstExpr: CustomStringConvertible {
    /// The context the expression lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> AstExpr {
        AstExpr(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_ast_expr_free(raw) }

    /// Whether the expression is an operation, an identifier or an integer.
    public func type() throws -> AstExprType {
        switch isl_ast_expr_get_type(raw) {
        case isl_ast_expr_op: return .operation
        case isl_ast_expr_id: return .identifier
        case isl_ast_expr_int: return .integer
        default: throw context.takeError("isl_ast_expr_get_type failed")
        }
    }

    /// The operator of an operation expression.
    public func operatorType() throws -> AstOperator {
        switch isl_ast_expr_op_get_type(raw) {
        case isl_ast_expr_op_and: return .and
        case isl_ast_expr_op_and_then: return .andThen
        case isl_ast_expr_op_or: return .or
        case isl_ast_expr_op_or_else: return .orElse
        case isl_ast_expr_op_max: return .max
        case isl_ast_expr_op_min: return .min
        case isl_ast_expr_op_minus: return .minus
        case isl_ast_expr_op_add: return .add
        case isl_ast_expr_op_sub: return .sub
        case isl_ast_expr_op_mul: return .mul
        case isl_ast_expr_op_div: return .div
        case isl_ast_expr_op_fdiv_q: return .fdivQ
        case isl_ast_expr_op_pdiv_q: return .pdivQ
        case isl_ast_expr_op_pdiv_r: return .pdivR
        case isl_ast_expr_op_zdiv_r: return .zdivR
        case isl_ast_expr_op_cond: return .cond
        case isl_ast_expr_op_select: return .select
        case isl_ast_expr_op_eq: return .eq
        case isl_ast_expr_op_le: return .le
        case isl_ast_expr_op_lt: return .lt
        case isl_ast_expr_op_ge: return .ge
        case isl_ast_expr_op_gt: return .gt
        case isl_ast_expr_op_call: return .call
        case isl_ast_expr_op_access: return .access
        case isl_ast_expr_op_member: return .member
        case isl_ast_expr_op_address_of: return .addressOf
        default: throw context.takeError("isl_ast_expr_op_get_type failed")
        }
    }

    /// The operands of an operation expression (for a call, the callee comes first).
    public func arguments() throws -> [AstExpr] {
        let count = try context.checkSize(isl_ast_expr_op_get_n_arg(raw), "isl_ast_expr_op_get_n_arg")
        return try (0..<count).map {
            try .make(isl_ast_expr_op_get_arg(raw, Int32($0)), context, "isl_ast_expr_op_get_arg")
        }
    }

    /// The identifier of an identifier expression.
    public func identifier() throws -> Id {
        try .make(isl_ast_expr_id_get_id(raw), context, "isl_ast_expr_id_get_id")
    }

    /// The value of an integer expression.
    public func value() throws -> Val {
        try .make(isl_ast_expr_int_get_val(raw), context, "isl_ast_expr_int_get_val")
    }

    /// The expression in C syntax.
    public var description: String {
        (try? context.takeString(isl_ast_expr_to_C_str(raw), "isl_ast_expr_to_C_str")) ?? "<invalid ast expr>"
    }
}
