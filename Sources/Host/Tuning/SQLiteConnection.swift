import CSQLite

/// A failed SQLite call: the result code, the extended code and SQLite's own
/// words. `TuningDatabase` turns it into an error a user can act on.
struct SQLiteFailure: Error, CustomStringConvertible {
    var code: Int32
    var extendedCode: Int32
    var message: String

    var description: String { "\(message) (SQLite error \(extendedCode))" }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// One SQLite connection, closed when released.
///
/// Thread contract: [serial] — one thread at a time; the connection and its
/// statements are not shared between threads.
final class SQLiteConnection {
    private let handle: OpaquePointer

    /// Opens `filename` with SQLite `flags` (`SQLITE_OPEN_*`).
    init(filename: String, flags: Int32) throws {
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(filename, &opened, flags, nil)
        guard let opened else {
            throw SQLiteFailure(code: code, extendedCode: code, message: "out of memory opening the database")
        }
        guard code == SQLITE_OK else {
            let failure = SQLiteConnection.failure(opened, code)
            sqlite3_close_v2(opened)
            throw failure
        }
        sqlite3_extended_result_codes(opened, 1)
        handle = opened
    }

    deinit {
        // close_v2 waits for statements still alive (none should be) instead of failing.
        sqlite3_close_v2(handle)
    }

    /// True when SQLite opened the file for reading only (asked to, or the
    /// operating system would not let it write).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// The row id of the last successful INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How long a statement waits for another connection's lock before it fails with SQLITE_BUSY.
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Compiles one SQL statement; values go in through `bind`, never into the text.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteConnection.failure(handle, code)
        }
        return SQLiteStatement(connection: self, handle: statement)
    }

    /// Runs `sql` with `values` bound, discarding any rows.
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
    }

    /// The rows of `sql` with `values` bound, each read by `read`.
    func rows<T>(_ sql: String, _ values: [SQLiteValue] = [], _ read: (SQLiteStatement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var result: [T] = []
        while try statement.step() { result.append(try read(statement)) }
        return result
    }

    fileprivate func failure(_ code: Int32) -> SQLiteFailure {
        SQLiteConnection.failure(handle, code)
    }

    private static func failure(_ handle: OpaquePointer, _ code: Int32) -> SQLiteFailure {
        let extended = sqlite3_extended_errcode(handle)
        let message = sqlite3_errmsg(handle).map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        return SQLiteFailure(code: code & 0xff, extendedCode: extended, message: message)
    }
}

/// One compiled statement of a `SQLiteConnection`, finalized when released.
final class SQLiteStatement {
    // Keeps the connection open while the statement lives.
    private let connection: SQLiteConnection
    private let handle: OpaquePointer

    fileprivate init(connection: SQLiteConnection, handle: OpaquePointer) {
        self.connection = connection
        self.handle = handle
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to parameters 1, 2, ... in order.
    func bind(_ values: [SQLiteValue]) throws {
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case let .integer(number): code = sqlite3_bind_int64(handle, index, number)
            case let .real(number): code = sqlite3_bind_double(handle, index, number)
            case let .text(text):
                // The byte count, not -1, so text with a NUL in it is kept whole.
                code = sqlite3_bind_text(handle, index, text, Int32(text.utf8.count), transient)
            }
            guard code == SQLITE_OK else { throw connection.failure(code) }
        }
    }

    /// Advances to the next row: true when there is one, false when done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.failure(code)
        }
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(handle, column)
    }

    func double(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(handle, column)
    }

    func text(_ column: Int32) -> String? {
        guard !isNull(column), let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
