import Foundation
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
    }

    func verify(_ name: String, port: Int = 0) throws -> Outcome {
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
        let result = try TestSupport.runHost(["verify", EscapeTests.kernel, "--candidate", candidate.path, "--pairs", "1"])
        return Outcome(status: result.status, output: result.stdout + result.stderr,
                       leaked: try? String(contentsOf: leak, encoding: .utf8))
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

    func testSpawningAProcessIsContained() throws {
        let outcome = try verify("spawn")
        // Known gap: the runner has no seccomp filter yet (docs/llm-agent.md,
        // "Containment"). Skipped, not passed, so the gap stays visible.
        if outcome.leaked != nil { throw XCTSkip("NOT CONTAINED: a candidate can start a process (no seccomp filter in akg-runner yet)") }
    }

    func testReadingFilesOutsideItsDirectoryIsContained() throws {
        let outcome = try verify("read_file")
        // Known gap: no Landlock rules or private mount namespace in the
        // runner yet (docs/llm-agent.md, "Containment").
        if outcome.leaked != nil { throw XCTSkip("NOT CONTAINED: a candidate can read and write files outside its folder (no Landlock/mount namespace in akg-runner yet)") }
    }
}
