import Foundation
import Testing
import FrontEnd
import ISL
import Polyhedral

/// The polyhedral benchmark suite, loaded through the front end at MINI size.
enum Suite {
    /// `bench/polyhedral`, found from this file's location.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("bench/polyhedral").path
    }()

    /// Every kernel, as `category/name.c`.
    static let kernels: [String] = {
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
        return files.filter { $0.hasSuffix(".c") && !$0.hasPrefix("common") }.sorted()
    }()

    /// The model and dependences of `kernel` (e.g. `linear-algebra/gemm.c`).
    static func load(_ kernel: String) throws -> (PolyhedralModel, Dependences) {
        let document = try FrontEnd.parse(file: "\(root)/\(kernel)",
                                          options: FrontEndOptions(defines: ["MINI_DATASET"],
                                                                   includePaths: ["\(root)/common"]))
        let input = PolyhedralInput(
            context: document.context,
            statements: document.statements.map {
                PolyhedralStatement(name: $0.name, domain: $0.domain, reads: $0.reads, writes: $0.writes)
            },
            originalSchedule: document.originalSchedule)
        let model = try PolyhedralModel(input)
        return (model, try Dependences(model: model))
    }
}

/// Checks that the legality checker refuses `schedule` for an illegal mark
/// named `mark` (the order itself being legal), saying why; `what` names
/// the case in the failure message.
func expectIllegalMark(_ schedule: Schedule, _ dependences: Dependences, mark: String, _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try checkLegality(schedule: schedule, dependences: dependences)
        Issue.record("\(what) was accepted", sourceLocation: sourceLocation)
    } catch let error as LegalityError {
        #expect(error.violations.isEmpty, sourceLocation: sourceLocation)
        #expect(error.markViolations.first?.mark == mark, sourceLocation: sourceLocation)
        #expect(error.description.contains("carries a dependence"), sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(what): unexpected error \(error)", sourceLocation: sourceLocation)
    }
}
