import CSQLite
import Foundation

/// The tuning database: every measurement `akg-host tune` makes, kept in one
/// SQLite file so that a run killed at any point can be resumed and nothing
/// is measured twice (docs/tuning.md, "The tuning database").
///
/// Durability: `insert` commits before it returns (its own transaction,
/// fsynced), so a process killed right after it loses nothing.
///
/// Safety of the user's files: a file that is not a database, is damaged, is
/// read-only or has a newer schema is reported with a `TuningDatabaseError`
/// and never deleted, truncated or rewritten.
///
/// Thread contract: [serial] — one thread at a time (the tuning loop records
/// from its own thread). Other processes may use the same file at the same
/// time: SQLite locks it, and in WAL mode readers go on while one writer
/// writes; a writer waits up to `busyTimeout` for another's lock.
public final class TuningDatabase {
    /// The schema this code writes; it reads this version and older ones.
    public static let schemaVersion = 1

    /// The database file.
    public let path: String
    /// Opened with `readOnly: true`: lookups work, writes throw.
    public let isReadOnly: Bool
    private let busyTimeout: Double
    private let connection: SQLiteConnection
    /// False only for a read-only open of a file with no tables yet.
    private let hasSchema: Bool

    /// `$AKG_HOME/tuning.db`; AKG_HOME defaults to `$XDG_DATA_HOME/akg`,
    /// else `~/.local/share/akg`. Empty variables count as unset, and a
    /// relative XDG_DATA_HOME is ignored, as the XDG specification asks.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["AKG_HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent("tuning.db")
        }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = (userHome as NSString).appendingPathComponent(".local/share")
        }
        return (dataHome as NSString).appendingPathComponent("akg/tuning.db")
    }

    /// Opens the database at `path`.
    ///
    /// For writing (the default) it creates the parent directories and the
    /// schema when missing, and switches the file to WAL mode. With
    /// `readOnly` it changes nothing on disk and works on a read-only file
    /// or directory; a missing file is an error of kind `.missing`.
    /// `busyTimeout` is how many seconds a statement waits for another
    /// process's lock before failing with kind `.locked`.
    public init(path: String, readOnly: Bool = false, busyTimeout: Double = 5) throws {
        self.path = path
        self.isReadOnly = readOnly
        self.busyTimeout = busyTimeout
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists {
            if isDirectory.boolValue { throw TuningDatabaseError.notADatabase(path, "it is a directory") }
            // Checked before SQLite sees the file, so a foreign file is never touched.
            try Self.checkHeader(path)
        } else if readOnly {
            throw TuningDatabaseError.missing(path)
        }
        let timeout = Int32(max(0, min(busyTimeout * 1000, Double(Int32.max))))
        if readOnly {
            (connection, hasSchema) = try Self.openForReading(path, busyTimeoutMilliseconds: timeout)
            return
        }
        let directory = Self.directory(of: path)
        if !exists {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw TuningDatabaseError.cannotCreateDirectory(path, directory, Self.reason(error))
            }
        }
        if !Self.isWritable(directory) {
            throw TuningDatabaseError.readOnly(path, "its directory \(directory) is not writable, and SQLite"
                + " keeps its journal files next to the database")
        }
        if exists && !Self.isWritable(path) {
            throw TuningDatabaseError.readOnly(path, "the file is not writable")
        }
        do {
            connection = try SQLiteConnection(filename: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        } catch let failure as SQLiteFailure {
            throw Self.translate(failure, path: path, doing: "opening", busyTimeout: busyTimeout)
        }
        // SQLite silently falls back to reading when the system refuses writes.
        if connection.isReadOnly {
            throw TuningDatabaseError.readOnly(path, "the file is not writable")
        }
        connection.setBusyTimeout(milliseconds: timeout)
        do {
            let existing = try Self.readSchemaState(connection, path: path)
            try Self.configureForWriting(connection)
            if !existing { try Self.createSchema(connection) }
        } catch let failure as SQLiteFailure {
            throw Self.translate(failure, path: path, doing: "opening", busyTimeout: busyTimeout)
        }
        hasSchema = true
    }

    // MARK: Sessions

    /// Records the start of a tuning session and returns its id.
    public func beginSession(context: TuningContext, strategyID: String, budget: Int?, seconds: Double?) throws -> Int64 {
        try writing("starting a session") {
            try connection.run("""
                INSERT INTO sessions (kernel_hash, kernel_name, kernel_file, backend_id, backend_version,
                                      machine, threads, sizes, strategy_id, budget_candidates, budget_seconds,
                                      started_at, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')
                """, Self.contextValues(context, withNames: true) + [
                    .text(strategyID), budget.map { .integer(Int64($0)) } ?? .null,
                    seconds.map { .real($0) } ?? .null, .real(Date().timeIntervalSince1970),
                ])
            return connection.lastInsertRowID
        }
    }

    /// Records how session `id` ended (`status`: why it stopped) and its best measurement.
    public func finishSession(_ id: Int64, status: String, best: Int64?) throws {
        try writing("finishing a session") {
            try connection.run("UPDATE sessions SET status = ?, finished_at = ?, best_measurement = ? WHERE id = ?",
                               [.text(status), .real(Date().timeIntervalSince1970),
                                best.map { .integer($0) } ?? .null, .integer(id)])
        }
    }

    // MARK: Measurements

    /// Appends `record` and returns its id. The row is committed (and, with
    /// `synchronous=FULL`, on disk) when this returns.
    @discardableResult
    public func insert(_ record: MeasurementRecord) throws -> Int64 {
        try writing("recording a measurement") {
            let ratios = try Self.encodeRatios(record.ratios)
            try connection.run("""
                INSERT INTO measurements (kernel_hash, kernel_name, kernel_file, backend_id, backend_version,
                                          machine, threads, sizes, session, strategy_id, candidate_id,
                                          candidate, candidate_hash, config, code_hash, code, status, refusal,
                                          message, speedup, candidate_ns, baseline_ns, ratios,
                                          compile_seconds, measure_seconds, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, Self.contextValues(record.context, withNames: true) + [
                    record.session.map { .integer($0) } ?? .null,
                    .text(record.strategyID), .text(record.candidateID),
                    .text(record.candidate), .text(record.candidateHash),
                    Self.optional(record.config), Self.optional(record.codeHash), Self.optional(record.code),
                    .text(record.status), Self.optional(record.refusal), .text(record.message),
                    record.speedup.map { .real($0) } ?? .null,
                    record.candidateNanoseconds.map { .integer($0) } ?? .null,
                    record.baselineNanoseconds.map { .integer($0) } ?? .null,
                    .text(ratios), .real(record.compileSeconds), .real(record.measureSeconds),
                    .real(record.createdAt.timeIntervalSince1970),
                ])
            return connection.lastInsertRowID
        }
    }

    /// The newest measurement of the code with SHA-256 `codeHash` in `context`.
    public func measurement(context: TuningContext, codeHash: String) throws -> MeasurementRecord? {
        try selectMeasurements("WHERE \(Self.contextCondition) AND code_hash = ? ORDER BY id DESC LIMIT 1",
                               Self.contextValues(context, withNames: false) + [.text(codeHash)]).first
    }

    /// The newest measurement of the candidate document with SHA-256 `candidateHash` in `context`.
    public func measurement(context: TuningContext, candidateHash: String) throws -> MeasurementRecord? {
        try selectMeasurements("WHERE \(Self.contextCondition) AND candidate_hash = ? ORDER BY id DESC LIMIT 1",
                               Self.contextValues(context, withNames: false) + [.text(candidateHash)]).first
    }

    /// Every measurement in `context`, oldest first.
    public func measurements(context: TuningContext) throws -> [MeasurementRecord] {
        try selectMeasurements("WHERE \(Self.contextCondition) ORDER BY id",
                               Self.contextValues(context, withNames: false))
    }

    /// Every measurement of the kernel with hash `kernelHash`, in any context, oldest first.
    public func measurements(kernelHash: String) throws -> [MeasurementRecord] {
        try selectMeasurements("WHERE kernel_hash = ? ORDER BY id", [.text(kernelHash)])
    }

    /// One summary per context (of one kernel when `kernelHash` is given),
    /// the most recently tuned first.
    public func kernelSummaries(kernelHash: String? = nil) throws -> [KernelRecordSummary] {
        guard hasSchema else { return [] }
        return try reading("listing records") {
            // One read transaction: every number comes from the same snapshot
            // while a tuning run may be adding rows.
            try connection.run("BEGIN")
            defer { try? connection.run("COMMIT") }
            let filter = kernelHash == nil ? "" : "WHERE kernel_hash = ?"
            let groups = try connection.rows("""
                SELECT kernel_hash, backend_id, backend_version, machine, threads, sizes,
                       COUNT(*), MIN(created_at), MAX(created_at), MAX(id)
                FROM measurements \(filter)
                GROUP BY kernel_hash, backend_id, backend_version, machine, threads, sizes
                ORDER BY MAX(created_at) DESC, MAX(id) DESC
                """, kernelHash.map { [.text($0)] } ?? []) { row in
                (key: [SQLiteValue.text(row.text(0) ?? ""), .text(row.text(1) ?? ""), .text(row.text(2) ?? ""),
                       .text(row.text(3) ?? ""), .integer(row.int64(4) ?? 0), .text(row.text(5) ?? "{}")],
                 count: Int(row.int64(6) ?? 0),
                 first: Date(timeIntervalSince1970: row.double(7) ?? 0),
                 last: Date(timeIntervalSince1970: row.double(8) ?? 0),
                 newest: row.int64(9) ?? 0)
            }
            return try groups.map { group in
                let newest = try connection.rows("SELECT kernel_name, kernel_file FROM measurements WHERE id = ?",
                                                 [.integer(group.newest)]) { ($0.text(0) ?? "", $0.text(1) ?? "") }
                let counts = try connection.rows("""
                    SELECT status, COUNT(*) FROM measurements WHERE \(Self.contextCondition) GROUP BY status
                    """, group.key) { ($0.text(0) ?? "", Int($0.int64(1) ?? 0)) }
                let best = try connection.rows("""
                    SELECT id, candidate_id, speedup FROM measurements
                    WHERE \(Self.contextCondition) AND status = 'ok' AND speedup IS NOT NULL
                    ORDER BY speedup DESC, id LIMIT 1
                    """, group.key) { ($0.int64(0) ?? 0, $0.text(1) ?? "", $0.double(2) ?? 0) }.first
                let sessions = try connection.rows("SELECT COUNT(*) FROM sessions WHERE \(Self.contextCondition)",
                                                   group.key) { Int($0.int64(0) ?? 0) }.first ?? 0
                let context = try Self.context(from: group.key, name: newest.first?.0 ?? "",
                                               file: newest.first?.1 ?? "")
                return KernelRecordSummary(
                    context: context, measurements: group.count,
                    statusCounts: Dictionary(counts, uniquingKeysWith: +),
                    bestSpeedup: best?.2, bestCandidateID: best?.1, bestMeasurementID: best?.0,
                    firstTuned: group.first, lastTuned: group.last, sessions: sessions)
            }
        }
    }

    // MARK: Opening

    /// Throws unless the file at `path` is empty (SQLite's empty database) or
    /// starts with the SQLite header. Reads; never writes.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TuningDatabaseError(kind: .failed, path: path, detail:
                " cannot be read (check its permissions); \(TuningDatabaseError.elsewhere)")
        }
        defer { try? handle.close() }
        let header = [UInt8](handle.readData(ofLength: 100))
        let magic = Array("SQLite format 3".utf8) + [0]
        if header.isEmpty { return }
        guard header.count == 100, Array(header.prefix(magic.count)) == magic else {
            throw TuningDatabaseError.notADatabase(path, "it does not start with the SQLite header")
        }
    }

    /// A read-only connection and whether the file has tables yet.
    private static func openForReading(_ path: String, busyTimeoutMilliseconds: Int32) throws
        -> (SQLiteConnection, Bool) {
        func open(_ filename: String, _ flags: Int32) throws -> (SQLiteConnection, Bool) {
            let connection = try SQLiteConnection(filename: filename, flags: flags)
            connection.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
            return (connection, try readSchemaState(connection, path: path))
        }
        do {
            do {
                return try open(path, SQLITE_OPEN_READONLY)
            } catch let failure as SQLiteFailure where failure.code == SQLITE_READONLY || failure.code == SQLITE_CANTOPEN {
                // A WAL database in a directory we cannot write: SQLite cannot
                // create the shared-memory file readers need. Reading the file
                // as immutable works; it skips a write-ahead log left by a
                // writer that crashed, which only that writer's next open
                // would have folded in anyway.
                return try open("file:\(uriEscaped(path))?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI)
            }
        } catch let failure as SQLiteFailure {
            throw translate(failure, path: path, doing: "opening for reading", busyTimeout: 0)
        }
    }

    /// Whether the database has our tables; throws when it is someone
    /// else's database or a newer schema.
    private static func readSchemaState(_ connection: SQLiteConnection, path: String) throws -> Bool {
        let tables = try connection.rows("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.text(0) ?? "" }
        if tables.isEmpty { return false }
        guard tables.contains("meta") else { throw TuningDatabaseError.notATuningDatabase(path) }
        let versions = try connection.rows("SELECT value FROM meta WHERE key = 'schema_version'") { $0.text(0) }
        guard let text = versions.first ?? nil, let version = Int(text), version >= 1 else {
            throw TuningDatabaseError.notATuningDatabase(path)
        }
        if version > schemaVersion {
            throw TuningDatabaseError.schemaTooNew(path, found: version, known: schemaVersion)
        }
        return true
    }

    private static func configureForWriting(_ connection: SQLiteConnection) throws {
        // WAL: readers (akg-host records) never block the tuning loop's writes,
        // and a commit is one append to the log. The mode is stored in the
        // file. Where the file system cannot do WAL SQLite keeps its rollback
        // journal, which is just as safe, so the answer is not checked.
        _ = try connection.rows("PRAGMA journal_mode = WAL") { $0.text(0) }
        // FULL, not NORMAL: NORMAL in WAL mode already survives a killed
        // process, but may lose the last commits on power loss or an OS
        // crash. A measurement costs seconds; one fsync per commit costs
        // milliseconds, so the stronger promise is nearly free.
        try connection.run("PRAGMA synchronous = FULL")
    }

    /// Creates the tables in one transaction, so a process killed halfway
    /// leaves either no schema or all of it.
    private static func createSchema(_ connection: SQLiteConnection) throws {
        try connection.run("BEGIN IMMEDIATE")
        do {
            for statement in schema { try connection.run(statement) }
            try connection.run("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                               [.text(String(schemaVersion))])
            try connection.run("COMMIT")
        } catch {
            try? connection.run("ROLLBACK")
            throw error
        }
    }

    /// Schema version 1. Context columns repeat in every row so that a row
    /// stands on its own; times are seconds since 1970 (UTC).
    private static let schema = [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS sessions (
            id INTEGER PRIMARY KEY,
            kernel_hash TEXT NOT NULL, kernel_name TEXT NOT NULL, kernel_file TEXT NOT NULL,
            backend_id TEXT NOT NULL, backend_version TEXT NOT NULL,
            machine TEXT NOT NULL, threads INTEGER NOT NULL, sizes TEXT NOT NULL,
            strategy_id TEXT NOT NULL,
            budget_candidates INTEGER, budget_seconds REAL,
            started_at REAL NOT NULL, finished_at REAL,
            status TEXT NOT NULL,
            best_measurement INTEGER REFERENCES measurements(id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS measurements (
            id INTEGER PRIMARY KEY,
            kernel_hash TEXT NOT NULL, kernel_name TEXT NOT NULL, kernel_file TEXT NOT NULL,
            backend_id TEXT NOT NULL, backend_version TEXT NOT NULL,
            machine TEXT NOT NULL, threads INTEGER NOT NULL, sizes TEXT NOT NULL,
            session INTEGER REFERENCES sessions(id),
            strategy_id TEXT NOT NULL, candidate_id TEXT NOT NULL,
            candidate TEXT NOT NULL, candidate_hash TEXT NOT NULL,
            config TEXT, code_hash TEXT, code TEXT,
            status TEXT NOT NULL, refusal TEXT, message TEXT NOT NULL,
            speedup REAL, candidate_ns INTEGER, baseline_ns INTEGER, ratios TEXT NOT NULL,
            compile_seconds REAL NOT NULL, measure_seconds REAL NOT NULL,
            created_at REAL NOT NULL
        )
        """,
        // The lookups: by code and by candidate within a kernel's records;
        // their kernel_hash prefix also serves listing by kernel.
        "CREATE INDEX IF NOT EXISTS measurements_by_code ON measurements (kernel_hash, code_hash)",
        "CREATE INDEX IF NOT EXISTS measurements_by_candidate ON measurements (kernel_hash, candidate_hash)",
    ]

    // MARK: Rows

    /// The columns that make up a context, in `contextValues(_, withNames: false)` order.
    private static let contextCondition =
        "kernel_hash = ? AND backend_id = ? AND backend_version = ? AND machine = ? AND threads = ? AND sizes = ?"

    /// The context as bound values: the key columns, or (`withNames`) all
    /// eight columns in the tables' order.
    private static func contextValues(_ context: TuningContext, withNames: Bool) -> [SQLiteValue] {
        if withNames {
            return [.text(context.kernelHash), .text(context.kernelName), .text(context.kernelFile),
                    .text(context.backendID), .text(context.backendVersion), .text(context.machine),
                    .integer(Int64(context.threads)), .text(context.canonicalSizes)]
        }
        return [.text(context.kernelHash), .text(context.backendID), .text(context.backendVersion),
                .text(context.machine), .integer(Int64(context.threads)), .text(context.canonicalSizes)]
    }

    private static func context(from key: [SQLiteValue], name: String, file: String) throws -> TuningContext {
        func text(_ index: Int) -> String {
            if case let .text(value) = key[index] { return value }
            return ""
        }
        var threads = 0
        if case let .integer(value) = key[4] { threads = Int(value) }
        return TuningContext(kernelHash: text(0), kernelName: name, kernelFile: file, backendID: text(1),
                             backendVersion: text(2), machine: text(3), threads: threads,
                             sizes: try decodeSizes(text(5)))
    }

    private static let measurementColumns = """
        id, session, kernel_hash, kernel_name, kernel_file, backend_id, backend_version, machine, threads, sizes,
        strategy_id, candidate_id, candidate, candidate_hash, config, code_hash, code, status, refusal, message,
        speedup, candidate_ns, baseline_ns, ratios, compile_seconds, measure_seconds, created_at
        """

    private func selectMeasurements(_ clause: String, _ values: [SQLiteValue]) throws -> [MeasurementRecord] {
        guard hasSchema else { return [] }
        return try reading("reading measurements") {
            try connection.rows("SELECT \(Self.measurementColumns) FROM measurements \(clause)", values) { row in
                let context = TuningContext(
                    kernelHash: row.text(2) ?? "", kernelName: row.text(3) ?? "", kernelFile: row.text(4) ?? "",
                    backendID: row.text(5) ?? "", backendVersion: row.text(6) ?? "", machine: row.text(7) ?? "",
                    threads: Int(row.int64(8) ?? 0), sizes: try Self.decodeSizes(row.text(9) ?? "{}"))
                return MeasurementRecord(
                    id: row.int64(0), session: row.int64(1), context: context,
                    strategyID: row.text(10) ?? "", candidateID: row.text(11) ?? "",
                    candidate: row.text(12) ?? "", candidateHash: row.text(13) ?? "",
                    config: row.text(14), codeHash: row.text(15), code: row.text(16),
                    status: row.text(17) ?? "", refusal: row.text(18), message: row.text(19) ?? "",
                    speedup: row.double(20), candidateNanoseconds: row.int64(21), baselineNanoseconds: row.int64(22),
                    ratios: try Self.decodeRatios(row.text(23) ?? "[]"),
                    compileSeconds: row.double(24) ?? 0, measureSeconds: row.double(25) ?? 0,
                    createdAt: Date(timeIntervalSince1970: row.double(26) ?? 0))
            }
        }
    }

    private static func optional(_ text: String?) -> SQLiteValue {
        text.map { .text($0) } ?? .null
    }

    /// Ratios as a JSON array; a non-finite ratio is kept as a string rather than refused.
    private static let nonFinite = (positive: "inf", negative: "-inf", nan: "nan")

    private static func encodeRatios(_ ratios: [Double]) throws -> String {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return String(decoding: try encoder.encode(ratios), as: UTF8.self)
    }

    private static func decodeRatios(_ text: String) throws -> [Double] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return try decoder.decode([Double].self, from: Data(text.utf8))
    }

    private static func decodeSizes(_ text: String) throws -> [String: Int] {
        try JSONDecoder().decode([String: Int].self, from: Data(text.utf8))
    }

    // MARK: Errors

    private func writing<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        if isReadOnly {
            throw TuningDatabaseError.readOnly(path, "it was opened for reading only, and \(doing) writes")
        }
        return try reading(doing, body)
    }

    /// Runs `body`, turning SQLite failures into errors that say what to do.
    private func reading<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as SQLiteFailure {
            throw translate(failure, doing: doing)
        } catch let error as DecodingError {
            throw TuningDatabaseError.notADatabase(path, "a stored JSON value does not decode: \(error)")
        }
    }

    private func translate(_ failure: SQLiteFailure, doing: String) -> TuningDatabaseError {
        Self.translate(failure, path: path, doing: doing, busyTimeout: busyTimeout)
    }

    private static func translate(_ failure: SQLiteFailure, path: String, doing: String,
                                  busyTimeout: Double) -> TuningDatabaseError {
        switch failure.code {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return .notADatabase(path, failure.message)
        case SQLITE_READONLY:
            return .readOnly(path, "the file or its directory is not writable; SQLite says: \(failure.message)")
        case SQLITE_CANTOPEN where !isWritable(directory(of: path)):
            return .readOnly(path, "its directory \(directory(of: path)) is not writable")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .locked(path, seconds: busyTimeout)
        case SQLITE_FULL:
            return .diskFull(path)
        default:
            return .failed(path, doing: doing, failure)
        }
    }

    /// Whether this process may write `path`, judged by its effective user
    /// and groups (plain `access` would ask about the real ones).
    private static func isWritable(_ path: String) -> Bool {
        faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0
    }

    private static func directory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return error.localizedDescription
    }

    /// `path` as the path part of a `file:` URI: everything but unreserved
    /// characters and `/` percent-encoded.
    private static func uriEscaped(_ path: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        var result = ""
        for byte in path.utf8 {
            if unreserved.contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
