import Formats

/// Conversion of C expressions to kernel expressions, recording the accesses they make.
extension KernelBuilder {
    /// The diagnostic for a call to something other than a pure math function.
    func callDiagnostic(_ callee: CExpr) -> String {
        guard case let .identifier(name) = callee.kind else {
            return "calls through function pointers are not supported"
        }
        return "call to '\(name)' may have side effects; only pure math functions are allowed"
    }

    /// Converts an assignment target, recording the write (and the read for compound operators).
    mutating func target(_ e: CExpr, alsoRead: Bool) throws -> KernelExpr {
        switch e.kind {
        case let .identifier(name):
            let t = try scalarTarget(name, at: e.first)
            if alsoRead { try record(name: name, indices: [], write: false) }
            return t
        case .subscript:
            let (expr, name, indices) = try access(e, forWriting: true)
            try record(name: name, indices: indices, write: true)
            if alsoRead { try record(name: name, indices: indices, write: false) }
            return expr
        case let .prefix("*", operand):
            throw error(at: e.first, dereferenceDiagnostic(operand))
        default:
            throw error(at: e.first, "the left-hand side of an assignment must be an array element or a scalar variable")
        }
    }

    /// The target for writing the scalar `name` (a zero-dimensional array), recording the write.
    mutating func scalarTarget(_ name: String, at index: Int) throws -> KernelExpr {
        if loops.contains(where: { $0.iterator == name }) {
            throw error(at: index, "loop iterator '\(name)' is modified in the loop body")
        }
        switch symbols[name] {
        case .scalar:
            if iteratorNames.contains(name) {
                throw error(at: index, "'\(name)' is both a loop iterator and assigned outside its loop; use separate variables")
            }
            try record(name: name, indices: [], write: true)
            return .access(array: name, index: [])
        case .integerParameter:
            throw error(at: index, "integer parameter '\(name)' is written in the kernel region; parameters that define bounds and sizes must stay constant")
        case .array:
            throw error(at: index, "array '\(name)' cannot be assigned as a whole; assign its elements")
        case let .pointer(target):
            throw error(at: index, "assigning the pointer '\(name)'\(target.map { ", an alias of '\($0)'," } ?? "") is not supported")
        case .localArray:
            throw error(at: index, "local array '\(name)' is not supported; pass it to the kernel as a parameter")
        case let .unsupported(type):
            throw error(at: index, "unsupported type '\(type)' of '\(name)'")
        case .none:
            throw error(at: index, "use of undeclared identifier '\(name)'")
        }
    }

    /// Records one access of the current statement: `A[i, j + 1]` as read or write.
    private mutating func record(name: String, indices: [QuasiAffine], write: Bool) throws {
        let text = "\(name)[\(indices.map(\.islText).joined(separator: ", "))]"
        if write {
            currentWrites.append(text)
            usage[name, default: Usage()].write = true
        } else {
            currentReads.append(text)
            usage[name, default: Usage()].read = true
        }
    }

    private func dereferenceDiagnostic(_ operand: CExpr) -> String {
        if case let .binary(op, _, _) = operand.kind, op == "+" || op == "-" { return "pointer arithmetic is not supported" }
        return "pointer dereference is not supported; index the array instead, e.g. A[i]"
    }

    /// Converts `A[e1][e2]…`, checking the rank and that each subscript is affine.
    private func access(_ e: CExpr, forWriting: Bool) throws -> (KernelExpr, String, [QuasiAffine]) {
        var subscripts: [CExpr] = []
        var base = e
        while case let .subscript(inner, index) = base.kind {
            subscripts.append(index)
            base = inner
        }
        subscripts.reverse()
        guard case let .identifier(name) = base.kind else {
            if case let .binary(op, _, _) = base.kind, op == "+" || op == "-" {
                throw error(at: base.first, "pointer arithmetic is not supported")
            }
            throw error(at: base.first, "only named arrays can be subscripted")
        }
        switch symbols[name] {
        case let .array(_, shape):
            guard shape.count == subscripts.count else {
                throw error(
                    at: e.first,
                    "array '\(name)' has \(shape.count) dimension\(shape.count == 1 ? "" : "s") but is accessed with \(subscripts.count) subscript\(subscripts.count == 1 ? "" : "s")")
            }
        case let .pointer(target):
            let alias = target.map { ", an alias of '\($0)'," } ?? ""
            throw error(at: base.first, "\(forWriting ? "writing" : "reading") through '\(name)'\(alias) is not supported")
        case .localArray:
            throw error(at: base.first, "local array '\(name)' is not supported; pass it to the kernel as a parameter")
        case let .unsupported(type):
            throw error(at: base.first, "unsupported type '\(type)' of '\(name)'")
        case .none:
            if loops.contains(where: { $0.iterator == name }) {
                throw error(at: base.first, "the loop iterator '\(name)' is not an array")
            }
            throw error(at: base.first, "use of undeclared identifier '\(name)'")
        case .scalar, .integerParameter:
            throw error(at: base.first, "'\(name)' is a scalar and cannot be subscripted")
        }
        var indices: [QuasiAffine] = []
        var exprs: [KernelExpr] = []
        for s in subscripts {
            indices.append(try affine(s, role: .subscript))
            exprs.append(try indexExpression(s))
        }
        return (.access(array: name, index: exprs), name, indices)
    }

    /// Converts a subscript (already checked to be affine) to a kernel expression.
    private func indexExpression(_ e: CExpr) throws -> KernelExpr {
        var scratch = self
        return try scratch.value(e)
    }

    /// Converts a right-hand-side expression, recording every read access.
    mutating func value(_ e: CExpr) throws -> KernelExpr {
        switch e.kind {
        case let .intLiteral(spelling):
            guard let v = Literals.integerValue(spelling) else {
                throw error(at: e.first, "invalid or too large integer constant '\(spelling)'")
            }
            return .int(value: v, text: spelling)
        case let .floatLiteral(spelling):
            guard let v = Literals.floatingValue(spelling) else {
                throw error(at: e.first, "invalid floating constant '\(spelling)'")
            }
            guard v.isFinite else { throw error(at: e.first, "floating constant '\(spelling)' is out of range") }
            return .float(value: v, text: spelling)
        case .charLiteral:
            throw error(at: e.first, "character constants are not supported in a kernel region")
        case .stringLiteral:
            throw error(at: e.first, "string literals are not supported in a kernel region")
        case let .identifier(name):
            return try reference(name, at: e.first)
        case .subscript:
            let (expr, name, indices) = try access(e, forWriting: false)
            try record(name: name, indices: indices, write: false)
            return expr
        case let .call(callee, args):
            return try call(callee, args, at: e.first)
        case .member:
            throw error(at: e.first, "struct member access is not supported")
        case .postfix, .assign:
            throw error(at: e.first, "assignment inside an expression is not supported; write it as a separate statement")
        case let .prefix(op, operand):
            switch op {
            case "-": return .unary(op: .negate, operand: try value(operand))
            case "+": return try value(operand)
            case "!": return .unary(op: .not, operand: try value(operand))
            case "++", "--":
                throw error(at: e.first, "assignment inside an expression is not supported; write it as a separate statement")
            case "*": throw error(at: e.first, dereferenceDiagnostic(operand))
            case "&": throw error(at: e.first, "taking an address is not supported")
            default: throw error(at: e.first, "bitwise operator '\(op)' is not supported")
            }
        case .sizeof:
            throw error(at: e.first, "'sizeof' is not supported in a kernel region")
        case let .cast(type, pointers, operand):
            guard pointers == 0 else { throw error(at: e.first, "pointer casts are not supported") }
            guard let scalar = type.scalarType else { throw error(at: e.first, "unsupported type '\(type.spelling)' in cast") }
            return .cast(type: scalar, operand: try value(operand))
        case let .binary(op, lhs, rhs):
            guard let kernelOp = KernelBinaryOperator(rawValue: op) else {
                throw error(at: e.first, "bitwise operator '\(op)' is not supported")
            }
            if kernelOp == .add || kernelOp == .subtract, isArrayName(lhs) || isArrayName(rhs) {
                throw error(at: e.first, "pointer arithmetic is not supported")
            }
            return .binary(op: kernelOp, lhs: try value(lhs), rhs: try value(rhs))
        case let .conditional(condition, then, otherwise):
            return .select(condition: try value(condition), then: try value(then), else: try value(otherwise))
        case .comma:
            throw error(at: e.first, "the comma operator is not supported")
        }
    }

    /// True when `e` names an array or pointer without subscripting it.
    private func isArrayName(_ e: CExpr) -> Bool {
        guard case let .identifier(name) = e.kind else { return false }
        switch symbols[name] {
        case .array, .pointer, .localArray: return !loops.contains { $0.iterator == name }
        default: return false
        }
    }

    /// A plain name used as a value.
    private mutating func reference(_ name: String, at index: Int) throws -> KernelExpr {
        if loops.contains(where: { $0.iterator == name }) { return .iterator(name) }
        switch symbols[name] {
        case .integerParameter:
            return .parameter(name)
        case .scalar:
            if iteratorNames.contains(name) {
                throw error(at: index, "loop iterator '\(name)' is used outside its loop")
            }
            if writtenScalars.contains(name) {
                try record(name: name, indices: [], write: false)
                return .access(array: name, index: [])
            }
            return .scalar(name)
        case .array:
            throw error(at: index, "array '\(name)' is used without subscripts")
        case let .pointer(target):
            throw error(at: index, "reading through '\(name)'\(target.map { ", an alias of '\($0)'," } ?? "") is not supported")
        case .localArray:
            throw error(at: index, "local array '\(name)' is not supported; pass it to the kernel as a parameter")
        case let .unsupported(type):
            throw error(at: index, "unsupported type '\(type)' of '\(name)'")
        case .none:
            throw error(at: index, "use of undeclared identifier '\(name)'")
        }
    }

    /// A call: pure math functions stay calls, `min`/`max` become selects, `floord`/`ceild` stay
    /// as the isl helpers generated code already defines.
    private mutating func call(_ callee: CExpr, _ args: [CExpr], at index: Int) throws -> KernelExpr {
        guard case let .identifier(name) = callee.kind else { throw error(at: index, callDiagnostic(callee)) }
        switch name {
        case "min", "max":
            guard args.count == 2 else { throw error(at: index, "'\(name)' takes 2 arguments, not \(args.count)") }
            let a = try value(args[0])
            let b = try value(args[1])
            let comparison = KernelExpr.binary(op: name == "min" ? .less : .greater, lhs: a, rhs: b)
            return .select(condition: comparison, then: a, else: b)
        case "floord", "ceild":
            guard args.count == 2 else { throw error(at: index, "'\(name)' takes 2 arguments, not \(args.count)") }
            return .call(name: name, args: [try value(args[0]), try value(args[1])])
        default:
            guard let arity = PureMathFunctions.arity[name] else { throw error(at: index, callDiagnostic(callee)) }
            guard arity == args.count else {
                throw error(at: index, "'\(name)' takes \(arity) argument\(arity == 1 ? "" : "s"), not \(args.count)")
            }
            return .call(name: name, args: try args.map { try value($0) })
        }
    }
}
