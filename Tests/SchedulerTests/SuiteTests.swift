import Foundation
import Testing
import Polyhedral

/// Every kernel of the suite under every preset: it schedules, the schedule
/// is legal, the scheduler did not have to refuse its own result, and it is fast.
// Serialized so the recorded times are not inflated by parallel test cases.
@Suite(.serialized) struct SuiteTests {
    static let presets = ["none", "pluto", "feautrier", "isl"]

    @Test func suiteIsThere() {
        #expect(Suite.kernels.count == 30)
    }

    @Test(arguments: Suite.kernels, presets)
    func kernelSchedulesLegally(kernel: String, preset: String) throws {
        let (model, dependences) = try Suite.load(kernel)
        let configuration = try SchedulerConfiguration.preset(preset)
        let start = Date()
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        let seconds = Date().timeIntervalSince(start)
        print("scheduling \(kernel) with \(preset): \(String(format: "%.3f", seconds)) s")
        try checkLegality(schedule: result.schedule, dependences: dependences)
        #expect(!result.notes.contains { $0.contains("refused") }, "\(result.notes)")
        // Sub-second in release; debug builds of the Swift side get headroom.
        #expect(seconds < 5, "\(kernel) took \(seconds) s under \(preset)")
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences,
                                        options: result.astOptions ?? ScheduleOptions())
        #expect(!ast.cText().isEmpty)
    }
}
