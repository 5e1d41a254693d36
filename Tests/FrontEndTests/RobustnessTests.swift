import Formats
import Testing
@testable import FrontEnd

/// Hostile input must end in a `FrontEndError`: no crash, hang or stack overflow.
@Suite struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func everyTruncationOfAKernelFailsCleanly() throws {
        let source = ModelTests.gemm
        #expect(throws: Never.self) { try model(source) }
        let bytes = Array(source.utf8)
        // Cutting anywhere before `#pragma endscop` must be reported, never crash.
        let end = try #require(source.range(of: "#pragma endscop")).lowerBound.utf16Offset(in: source)
        for cut in stride(from: 0, to: end, by: 3) {
            let truncated = String(decoding: bytes[0..<cut], as: UTF8.self)
            #expect(frontEndError(truncated) != nil, "prefix of \(cut) bytes was accepted")
        }
    }

    @Test func randomBytesAreRejected() {
        var rng = SplitMix(state: 42)
        for _ in 0..<200 {
            let count = Int.random(in: 0..<400, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(frontEndError(String(decoding: bytes, as: UTF8.self)) != nil)
        }
    }

    @Test func randomTokenSoupInsideARegion() {
        var rng = SplitMix(state: 7)
        let pieces = ["for", "(", ")", "{", "}", "i", "n", "A", "[", "]", "=", "+", "*", ";", "<", "1", "2.0f", "?", ":",
                      "if", "else", "int", ",", "-", "/", "%", "min", "&&", "!", "++", "while", "x"]
        for _ in 0..<300 {
            let count = Int.random(in: 1..<40, using: &rng)
            let body = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined(separator: " ")
            let source = "void k(int n, double A[n], double x) {\n  int i;\n#pragma scop\n\(body)\n#pragma endscop\n}"
            // Either outcome is fine; the point is that it returns.
            _ = frontEndError(source)
        }
    }

    @Test func deeplyNestedParentheses() throws {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let e = try #require(frontEndError(ErrorTests.kernel("  x = \(deep);")))
        #expect(e.reason.contains("nested too deeply"))
        #expect(e.line == 4)
        let chain = Array(repeating: "x", count: 5_000).joined(separator: " + ")
        #expect(frontEndError(ErrorTests.kernel("  x = \(chain);"))?.reason.contains("nested too deeply") == true)
        let blocks = String(repeating: "{", count: 10_000) + String(repeating: "}", count: 10_000)
        #expect(frontEndError(ErrorTests.kernel(blocks))?.reason.contains("nested too deeply") == true)
        // Reasonable nesting still works.
        let fine = String(repeating: "(", count: 100) + "x" + String(repeating: ")", count: 100)
        #expect(frontEndError(ErrorTests.kernel("  x = \(fine);")) == nil)
    }

    @Test func hugeLiteralsDoNotOverflow() {
        #expect(frontEndError(ErrorTests.kernel("  x = 99999999999999999999999;"))?.reason
            == "invalid or too large integer constant '99999999999999999999999'")
        #expect(frontEndError(ErrorTests.kernel("  x = 1e999;"))?.reason == "floating constant '1e999' is out of range")
        let overflow = ErrorTests.kernel("  for (i = 0; i < 9223372036854775807 * 4; i++) B[i] = 0;")
        #expect(frontEndError(overflow)?.reason.hasPrefix("integer overflow in loop bound") == true)
    }
}
