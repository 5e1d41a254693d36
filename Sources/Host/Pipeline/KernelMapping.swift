import Foundation

/// How a backend mapped a kernel onto its hardware, as it says in the
/// optional `mapping.json` artifact of `generate`
/// (`application/vnd.akg.mapping+json`, docs/ABI.md): one phase per launch
/// or host-side structure, each with what became program ids, lanes,
/// reductions or matrix-unit tiles. `gen` shows it in the report, and
/// `gen --compare-backend` sets two backends' mappings side by side.
public struct KernelMapping: Codable, Equatable, Sendable {
    public struct Phase: Codable, Equatable, Sendable {
        /// The kernel function the phase launches; nil for host-side structure.
        public var kernel: String?
        /// `grid`, `host-loop`, `single-program`, `dot`, or a backend's own word.
        public var kind: String
        /// What the phase does, then what its body maps to.
        public var details: [String]
    }

    public static let mediaType = "application/vnd.akg.mapping+json"

    public var backend: String
    /// The backend's general rule (its capabilities' `mapping`).
    public var summary: String
    public var phases: [Phase]

    /// The mapping among `generate`'s artifacts, if the backend emitted a readable one.
    public init?(artifacts: [Artifact]) {
        guard let artifact = artifacts.first(where: { $0.mediaType == KernelMapping.mediaType }),
              let decoded = try? JSONDecoder().decode(KernelMapping.self, from: Data(artifact.data)) else { return nil }
        self = decoded
    }

    /// One line per phase: `akg_gemm_1 (dot): S1 (contraction) -> tl.dot on …`.
    public var lines: [String] {
        phases.map { phase in
            "\(phase.kernel.map { "`\($0)`" } ?? "launcher") (\(phase.kind)): \(phase.details.joined(separator: "; "))"
        }
    }

    /// Markdown setting two mappings of one kernel side by side, phase by
    /// phase (in launch order), with the phases whose kind or details
    /// differ listed first — what changes when a kernel moves from one
    /// backend to the other.
    public static func comparison(_ first: KernelMapping, _ second: KernelMapping) -> String {
        var out = "| phase | \(first.backend) | \(second.backend) |\n|---|---|---|\n"
        var differences: [String] = []
        for index in 0..<max(first.phases.count, second.phases.count) {
            let a = index < first.phases.count ? first.phases[index] : nil
            let b = index < second.phases.count ? second.phases[index] : nil
            func cell(_ phase: Phase?) -> String {
                guard let phase else { return "—" }
                return "**\(phase.kind)**: " + phase.details.joined(separator: "; ").replacingOccurrences(of: "|", with: "\\|")
            }
            out += "| \(index) | \(cell(a)) | \(cell(b)) |\n"
            if a?.kind != b?.kind || a?.details != b?.details {
                differences.append("- phase \(index): \(first.backend) \(a.map { "\($0.kind)" } ?? "has no such phase"), "
                                   + "\(second.backend) \(b.map { "\($0.kind)" } ?? "has no such phase")"
                                   + (a?.kind == b?.kind ? " (same kind, different details)" : ""))
            }
        }
        let header = differences.isEmpty
            ? "The two backends map every phase the same way.\n\n"
            : "Differences (\(differences.count) of \(max(first.phases.count, second.phases.count)) phases):\n\n"
                + differences.joined(separator: "\n") + "\n\n"
        return header + "General rules: \(first.backend): \(first.summary); \(second.backend): \(second.summary).\n\n" + out
    }
}
