/// Splits preprocessed C text into tokens and builds the line map of `SourceText`.
///
/// The lexer never fails: bytes that are not C become `.invalid` tokens, which the parser
/// reports only if they occur where it has to understand the code. That way junk in a
/// header or after the kernel cannot stop a kernel from being read.
struct Lexer {
    private(set) var source: SourceText
    private var tokens: [Token] = []
    private var pos = 0
    private var physicalLine = 0
    /// True while only blanks have been seen on the current physical line (for `#` directives).
    private var atLineStart = true
    /// The original line and file that the next physical line starts, set by a line marker.
    private var pendingMarker: (line: Int, file: Int)?

    /// Punctuators, longest first so that maximal munch is a simple prefix test.
    private static let punctuators: [[UInt8]] = [
        "<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##",
        "[", "]", "(", ")", "{", "}", ".", "&", "*", "+", "-", "~", "!", "/", "%", "<", ">",
        "^", "|", "?", ":", ";", "=", ",", "#",
    ].map { Array($0.utf8) }

    init(text: String, file: String) {
        source = SourceText(text: text, file: file)
    }

    /// Tokenises the whole text; the last token is always `.endOfFile`.
    mutating func tokenize() -> (tokens: [Token], source: SourceText) {
        let bytes = source.bytes
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\n") {
                newLine(at: pos + 1)
                pos += 1
            } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r")
                || b == 0x0B || b == 0x0C
            {
                pos += 1
            } else if b == UInt8(ascii: "#") && atLineStart {
                directive()
            } else {
                atLineStart = false
                if b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
                    while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
                } else if b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                    blockComment()
                } else if isIdentifierStart(b) {
                    let start = pos
                    while pos < bytes.count && isIdentifierBody(bytes[pos]) { pos += 1 }
                    add(.identifier, start)
                } else if isDigit(b) || (b == UInt8(ascii: ".") && isDigit(peek(1))) {
                    number()
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quoted(b)
                } else if let p = Self.punctuators.first(where: { matches($0) }) {
                    let start = pos
                    pos += p.count
                    add(.punctuator, start)
                } else {
                    let start = pos
                    pos += 1
                    add(.invalid, start, text: "unexpected character \(describe(b)) in the source")
                }
            }
        }
        let eofLine = physicalLine
        let eofColumn = pos - source.lineStarts[eofLine] + 1
        tokens.append(Token(kind: .endOfFile, text: "end of file", start: pos, end: pos, physicalLine: eofLine, column: eofColumn))
        return (tokens, source)
    }

    // MARK: - Pieces

    private func peek(_ offset: Int) -> UInt8 {
        let i = pos + offset
        return i < source.bytes.count ? source.bytes[i] : 0
    }

    private func matches(_ p: [UInt8]) -> Bool {
        guard pos + p.count <= source.bytes.count else { return false }
        for (k, c) in p.enumerated() where source.bytes[pos + k] != c { return false }
        return true
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "$")
    }

    private func isIdentifierBody(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

    private func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "(byte 0x\(hex.count == 1 ? "0" + hex : hex))"
    }

    /// Records the start of a new physical line at `offset`.
    private mutating func newLine(at offset: Int) {
        let previous = physicalLine
        physicalLine += 1
        atLineStart = true
        source.lineStarts.append(offset)
        if let marker = pendingMarker {
            source.lineFiles.append(marker.file)
            source.lineNumbers.append(marker.line)
            pendingMarker = nil
        } else {
            source.lineFiles.append(source.lineFiles[previous])
            source.lineNumbers.append(source.lineNumbers[previous] + 1)
        }
    }

    private mutating func add(_ kind: TokenKind, _ start: Int, text: String? = nil) {
        let spelling = text ?? String(decoding: source.bytes[start..<pos], as: UTF8.self)
        let column = start - source.lineStarts[physicalLine] + 1
        tokens.append(Token(kind: kind, text: spelling, start: start, end: pos, physicalLine: physicalLine, column: column))
    }

    private mutating func blockComment() {
        let start = pos
        pos += 2
        let bytes = source.bytes
        while pos < bytes.count {
            if bytes[pos] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                pos += 2
                return
            }
            if bytes[pos] == UInt8(ascii: "\n") { newLine(at: pos + 1) }
            pos += 1
        }
        // Report at the comment's start; the line map has moved on, so build the token by hand.
        var p = source.lineStarts.count - 1
        while p > 0 && source.lineStarts[p] > start { p -= 1 }
        tokens.append(Token(
            kind: .invalid, text: "unterminated comment", start: start, end: pos, physicalLine: p,
            column: start - source.lineStarts[p] + 1))
    }

    /// A preprocessing number: digits, letters, `.`, `_` and signs after an exponent letter.
    private mutating func number() {
        let start = pos
        let bytes = source.bytes
        let isHex = bytes[pos] == UInt8(ascii: "0") && (peek(1) | 0x20) == UInt8(ascii: "x")
        while pos < bytes.count {
            let b = bytes[pos]
            if isIdentifierBody(b) || b == UInt8(ascii: ".") {
                pos += 1
                let lower = b | 0x20
                let isExponent = isHex ? lower == UInt8(ascii: "p") : lower == UInt8(ascii: "e")
                if isExponent && pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) {
                    pos += 1
                }
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        let lowered = text.lowercased()
        let isFloat = isHex ? lowered.contains(".") || lowered.contains("p") : lowered.contains(".") || lowered.contains("e")
        add(isFloat ? .floatLiteral : .intLiteral, start)
    }

    private mutating func quoted(_ quote: UInt8) {
        let start = pos
        pos += 1
        let bytes = source.bytes
        while pos < bytes.count && bytes[pos] != quote && bytes[pos] != UInt8(ascii: "\n") {
            pos += bytes[pos] == UInt8(ascii: "\\") ? 2 : 1
        }
        if pos < bytes.count && bytes[pos] == quote {
            pos += 1
            add(quote == UInt8(ascii: "\"") ? .stringLiteral : .charLiteral, start)
        } else {
            pos = min(pos, bytes.count)
            add(.invalid, start, text: quote == UInt8(ascii: "\"") ? "unterminated string literal" : "unterminated character constant")
        }
    }

    /// Handles a `#` line: line markers update the line map, `#pragma` becomes a token,
    /// anything else (e.g. `#define` kept by `-dD`) is skipped.
    private mutating func directive() {
        let bytes = source.bytes
        let start = pos
        var end = pos
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let line = String(decoding: bytes[(pos + 1)..<end], as: UTF8.self)
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        pos = end
        guard let first = words.first else { return }
        if first == "pragma" {
            let rest = words.dropFirst().joined(separator: " ")
            let column = start - source.lineStarts[physicalLine] + 1
            tokens.append(Token(kind: .pragma, text: rest, start: start, end: end, physicalLine: physicalLine, column: column))
            return
        }
        // `# 12 "file.c" 2` (GNU) or `#line 12 "file.c"`.
        var rest = words[...]
        if first == "line" { rest = rest.dropFirst() }
        guard let numberWord = rest.first, let number = Int(numberWord), number >= 0 else { return }
        var fileIndex = source.lineFiles[physicalLine]
        if rest.count > 1, let nameStart = line.firstIndex(of: "\""), let nameEnd = line.lastIndex(of: "\""), nameStart < nameEnd {
            let name = String(line[line.index(after: nameStart)..<nameEnd])
            if let existing = source.files.firstIndex(of: name) {
                fileIndex = existing
            } else {
                source.files.append(name)
                fileIndex = source.files.count - 1
            }
        }
        pendingMarker = (number, fileIndex)
    }
}
