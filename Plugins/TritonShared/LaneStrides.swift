import Formats

/// Which way the addresses of a block of lanes move. Triton-Ascend's
/// `triton-adapter-opt --triton-to-linalg` (3.2) aborts with an assertion on
/// a load whose lane offsets decrease (durbin's `y[k - i - 1]` across a
/// block of `i`), so on Ascend a loop becomes lanes only when every access
/// in it moves forwards or not at all with the loop's iterator.
extension TritonLowering {
    /// Whether every array access of the statements in `loop` has, in every
    /// subscript, a known non-negative coefficient of `loop`'s iterator.
    func accessesMoveForward(_ loop: ForLoop) -> Bool {
        // An inner loop's iterator does not move with this one (its bounds
        // do not: runsAsLanes), so it counts as any other name: 0.
        func check(_ node: LoopNode) -> Bool {
            switch node {
            case .block(let children): return children.allSatisfy(check)
            case .mark(let mark): return check(mark.body)
            case .ifThen(let branch): return check(branch.then) && (branch.else.map(check) ?? true)
            case .forLoop(let inner): return check(inner.body)
            case .statement(let call):
                guard let statement = document.kernel.statements.first(where: { $0.name == call.name }),
                      statement.iterators.count == call.arguments.count else { return false }
                var coefficients: [String: Int?] = [:]
                for (iterator, argument) in zip(statement.iterators, call.arguments) {
                    coefficients[iterator] = TritonLowering.coefficient(of: loop.iterator, in: argument)
                }
                return TritonLowering.accessesMoveForward(statement.body.target, coefficients)
                    && TritonLowering.accessesMoveForward(statement.body.value, coefficients)
            }
        }
        return check(loop.body)
    }

    /// The coefficient of `iterator` in a Loop AST expression; nil when the
    /// expression is not affine in it.
    static func coefficient(of iterator: String, in expr: AstExpr) -> Int? {
        switch expr {
        case .int: return 0
        case .identifier(let name): return name == iterator ? 1 : 0
        case .operation(let op, let args):
            let parts = args.map { coefficient(of: iterator, in: $0) }
            switch op {
            case .add:
                return parts.contains { $0 == nil } ? nil : parts.reduce(0) { $0 + $1! }
            case .sub:
                guard let first = parts.first ?? nil, !parts.contains(where: { $0 == nil }) else { return nil }
                return parts.dropFirst().reduce(first) { $0 - $1! }
            case .minus:
                return parts.first.flatMap { $0 }.map { -$0 }
            case .mul:
                guard args.count == 2 else { break }
                if case .int(let factor) = args[0], let c = parts[1] { return factor * c }
                if case .int(let factor) = args[1], let c = parts[0] { return factor * c }
            default: break
            }
            return parts.allSatisfy { $0 == 0 } ? 0 : nil
        }
    }

    /// The coefficient, in a statement body's expression, of the loop
    /// iterator the statement's iterators have `coefficients` of.
    static func coefficient(in expr: KernelExpr, _ coefficients: [String: Int?]) -> Int? {
        switch expr {
        case .int, .float, .parameter, .scalar: return 0
        case .iterator(let name): return coefficients[name] ?? nil
        case .unary(let op, let operand):
            guard let c = coefficient(in: operand, coefficients) else { return nil }
            return op == .negate ? -c : (c == 0 ? 0 : nil)
        case .cast(_, let operand): return coefficient(in: operand, coefficients)
        case .binary(let op, let lhs, let rhs):
            let a = coefficient(in: lhs, coefficients), b = coefficient(in: rhs, coefficients)
            switch op {
            case .add: if let a, let b { return a + b }
            case .subtract: if let a, let b { return a - b }
            case .multiply:
                if case .int(let factor, _) = lhs, let b { return factor * b }
                if case .int(let factor, _) = rhs, let a { return factor * a }
            default: break
            }
            return a == 0 && b == 0 ? 0 : nil
        case .access, .call, .select:
            // A load, a call or a choice inside a subscript: only if nothing in it moves.
            return mentionsMovingIterator(expr, coefficients) ? nil : 0
        }
    }

    private static func mentionsMovingIterator(_ expr: KernelExpr, _ coefficients: [String: Int?]) -> Bool {
        expr.contains { part in
            guard case .iterator(let name) = part else { return false }
            return (coefficients[name] ?? nil) != 0
        }
    }

    /// Whether every access in `expr` has non-negative coefficients in all its subscripts.
    static func accessesMoveForward(_ expr: KernelExpr, _ coefficients: [String: Int?]) -> Bool {
        switch expr {
        case .int, .float, .parameter, .scalar, .iterator: return true
        case .access(_, let index):
            return index.allSatisfy { position in
                guard let c = coefficient(in: position, coefficients) else { return false }
                return c >= 0 && accessesMoveForward(position, coefficients)
            }
        case .unary(_, let operand), .cast(_, let operand): return accessesMoveForward(operand, coefficients)
        case .binary(_, let lhs, let rhs): return accessesMoveForward(lhs, coefficients) && accessesMoveForward(rhs, coefficients)
        case .call(_, let args): return args.allSatisfy { accessesMoveForward($0, coefficients) }
        case .select(let c, let t, let e): return [c, t, e].allSatisfy { accessesMoveForward($0, coefficients) }
        }
    }
}
