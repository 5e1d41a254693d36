import Formats

/// Conversion of C expressions to quasi-affine expressions and affine conditions.
extension KernelBuilder {
    /// Where an affine expression is required; it shapes the diagnostics.
    enum AffineRole {
        case `subscript`, bound, condition, extent, step

        var noun: String {
            switch self {
            case .subscript: return "subscript"
            case .bound: return "loop bound"
            case .condition: return "condition"
            case .extent: return "array extent"
            case .step: return "loop increment"
            }
        }

        /// What to say when the expression reads array data.
        func dataDependence(_ access: String) -> String {
            switch self {
            case .subscript: return "subscript depends on array data ('\(access)'); indirect accesses are not supported"
            case .bound: return "loop bound depends on array data ('\(access)'); only affine bounds are supported"
            case .condition: return "condition depends on array data ('\(access)'); only affine conditions on loop iterators and integer parameters are supported"
            case .extent: return "array extent depends on array data ('\(access)')"
            case .step: return "loop increment depends on array data ('\(access)'); it must be a constant"
            }
        }
    }

    /// A condition on iterators and parameters, rendered to isl with negations pushed inward.
    indirect enum Condition {
        case compare(QuasiAffine, String, QuasiAffine)
        case and(Condition, Condition)
        case or(Condition, Condition)
        case not(Condition)

        /// isl text; `negated` renders the complement (De Morgan).
        func islText(negated: Bool = false) -> String {
            switch self {
            case let .compare(a, op, b):
                let negation = ["<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="]
                let effective = negated ? negation[op] ?? op : op
                return "\(a.islText) \(effective == "==" ? "=" : effective) \(b.islText)"
            case let .and(a, b), let .or(a, b):
                // `and` under negation becomes `or` and vice versa.
                let isAnd: Bool
                if case .and = self { isAnd = !negated } else { isAnd = negated }
                let parts = [a, b].map { c -> String in
                    let t = c.islText(negated: negated)
                    return isAnd && c.rendersAsOr(negated: negated) ? "(\(t))" : t
                }
                return parts.joined(separator: isAnd ? " and " : " or ")
            case let .not(c):
                return c.islText(negated: !negated)
            }
        }

        func rendersAsOr(negated: Bool) -> Bool {
            switch self {
            case .compare: return false
            case .and: return negated
            case .or: return !negated
            case let .not(c): return c.rendersAsOr(negated: !negated)
            }
        }
    }

    /// The whole-expression "not affine" diagnostic.
    func notAffine(_ whole: CExpr, _ role: AffineRole, _ detail: String = "") -> FrontEndError {
        error(at: whole.first, "\(role.noun) '\(text(of: whole))' is not affine in the loop iterators and parameters\(detail)")
    }

    /// Converts `e` to a quasi-affine expression of the iterators in scope and the integer parameters.
    func affine(_ e: CExpr, role: AffineRole) throws -> QuasiAffine {
        do {
            return try affine(e, whole: e, role: role)
        } catch is QuasiAffine.Overflow {
            throw error(at: e.first, "integer overflow in \(role.noun) '\(text(of: e))'")
        }
    }

    private func constantOperand(_ a: QuasiAffine, _ e: CExpr, whole: CExpr, role: AffineRole, op: String) throws -> Int {
        guard a.isConstant else {
            throw error(
                at: e.first,
                "\(op == "%" ? "modulo" : "division") by the non-constant '\(text(of: e))' in \(role.noun) '\(text(of: whole))' is not supported; the divisor must be a positive constant")
        }
        guard a.constant > 0 else {
            throw error(at: e.first, "the divisor '\(text(of: e))' in \(role.noun) '\(text(of: whole))' must be a positive constant")
        }
        return a.constant
    }

    private func affine(_ e: CExpr, whole: CExpr, role: AffineRole) throws -> QuasiAffine {
        switch e.kind {
        case let .intLiteral(spelling):
            guard let v = Literals.integerValue(spelling) else {
                throw error(at: e.first, "invalid or too large integer constant '\(spelling)'")
            }
            return QuasiAffine(constant: v)
        case let .identifier(name):
            if loops.contains(where: { $0.iterator == name }) { return QuasiAffine(variable: name) }
            switch symbols[name] {
            case .integerParameter: return QuasiAffine(variable: name)
            case .array, .pointer: throw error(at: e.first, role.dataDependence(name))
            case .none:
                throw error(at: e.first, "use of undeclared identifier '\(name)'")
            default:
                let why = role == .extent
                    ? " ('\(name)' is not an integer parameter)"
                    : " ('\(name)' is a variable, not a loop iterator or integer parameter)"
                throw notAffine(whole, role, why)
            }
        case .subscript:
            throw error(at: e.first, role.dataDependence(text(of: e)))
        case let .prefix("-", operand):
            return try -(try affine(operand, whole: whole, role: role))
        case let .prefix("+", operand):
            return try affine(operand, whole: whole, role: role)
        case let .cast(type, 0, operand) where type.scalarType?.isInteger == true:
            return try affine(operand, whole: whole, role: role)
        case let .binary(op, lhs, rhs):
            let a = try affine(lhs, whole: whole, role: role)
            let b = try affine(rhs, whole: whole, role: role)
            switch op {
            case "+": return try a + b
            case "-": return try a - b
            case "*":
                if a.isConstant { return try b * a.constant }
                if b.isConstant { return try a * b.constant }
                throw notAffine(whole, role)
            case "/":
                let d = try constantOperand(b, rhs, whole: whole, role: role, op: op)
                return try QuasiAffine(atom: .floorDivision(a, d))
            case "%":
                let d = try constantOperand(b, rhs, whole: whole, role: role, op: op)
                return try QuasiAffine(atom: .modulo(a, d))
            default:
                throw notAffine(whole, role)
            }
        case let .call(callee, args):
            guard case let .identifier(name) = callee.kind else { throw notAffine(whole, role) }
            switch (name, args.count) {
            case ("min", 2), ("max", 2):
                let a = try affine(args[0], whole: whole, role: role)
                let b = try affine(args[1], whole: whole, role: role)
                return try QuasiAffine(atom: name == "min" ? .minimum(a, b) : .maximum(a, b))
            case ("floord", 2), ("ceild", 2):
                let a = try affine(args[0], whole: whole, role: role)
                let b = try affine(args[1], whole: whole, role: role)
                let d = try constantOperand(b, args[1], whole: whole, role: role, op: "/")
                return try QuasiAffine(atom: name == "floord" ? .floorDivision(a, d) : .ceilDivision(a, d))
            default:
                throw notAffine(whole, role, " (only min, max, floord and ceild may be called here)")
            }
        case let .conditional(condition, then, otherwise):
            return try minMaxPattern(condition, then, otherwise, whole: whole, role: role)
        default:
            throw notAffine(whole, role)
        }
    }

    /// Recognises the macro forms `a < b ? a : b` (min) and `a > b ? a : b` (max) and their mirrors.
    private func minMaxPattern(_ c: CExpr, _ t: CExpr, _ f: CExpr, whole: CExpr, role: AffineRole) throws -> QuasiAffine {
        guard case let .binary(op, lhs, rhs) = c.kind, ["<", "<=", ">", ">="].contains(op) else {
            throw notAffine(whole, role, " (a conditional expression is only allowed as min or max)")
        }
        let a = try affine(lhs, whole: whole, role: role)
        let b = try affine(rhs, whole: whole, role: role)
        let x = try affine(t, whole: whole, role: role)
        let y = try affine(f, whole: whole, role: role)
        let less = op == "<" || op == "<="
        if x == a && y == b { return try QuasiAffine(atom: less ? .minimum(a, b) : .maximum(a, b)) }
        if x == b && y == a { return try QuasiAffine(atom: less ? .maximum(a, b) : .minimum(a, b)) }
        throw notAffine(whole, role, " (a conditional expression is only allowed as min or max)")
    }

    /// Converts an `if` condition: comparisons of affine expressions joined by `&&`, `||`, `!`.
    func condition(_ e: CExpr, whole: CExpr? = nil) throws -> Condition {
        let whole = whole ?? e
        switch e.kind {
        case let .binary("&&", a, b):
            return .and(try condition(a, whole: whole), try condition(b, whole: whole))
        case let .binary("||", a, b):
            return .or(try condition(a, whole: whole), try condition(b, whole: whole))
        case let .prefix("!", a):
            return .not(try condition(a, whole: whole))
        case let .binary(op, a, b) where ["<", "<=", ">", ">=", "==", "!="].contains(op):
            return .compare(try affine(a, role: .condition), op, try affine(b, role: .condition))
        default:
            // A bare integer expression is true when non-zero, as in C.
            return .compare(try affine(e, role: .condition), "!=", QuasiAffine(constant: 0))
        }
    }
}
