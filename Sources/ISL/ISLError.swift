/// An error reported by isl, turned into a Swift error instead of an abort.
///
/// isl runs with `ISL_ON_ERROR_CONTINUE`, so a failing call returns `NULL`
/// (or an error sentinel) and records the reason in the context; the wrappers
/// read that record and throw this value.
public struct ISLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// isl's own message, or a description of the failed call when isl gave none.
    public var message: String
    /// The isl source file that raised the error, when isl recorded one.
    public var file: String?
    /// The line in `file`, when isl recorded one.
    public var line: Int?

    /// An error with the given message and, optionally, isl's source location.
    public init(message: String, file: String? = nil, line: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        if let file, let line {
            return "isl error: \(message) (\(file):\(line))"
        }
        return "isl error: \(message)"
    }
}
