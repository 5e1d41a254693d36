/// Conversion of C literal spellings to values.
enum Literals {
    /// The value of an integer constant such as `42`, `0x1F`, `017` or `2UL`; nil if invalid or too large.
    static func integerValue(_ text: String) -> Int? {
        var digits = Substring(text)
        while let last = digits.last, "uUlL".contains(last) { digits.removeLast() }
        guard !digits.isEmpty else { return nil }
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") { return Int(lower.dropFirst(2), radix: 16) }
        if lower.hasPrefix("0b") { return Int(lower.dropFirst(2), radix: 2) }
        if lower.count > 1 && lower.hasPrefix("0") { return Int(lower.dropFirst(), radix: 8) }
        return Int(lower, radix: 10)
    }

    /// The value of a floating constant such as `1.5f`, `1e-3` or `0x1p4`; nil if invalid.
    static func floatingValue(_ text: String) -> Double? {
        var body = Substring(text)
        let isHex = body.lowercased().hasPrefix("0x")
        // `f`/`F` is a hex digit inside hexadecimal mantissas; only strip it after the exponent.
        if let last = body.last, "lL".contains(last) || ("fF".contains(last) && (!isHex || body.lowercased().contains("p"))) {
            body.removeLast()
        }
        guard let value = Double(String(body)), !body.isEmpty else { return nil }
        return value
    }
}
