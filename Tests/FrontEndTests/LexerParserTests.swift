import Formats
import Testing
@testable import FrontEnd

/// Unit tests of the lexer, literal parsing, the parser and quasi-affine expressions.
@Suite struct LexerParserTests {
    func lex(_ text: String) -> ([Token], SourceText) {
        var lexer = Lexer(text: text, file: "t.c")
        let (tokens, source) = lexer.tokenize()
        return (tokens, source)
    }

    @Test func tokensAndPositions() {
        let (tokens, _) = lex("x+=1.5f; // c\n  A[i]>>=0x1FuL /* x\n */ 'a' \"s\" @")
        #expect(tokens.map(\.text) == ["x", "+=", "1.5f", ";", "A", "[", "i", "]", ">>=", "0x1FuL", "'a'", "\"s\"",
                                        "unexpected character '@' in the source", "end of file"])
        #expect(tokens.map(\.kind) == [.identifier, .punctuator, .floatLiteral, .punctuator, .identifier, .punctuator,
                                       .identifier, .punctuator, .punctuator, .intLiteral, .charLiteral, .stringLiteral,
                                       .invalid, .endOfFile])
        #expect(tokens[4].physicalLine == 1)
        #expect(tokens[4].column == 3)
        #expect(tokens[10].physicalLine == 2)
    }

    @Test func lineMarkersAndPragmas() {
        let (tokens, source) = lex("# 1 \"a.c\"\nint x;\n# 7 \"b.h\" 1 3\n  #pragma scop  \ny\n#line 20 \"a.c\"\nz")
        let pragma = tokens.first { $0.kind == .pragma }
        #expect(pragma?.text == "scop")
        #expect(pragma.map { source.lineNumber(ofPhysicalLine: $0.physicalLine) } == 7)
        #expect(pragma.map { source.file(ofPhysicalLine: $0.physicalLine) } == "b.h")
        let y = tokens.first { $0.text == "y" }
        #expect(y.map { source.lineNumber(ofPhysicalLine: $0.physicalLine) } == 8)
        let z = tokens.first { $0.text == "z" }
        #expect(z.map { source.lineNumber(ofPhysicalLine: $0.physicalLine) } == 20)
        #expect(z.map { source.file(ofPhysicalLine: $0.physicalLine) } == "a.c")
    }

    @Test func literalValues() {
        #expect(Literals.integerValue("42") == 42)
        #expect(Literals.integerValue("2L") == 2)
        #expect(Literals.integerValue("0x1fUL") == 31)
        #expect(Literals.integerValue("017") == 15)
        #expect(Literals.integerValue("0") == 0)
        #expect(Literals.integerValue("99999999999999999999") == nil)
        #expect(Literals.integerValue("12abc") == nil)
        #expect(Literals.floatingValue("1.5f") == 1.5)
        #expect(Literals.floatingValue("1e-3") == 0.001)
        #expect(Literals.floatingValue(".5") == 0.5)
        #expect(Literals.floatingValue("0x1p4") == 16)
        #expect(Literals.floatingValue("1e") == nil)
    }

    func parseExpression(_ text: String) throws -> (CExpr, Parser) {
        let (tokens, source) = lex(text)
        var parser = Parser(tokens: tokens, source: source)
        let e = try parser.parseExpression()
        return (e, parser)
    }

    /// A fully parenthesised rendering of the tree, to check precedence and associativity.
    func shape(_ e: CExpr) -> String {
        switch e.kind {
        case let .identifier(n), let .intLiteral(n), let .floatLiteral(n): return n
        case let .binary(op, l, r): return "(\(shape(l)) \(op) \(shape(r)))"
        case let .prefix(op, o): return "(\(op)\(shape(o)))"
        case let .conditional(c, t, f): return "(\(shape(c)) ? \(shape(t)) : \(shape(f)))"
        case let .assign(op, t, v): return "(\(shape(t)) \(op) \(shape(v)))"
        case let .subscript(b, i): return "\(shape(b))[\(shape(i))]"
        case let .call(c, args): return "\(shape(c))(\(args.map(shape).joined(separator: ", ")))"
        case let .cast(t, _, o): return "((\(t.spelling))\(shape(o)))"
        default: return "?"
        }
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(shape(try parseExpression("a - b - c * d / e % f").0) == "((a - b) - (((c * d) / e) % f))")
        #expect(shape(try parseExpression("a < b && c || !d == e").0) == "(((a < b) && c) || ((!d) == e))")
        #expect(shape(try parseExpression("x = y += a ? b : c ? d : e").0) == "(x = (y += (a ? b : (c ? d : e))))")
        #expect(shape(try parseExpression("-(double)A[i][j + 1] * f(x, 2)").0) == "((-((double)A[i][(j + 1)])) * f(x, 2))")
        let (e, parser) = try parseExpression("(i * j) + 1")
        #expect(parser.source.excerpt(from: parser.tokens[e.first].start, to: parser.tokens[e.last].end) == "(i * j) + 1")
    }

    @Test func declarationsAndTypes() throws {
        let (tokens, source) = lex("static const unsigned long int n = 3, *p, A[10][n + 1];")
        var parser = Parser(tokens: tokens, source: source)
        #expect(parser.isDeclarationStart())
        let d = try parser.parseDeclaration()
        #expect(d.specifier.scalarType == .unsignedLong)
        #expect(d.specifier.isConst)
        #expect(d.declarators.map(\.name) == ["n", "p", "A"])
        #expect(d.declarators[1].pointerDepth == 1)
        #expect(d.declarators[2].dimensions.count == 2)
        #expect(CTypeSpecifier(keywords: ["long", "long"]).scalarType == nil)
        #expect(CTypeSpecifier(keywords: ["char"]).scalarType == nil)
        #expect(CTypeSpecifier(keywords: ["unsigned"]).scalarType == .unsignedInt)
        #expect(CTypeSpecifier(keywords: ["unsigned", "double"]).scalarType == nil)
        let (t2, s2) = lex("size_t k; return x;")
        var p2 = Parser(tokens: t2, source: s2)
        #expect(p2.isDeclarationStart())
        #expect(try p2.parseDeclaration().specifier.typedefName == "size_t")
        #expect(!p2.isDeclarationStart())
    }

    @Test func functionFinderSkipsPrototypesStructsAndInitialisers() {
        let (tokens, _) = lex("""
            struct s { int a; }; int t[] = {1, 2}; double f(double);
            static inline int g(int x) __attribute__((pure)) { return x; }
            void h(void) {
            #pragma scop
            #pragma endscop
            }
            """)
        let functions = FunctionFinder.find(in: tokens)
        #expect(functions.map(\.name) == ["g", "h"])
        #expect(functions.map(\.scopPragmas.count) == [0, 1])
    }

    @Test func quasiAffineArithmeticAndText() throws {
        let i = QuasiAffine(variable: "i"), n = QuasiAffine(variable: "n")
        let e = try (try i * 2) - n + QuasiAffine(constant: -3)
        #expect(e.islText == "2*i - n - 3")
        #expect(try (e - e).islText == "0")
        #expect(try QuasiAffine(atom: .floorDivision(QuasiAffine(constant: -7), 2)).islText == "-4")
        #expect(try QuasiAffine(atom: .ceilDivision(QuasiAffine(constant: 7), 2)).islText == "4")
        #expect(try QuasiAffine(atom: .modulo(QuasiAffine(constant: -7), 3)).islText == "2")
        #expect(try QuasiAffine(atom: .floorDivision(try n + QuasiAffine(constant: 1), 2)).islText == "floor((n + 1)/2)")
        #expect(throws: QuasiAffine.Overflow.self) { try QuasiAffine(constant: Int.max) + QuasiAffine(constant: 1) }
        #expect(throws: QuasiAffine.Overflow.self) { try -QuasiAffine(constant: Int.min) }
    }
}
