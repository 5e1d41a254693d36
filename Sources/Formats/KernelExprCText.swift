/// Rendering of kernel expressions back to C source.
extension KernelExpr {
    /// Precedence of a primary expression (names, literals, accesses, calls).
    private static let primaryPrecedence = 16
    /// Precedence of prefix unary operators and casts.
    private static let unaryPrecedence = 14
    /// Precedence of the conditional operator.
    private static let selectPrecedence = 3

    /// Renders the expression as C text.
    ///
    /// Parentheses are emitted exactly where C precedence and left associativity need them,
    /// so the evaluation order (and therefore floating-point rounding) of the source is kept.
    /// - Parameter replacements: iterator name → C text to print instead (e.g. `c0 + 1`);
    ///   replacement text that is not a plain name or number is parenthesised.
    public func cText(substituting replacements: [String: String] = [:]) -> String {
        render(replacements).text
    }

    /// The precedence of the top operator of this expression, for parenthesisation.
    private var precedence: Int {
        switch self {
        case .int, .float, .iterator, .parameter, .scalar, .access, .call:
            return Self.primaryPrecedence
        case .unary, .cast:
            return Self.unaryPrecedence
        case let .binary(op, _, _):
            return op.precedence
        case .select:
            return Self.selectPrecedence
        }
    }

    private func render(_ r: [String: String]) -> (text: String, precedence: Int) {
        switch self {
        case let .int(_, text), let .float(_, text):
            return (text, Self.primaryPrecedence)
        case let .iterator(name):
            guard let replacement = r[name] else { return (name, Self.primaryPrecedence) }
            // A bare name or unsigned number can stand anywhere; anything else is wrapped.
            let isAtomic = !replacement.isEmpty && replacement.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            return (isAtomic ? replacement : "(\(replacement))", Self.primaryPrecedence)
        case let .parameter(name), let .scalar(name):
            return (name, Self.primaryPrecedence)
        case let .access(array, index):
            let subscripts = index.map { "[\($0.render(r).text)]" }.joined()
            return (array + subscripts, Self.primaryPrecedence)
        case let .unary(op, operand):
            var inner = operand.wrapped(r, minimum: Self.unaryPrecedence)
            // Avoid `--x` or `-!x` reading as another token or surprising the reader.
            if inner.hasPrefix("-") || inner.hasPrefix("!") { inner = "(\(inner))" }
            return (op.rawValue + inner, Self.unaryPrecedence)
        case let .binary(op, lhs, rhs):
            let left = lhs.wrapped(r, minimum: op.precedence)
            let right = rhs.wrapped(r, minimum: op.precedence + 1)
            return ("\(left) \(op.rawValue) \(right)", op.precedence)
        case let .call(name, args):
            return ("\(name)(\(args.map { $0.render(r).text }.joined(separator: ", ")))", Self.primaryPrecedence)
        case let .cast(type, operand):
            return ("(\(type.cName))\(operand.wrapped(r, minimum: Self.unaryPrecedence))", Self.unaryPrecedence)
        case let .select(condition, then, otherwise):
            let c = condition.wrapped(r, minimum: Self.selectPrecedence + 1)
            let t = then.wrapped(r, minimum: Self.selectPrecedence + 1)
            let e = otherwise.wrapped(r, minimum: Self.selectPrecedence)
            return ("\(c) ? \(t) : \(e)", Self.selectPrecedence)
        }
    }

    /// Renders the expression, parenthesised when it binds looser than `minimum`.
    private func wrapped(_ r: [String: String], minimum: Int) -> String {
        let (text, p) = render(r)
        return p < minimum ? "(\(text))" : text
    }
}
