/// Preprocessed text plus the map from its physical lines back to original files and lines.
///
/// `cc -E` output interleaves line markers (`# 12 "kernel.c" 2`); the lexer records, for
/// every physical line of the preprocessed text, which original file and line it came from,
/// so diagnostics and statement locations refer to what the user wrote.
struct SourceText {
    /// The preprocessed text as UTF-8 bytes (invalid sequences already replaced).
    let bytes: [UInt8]
    /// The file named when no line marker has been seen yet.
    let mainFile: String
    /// Byte offset where each physical line starts.
    var lineStarts: [Int] = [0]
    /// Original file of each physical line, as an index into `files`.
    var lineFiles: [Int] = [0]
    /// Original 1-based line number of each physical line.
    var lineNumbers: [Int] = [1]
    /// Distinct original file names.
    var files: [String]

    init(text: String, file: String) {
        self.bytes = Array(text.utf8)
        self.mainFile = file
        self.files = [file]
    }

    /// The original file of a physical line.
    func file(ofPhysicalLine p: Int) -> String { files[lineFiles[p]] }

    /// The original line number of a physical line.
    func lineNumber(ofPhysicalLine p: Int) -> Int { lineNumbers[p] }

    /// The text of a physical line, without the newline.
    func text(ofPhysicalLine p: Int) -> String {
        let start = lineStarts[p]
        var end = p + 1 < lineStarts.count ? lineStarts[p + 1] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text between two byte offsets with runs of whitespace collapsed to one space,
    /// for quoting expressions in diagnostics.
    func excerpt(from start: Int, to end: Int) -> String {
        let lo = max(0, min(start, bytes.count))
        let hi = max(lo, min(end, bytes.count))
        var out: [UInt8] = []
        var pendingSpace = false
        for b in bytes[lo..<hi] {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Builds a diagnostic located at a token.
    func error(at token: Token, _ reason: String) -> FrontEndError {
        let p = min(token.physicalLine, lineStarts.count - 1)
        return FrontEndError(
            file: file(ofPhysicalLine: p), line: lineNumber(ofPhysicalLine: p), column: token.column,
            reason: reason, sourceLine: text(ofPhysicalLine: p))
    }
}
