/// A diagnostic from the C front end, pointing at a place in the original source file.
///
/// `description` renders the compiler-style three-line form:
/// ```
/// kernel.c:12:17: error: subscript 'i*j' is not affine in the loop iterators and parameters
///         A[i*j] = 0;
///           ^
/// ```
/// Errors that concern the whole file (preprocessor failures, no kernel found) have
/// `line == 0` and print only the first line.
public struct FrontEndError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the error is in (as named by the preprocessor's line markers).
    public var file: String
    /// The 1-based line, or 0 when the error is about the whole file.
    public var line: Int
    /// The 1-based column, or 0 when there is no position.
    public var column: Int
    /// What is wrong, and where possible what to do instead.
    public var reason: String
    /// The text of the offending line (without newline), or empty.
    public var sourceLine: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, reason: String, sourceLine: String = "") {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        self.sourceLine = sourceLine
    }

    public var description: String {
        guard line > 0 else { return "\(file): error: \(reason)" }
        var text = "\(file):\(line):\(column): error: \(reason)"
        guard !sourceLine.isEmpty else { return text }
        // Copy tabs from the source line so the caret lines up however tabs are displayed.
        let padding = sourceLine.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        text += "\n\(sourceLine)\n\(padding)^"
        return text
    }
}
