/// A side-effect-free C expression in a kernel statement.
///
/// In JSON each case is an object with a `"kind"` discriminator, e.g.
/// `{"kind":"access","array":"A","index":[{"kind":"iterator","name":"i"}]}`.
public indirect enum KernelExpr: Equatable, Sendable {
    /// An integer literal; `text` keeps the source spelling (`3L`).
    case int(value: Int, text: String)
    /// A floating literal; `text` keeps the source spelling (`1.5f`) so generated C is bit-identical.
    case float(value: Double, text: String)
    /// A loop iterator of the enclosing statement.
    case iterator(String)
    /// An integer parameter of the kernel (an isl parameter).
    case parameter(String)
    /// A scalar that the region only reads (a float/int parameter or local).
    case scalar(String)
    /// An array element, or a written scalar with an empty index.
    case access(array: String, index: [KernelExpr])
    /// A unary operation.
    case unary(op: KernelUnaryOperator, operand: KernelExpr)
    /// A binary operation.
    case binary(op: KernelBinaryOperator, lhs: KernelExpr, rhs: KernelExpr)
    /// A call to a pure math function (or the isl helpers `floord`/`ceild`).
    case call(name: String, args: [KernelExpr])
    /// A C cast.
    case cast(type: KernelScalarType, operand: KernelExpr)
    /// `condition ? then : else`.
    case select(condition: KernelExpr, then: KernelExpr, else: KernelExpr)

    /// Whether this expression or any expression inside it (operands,
    /// subscripts, arguments) satisfies `predicate`.
    public func contains(where predicate: (KernelExpr) -> Bool) -> Bool {
        if predicate(self) { return true }
        switch self {
        case .int, .float, .iterator, .parameter, .scalar: return false
        case .access(_, let index): return index.contains { $0.contains(where: predicate) }
        case .unary(_, let operand), .cast(_, let operand): return operand.contains(where: predicate)
        case .binary(_, let lhs, let rhs): return lhs.contains(where: predicate) || rhs.contains(where: predicate)
        case .call(_, let args): return args.contains { $0.contains(where: predicate) }
        case .select(let condition, let then, let otherwise):
            return [condition, then, otherwise].contains { $0.contains(where: predicate) }
        }
    }
}

/// Unary operators of kernel expressions.
public enum KernelUnaryOperator: String, Codable, Equatable, Sendable {
    case negate = "-"
    case not = "!"
}

/// Binary operators of kernel expressions.
public enum KernelBinaryOperator: String, Codable, Equatable, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case equal = "=="
    case notEqual = "!="
    case and = "&&"
    case or = "||"

    /// C precedence level; larger binds tighter.
    public var precedence: Int {
        switch self {
        case .multiply, .divide, .remainder: return 13
        case .add, .subtract: return 12
        case .less, .lessEqual, .greater, .greaterEqual: return 10
        case .equal, .notEqual: return 9
        case .and: return 5
        case .or: return 4
        }
    }
}

extension KernelExpr: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, value, text, name, array, index, op, operand, lhs, rhs, args, type, condition
        case then = "then"
        case elseBranch = "else"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "int":
            self = .int(value: try c.decode(Int.self, forKey: .value), text: try c.decode(String.self, forKey: .text))
        case "float":
            self = .float(value: try c.decode(Double.self, forKey: .value), text: try c.decode(String.self, forKey: .text))
        case "iterator":
            self = .iterator(try c.decode(String.self, forKey: .name))
        case "parameter":
            self = .parameter(try c.decode(String.self, forKey: .name))
        case "scalar":
            self = .scalar(try c.decode(String.self, forKey: .name))
        case "access":
            self = .access(
                array: try c.decode(String.self, forKey: .array),
                index: try c.decode([KernelExpr].self, forKey: .index))
        case "unary":
            self = .unary(
                op: try c.decode(KernelUnaryOperator.self, forKey: .op),
                operand: try c.decode(KernelExpr.self, forKey: .operand))
        case "binary":
            self = .binary(
                op: try c.decode(KernelBinaryOperator.self, forKey: .op),
                lhs: try c.decode(KernelExpr.self, forKey: .lhs),
                rhs: try c.decode(KernelExpr.self, forKey: .rhs))
        case "call":
            self = .call(name: try c.decode(String.self, forKey: .name), args: try c.decode([KernelExpr].self, forKey: .args))
        case "cast":
            self = .cast(
                type: try c.decode(KernelScalarType.self, forKey: .type),
                operand: try c.decode(KernelExpr.self, forKey: .operand))
        case "select":
            self = .select(
                condition: try c.decode(KernelExpr.self, forKey: .condition),
                then: try c.decode(KernelExpr.self, forKey: .then),
                else: try c.decode(KernelExpr.self, forKey: .elseBranch))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "unknown expression kind '\(kind)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .int(value, text):
            try c.encode("int", forKey: .kind)
            try c.encode(value, forKey: .value)
            try c.encode(text, forKey: .text)
        case let .float(value, text):
            try c.encode("float", forKey: .kind)
            try c.encode(value, forKey: .value)
            try c.encode(text, forKey: .text)
        case let .iterator(name):
            try c.encode("iterator", forKey: .kind)
            try c.encode(name, forKey: .name)
        case let .parameter(name):
            try c.encode("parameter", forKey: .kind)
            try c.encode(name, forKey: .name)
        case let .scalar(name):
            try c.encode("scalar", forKey: .kind)
            try c.encode(name, forKey: .name)
        case let .access(array, index):
            try c.encode("access", forKey: .kind)
            try c.encode(array, forKey: .array)
            try c.encode(index, forKey: .index)
        case let .unary(op, operand):
            try c.encode("unary", forKey: .kind)
            try c.encode(op, forKey: .op)
            try c.encode(operand, forKey: .operand)
        case let .binary(op, lhs, rhs):
            try c.encode("binary", forKey: .kind)
            try c.encode(op, forKey: .op)
            try c.encode(lhs, forKey: .lhs)
            try c.encode(rhs, forKey: .rhs)
        case let .call(name, args):
            try c.encode("call", forKey: .kind)
            try c.encode(name, forKey: .name)
            try c.encode(args, forKey: .args)
        case let .cast(type, operand):
            try c.encode("cast", forKey: .kind)
            try c.encode(type, forKey: .type)
            try c.encode(operand, forKey: .operand)
        case let .select(condition, then, otherwise):
            try c.encode("select", forKey: .kind)
            try c.encode(condition, forKey: .condition)
            try c.encode(then, forKey: .then)
            try c.encode(otherwise, forKey: .elseBranch)
        }
    }
}
