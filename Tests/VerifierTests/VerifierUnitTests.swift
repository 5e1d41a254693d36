@testable import AKGHost
import Formats
import Foundation
import FrontEnd
import Testing
import TestSupport

/// The verifier's parts: parameter selection, comparison, the arena's guard
/// pages, and the process sandbox.
@Suite struct VerifierUnitTests {
    static func kernel(_ text: String) throws -> KernelDocument {
        try FrontEnd.parse(preprocessed: text, file: "k.c", kernelName: nil)
    }

    @Test func parametersStayInsideDeclaredExtents() throws {
        let kernel = try Self.kernel("""
            void k(int n, int m, double A[100][50], double B[100]) {
            #pragma scop
              for (int i = 0; i < n; i++)
                for (int j = 0; j <= m; j++)
                  A[i][j] = B[i + 1];
            #pragma endscop
            }
            """)
        let selection = try ParameterSelection(kernel: kernel)
        // i + 1 < 100 bounds n by 99; j <= m < 50 bounds m by 49.
        #expect(try selection.largestValid() == [99, 49])
        #expect(try selection.isValid([99, 49]))
        #expect(try !selection.isValid([100, 49]))
        #expect(try !selection.isValid([10, 50]))
        let points = try selection.points()
        #expect(points.first == [1, 1])
        #expect(points.contains([33, 33]))
        #expect(points.contains([33, 7]))
        #expect(points.last == [99, 49])
    }

    @Test func unboundedParametersAreCapped() throws {
        let kernel = try Self.kernel("""
            void k(int t, int n, double A[n]) {
            #pragma scop
              for (int s = 0; s < t; s++)
                for (int i = 0; i < n; i++)
                  A[i] = A[i] * 0.5;
            #pragma endscop
            }
            """)
        #expect(try ParameterSelection(kernel: kernel).largestValid() == [ParameterSelection.unboundedCap, ParameterSelection.unboundedCap])
    }

    /// A conv2d-like kernel whose loop extent couples two parameters
    /// (`w - 2`): at w ≤ 2 nothing executes, so every other parameter looks
    /// unbounded. Raising one parameter at a time from all ones used to end
    /// at n = 64, w = 2, an in-bounds point where the kernel does nothing.
    @Test func largestPointExecutesEveryStatement() throws {
        let kernel = try Self.kernel("""
            void k(int n, int w, float X[4][10], float Y[4][8]) {
            #pragma scop
              for (int i = 0; i < n; i++)
                for (int q = 0; q < w - 2; q++)
                  Y[i][q] = X[i][q] + X[i][q + 1] + X[i][q + 2];
            #pragma endscop
            }
            """)
        let selection = try ParameterSelection(kernel: kernel)
        #expect(try selection.isValid([64, 2]))
        #expect(try !selection.isFeasible([64, 2]))
        #expect(try !selection.isFeasible([1, 1]))
        #expect(try selection.isFeasible([1, 3]))
        #expect(try selection.smallestFeasible() == [1, 3])
        #expect(try selection.largestValid() == [4, 10])
        #expect(try selection.points().last == [4, 10])
    }

    @Test func comparisonAppliesToleranceAndFindsTheWorstElement() {
        let reference: [Double] = [1.0, 2.0, .nan, 4.0, 1e6]
        let candidate: [Double] = [1.0, 2.0 + 1e-12, .nan, 4.5, 1e6 + 1e-4]
        let tolerance = Tolerance.defaults(for: .f64)
        let result = reference.withUnsafeBytes { r in
            candidate.withUnsafeBytes { c in
                OutputComparator.compare(name: "X", type: .f64, shape: [5], reference: r, candidate: c, tolerance: tolerance)
            }
        }
        #expect(result.mismatches == 1)
        #expect(result.differingWithinTolerance == 2)
        #expect(result.worstIndex == [3])
        #expect(result.worstReference == 4.0 && result.worstCandidate == 4.5)
        #expect(!result.passed)
    }

    @Test func nanPlacementMustMatch() {
        let reference: [Float] = [1, .nan, 3]
        let candidate: [Float] = [1, 2, .nan]
        let result = reference.withUnsafeBytes { r in
            candidate.withUnsafeBytes { c in
                OutputComparator.compare(name: "Y", type: .f32, shape: [3], reference: r, candidate: c,
                                         tolerance: Tolerance.defaults(for: .f32))
            }
        }
        #expect(result.specialValueMismatches == 2)
        #expect(result.unexpectedWrites == 1 && result.missingWrites == 1)
    }

    @Test func tensorsEndAtGuardPages() throws {
        let arena = try TensorArena(byteCounts: [24, 4096, 0])
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        for (index, slot) in arena.slots.enumerated() {
            #expect((slot.offset + slot.byteCount) % page == 0, "tensor \(index) ends on a page boundary")
            #expect(arena.guardRanges.contains([slot.offset + slot.byteCount, page]))
            #expect(arena.canaryIntact(index))
        }
        arena.bytes(0).storeBytes(of: 1.5, toByteOffset: 16, as: Double.self)
        #expect(arena.canaryIntact(0))
    }

    @Test func extentsEvaluate() throws {
        #expect(try evaluateExtent("n + 1", ["n": 4]) == 5)
        #expect(try evaluateExtent("2 * (n - 1)", ["n": 4]) == 6)
        #expect(try evaluateExtent("1000", [:]) == 1000)
        #expect(throws: Error.self) { try evaluateExtent("q", [:]) }
    }

    @Test func aHungChildIsKilledWithItsWholeProcessGroup() throws {
        // The child starts a grandchild and records both pids; both must be
        // gone once the time limit has passed.
        let directory = try TestSupport.scratchDirectory("sandbox")
        let pids = directory.appendingPathComponent("pids").path
        let report = try SandboxedProcess.run("/bin/sh", ["-c", "sleep 30 & echo $! > \(pids); echo $$ >> \(pids); exec sleep 31"],
                                              timeLimit: 0.5)
        #expect(report.outcome == .timedOut(seconds: 0.5))
        let recorded = try String(contentsOfFile: pids, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        #expect(recorded.count == 2)
        usleep(200_000)
        for pid in recorded {
            // A zombie waiting for init to reap it is dead too.
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ").first
            let alive = kill(pid, 0) == 0 && state != "Z"
            #expect(!alive, "process \(pid) survived the time limit")
        }
    }

    @Test func theVerifierGoesOnAfterTheRunnerIsKilled() throws {
        let gallery = TestSupport.packageRoot.appendingPathComponent("Tests/VerifierTests/Gallery")
        let killed = try TestSupport.runHost(["verify", gallery.appendingPathComponent("saxpy.c").path,
                                              "--candidate", gallery.appendingPathComponent("bad_killed.c").path,
                                              "--pairs", "0", "--seeds", "1"])
        #expect(killed.status == 14)
        #expect(killed.stdout.contains("killed by signal 9"))
        // The same host process kind, next candidate: nothing was left behind.
        let good = try TestSupport.runHost(["verify", gallery.appendingPathComponent("saxpy.c").path,
                                            "--candidate", gallery.appendingPathComponent("good_identical.c").path,
                                            "--pairs", "0", "--seeds", "1"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
    }
}
