import Formats
import Foundation

/// A deterministic random stream (SplitMix64): the same seed gives the same
/// inputs on every machine, so a refusal can be replayed with `--seed`.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Element types of kernel arrays as they sit in memory.
public enum ElementType: String, Sendable {
    case f32, f64, i32, i64, u32, u64

    public init(_ type: KernelScalarType) {
        switch type {
        case .float: self = .f32
        case .double: self = .f64
        case .int: self = .i32
        case .long: self = .i64
        case .unsignedInt: self = .u32
        case .unsignedLong: self = .u64
        }
    }

    public var byteCount: Int {
        switch self {
        case .f32, .i32, .u32: return 4
        case .f64, .i64, .u64: return 8
        }
    }

    public var isFloatingPoint: Bool { self == .f32 || self == .f64 }

    /// The value outputs are pre-filled with: NaN for floats (a kernel that
    /// skips writing leaves it there), a sentinel for integers.
    func fillOutput(_ buffer: UnsafeMutableRawBufferPointer) {
        let count = buffer.count / byteCount
        switch self {
        case .f32: for i in 0..<count { buffer.storeBytes(of: Float.nan, toByteOffset: 4 * i, as: Float.self) }
        case .f64: for i in 0..<count { buffer.storeBytes(of: Double.nan, toByteOffset: 8 * i, as: Double.self) }
        case .i32, .u32: for i in 0..<count { buffer.storeBytes(of: Int32(-0x2A2A_2A2B), toByteOffset: 4 * i, as: Int32.self) }
        case .i64, .u64: for i in 0..<count { buffer.storeBytes(of: Int64(-0x2A2A_2A2A_2A2A_2A2B), toByteOffset: 8 * i, as: Int64.self) }
        }
    }

    /// Random input data: floats uniform in [-1, 1) — no overflow to inf in
    /// the reference by construction — integers in [0, 100).
    func fillInput(_ buffer: UnsafeMutableRawBufferPointer, _ random: inout SeededGenerator) {
        let count = buffer.count / byteCount
        switch self {
        case .f32:
            for i in 0..<count { buffer.storeBytes(of: Float.random(in: -1..<1, using: &random), toByteOffset: 4 * i, as: Float.self) }
        case .f64:
            for i in 0..<count { buffer.storeBytes(of: Double.random(in: -1..<1, using: &random), toByteOffset: 8 * i, as: Double.self) }
        case .i32, .u32:
            for i in 0..<count { buffer.storeBytes(of: Int32.random(in: 0..<100, using: &random), toByteOffset: 4 * i, as: Int32.self) }
        case .i64, .u64:
            for i in 0..<count { buffer.storeBytes(of: Int64.random(in: 0..<100, using: &random), toByteOffset: 8 * i, as: Int64.self) }
        }
    }
}

/// Evaluates an array extent ("n", "1000", "n + 1", "2 * m") at parameter values.
public func evaluateExtent(_ text: String, _ values: [String: Int]) throws -> Int {
    var tokens: [String] = []
    var current = ""
    for character in text {
        if character.isLetter || character.isNumber || character == "_" {
            current.append(character)
        } else {
            if !current.isEmpty { tokens.append(current); current = "" }
            if !character.isWhitespace { tokens.append(String(character)) }
        }
    }
    if !current.isEmpty { tokens.append(current) }
    var position = 0
    struct ExtentError: Error, CustomStringConvertible { var description: String }
    func primary() throws -> Int {
        guard position < tokens.count else { throw ExtentError(description: "extent '\(text)' ends early") }
        let token = tokens[position]
        position += 1
        if token == "(" {
            let value = try sum()
            guard position < tokens.count, tokens[position] == ")" else { throw ExtentError(description: "unbalanced '(' in extent '\(text)'") }
            position += 1
            return value
        }
        if token == "-" { return -(try primary()) }
        if let number = Int(token) { return number }
        if let value = values[token] { return value }
        throw ExtentError(description: "extent '\(text)' uses '\(token)', which is not an integer parameter")
    }
    func product() throws -> Int {
        var value = try primary()
        while position < tokens.count, ["*", "/", "%"].contains(tokens[position]) {
            let op = tokens[position]
            position += 1
            let rhs = try primary()
            if op == "*" { value *= rhs } else if rhs == 0 { throw ExtentError(description: "division by zero in extent '\(text)'") } else if op == "/" { value /= rhs } else { value %= rhs }
        }
        return value
    }
    func sum() throws -> Int {
        var value = try product()
        while position < tokens.count, ["+", "-"].contains(tokens[position]) {
            let op = tokens[position]
            position += 1
            let rhs = try product()
            value = op == "+" ? value + rhs : value - rhs
        }
        return value
    }
    let value = try sum()
    guard position == tokens.count else { throw ExtentError(description: "cannot read extent '\(text)'") }
    return value
}
