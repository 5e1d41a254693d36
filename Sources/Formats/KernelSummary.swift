/// A human-readable dump of a kernel model, printed by `--dump-after model`.
extension KernelDocument {
    /// Returns a multi-line description: signature, arrays, parameters and every statement
    /// with its domain, accesses and body as C.
    public func summary() -> String {
        var lines: [String] = []
        let signature = parameters.map { p -> String in
            let dims = (p.shape ?? []).map { "[\($0)]" }.joined()
            return "\(p.type.cName) \(p.name)\(dims)"
        }.joined(separator: ", ")
        lines.append("kernel \(returnType) \(name)(\(signature))")
        var origin = "file \(file)"
        if let region {
            origin += ", #pragma scop region lines \(region.scopLine)-\(region.endscopLine)"
        } else {
            origin += ", whole function body"
        }
        lines.append("  \(origin)")
        lines.append("  integer parameters: [\(integerParameters.joined(separator: ", "))]")
        lines.append("  context: \(context)")
        if !locals.isEmpty {
            lines.append("  locals:")
            for l in locals {
                lines.append("    \(l.type.cName) \(l.name)\(l.declaredInRegion ? " (declared in region)" : "")")
            }
        }
        lines.append("  arrays:")
        for a in arrays {
            let dims = a.shape.isEmpty ? " (scalar)" : a.shape.map { "[\($0)]" }.joined()
            lines.append("    \(a.elementType.cName) \(a.name)\(dims)  \(a.usage.rawValue), \(a.origin.rawValue)")
        }
        lines.append("  statements:")
        for s in statements {
            lines.append("    \(s.name) at line \(s.location.line), column \(s.location.column): \(s.body.cText())")
            lines.append("      domain: \(s.domain)")
            for w in s.writes { lines.append("      write:  \(w)") }
            for r in s.reads { lines.append("      read:   \(r)") }
        }
        lines.append("  original schedule: \(originalSchedule)")
        return lines.joined(separator: "\n")
    }
}
