import Formats

/// Walking the region: loops, conditions and statements.
extension KernelBuilder {
    /// Builds statements for the region.
    mutating func build(region: [CStatement]) throws {
        for s in region { collectWrites(s) }
        for s in region { try walk(s) }
    }

    // MARK: - Pre-pass

    /// Records which scalars the region assigns and which names serve as loop iterators,
    /// since both change how later references must be modelled.
    private mutating func collectWrites(_ s: CStatement) {
        switch s.kind {
        case let .expression(e):
            switch e.kind {
            case let .assign(_, target, _), let .postfix(_, target):
                if let name = baseName(target) { writtenScalars.insert(name) }
            case let .prefix(op, target) where op == "++" || op == "--":
                if let name = baseName(target) { writtenScalars.insert(name) }
            default: break
            }
        case let .declaration(d):
            for declarator in d.declarators where declarator.initializer != nil {
                writtenScalars.insert(declarator.name)
            }
        case let .block(children):
            for c in children { collectWrites(c) }
        case let .forLoop(initializer, _, _, body):
            switch initializer {
            case let .declaration(d): iteratorNames.formUnion(d.declarators.map(\.name))
            case let .expression(e):
                if case let .assign(_, target, _) = e.kind, case let .identifier(name) = target.kind {
                    iteratorNames.insert(name)
                }
            case .none: break
            }
            collectWrites(body)
        case let .ifStatement(_, then, otherwise):
            collectWrites(then)
            if let otherwise { collectWrites(otherwise) }
        case .unsupported, .empty, .pragma:
            break
        }
    }

    /// The variable a plain scalar target names (`x`), or nil for array elements and others.
    private func baseName(_ e: CExpr) -> String? {
        if case let .identifier(name) = e.kind { return name }
        return nil
    }

    // MARK: - Walk

    private mutating func walk(_ s: CStatement) throws {
        switch s.kind {
        case let .expression(e):
            try expressionStatement(e, at: s.first)
        case let .declaration(d):
            try declareLocal(d, inRegion: true)
            for declarator in d.declarators {
                guard let value = declarator.initializer else { continue }
                try emitStatement(at: declarator.nameToken) { b in
                    let target = try b.scalarTarget(declarator.name, at: declarator.nameToken)
                    return KernelAssignment(target: target, op: .assign, value: try b.value(value))
                }
            }
        case let .block(children):
            for c in children { try walk(c) }
        case let .forLoop(initializer, condition, step, body):
            try loop(initializer, condition, step, body, at: s.first)
        case let .ifStatement(c, then, otherwise):
            let cond = try condition(c)
            conditions.append(cond.islText())
            try walk(then)
            conditions.removeLast()
            if let otherwise {
                conditions.append(cond.islText(negated: true))
                try walk(otherwise)
                conditions.removeLast()
            }
        case let .unsupported(keyword):
            throw error(at: s.first, Self.unsupportedStatementReason(keyword))
        case .empty:
            break
        case let .pragma(word):
            if word == "scop" { throw error(at: s.first, "'#pragma scop' inside a kernel region; regions cannot nest") }
        }
    }

    static func unsupportedStatementReason(_ keyword: String) -> String {
        switch keyword {
        case "while": return "'while' loops are not supported in a kernel region; use a for loop with affine bounds"
        case "do": return "'do' loops are not supported in a kernel region; use a for loop with affine bounds"
        case "break": return "'break' is not supported in a kernel region; loops must run over their whole affine range"
        case "continue": return "'continue' is not supported in a kernel region; put the rest of the loop body under an if"
        case "goto": return "'goto' is not supported in a kernel region"
        case "return": return "'return' is not supported in a kernel region"
        case "switch": return "'switch' is not supported in a kernel region; use if statements with affine conditions"
        case "label": return "labels are not supported in a kernel region"
        default: return "'\(keyword)' is not supported in a kernel region"
        }
    }

    // MARK: - Loops

    private mutating func loop(
        _ initializer: CStatement.ForInitializer, _ condition: CExpr?, _ step: CExpr?, _ body: CStatement, at first: Int
    ) throws {
        // Initialisation: `int i = lb` or `i = lb`.
        let iterator: String
        let iteratorToken: Int
        let start: CExpr
        switch initializer {
        case let .declaration(d):
            guard d.declarators.count == 1, let declarator = d.declarators.first, let value = declarator.initializer,
                declarator.pointerDepth == 0, declarator.dimensions.isEmpty
            else {
                throw error(at: d.first, "the loop must declare exactly one iterator with a start value, e.g. for (int i = 0; …)")
            }
            guard let type = d.specifier.scalarType, type.isInteger else {
                throw error(at: d.first, "loop iterator '\(declarator.name)' must have an integer type")
            }
            iterator = declarator.name
            iteratorToken = declarator.nameToken
            start = value
        case let .expression(e):
            guard case let .assign("=", target, value) = e.kind, case let .identifier(name) = target.kind else {
                throw error(at: e.first, "the loop must start by assigning its iterator, e.g. for (i = 0; …)")
            }
            switch symbols[name] {
            case let .scalar(type, .local, _) where type.isInteger: break
            case .scalar: throw error(at: target.first, "loop iterator '\(name)' must have an integer type")
            case .integerParameter:
                throw error(at: target.first, "integer parameter '\(name)' is written in the kernel region; parameters must stay constant")
            case .none: throw error(at: target.first, "use of undeclared identifier '\(name)'")
            default: throw error(at: target.first, "'\(name)' cannot be a loop iterator; use an integer variable")
            }
            iterator = name
            iteratorToken = target.first
            start = value
        case .none:
            throw error(at: first, "the loop must initialise its iterator, e.g. for (int i = 0; …)")
        }
        if loops.contains(where: { $0.iterator == iterator }) {
            throw error(at: iteratorToken, "loop iterator '\(iterator)' reuses the name of an enclosing loop's iterator; rename it")
        }
        if case .integerParameter = symbols[iterator] {
            throw error(at: iteratorToken, "loop iterator '\(iterator)' has the name of an integer parameter; rename it")
        }
        try checkIslName(iterator, at: iteratorToken)

        let lower = try affine(start, role: .bound)
        let stride = try loopStride(step, iterator: iterator, at: first)
        guard let condition else {
            throw error(at: first, "the loop needs a condition bounding '\(iterator)', e.g. \(iterator) < n")
        }
        let bounds = try loopBounds(condition, iterator: iterator, increasing: stride > 0)

        // `lb <= i < ub` for increasing loops, `ub < i <= start` for decreasing ones.
        var parts: [String] = []
        for (k, (op, bound)) in bounds.enumerated() {
            if stride > 0 {
                parts.append(k == 0 ? "\(lower.islText) <= \(iterator) \(op) \(bound.islText)" : "\(iterator) \(op) \(bound.islText)")
            } else {
                let flipped = op == ">" ? "<" : "<="
                parts.append(k == 0 ? "\(bound.islText) \(flipped) \(iterator) <= \(lower.islText)" : "\(iterator) \(op) \(bound.islText)")
            }
        }
        if stride.magnitude > 1 {
            let offset: QuasiAffine
            do { offset = try QuasiAffine(variable: iterator) - lower } catch {
                throw self.error(at: start.first, "integer overflow in loop bound '\(text(of: start))'")
            }
            parts.append("\(QuasiAffine.Atom.modulo(offset, Int(stride.magnitude)).islText) = 0")
        }

        let position = positionCounter
        positionCounter += 1
        let savedPrefix = schedulePrefix
        // A decreasing loop runs its iterations in reverse: its schedule
        // dimension is -i, or the original order (and every dependence
        // derived from it) would be wrong.
        schedulePrefix += [String(position), stride > 0 ? iterator : "-\(iterator)"]
        loops.append(Loop(iterator: iterator, constraints: parts.joined(separator: " and ")))
        positionCounter = 0
        try walk(body)
        loops.removeLast()
        schedulePrefix = savedPrefix
        positionCounter = position + 1
    }

    /// The signed constant step of a loop increment (`i++`, `i -= 2`, `i = i + 4`, …).
    private func loopStride(_ step: CExpr?, iterator: String, at first: Int) throws -> Int {
        guard let step else {
            throw error(at: first, "the loop needs an increment of '\(iterator)', e.g. \(iterator)++")
        }
        let usage = "the loop increment must be \(iterator)++, \(iterator)--, \(iterator) += c or \(iterator) -= c with a constant c"
        func mustBeIterator(_ target: CExpr) throws {
            guard case let .identifier(name) = target.kind else { throw error(at: step.first, usage) }
            if name != iterator {
                throw error(at: target.first, "the loop increment updates '\(name)', not the iterator '\(iterator)'")
            }
        }
        func constant(_ e: CExpr) throws -> Int {
            let a = try affine(e, role: .step)
            guard a.isConstant, a.constant != 0, a.constant != Int.min else {
                throw error(at: e.first, "the loop step '\(text(of: e))' must be a non-zero constant")
            }
            return a.constant
        }
        switch step.kind {
        case let .postfix(op, target) where op == "++" || op == "--", let .prefix(op, target) where op == "++" || op == "--":
            try mustBeIterator(target)
            return op == "++" ? 1 : -1
        case let .assign(op, target, value) where op == "+=" || op == "-=":
            try mustBeIterator(target)
            let c = try constant(value)
            return op == "+=" ? c : -c
        case let .assign("=", target, value):
            try mustBeIterator(target)
            if case let .binary(op, lhs, rhs) = value.kind, op == "+" || op == "-" {
                if case .identifier(iterator) = lhs.kind {
                    let c = try constant(rhs)
                    return op == "+" ? c : -c
                }
                if op == "+", case .identifier(iterator) = rhs.kind { return try constant(lhs) }
            }
            throw error(at: step.first, usage)
        default:
            throw error(at: step.first, usage)
        }
    }

    /// Splits a loop condition into `iterator op bound` conjuncts, with `op` normalised so the
    /// iterator is on the left, checking the direction matches the loop's step.
    private func loopBounds(_ condition: CExpr, iterator: String, increasing: Bool) throws -> [(String, QuasiAffine)] {
        var conjuncts: [CExpr] = []
        var pending = [condition]
        while let c = pending.popLast() {
            if case let .binary("&&", a, b) = c.kind {
                pending.append(b)
                pending.append(a)
            } else {
                conjuncts.append(c)
            }
        }
        let mirror = ["<": ">", "<=": ">=", ">": "<", ">=": "<="]
        var result: [(String, QuasiAffine)] = []
        for c in conjuncts {
            let usage = "the loop condition '\(text(of: c))' must compare the iterator '\(iterator)' with an affine bound, e.g. \(iterator) < n"
            guard case let .binary(op, lhs, rhs) = c.kind, let mirrored = mirror[op] else { throw error(at: c.first, usage) }
            let normalized: String
            let boundExpr: CExpr
            if case .identifier(iterator) = lhs.kind {
                normalized = op
                boundExpr = rhs
            } else if case .identifier(iterator) = rhs.kind {
                normalized = mirrored
                boundExpr = lhs
            } else {
                throw error(at: c.first, usage)
            }
            let upward = normalized == "<" || normalized == "<="
            if upward != increasing {
                throw error(
                    at: c.first,
                    "the loop condition '\(text(of: c))' does not bound the \(increasing ? "increasing" : "decreasing") iterator '\(iterator)'")
            }
            result.append((normalized, try affine(boundExpr, role: .bound)))
        }
        return result
    }

    // MARK: - Statements

    private mutating func expressionStatement(_ e: CExpr, at first: Int) throws {
        switch e.kind {
        case let .assign(op, target, value):
            guard let kernelOp = KernelAssignmentOperator(rawValue: op) else {
                throw error(at: e.first, "assignment operator '\(op)' is not supported; write it out, e.g. x = x \(op.dropLast()) y")
            }
            try emitStatement(at: first) { b in
                let t = try b.target(target, alsoRead: kernelOp != .assign)
                return KernelAssignment(target: t, op: kernelOp, value: try b.value(value))
            }
        case let .postfix(op, target) where op == "++" || op == "--", let .prefix(op, target) where op == "++" || op == "--":
            try emitStatement(at: first) { b in
                let t = try b.target(target, alsoRead: true)
                return KernelAssignment(target: t, op: op == "++" ? .add : .subtract, value: .int(value: 1, text: "1"))
            }
        case let .call(callee, _):
            if case let .identifier(name) = callee.kind, PureMathFunctions.arity[name] != nil {
                throw error(at: e.first, "the result of '\(name)' is unused; a statement must assign a value")
            }
            throw error(at: e.first, callDiagnostic(callee))
        case .comma:
            throw error(at: e.first, "the comma operator is not supported; write separate statements")
        default:
            throw error(at: e.first, "this statement has no effect; only assignments are supported in a kernel region")
        }
    }

    /// Creates one statement: runs `makeBody` to convert it (recording accesses), then
    /// attaches domain, accesses and schedule position.
    private mutating func emitStatement(at first: Int, _ makeBody: (inout KernelBuilder) throws -> KernelAssignment) throws {
        currentReads = []
        currentWrites = []
        let body = try makeBody(&self)
        let name = "S\(statements.count)"
        let iterators = loops.map(\.iterator)
        let tuple = "\(name)[\(iterators.joined(separator: ", "))]"
        let constraints = loops.map(\.constraints)
            + conditions.map { $0.contains(" or ") ? "(\($0))" : $0 }
        let domain = constraints.isEmpty
            ? "\(parameterPrefix){ \(tuple) }"
            : "\(parameterPrefix){ \(tuple) : \(constraints.joined(separator: " and ")) }"
        func maps(_ accesses: [String]) -> [String] {
            var seen: Set<String> = []
            return accesses.filter { seen.insert($0).inserted }.map { "\(parameterPrefix){ \(tuple) -> \($0) }" }
        }
        statements.append(KernelStatement(
            name: name, iterators: iterators, domain: domain, reads: maps(currentReads), writes: maps(currentWrites),
            body: body, location: location(of: first)))
        scheduleRows.append(schedulePrefix + [String(positionCounter)])
        positionCounter += 1
    }
}
