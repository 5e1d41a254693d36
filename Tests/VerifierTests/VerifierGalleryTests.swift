import Foundation
import Testing
import TestSupport

/// Deliberately bad candidates, each refused for the right reason, and good
/// ones accepted — through `akg-host verify`, as a user runs it.
@Suite struct VerifierGalleryTests {
    static let gallery = TestSupport.packageRoot.appendingPathComponent("Tests/VerifierTests/Gallery")

    struct Case: CustomTestStringConvertible, Sendable {
        var candidate: String
        var reference = "saxpy.c"
        var exitCode: Int32
        var reason: String
        var testDescription: String { candidate }
    }

    static let refused: [Case] = [
        Case(candidate: "bad_wrong_result.c", exitCode: 11, reason: "computes 'C' wrongly"),
        Case(candidate: "bad_wrong_at_odd_sizes.c", exitCode: 11, reason: "never written"),
        Case(candidate: "bad_skips_output.c", exitCode: 11, reason: "never written"),
        Case(candidate: "bad_writes_input.c", exitCode: 12, reason: "modified the read-only input 'A'"),
        Case(candidate: "bad_writes_past_end.c", exitCode: 11, reason: "written that the reference never writes"),
        Case(candidate: "bad_writes_past_array.c", exitCode: 13, reason: "just past the end of 'C'"),
        Case(candidate: "bad_reads_past_end.c", exitCode: 13, reason: "just past the end of 'B'"),
        Case(candidate: "bad_segfault.c", exitCode: 14, reason: "SIGSEGV"),
        Case(candidate: "bad_loops_forever.c", exitCode: 15, reason: "did not finish within 3 s"),
        Case(candidate: "bad_allocates.c", exitCode: 16, reason: "ran out of memory"),
        Case(candidate: "bad_nan.c", exitCode: 11, reason: "NaN/Inf in the wrong places"),
        Case(candidate: "bad_calls_exit.c", exitCode: 17, reason: "ended the process"),
        Case(candidate: "bad_killed.c", exitCode: 14, reason: "signal 9"),
        Case(candidate: "bad_wrong_signature.c", exitCode: 10, reason: "does not build"),
    ]

    static let accepted: [Case] = [
        Case(candidate: "good_identical.c", exitCode: 0, reason: "verified"),
        Case(candidate: "good_reassociated.c", reference: "dot.c", exitCode: 0, reason: "verified"),
        Case(candidate: "saxpy.c", exitCode: 0, reason: "verified"),
    ]

    private func verify(_ item: Case, extra: [String] = []) throws -> TestSupport.ProcessResult {
        try TestSupport.runHost([
            "verify", Self.gallery.appendingPathComponent(item.reference).path,
            "--candidate", Self.gallery.appendingPathComponent(item.candidate).path,
            "--time-limit", "3", "--memory-limit", "512", "--pairs", "0", "--seeds", "1",
        ] + extra)
    }

    @Test(arguments: refused)
    func badCandidateIsRefusedForTheRightReason(_ item: Case) throws {
        let result = try verify(item)
        #expect(result.status == item.exitCode, "\(item.candidate): status \(result.status)\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("REFUSED"), "\(result.stdout)")
        #expect(result.stdout.contains(item.reason), "\(item.candidate): \(result.stdout)")
    }

    @Test(arguments: accepted)
    func goodCandidateIsAccepted(_ item: Case) throws {
        let result = try verify(item)
        #expect(result.status == 0, "\(item.candidate): \(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("candidate \(item.candidate) verified"), "\(result.stdout)")
    }

    @Test func reportsAreWrittenWithTimingRatios() throws {
        let directory = try TestSupport.scratchDirectory("verify-report")
        let item = Case(candidate: "good_identical.c", exitCode: 0, reason: "")
        let result = try TestSupport.runHost([
            "verify", Self.gallery.appendingPathComponent(item.reference).path,
            "--candidate", Self.gallery.appendingPathComponent(item.candidate).path,
            "--pairs", "3", "--seeds", "1", "-o", directory.path,
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("Speedup: **"))
        #expect(markdown.contains("| n=1000 |"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("report.json"))) as? [String: Any]
        #expect(json?["accepted"] as? Bool == true)
        let timing = json?["timing"] as? [String: Any]
        #expect((timing?["ratios"] as? [Double])?.count == 3)
    }
}
