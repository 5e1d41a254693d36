/// Expression parsing by precedence climbing.
extension Parser {
    /// Binary operators and their C precedence (larger binds tighter).
    static let binaryPrecedence: [String: Int] = [
        "*": 13, "/": 13, "%": 13, "+": 12, "-": 12, "<<": 11, ">>": 11,
        "<": 10, "<=": 10, ">": 10, ">=": 10, "==": 9, "!=": 9,
        "&": 8, "^": 7, "|": 6, "&&": 5, "||": 4,
    ]

    static let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="]

    /// Builds a node, refusing trees taller than the nesting limit (long operator chains
    /// are built iteratively, so height has to be checked here rather than by recursion).
    func node(_ kind: CExpr.Kind, _ first: Int, _ last: Int, _ children: CExpr...) throws -> CExpr {
        let height = 1 + (children.map(\.height).max() ?? 0)
        guard height <= Parser.maximumNesting else {
            throw error(at: first, "expression is nested too deeply (more than \(Parser.maximumNesting) levels)")
        }
        return CExpr(kind: kind, first: first, last: last, height: height)
    }

    /// `expression: assignment (',' assignment)*`
    mutating func parseExpression() throws -> CExpr {
        var e = try parseAssignment()
        while current.isPunctuator(",") {
            advance()
            let rhs = try parseAssignment()
            e = try node(.comma(lhs: e, rhs: rhs), e.first, rhs.last, e, rhs)
        }
        return e
    }

    mutating func parseAssignment() throws -> CExpr {
        try nested { p in
            let target = try p.parseConditional()
            guard p.current.kind == .punctuator, Parser.assignmentOperators.contains(p.current.text) else { return target }
            let op = p.current.text
            p.advance()
            let value = try p.parseAssignment()
            return try p.node(.assign(op: op, target: target, value: value), target.first, value.last, target, value)
        }
    }

    mutating func parseConditional() throws -> CExpr {
        let condition = try parseBinary(minimum: 0)
        guard current.isPunctuator("?") else { return condition }
        advance()
        let then = try parseExpression()
        try expect(":", "in the conditional expression")
        let otherwise = try nested { p in try p.parseConditional() }
        return try node(
            .conditional(condition: condition, then: then, else: otherwise), condition.first, otherwise.last,
            condition, then, otherwise)
    }

    private mutating func parseBinary(minimum: Int) throws -> CExpr {
        var lhs = try parseUnary()
        while current.kind == .punctuator, let precedence = Parser.binaryPrecedence[current.text], precedence >= minimum {
            let op = current.text
            advance()
            let rhs = try nested { p in try p.parseBinary(minimum: precedence + 1) }
            lhs = try node(.binary(op: op, lhs: lhs, rhs: rhs), lhs.first, rhs.last, lhs, rhs)
        }
        return lhs
    }

    private mutating func parseUnary() throws -> CExpr {
        let first = position
        let t = current
        if t.kind == .punctuator, ["++", "--", "+", "-", "!", "~", "*", "&"].contains(t.text) {
            advance()
            let operand = try nested { p in try p.parseUnary() }
            return try node(.prefix(op: t.text, operand: operand), first, operand.last, operand)
        }
        if t.isIdentifier("sizeof") || t.isIdentifier("_Alignof") {
            advance()
            if current.isPunctuator("("), isTypeStart(peek()) {
                try skipBalanced()
                return try node(.sizeof, first, position - 1)
            }
            let operand = try nested { p in try p.parseUnary() }
            return try node(.sizeof, first, operand.last, operand)
        }
        if t.isPunctuator("("), isTypeStart(peek()) {
            advance()
            let type = try parseSpecifiers()
            var pointers = 0
            while accept("*") {
                pointers += 1
                while current.kind == .identifier && CKeywords.qualifiers.contains(current.text) { advance() }
            }
            try expect(")", "to close the cast")
            let operand = try nested { p in try p.parseUnary() }
            return try node(.cast(type: type, pointerDepth: pointers, operand: operand), first, operand.last, operand)
        }
        return try parsePostfix()
    }

    /// True when `t` can start a type name in a cast or `sizeof`.
    func isTypeStart(_ t: Token) -> Bool {
        t.kind == .identifier && (CKeywords.typeNames.contains(t.text) || CKeywords.qualifiers.contains(t.text)
            || CKeywords.tags.contains(t.text))
    }

    private mutating func parsePostfix() throws -> CExpr {
        var e = try parsePrimary()
        while true {
            if current.isPunctuator("[") {
                advance()
                let index = try parseExpression()
                let last = try expect("]", "to close the subscript")
                e = try node(.subscript(base: e, index: index), e.first, last, e, index)
            } else if current.isPunctuator("(") {
                advance()
                var args: [CExpr] = []
                if !current.isPunctuator(")") {
                    repeat { args.append(try parseAssignment()) } while accept(",")
                }
                let last = try expect(")", "to close the argument list")
                e = try node(.call(callee: e, args: args), e.first, last, [e] + args)
            } else if current.isPunctuator(".") || current.isPunctuator("->") {
                let arrow = current.text == "->"
                advance()
                guard current.kind == .identifier else { throw unexpected("a member name") }
                let name = current.text
                let last = advance()
                e = try node(.member(base: e, name: name, arrow: arrow), e.first, last, e)
            } else if current.isPunctuator("++") || current.isPunctuator("--") {
                let op = current.text
                let last = advance()
                e = try node(.postfix(op: op, operand: e), e.first, last, e)
            } else {
                return e
            }
        }
    }

    /// `node` for a variable number of children given as an array.
    private func node(_ kind: CExpr.Kind, _ first: Int, _ last: Int, _ children: [CExpr]) throws -> CExpr {
        let height = 1 + (children.map(\.height).max() ?? 0)
        guard height <= Parser.maximumNesting else {
            throw error(at: first, "expression is nested too deeply (more than \(Parser.maximumNesting) levels)")
        }
        return CExpr(kind: kind, first: first, last: last, height: height)
    }

    private mutating func parsePrimary() throws -> CExpr {
        let index = position
        let t = current
        switch t.kind {
        case .intLiteral:
            advance()
            return try node(.intLiteral(t.text), index, index)
        case .floatLiteral:
            advance()
            return try node(.floatLiteral(t.text), index, index)
        case .charLiteral:
            advance()
            return try node(.charLiteral(t.text), index, index)
        case .stringLiteral:
            var last = advance()
            while current.kind == .stringLiteral { last = advance() }
            return try node(.stringLiteral(t.text), index, last)
        case .identifier where !CKeywords.all.contains(t.text):
            advance()
            return try node(.identifier(t.text), index, index)
        case .punctuator where t.text == "(":
            advance()
            var inner = try parseExpression()
            // Widen the range to the parentheses so diagnostics quote balanced text.
            inner.last = try expect(")", "to close the parenthesis")
            inner.first = index
            return inner
        default:
            throw unexpected("an expression")
        }
    }

    /// Skips a balanced `( … )`, `[ … ]` or `{ … }` group starting at the current token.
    mutating func skipBalanced() throws {
        let open = position
        var stack: [String] = []
        repeat {
            let t = current
            if t.kind == .endOfFile { throw error(at: open, "unbalanced '\(tokens[open].text)'; reached end of file") }
            if t.kind == .punctuator {
                switch t.text {
                case "(": stack.append(")")
                case "[": stack.append("]")
                case "{": stack.append("}")
                case ")", "]", "}":
                    guard stack.last == t.text else { throw error(at: position, "unbalanced '\(t.text)'") }
                    stack.removeLast()
                default: break
                }
            }
            advance()
        } while !stack.isEmpty
    }
}
