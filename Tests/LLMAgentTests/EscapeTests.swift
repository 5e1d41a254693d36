import Foundation
import SystemShims
import TestSupport
import XCTest

/// Candidates an agent might write that try to leave the sandbox, verified
/// with `akg-host verify` as the tuning loop would. Each computes the right
/// answer, so only containment (or the input check) can stop it.
final class EscapeTests: XCTestCase {
    static let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/accumulator.c").path

    struct Outcome {
        var status: Int32
        var output: String
        var leaked: String?
        /// `verification.containment` of report.json, as the runner reported it.
        var containment: [String: Any]

        var filesystemConfined: Bool { containment["filesystem"] as? Bool == true }
        var processesConfined: Bool { containment["processes"] as? Bool == true }
        var notes: String { ((containment["notes"] as? [String]) ?? []).joined(separator: "; ") }
    }

    func verify(_ name: String, port: Int = 0, environment: [String: String] = [:]) throws -> Outcome {
        let directory = try TestSupport.scratchDirectory("escape-\(name)")
        let secret = directory.appendingPathComponent("secret.txt")
        try "the secret".write(to: secret, atomically: true, encoding: .utf8)
        let leak = directory.appendingPathComponent("leak.txt")
        var source = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Tests/LLMAgentTests/Escapes/\(name).c"),
                                encoding: .utf8)
        source = source.replacingOccurrences(of: "AKG_ESCAPE_SECRET", with: "\"\(secret.path)\"")
            .replacingOccurrences(of: "AKG_ESCAPE_LEAK", with: "\"\(leak.path)\"")
            .replacingOccurrences(of: "AKG_ESCAPE_PORT", with: "\(port)")
        let candidate = directory.appendingPathComponent("\(name).c")
        try source.write(to: candidate, atomically: true, encoding: .utf8)
        let reports = directory.appendingPathComponent("out")
        let result = try TestSupport.runHost(["verify", EscapeTests.kernel, "--candidate", candidate.path, "--pairs", "1",
                                              "-o", reports.path], environment: environment)
        let report = (try? Data(contentsOf: reports.appendingPathComponent("report.json")))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        let containment = (report?["verification"] as? [String: Any])?["containment"] as? [String: Any] ?? [:]
        return Outcome(status: result.status, output: result.stdout + result.stderr,
                       leaked: try? String(contentsOf: leak, encoding: .utf8), containment: containment)
    }

    func testWritingAnInputIsRefused() throws {
        let outcome = try verify("write_input")
        XCTAssertEqual(outcome.status, 12, outcome.output)
        XCTAssertTrue(outcome.output.contains("wrote-input"), outcome.output)
    }

    func testASocketCannotReachTheHost() throws {
        // A listener on the host's loopback: reachable from the runner only
        // if it shares the host's network namespace.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = listen(listener, 4)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let outcome = try verify("socket", port: port)
        let isolated = outcome.output.contains("network: isolated") || !outcome.output.contains("network: not isolated")
        if isolated {
            XCTAssertNil(outcome.leaked, "the candidate reached the host's loopback:\n\(outcome.output)")
        } else {
            // Without network namespaces (no privileges) the report must say so.
            XCTAssertTrue(outcome.output.contains("not isolated"), outcome.output)
        }
    }

    /// Whether this kernel offers Landlock and seccomp, asked directly
    /// rather than through the runner: where it does, a runner that reports
    /// "not confined" is a failure, not a skip.
    static let kernelHasLandlock = akg_landlock_abi() > 0
    static let kernelHasSeccomp = ((try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? "")
        .contains("Seccomp:")

    func requireConfinement(_ outcome: Outcome, filesystem: Bool, processes: Bool) throws {
        if filesystem {
            guard Self.kernelHasLandlock else { throw XCTSkip("this kernel has no Landlock: \(outcome.notes)") }
            XCTAssertTrue(outcome.filesystemConfined, "Landlock is available but the runner did not confine files: \(outcome.notes)")
        }
        if processes {
            guard Self.kernelHasSeccomp else { throw XCTSkip("this kernel has no seccomp: \(outcome.notes)") }
            XCTAssertTrue(outcome.processesConfined, "seccomp is available but the runner did not confine processes: \(outcome.notes)")
        }
    }

    func testSpawningAProcessIsContained() throws {
        let outcome = try verify("spawn")
        try requireConfinement(outcome, filesystem: true, processes: true)
        XCTAssertNil(outcome.leaked, "system() ran a shell from the candidate:\n\(outcome.output)")
        XCTAssertEqual(outcome.status, 0, outcome.output)
    }

    func testForkingIsContained() throws {
        let outcome = try verify("fork")
        try requireConfinement(outcome, filesystem: false, processes: true)
        // The candidate makes its output wrong only if fork() succeeded.
        XCTAssertEqual(outcome.status, 0, "fork() succeeded in the runner:\n\(outcome.output)")
    }

    func testReadingFilesOutsideItsDirectoryIsContained() throws {
        let outcome = try verify("read_file")
        try requireConfinement(outcome, filesystem: true, processes: false)
        XCTAssertNil(outcome.leaked, "the candidate copied a file from outside its folder:\n\(outcome.output)")
        XCTAssertEqual(outcome.status, 0, outcome.output)
    }

    func testTheHostsCredentialsAreNotInTheRunnersEnvironment() throws {
        let outcome = try verify("environment", environment: ["OPENAI_API_KEY": "sk-escape-test"])
        XCTAssertNil(outcome.leaked, "the candidate read the host's API key")
        XCTAssertEqual(outcome.status, 0, outcome.output)
    }

    /// The escapes above are real: with confinement turned off the same
    /// candidates get out, so the tests above can fail.
    func testTheEscapesWorkWithoutConfinement() throws {
        let spawn = try verify("spawn", environment: ["AKG_RUNNER_CONFINE": "0"])
        XCTAssertEqual(spawn.leaked?.trimmingCharacters(in: .whitespacesAndNewlines), "spawned", spawn.output)
        XCTAssertFalse(spawn.filesystemConfined)
        XCTAssertTrue(spawn.notes.contains("AKG_RUNNER_CONFINE=0"), spawn.notes)
        let read = try verify("read_file", environment: ["AKG_RUNNER_CONFINE": "0"])
        XCTAssertEqual(read.leaked, "the secret", read.output)
        let fork = try verify("fork", environment: ["AKG_RUNNER_CONFINE": "0"])
        XCTAssertEqual(fork.status, 11, "with fork() allowed the candidate's output is wrong:\n\(fork.output)")
    }
}
