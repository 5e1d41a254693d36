/// Recursive-descent parser for the C subset of kernel functions: statements.
///
/// Expressions and declarations are in the extensions in `ParserExpressions.swift` and
/// `ParserDeclarations.swift`. Every recursive entry point goes through `nested(_:)`, which
/// bounds the recursion so that hostile input (10 000 nested parentheses) yields an error
/// instead of a stack overflow.
struct Parser {
    /// The deepest nesting of statements and expressions accepted.
    static let maximumNesting = 256

    let tokens: [Token]
    let source: SourceText
    /// Index of the current token; always valid because the last token is end-of-file.
    var position: Int
    private var nesting = 0

    init(tokens: [Token], source: SourceText, position: Int = 0) {
        self.tokens = tokens
        self.source = source
        self.position = min(position, tokens.count - 1)
    }

    // MARK: - Token access

    var current: Token { tokens[position] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Int {
        let index = position
        if position < tokens.count - 1 { position += 1 }
        return index
    }

    /// Consumes the punctuator `p` if it is next.
    mutating func accept(_ p: String) -> Bool {
        guard current.isPunctuator(p) else { return false }
        advance()
        return true
    }

    /// Consumes the punctuator `p` or fails saying what was expected.
    @discardableResult
    mutating func expect(_ p: String, _ context: String) throws -> Int {
        guard current.isPunctuator(p) else { throw unexpected("'\(p)' \(context)") }
        return advance()
    }

    func error(at index: Int, _ reason: String) -> FrontEndError {
        source.error(at: tokens[min(max(index, 0), tokens.count - 1)], reason)
    }

    /// The error for an unexpected current token.
    func unexpected(_ expected: String) -> FrontEndError {
        let t = current
        switch t.kind {
        case .invalid: return error(at: position, t.text)
        case .endOfFile: return error(at: position, "unexpected end of file; expected \(expected)")
        case .pragma: return error(at: position, "unexpected '#pragma \(t.text)'; expected \(expected)")
        default: return error(at: position, "expected \(expected) but found '\(t.text)'")
        }
    }

    /// Runs `body` one nesting level deeper, failing beyond `maximumNesting`.
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        guard nesting < Self.maximumNesting else {
            throw error(at: position, "code is nested too deeply (more than \(Self.maximumNesting) levels)")
        }
        nesting += 1
        defer { nesting -= 1 }
        return try body(&self)
    }

    // MARK: - Statements

    /// Parses statements up to (not including) a `#pragma endscop` in the same block.
    mutating func parseRegion(scopToken: Int) throws -> [CStatement] {
        var statements: [CStatement] = []
        while true {
            let t = current
            if t.kind == .pragma && pragmaWord(t) == "endscop" { return statements }
            if t.kind == .endOfFile || t.isPunctuator("}") {
                throw error(at: scopToken, "'#pragma scop' has no matching '#pragma endscop' in the same block")
            }
            statements.append(try parseStatement())
        }
    }

    /// Parses a `{ … }` block starting at the current `{`.
    mutating func parseBlock() throws -> CStatement {
        try nested { p in
            let first = try p.expect("{", "to open a block")
            var statements: [CStatement] = []
            while !p.current.isPunctuator("}") {
                if p.current.kind == .endOfFile { throw p.unexpected("'}' to close the block opened at line \(p.lineOf(first))") }
                statements.append(try p.parseStatement())
            }
            p.advance()
            return CStatement(kind: .block(statements), first: first)
        }
    }

    func lineOf(_ index: Int) -> Int { source.lineNumber(ofPhysicalLine: tokens[index].physicalLine) }

    /// The first word of a pragma's text (`scop`, `endscop`, `omp`, …).
    func pragmaWord(_ t: Token) -> String {
        String(t.text.split(separator: " ").first ?? "")
    }

    mutating func parseStatement() throws -> CStatement {
        try nested { p in try p.parseStatementBody() }
    }

    private mutating func parseStatementBody() throws -> CStatement {
        let first = position
        let t = current
        switch t.kind {
        case .pragma:
            advance()
            return CStatement(kind: .pragma(pragmaWord(t)), first: first)
        case .punctuator where t.text == "{":
            return try parseBlock()
        case .punctuator where t.text == ";":
            advance()
            return CStatement(kind: .empty, first: first)
        case .identifier:
            switch t.text {
            case "for": return try parseFor()
            case "if": return try parseIf()
            case "while":
                advance()
                try parseParenthesizedCondition("while")
                _ = try parseStatement()
                return CStatement(kind: .unsupported(keyword: "while"), first: first)
            case "do":
                advance()
                _ = try parseStatement()
                guard current.isIdentifier("while") else { throw unexpected("'while' after the body of 'do'") }
                advance()
                try parseParenthesizedCondition("do-while")
                try expect(";", "after 'do … while (…)'")
                return CStatement(kind: .unsupported(keyword: "do"), first: first)
            case "switch":
                advance()
                try parseParenthesizedCondition("switch")
                _ = try parseStatement()
                return CStatement(kind: .unsupported(keyword: "switch"), first: first)
            case "break", "continue":
                advance()
                try expect(";", "after '\(t.text)'")
                return CStatement(kind: .unsupported(keyword: t.text), first: first)
            case "goto":
                advance()
                guard current.kind == .identifier else { throw unexpected("a label after 'goto'") }
                advance()
                try expect(";", "after 'goto' label")
                return CStatement(kind: .unsupported(keyword: "goto"), first: first)
            case "return":
                advance()
                if !current.isPunctuator(";") { _ = try parseExpression() }
                try expect(";", "after 'return'")
                return CStatement(kind: .unsupported(keyword: "return"), first: first)
            case "case", "default":
                advance()
                if t.text == "case" { _ = try parseConditional() }
                try expect(":", "after '\(t.text)'")
                return CStatement(kind: .unsupported(keyword: "switch"), first: first)
            case "else":
                throw error(at: position, "'else' without a matching 'if'")
            default:
                if !CKeywords.all.contains(t.text) && peek().isPunctuator(":") {
                    advance()
                    advance()
                    return CStatement(kind: .unsupported(keyword: "label"), first: first)
                }
                if isDeclarationStart() {
                    return CStatement(kind: .declaration(try parseDeclaration()), first: first)
                }
            }
        default:
            break
        }
        let e = try parseExpression()
        try expect(";", "after the expression")
        return CStatement(kind: .expression(e), first: first)
    }

    private mutating func parseParenthesizedCondition(_ what: String) throws {
        try expect("(", "after '\(what)'")
        _ = try parseExpression()
        try expect(")", "to close the '\(what)' condition")
    }

    private mutating func parseFor() throws -> CStatement {
        let first = advance()
        try expect("(", "after 'for'")
        var initializer = CStatement.ForInitializer.none
        if accept(";") {
        } else if isDeclarationStart() {
            initializer = .declaration(try parseDeclaration())
        } else {
            initializer = .expression(try parseExpression())
            try expect(";", "after the loop initialisation")
        }
        var condition: CExpr?
        if !current.isPunctuator(";") { condition = try parseExpression() }
        try expect(";", "after the loop condition")
        var step: CExpr?
        if !current.isPunctuator(")") { step = try parseExpression() }
        try expect(")", "to close the 'for' header")
        let body = try parseStatement()
        return CStatement(kind: .forLoop(initializer: initializer, condition: condition, step: step, body: body), first: first)
    }

    private mutating func parseIf() throws -> CStatement {
        let first = advance()
        try expect("(", "after 'if'")
        let condition = try parseExpression()
        try expect(")", "to close the 'if' condition")
        let then = try parseStatement()
        var otherwise: CStatement?
        if current.isIdentifier("else") {
            advance()
            otherwise = try parseStatement()
        }
        return CStatement(kind: .ifStatement(condition: condition, then: then, else: otherwise), first: first)
    }
}
