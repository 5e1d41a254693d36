import Foundation

/// How tuning numbers read in reports and listings, in one place so that
/// report.md, the records listing and the chart agree.
enum TuningFormat {
    /// `2.41x`; a dash when unknown or not a finite number.
    static func speedup(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.2fx", value)
    }

    /// A duration in the unit that keeps 3 significant digits: `45.6 µs`, `12.3 ms`, `1.23 s`.
    static func seconds(_ value: Double?) -> String {
        guard let value, value.isFinite, value >= 0 else { return "—" }
        switch value {
        case 0: return "0 s"
        case ..<1e-3: return String(format: "%.3g µs", value * 1e6)
        case ..<1: return String(format: "%.3g ms", value * 1e3)
        default: return String(format: "%.3g s", value)
        }
    }

    /// Wall time as `850 ms`, `42 s`, `12 min 3 s`, `2 h 5 min`.
    static func wallTime(_ value: Double) -> String {
        guard value.isFinite, value >= 0 else { return "—" }
        if value < 1 { return String(format: "%.0f ms", value * 1000) }
        let total = Int(value.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \((total % 3600) / 60) min"
    }

    /// `NI=1000 NJ=1100`, names sorted.
    static func sizes(_ sizes: [String: Int]) -> String {
        sizes.isEmpty ? "—" : sizes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// A date as `2024-05-01 12:34:56Z` (UTC, sortable, unambiguous).
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter.string(from: date)
    }

    /// The first characters of a hash, enough to tell records apart.
    static func shortHash(_ hash: String?, length: Int = 12) -> String {
        guard let hash, !hash.isEmpty else { return "—" }
        return String(hash.prefix(length))
    }
}
