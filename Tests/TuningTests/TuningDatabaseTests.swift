@testable import AKGHost
import CSQLite
import Foundation
import XCTest

final class TuningDatabaseTests: XCTestCase {
    private func freshPath() throws -> String {
        try TuningFixtures.temporaryDirectory(self) + "/home/tuning.db"
    }

    // MARK: Correctness

    func testInsertAndLookUpByCodeAndCandidateHash() throws {
        let path = try freshPath()
        let database = try TuningDatabase(path: path)
        var record = TuningFixtures.record("g0-1", speedup: 2.41)
        record.code = "void k(void) {\n\t/* a NUL \u{0} inside, and ünïcode */\n}"
        record.codeHash = SHA256.hex(record.code ?? "")
        let id = try database.insert(record)
        XCTAssertGreaterThan(id, 0)

        var expected = record
        expected.id = id
        let byCode = try database.measurement(context: TuningFixtures.context(), codeHash: record.codeHash ?? "")
        XCTAssertEqual(byCode, expected)
        let byCandidate = try database.measurement(context: TuningFixtures.context(), candidateHash: record.candidateHash)
        XCTAssertEqual(byCandidate, expected)
        XCTAssertEqual(try database.measurements(context: TuningFixtures.context()), [expected])
    }

    func testNewestMeasurementWins() throws {
        let database = try TuningDatabase(path: try freshPath())
        let code = "void same(void) {}", candidate = "{\"knobs\":{}}"
        try database.insert(TuningFixtures.record("first", speedup: 1.5, code: code, candidate: candidate))
        let second = try database.insert(TuningFixtures.record("second", speedup: 1.7, code: code, candidate: candidate))
        let byCode = try database.measurement(context: TuningFixtures.context(), codeHash: SHA256.hex(code))
        XCTAssertEqual(byCode?.id, second)
        XCTAssertEqual(byCode?.speedup, 1.7)
        let byCandidate = try database.measurement(context: TuningFixtures.context(), candidateHash: SHA256.hex(candidate))
        XCTAssertEqual(byCandidate?.candidateID, "second")
    }

    func testAnotherContextFindsNothing() throws {
        let database = try TuningDatabase(path: try freshPath())
        let record = TuningFixtures.record("g0-1")
        try database.insert(record)
        let codeHash = try XCTUnwrap(record.codeHash)
        let others = [
            TuningFixtures.context(threads: 8),
            TuningFixtures.context(sizes: ["NI": 64, "NJ": 48, "NK": 33]),
            TuningFixtures.context(backendVersion: "0.2.0"),
            TuningFixtures.context(kernelHash: SHA256.hex("another kernel")),
        ]
        for other in others {
            XCTAssertNil(try database.measurement(context: other, codeHash: codeHash), "\(other)")
            XCTAssertNil(try database.measurement(context: other, candidateHash: record.candidateHash), "\(other)")
            XCTAssertEqual(try database.measurements(context: other), [])
        }
        // Name and file describe the kernel; a moved file keeps its records.
        var moved = TuningFixtures.context()
        moved.kernelFile = "elsewhere/gemm.c"
        XCTAssertNotNil(try database.measurement(context: moved, codeHash: codeHash))
        // Sizes are compared as canonical JSON, whatever the dictionary order.
        let reordered = TuningFixtures.context(sizes: ["NK": 32, "NJ": 48, "NI": 64])
        XCTAssertNotNil(try database.measurement(context: reordered, codeHash: codeHash))
    }

    func testMeasurementsOldestFirstAndByKernel() throws {
        let database = try TuningDatabase(path: try freshPath())
        try database.insert(TuningFixtures.record("a"))
        try database.insert(TuningFixtures.record("b", context: TuningFixtures.context(threads: 1)))
        try database.insert(TuningFixtures.record("c", status: "refused"))
        try database.insert(TuningFixtures.record("d", context: TuningFixtures.context(kernelHash: "other")))
        XCTAssertEqual(try database.measurements(context: TuningFixtures.context()).map(\.candidateID), ["a", "c"])
        XCTAssertEqual(try database.measurements(kernelHash: TuningFixtures.context().kernelHash).map(\.candidateID),
                       ["a", "b", "c"])
    }

    func testSessionsAndSummaries() throws {
        let database = try TuningDatabase(path: try freshPath())
        let context = TuningFixtures.context()
        let session = try database.beginSession(context: context, strategyID: "org.akg.evolution", budget: 4, seconds: nil)
        try database.insert(TuningFixtures.record("s1", status: "ok", speedup: 1.2, session: session, createdAt: 1_700_000_000))
        let best = try database.insert(TuningFixtures.record("s2", status: "ok", speedup: 3.5, session: session,
                                                             createdAt: 1_700_000_010))
        try database.insert(TuningFixtures.record("s3", status: "refused", session: session, createdAt: 1_700_000_020))
        try database.insert(TuningFixtures.record("s4", status: "invalid", session: session, createdAt: 1_700_000_030))
        try database.finishSession(session, status: "budget", best: best)
        _ = try database.beginSession(context: context, strategyID: "org.akg.random", budget: nil, seconds: 60)
        try database.insert(TuningFixtures.record("x", context: TuningFixtures.context(threads: 1), speedup: 0.9,
                                                  createdAt: 1_600_000_000))

        let summaries = try database.kernelSummaries()
        XCTAssertEqual(summaries.count, 2)
        let summary = try XCTUnwrap(summaries.first)
        XCTAssertEqual(summary.context, context)
        XCTAssertEqual(summary.measurements, 4)
        XCTAssertEqual(summary.statusCounts, ["ok": 2, "refused": 1, "invalid": 1])
        XCTAssertEqual(summary.ok, 2)
        XCTAssertEqual(summary.failed, 2)
        XCTAssertEqual(summary.bestSpeedup, 3.5)
        XCTAssertEqual(summary.bestCandidateID, "s2")
        XCTAssertEqual(summary.bestMeasurementID, best)
        XCTAssertEqual(summary.firstTuned, Date(timeIntervalSince1970: 1_700_000_000))
        XCTAssertEqual(summary.lastTuned, Date(timeIntervalSince1970: 1_700_000_030))
        XCTAssertEqual(summary.sessions, 2)
        XCTAssertEqual(summaries.last?.context.threads, 1)
        XCTAssertEqual(summaries.last?.sessions, 0)

        XCTAssertEqual(try database.kernelSummaries(kernelHash: context.kernelHash).count, 2)
        XCTAssertEqual(try database.kernelSummaries(kernelHash: "no such kernel"), [])
        XCTAssertEqual(TuningFixtures.sqliteInteger(database.path, "SELECT best_measurement FROM sessions WHERE id = \(session)"),
                       best)
    }

    func testSchemaAndPragmas() throws {
        let path = try freshPath()
        let database = try TuningDatabase(path: path)
        try database.insert(TuningFixtures.record("a"))
        XCTAssertEqual(TuningFixtures.sqliteInteger(path, "SELECT value FROM meta WHERE key = 'schema_version'"), 1)
        XCTAssertEqual(TuningFixtures.sqliteInteger(path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1)
        XCTAssertEqual(TuningFixtures.sqliteInteger(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'measurements_by_%'"), 2)
        // Opening again neither fails nor duplicates anything.
        let again = try TuningDatabase(path: path)
        XCTAssertEqual(try again.measurements(kernelHash: TuningFixtures.context().kernelHash).count, 1)
        XCTAssertEqual(TuningFixtures.sqliteInteger(path, "SELECT count(*) FROM meta"), 1)
    }

    // MARK: Durability

    /// What a SIGKILL right after `insert` would leave: each row must
    /// already be visible to another connection (another process would see
    /// the same file) while the writer is still open and has not closed,
    /// checkpointed or finalized anything.
    func testInsertIsCommittedBeforeItReturns() throws {
        let path = try freshPath()
        let writer = try TuningDatabase(path: path)
        for count in 1...5 {
            try writer.insert(TuningFixtures.record("c\(count)"))
            XCTAssertEqual(TuningFixtures.sqliteInteger(path, "SELECT count(*) FROM measurements"), Int64(count))
            let reader = try TuningDatabase(path: path, readOnly: true)
            XCTAssertEqual(try reader.measurements(context: TuningFixtures.context()).count, count)
        }
        withExtendedLifetime(writer) {}
    }

    // MARK: Errors

    func testTextFileIsRefusedAndLeftUntouched() throws {
        let path = try TuningFixtures.temporaryDirectory(self) + "/tuning.db"
        let contents = Data("these are my notes, not a database\n".utf8)
        try contents.write(to: URL(fileURLWithPath: path))
        for readOnly in [false, true] {
            XCTAssertThrowsError(try TuningDatabase(path: path, readOnly: readOnly)) { error in
                let error = error as? TuningDatabaseError
                XCTAssertEqual(error?.kind, .notADatabase)
                let text = error?.description ?? ""
                XCTAssertTrue(text.hasPrefix(path), text)
                XCTAssertTrue(text.contains("is not an SQLite database or is corrupt"), text)
                XCTAssertTrue(text.contains("left untouched"), text)
                XCTAssertTrue(text.contains("AKG_HOME"), text)
            }
        }
        XCTAssertEqual(TuningFixtures.bytes(path), contents)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent),
                       ["tuning.db"])
    }

    func testDamagedDatabaseIsRefusedAndLeftUntouched() throws {
        let path = try TuningFixtures.temporaryDirectory(self) + "/tuning.db"
        var generator = SystemRandomNumberGenerator()
        // The right header, garbage after it: SQLite itself must notice.
        var bytes = Array("SQLite format 3".utf8) + [0]
        bytes += (0..<8176).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try TuningDatabase(path: path)) { error in
            let error = error as? TuningDatabaseError
            XCTAssertEqual(error?.kind, .notADatabase)
            XCTAssertTrue(error?.description.hasPrefix(path) == true)
            XCTAssertTrue(error?.description.contains("left untouched") == true)
        }
        XCTAssertEqual(TuningFixtures.bytes(path), Data(bytes))
    }

    func testRandomBytesAreRefusedAndLeftUntouched() throws {
        let path = try TuningFixtures.temporaryDirectory(self) + "/tuning.db"
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try TuningDatabase(path: path)) { error in
            XCTAssertEqual((error as? TuningDatabaseError)?.kind, .notADatabase)
        }
        XCTAssertEqual(TuningFixtures.bytes(path), bytes)
    }

    func testSomeoneElsesDatabaseIsRefused() throws {
        let path = try TuningFixtures.temporaryDirectory(self) + "/tuning.db"
        TuningFixtures.sqlite(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        let before = TuningFixtures.bytes(path)
        XCTAssertThrowsError(try TuningDatabase(path: path)) { error in
            let error = error as? TuningDatabaseError
            XCTAssertEqual(error?.kind, .notATuningDatabase)
            XCTAssertTrue(error?.description.hasPrefix(path) == true)
        }
        XCTAssertEqual(TuningFixtures.bytes(path), before)
    }

    func testNewerSchemaIsRefused() throws {
        let path = try freshPath()
        try TuningDatabase(path: path).insert(TuningFixtures.record("a"))
        TuningFixtures.sqlite(path, "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        let before = TuningFixtures.bytes(path)
        for readOnly in [false, true] {
            XCTAssertThrowsError(try TuningDatabase(path: path, readOnly: readOnly)) { error in
                let error = error as? TuningDatabaseError
                XCTAssertEqual(error?.kind, .schemaTooNew)
                let text = error?.description ?? ""
                XCTAssertTrue(text.hasPrefix(path), text)
                XCTAssertTrue(text.contains("newer akg-host"), text)
                XCTAssertTrue(text.contains("schema version 2"), text)
            }
        }
        XCTAssertEqual(TuningFixtures.bytes(path), before)
    }

    func testReadOnlyFileRefusesWritesAndStillLists() throws {
        let directory = try TuningFixtures.temporaryDirectory(self)
        let path = directory + "/tuning.db"
        try TuningDatabase(path: path).insert(TuningFixtures.record("kept"))
        // A read-only file in a writable directory, then in a read-only one.
        XCTAssertEqual(chmod(path, 0o444), 0)
        XCTAssertEqual(chmod(directory, 0o777), 0)
        let before = TuningFixtures.bytes(path)
        try TuningFixtures.withoutPrivileges {
            XCTAssertThrowsError(try TuningDatabase(path: path)) { error in
                let error = error as? TuningDatabaseError
                XCTAssertEqual(error?.kind, .readOnly)
                let text = error?.description ?? ""
                XCTAssertTrue(text.hasPrefix(path + " is read-only"), text)
            }
            let reader = try TuningDatabase(path: path, readOnly: true)
            XCTAssertEqual(try reader.measurements(context: TuningFixtures.context()).map(\.candidateID), ["kept"])
            XCTAssertEqual(try reader.kernelSummaries().count, 1)
        }
        XCTAssertEqual(chmod(directory, 0o555), 0)
        // Shared-memory files a reader left behind would let SQLite read
        // normally; without them it has to fall back to an immutable read.
        for name in ["tuning.db-shm", "tuning.db-wal"] { try? FileManager.default.removeItem(atPath: directory + "/" + name) }
        try TuningFixtures.withoutPrivileges {
            XCTAssertThrowsError(try TuningDatabase(path: path)) { error in
                XCTAssertEqual((error as? TuningDatabaseError)?.kind, .readOnly)
                XCTAssertTrue((error as? TuningDatabaseError)?.description.hasPrefix(path) == true)
            }
            let reader = try TuningDatabase(path: path, readOnly: true)
            XCTAssertEqual(try reader.kernelSummaries().first?.bestCandidateID, "kept")
        }
        XCTAssertEqual(TuningFixtures.bytes(path), before)
    }

    func testWritableFileInReadOnlyDirectoryIsRefused() throws {
        let directory = try TuningFixtures.temporaryDirectory(self)
        let path = directory + "/tuning.db"
        try TuningDatabase(path: path).insert(TuningFixtures.record("kept"))
        XCTAssertEqual(chmod(path, 0o666), 0)
        XCTAssertEqual(chmod(directory, 0o555), 0)
        let before = TuningFixtures.bytes(path)
        try TuningFixtures.withoutPrivileges {
            XCTAssertThrowsError(try TuningDatabase(path: path)) { error in
                let error = error as? TuningDatabaseError
                XCTAssertEqual(error?.kind, .readOnly)
                XCTAssertTrue(error?.description.contains("directory") == true, error?.description ?? "")
            }
        }
        XCTAssertEqual(TuningFixtures.bytes(path), before)
    }

    func testReadOnlyConnectionRefusesWrites() throws {
        let path = try freshPath()
        try TuningDatabase(path: path).insert(TuningFixtures.record("a"))
        let reader = try TuningDatabase(path: path, readOnly: true)
        XCTAssertThrowsError(try reader.insert(TuningFixtures.record("b"))) { error in
            let error = error as? TuningDatabaseError
            XCTAssertEqual(error?.kind, .readOnly)
            XCTAssertTrue(error?.description.hasPrefix(path) == true)
        }
        XCTAssertThrowsError(try reader.beginSession(context: TuningFixtures.context(), strategyID: "s", budget: nil, seconds: nil))
        XCTAssertEqual(try reader.measurements(context: TuningFixtures.context()).count, 1)
    }

    func testReadOnlyOpenOfMissingOrEmptyFile() throws {
        let directory = try TuningFixtures.temporaryDirectory(self)
        let missing = directory + "/none/tuning.db"
        XCTAssertThrowsError(try TuningDatabase(path: missing, readOnly: true)) { error in
            XCTAssertEqual((error as? TuningDatabaseError)?.kind, .missing)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/none"), "a read-only open creates nothing")
        let empty = directory + "/empty.db"
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let reader = try TuningDatabase(path: empty, readOnly: true)
        XCTAssertEqual(try reader.kernelSummaries(), [])
        XCTAssertEqual(try reader.measurements(kernelHash: "x"), [])
        XCTAssertEqual(TuningFixtures.bytes(empty), Data())
    }

    func testDirectoryThatCannotBeCreated() throws {
        let directory = try TuningFixtures.temporaryDirectory(self)
        let blocker = directory + "/file"
        XCTAssertTrue(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        let path = blocker + "/akg/tuning.db"
        XCTAssertThrowsError(try TuningDatabase(path: path)) { error in
            let error = error as? TuningDatabaseError
            XCTAssertEqual(error?.kind, .cannotCreateDirectory)
            let text = error?.description ?? ""
            XCTAssertTrue(text.hasPrefix(path), text)
            XCTAssertTrue(text.contains("cannot create the directory \(blocker)/akg"), text)
        }
    }

    func testLockedTooLong() throws {
        let path = try freshPath()
        let database = try TuningDatabase(path: path, busyTimeout: 0.2)
        try database.insert(TuningFixtures.record("a"))
        // Another writer holds the write lock for longer than the timeout.
        let holder = try SQLiteConnection(filename: path, flags: SQLITE_OPEN_READWRITE)
        try holder.run("BEGIN IMMEDIATE")
        let started = Date()
        XCTAssertThrowsError(try database.insert(TuningFixtures.record("b"))) { error in
            let error = error as? TuningDatabaseError
            XCTAssertEqual(error?.kind, .locked)
            let text = error?.description ?? ""
            XCTAssertTrue(text.hasPrefix(path + " is locked"), text)
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.15)
        try holder.run("ROLLBACK")
        try database.insert(TuningFixtures.record("b"))
        XCTAssertEqual(try database.measurements(context: TuningFixtures.context()).count, 2)
    }

    // MARK: Location

    func testDefaultPath() {
        XCTAssertEqual(TuningDatabase.defaultPath(environment: ["AKG_HOME": "/srv/akg", "XDG_DATA_HOME": "/x", "HOME": "/h"]),
                       "/srv/akg/tuning.db")
        XCTAssertEqual(TuningDatabase.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]),
                       "/data/akg/tuning.db")
        XCTAssertEqual(TuningDatabase.defaultPath(environment: ["HOME": "/home/u"]),
                       "/home/u/.local/share/akg/tuning.db")
        XCTAssertEqual(TuningDatabase.defaultPath(environment: ["AKG_HOME": "", "XDG_DATA_HOME": "relative", "HOME": "/home/u"]),
                       "/home/u/.local/share/akg/tuning.db")
    }
}
