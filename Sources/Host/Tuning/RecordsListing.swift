import Foundation

/// What `akg-host records [kernel.c]` prints: one line per kernel and
/// context, or each measurement of one kernel, best first.
public enum RecordsListing {
    /// The table of `summaries` (from `TuningDatabase.kernelSummaries`), or
    /// a line saying that `databasePath` has no records yet.
    public static func text(_ summaries: [KernelRecordSummary], databasePath: String) -> String {
        guard !summaries.isEmpty else {
            return "no tuning records in \(databasePath) yet; run akg-host tune KERNEL.c --backend BACKEND to make some\n"
        }
        var table = TextTable(columns: [
            .init("KERNEL"), .init("BACKEND"), .init("MACHINE"), .init("THREADS", right: true), .init("SIZES"),
            .init("CANDIDATES", right: true), .init("OK/FAILED", right: true), .init("BEST", right: true),
            .init("BEST CANDIDATE"), .init("LAST TUNED"),
        ])
        for summary in summaries {
            let context = summary.context
            table.add([
                "\(context.kernelName) (\((context.kernelFile as NSString).lastPathComponent))",
                "\(context.backendID) \(context.backendVersion)",
                shortMachine(context.machine),
                String(context.threads),
                TuningFormat.sizes(context.sizes),
                String(summary.measurements),
                "\(summary.ok)/\(summary.failed)",
                TuningFormat.speedup(summary.bestSpeedup),
                summary.bestCandidateID ?? "—",
                TuningFormat.date(summary.lastTuned),
            ])
        }
        let contexts = summaries.count
        return table.render() + "\(contexts) context\(contexts == 1 ? "" : "s") in \(databasePath)\n"
    }

    /// Each of `measurements` (from `TuningDatabase.measurements(kernelHash:)`),
    /// grouped by context, verified ones fastest first and then the failed
    /// ones in the order they were measured.
    public static func text(measurements: [MeasurementRecord], databasePath: String) -> String {
        guard !measurements.isEmpty else {
            return "no tuning records for this kernel in \(databasePath) yet; run akg-host tune on it to make some\n"
        }
        var groups: [(context: TuningContext, records: [MeasurementRecord])] = []
        for record in measurements {
            if let index = groups.firstIndex(where: { sameKey($0.context, record.context) }) {
                groups[index].records.append(record)
            } else {
                groups.append((record.context, [record]))
            }
        }
        var out = ""
        for (number, group) in groups.enumerated() {
            if number > 0 { out += "\n" }
            let c = group.context
            out += "\(c.kernelName) in \(c.kernelFile) (kernel \(TuningFormat.shortHash(c.kernelHash))):"
                + " \(c.backendID) \(c.backendVersion), \(c.threads) thread\(c.threads == 1 ? "" : "s"),"
                + " \(TuningFormat.sizes(c.sizes)), machine \(shortMachine(c.machine))\n"
            var table = TextTable(columns: [
                .init("ID", right: true), .init("WHEN"), .init("STRATEGY"), .init("CANDIDATE"), .init("STATUS"),
                .init("SPEEDUP", right: true), .init("CODE"),
            ])
            for record in bestFirst(group.records) {
                let status = record.refusal.map { "\(record.status) (\($0))" } ?? record.status
                table.add([
                    record.id.map(String.init) ?? "—", TuningFormat.date(record.createdAt), record.strategyID,
                    record.candidateID, status, TuningFormat.speedup(record.speedup),
                    TuningFormat.shortHash(record.codeHash),
                ])
            }
            out += table.render()
        }
        return out
    }

    /// `summaries` as a JSON array: sorted keys, ISO 8601 dates.
    public static func json(_ summaries: [KernelRecordSummary]) throws -> String {
        try encode(summaries)
    }

    /// `measurements` as a JSON array, in the order given.
    public static func json(measurements: [MeasurementRecord]) throws -> String {
        try encode(measurements)
    }

    // MARK: Pieces

    private static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Verified measurements by speedup (highest first), then the rest by id.
    static func bestFirst(_ records: [MeasurementRecord]) -> [MeasurementRecord] {
        let verified = records.filter { $0.status == "ok" && $0.speedup?.isFinite == true }
        let rest = records.filter { !($0.status == "ok" && $0.speedup?.isFinite == true) }
        return verified.sorted { ($0.speedup ?? 0, -($0.id ?? 0)) > ($1.speedup ?? 0, -($1.id ?? 0)) }
            + rest.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }

    /// Whether two contexts are the same for lookups (names and files aside).
    private static func sameKey(_ a: TuningContext, _ b: TuningContext) -> Bool {
        a.kernelHash == b.kernelHash && a.backendID == b.backendID && a.backendVersion == b.backendVersion
            && a.machine == b.machine && a.threads == b.threads && a.sizes == b.sizes
    }

    /// A machine fingerprint cut to fit a column.
    static func shortMachine(_ machine: String, length: Int = 28) -> String {
        machine.count <= length ? machine : String(machine.prefix(length - 1)) + "…"
    }
}

/// Columns of text padded to line up in a terminal.
struct TextTable {
    struct Column {
        var title: String
        var right: Bool
        init(_ title: String, right: Bool = false) {
            self.title = title
            self.right = right
        }
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(columns: [Column]) {
        self.columns = columns
    }

    mutating func add(_ row: [String]) {
        rows.append(row.map { $0.replacingOccurrences(of: "\n", with: " ") })
    }

    /// The header and the rows, columns two spaces apart, no trailing spaces.
    func render() -> String {
        let all = [columns.map(\.title)] + rows
        let widths = columns.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            columns.indices.map { column in
                let cell = row.indices.contains(column) ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return columns[column].right ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }
}
