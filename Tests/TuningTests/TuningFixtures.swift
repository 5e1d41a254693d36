@testable import AKGHost
import CSQLite
import Foundation
import XCTest

/// Contexts, records and files for the tuning tests.
enum TuningFixtures {
    static func context(threads: Int = 4, sizes: [String: Int] = ["NI": 64, "NJ": 48, "NK": 32],
                        backendVersion: String = "0.1.0", kernelHash: String = SHA256.hex("kernel_gemm body"))
        -> TuningContext {
        TuningContext(kernelHash: kernelHash, kernelName: "kernel_gemm", kernelFile: "kernels/gemm.c",
                      backendID: "org.akg.cpu", backendVersion: backendVersion,
                      machine: "x86_64 AMD EPYC 7B13 16 cores 64 GiB", threads: threads, sizes: sizes)
    }

    static func record(_ candidateID: String, context: TuningContext = context(), status: String = "ok",
                       speedup: Double? = 2, code: String? = nil, candidate: String? = nil,
                       session: Int64? = nil, createdAt: Double = 1_700_000_000.25) -> MeasurementRecord {
        let candidateText = candidate ?? "{\"knobs\":{\"scheduler.tile.1.0\":\(candidateID.count * 8)}}"
        let codeText = code ?? "void kernel_gemm(void) { /* \(candidateID) */ }"
        return MeasurementRecord(
            session: session, context: context, strategyID: "org.akg.evolution", candidateID: candidateID,
            candidate: candidateText, candidateHash: SHA256.hex(candidateText),
            config: status == "invalid" ? nil : "{\"version\":1,\"preset\":\"pluto\"}",
            codeHash: status == "invalid" ? nil : SHA256.hex(codeText), code: status == "invalid" ? nil : codeText,
            status: status, refusal: status == "refused" ? "wrong-result" : nil,
            message: "\(status): \(candidateID)", speedup: status == "ok" ? speedup : nil,
            candidateNanoseconds: status == "ok" ? 1_000_000 : nil, baselineNanoseconds: status == "ok" ? 2_000_000 : nil,
            ratios: status == "ok" ? [1.9, 2.0, 2.1] : [], compileSeconds: 0.5, measureSeconds: 1.25,
            createdAt: Date(timeIntervalSince1970: createdAt))
    }

    /// A fresh directory, removed (permissions restored first) when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> String {
        let path = NSTemporaryDirectory() + "akg-tuning-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o755)
        test.addTeardownBlock {
            _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", path]).waitUntilExit()
            try? FileManager.default.removeItem(atPath: path)
        }
        return path
    }

    static func bytes(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    /// Runs `sql` through a connection of its own, independent of `TuningDatabase`.
    static func sqlite(_ path: String, _ sql: String, file: StaticString = #filePath, line: UInt = #line) {
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &db), SQLITE_OK, file: file, line: line)
        defer { sqlite3_close(db) }
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        XCTAssertEqual(code, SQLITE_OK, message.map { String(cString: $0) } ?? "", file: file, line: line)
        sqlite3_free(message)
    }

    /// The single integer `sql` selects, read through a connection of its own.
    static func sqliteInteger(_ path: String, _ sql: String) -> Int64? {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { sqlite3_close(db); return nil }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return nil }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
        return sqlite3_column_int64(statement, 0)
    }

    /// Runs `body` where the file system's permissions apply: as root,
    /// with the effective user and group of `nobody` (root passes every
    /// permission check, so chmod alone proves nothing); otherwise as is.
    static func withoutPrivileges<T>(_ body: () throws -> T) throws -> T {
        guard geteuid() == 0 else { return try body() }
        guard setegid(65534) == 0 else { throw XCTSkip("running as root and cannot switch to group nobody") }
        guard seteuid(65534) == 0 else {
            setegid(0)
            throw XCTSkip("running as root and cannot switch to user nobody")
        }
        defer {
            seteuid(0)
            setegid(0)
        }
        return try body()
    }
}
