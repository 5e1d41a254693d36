/// What the strategy needs from `akg.tuning-result+json/1` (docs/tuning.md):
/// the status and the speedup.
public struct TuningResult: Equatable, Sendable {
    /// The statuses of docs/tuning.md; `other` keeps a status a newer host
    /// may add (treated as a failure).
    public enum Status: Equatable, Sendable {
        case ok, refused, error, invalid, duplicate
        case other(String)

        init(_ name: String) {
            switch name {
            case "ok": self = .ok
            case "refused": self = .refused
            case "error": self = .error
            case "invalid": self = .invalid
            case "duplicate": self = .duplicate
            default: self = .other(name)
            }
        }
    }

    public var status: Status
    /// Baseline time over candidate time (> 1 is faster); nil when not timed.
    public var speedup: Double?

    public init(status: Status, speedup: Double? = nil) {
        self.status = status
        self.speedup = speedup
    }

    /// The reward the search learns from: the speedup of a verified and
    /// timed candidate, or of a duplicate that copies one; nil for a failure
    /// (refused, error, invalid) or a result without a usable speedup.
    public var reward: Double? {
        switch status {
        case .ok, .duplicate:
            guard let speedup, speedup.isFinite, speedup > 0 else { return nil }
            return speedup
        case .refused, .error, .invalid, .other:
            return nil
        }
    }

    /// Reads a result document given as text.
    public init(json text: String) throws {
        try self.init(json: Array(text.utf8))
    }

    /// Reads a result document; throws `ResultError` when it is not JSON,
    /// not an object, or has no status.
    public init(json bytes: [UInt8]) throws {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch let error as JSONParseError {
            throw ResultError("the tuning result is \(error)")
        }
        guard case .object = document else {
            throw ResultError("the tuning result must be a JSON object, not \(document.kindName)")
        }
        guard case .string(let status)? = document["status"] else {
            throw ResultError("the tuning result has no \"status\" string")
        }
        var speedup: Double?
        switch document["speedup"] {
        case .number(let number)?: speedup = number.value
        case .null?, nil: speedup = nil
        case let other?: throw ResultError("the tuning result's \"speedup\" must be a number or null, not \(other.kindName)")
        }
        self.init(status: Status(status), speedup: speedup)
    }
}

/// Why a result document cannot be read.
public struct ResultError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
