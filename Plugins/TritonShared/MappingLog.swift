import Foundation

/// How the lowering mapped a kernel: one entry per launch (its kernel
/// function, the phase's kind, what became program ids) and, inside it,
/// what became lanes, reductions or `tl.dot` tiles. The module's header
/// repeats it, and `generate` emits it as `mapping.json`
/// (`application/vnd.akg.mapping+json`, docs/ABI.md) for the host's report,
/// so two backends' mappings of one kernel can be compared.
public final class MappingLog {
    public struct Entry: Equatable {
        /// The kernel function (`akg_gemm_1`); nil for host-side structure.
        public var kernel: String?
        /// `grid`, `host-loop`, `single-program`, `dot`.
        public var kind: String
        /// What the phase does, then what its body maps to.
        public var details: [String]
    }

    public private(set) var entries: [Entry] = []

    /// Forgets what an earlier `module()` call logged.
    func reset() { entries = [] }

    func phase(_ kernel: String?, kind: String, _ detail: String) {
        entries.append(Entry(kernel: kernel, kind: kind, details: [detail]))
    }

    /// Adds to the entry of `kernel` (what its body maps to).
    func inside(_ kernel: String, _ detail: String) {
        guard let index = entries.lastIndex(where: { $0.kernel == kernel }) else { return }
        if !entries[index].details.contains(detail) { entries[index].details.append(detail) }
    }

    /// One line per entry: `akg_gemm_1 (grid): c0 -> program id 0; c2 -> 128 lanes`.
    public var lines: [String] {
        entries.map { entry in
            let head = entry.kernel.map { "\($0) (\(entry.kind))" } ?? "launcher (\(entry.kind))"
            return "\(head): " + entry.details.joined(separator: "; ")
        }
    }

    /// The `mapping.json` document.
    public func json(backend: String, summary: String) throws -> Data {
        let document: [String: Any] = [
            "format": "akg.mapping+json/1",
            "backend": backend,
            "summary": summary,
            "phases": entries.map { entry -> [String: Any] in
                var object: [String: Any] = ["kind": entry.kind, "details": entry.details]
                if let kernel = entry.kernel { object["kernel"] = kernel }
                return object
            },
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
    }
}
