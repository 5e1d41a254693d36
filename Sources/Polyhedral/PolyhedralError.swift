import ISL

/// Failures of the polyhedral stage other than illegal schedules (see `LegalityError`).
public enum PolyhedralError: Error, CustomStringConvertible {
    /// An input text failed to parse or does not fit the rest of the input.
    case invalidInput(what: String, text: String, reason: String)
    /// isl rejected an operation on otherwise valid input.
    case isl(stage: String, ISLError)
    /// The generated AST contains a construct the loop AST cannot express.
    case unsupportedAST(String)

    public var description: String {
        switch self {
        case let .invalidInput(what, text, reason):
            return "invalid \(what) '\(text)': \(reason)"
        case let .isl(stage, error):
            return "\(stage): \(error)"
        case let .unsupportedAST(what):
            return "unsupported AST construct: \(what)"
        }
    }
}

/// Runs `body`, attributing any isl failure to `stage`.
func islStage<T>(_ stage: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ISLError {
        throw PolyhedralError.isl(stage: stage, error)
    }
}
