/// The lexical categories the kernel lexer distinguishes.
enum TokenKind: Equatable {
    /// An identifier or keyword.
    case identifier
    /// An integer constant (`12`, `0x1fUL`).
    case intLiteral
    /// A floating constant (`1.5f`, `1e-3`).
    case floatLiteral
    /// A string literal.
    case stringLiteral
    /// A character constant.
    case charLiteral
    /// An operator or punctuator.
    case punctuator
    /// A `#pragma` line; the token text is what follows `pragma`, trimmed.
    case pragma
    /// Something that is not a C token; the text says what was wrong.
    case invalid
    /// The end of the input.
    case endOfFile
}

/// One token with its position in the preprocessed text and in the original file.
struct Token {
    /// The category.
    var kind: TokenKind
    /// The spelling (or, for `.invalid`, the reason).
    var text: String
    /// Byte offset of the first byte in the preprocessed text.
    var start: Int
    /// Byte offset one past the last byte.
    var end: Int
    /// Index of the preprocessed physical line the token starts on.
    var physicalLine: Int
    /// 1-based column on that line.
    var column: Int

    /// True for the punctuator `p`.
    func isPunctuator(_ p: String) -> Bool { kind == .punctuator && text == p }
    /// True for the identifier or keyword `name`.
    func isIdentifier(_ name: String) -> Bool { kind == .identifier && text == name }
}
