/// A tuning database that cannot be opened, read or written. The
/// description starts with the database's path and says what to do next.
/// Whatever the kind, the file was not deleted, truncated or rewritten.
public struct TuningDatabaseError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// Not an SQLite file, or SQLite found it damaged.
        case notADatabase
        /// An SQLite file, but not one akg created (it has tables and no `meta`).
        case notATuningDatabase
        /// The file or its directory cannot be written, or it was opened read-only.
        case readOnly
        /// The directory for a new database could not be created.
        case cannotCreateDirectory
        /// Opened for reading and there is no file yet.
        case missing
        /// Written by a newer akg-host with a schema this one does not know.
        case schemaTooNew
        /// Another connection held a lock for longer than the busy timeout.
        case locked
        /// No space left on the device.
        case diskFull
        /// Anything else SQLite reported.
        case failed
    }

    public var kind: Kind
    /// The database file.
    public var path: String
    /// What went wrong and what to do, without the path.
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String { "\(path)\(detail)" }

    static let elsewhere = "point AKG_HOME or --db elsewhere"

    static func notADatabase(_ path: String, _ why: String) -> TuningDatabaseError {
        TuningDatabaseError(kind: .notADatabase, path: path, detail:
            " is not an SQLite database or is corrupt (\(why)); move it aside (it is left untouched) or \(elsewhere)")
    }

    static func notATuningDatabase(_ path: String) -> TuningDatabaseError {
        TuningDatabaseError(kind: .notATuningDatabase, path: path, detail:
            " is an SQLite database but not an akg tuning database (it has tables but no meta table);"
                + " it is left untouched; \(elsewhere)")
    }

    static func readOnly(_ path: String, _ why: String) -> TuningDatabaseError {
        TuningDatabaseError(kind: .readOnly, path: path, detail:
            " is read-only (\(why)); make it writable or \(elsewhere); listing records (akg-host records) still works")
    }

    static func cannotCreateDirectory(_ path: String, _ directory: String, _ why: String) -> TuningDatabaseError {
        TuningDatabaseError(kind: .cannotCreateDirectory, path: path, detail:
            ": cannot create the directory \(directory) (\(why)); create it yourself or \(elsewhere)")
    }

    static func missing(_ path: String) -> TuningDatabaseError {
        TuningDatabaseError(kind: .missing, path: path, detail:
            " does not exist yet; akg-host tune creates it with the first measurement")
    }

    static func schemaTooNew(_ path: String, found: Int, known: Int) -> TuningDatabaseError {
        TuningDatabaseError(kind: .schemaTooNew, path: path, detail:
            " was written by a newer akg-host (schema version \(found); this one knows up to \(known));"
                + " it is left untouched; use the newer akg-host or \(elsewhere)")
    }

    static func locked(_ path: String, seconds: Double) -> TuningDatabaseError {
        TuningDatabaseError(kind: .locked, path: path, detail:
            " is locked: another process held it for more than \(seconds) s (another akg-host tune on the same"
                + " database?); wait for it to finish and try again, or \(elsewhere)")
    }

    static func diskFull(_ path: String) -> TuningDatabaseError {
        TuningDatabaseError(kind: .diskFull, path: path, detail:
            ": the disk is full; nothing was recorded by this step; free some space or \(elsewhere)")
    }

    static func failed(_ path: String, doing: String, _ failure: SQLiteFailure) -> TuningDatabaseError {
        TuningDatabaseError(kind: .failed, path: path, detail:
            ": \(doing) failed: \(failure); if it persists, move the file aside or \(elsewhere)")
    }
}
