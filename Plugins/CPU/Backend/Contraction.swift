import Formats
import KernelPatterns

// The contraction itself (`Contraction.match`) is shared with the
// Triton-family backends (Sources/KernelPatterns); this file is the CPU's
// way of computing one: a register-blocked micro-kernel on packed panels,
// the `microkernel` knob.

/// Block sizes of the micro-kernel, from the capabilities' vector width and caches.
struct MicroKernelShape {
    /// Rows of the register block and vectors per row (NR = vectors × lanes).
    var mr = 6
    var vectors = 2
    var lanes: Int
    /// Panel sizes: KC × NR of B stays in L1, MC × KC of A in L2, KC × NC of B in L3.
    var kc = 256
    var mc = 96
    var nc = 2048

    init(vectorBits: Int, element: KernelScalarType, l1: Int, l2: Int) {
        let size = element == .double ? 8 : 4
        lanes = max(1, max(128, vectorBits) / 8 / size)
        let nr = vectors * lanes
        // Half of L1 for a B micro-panel, half of L2 for the A panel.
        kc = max(64, min(512, (l1 / 2) / (nr * size) / 16 * 16))
        mc = max(mr, min(384, (l2 / 2) / (kc * size) / mr * mr))
    }
}

extension Contraction {
    /// The product of the loop-invariant factors, as C text ("" when none).
    var scale: String { scaleFactors.map { "(\($0.cText()))" }.joined(separator: " * ") }

    /// C code computing every instance of the statement, replacing its loop nest.
    func code(indent: String, shape: MicroKernelShape, threads: Int) -> String {
        let type = element.cName
        let nr = shape.vectors * shape.lanes
        let mr = shape.mr
        let vector = "akg_v\(shape.lanes)\(element == .double ? "d" : "f")"
        var out = ""
        var pad = indent
        func line(_ text: String) { out += pad + text + "\n" }
        line("{ /* \(statement.name): register-blocked contraction (\(mr)x\(nr) micro-kernel on packed panels) */")
        pad += "  "
        line("typedef \(type) \(vector) __attribute__((vector_size(\(shape.lanes * (element == .double ? 8 : 4))), aligned(\(element == .double ? 8 : 4))));")
        line("const long akg_kc_max = \(shape.kc), akg_mc_max = \(shape.mc), akg_nc_max = \(shape.nc);")
        // malloc and align by hand: aligned_alloc is C11 and posix_memalign
        // POSIX. The compiler's own names for malloc, free, size_t and
        // uintptr_t (GCC and Clang have them, like vector_size) need no
        // header, so the code also replaces a #pragma scop region in a file
        // akg may not add includes to (akg-host opt).
        line("char *akg_bp_raw = (char *)__builtin_malloc(sizeof(\(type)) * (__SIZE_TYPE__)akg_kc_max * (__SIZE_TYPE__)(akg_nc_max + \(nr)) + 64);")
        line("\(type) *akg_bp = akg_bp_raw ? (\(type) *)(akg_bp_raw + ((64 - ((__UINTPTR_TYPE__)akg_bp_raw & 63)) & 63)) : 0;")
        line("if (akg_bp) {")
        pad += "  "
        for name in batch {
            let bound = bounds[name]!
            line("for (long \(name) = \(bound.lower); \(name) < \(bound.upper); ++\(name)) {")
            pad += "  "
        }
        let (iLo, iHi) = bounds[i]!, (jLo, jHi) = bounds[j]!, (kLo, kHi) = bounds[k]!
        line("for (long akg_k0 = \(kLo); akg_k0 < \(kHi); akg_k0 += akg_kc_max) {")
        pad += "  "
        line("const long akg_kc = (\(kHi)) - akg_k0 < akg_kc_max ? (\(kHi)) - akg_k0 : akg_kc_max;")
        line("for (long akg_j0 = \(jLo); akg_j0 < \(jHi); akg_j0 += akg_nc_max) {")
        pad += "  "
        line("const long akg_nc = (\(jHi)) - akg_j0 < akg_nc_max ? (\(jHi)) - akg_j0 : akg_nc_max;")
        line("/* B panel: akg_kc x akg_nc, in micro-panels of \(nr) columns, zero-padded. */")
        line("for (long akg_jr = 0; akg_jr < akg_nc; akg_jr += \(nr))")
        line("  for (long akg_p = 0; akg_p < akg_kc; ++akg_p)")
        line("    for (long akg_c = 0; akg_c < \(nr); ++akg_c) {")
        line("      const long \(k) = akg_k0 + akg_p, \(j) = akg_j0 + akg_jr + akg_c;")
        line("      akg_bp[akg_jr * akg_kc + akg_p * \(nr) + akg_c] = akg_jr + akg_c < akg_nc ? \(right.cText()) : (\(type))0;")
        line("    }")
        let parallel = threads > 0 ? "#pragma omp parallel for schedule(dynamic) num_threads(\(threads))" : "#pragma omp parallel for schedule(dynamic)"
        line(parallel)
        line("for (long akg_i0 = \(iLo); akg_i0 < \(iHi); akg_i0 += akg_mc_max) {")
        pad += "  "
        line("const long akg_mc = (\(iHi)) - akg_i0 < akg_mc_max ? (\(iHi)) - akg_i0 : akg_mc_max;")
        line("char *akg_ap_raw = (char *)__builtin_malloc(sizeof(\(type)) * (__SIZE_TYPE__)akg_kc_max * (__SIZE_TYPE__)(akg_mc_max + \(mr)) + 64);")
        line("\(type) *akg_ap = akg_ap_raw ? (\(type) *)(akg_ap_raw + ((64 - ((__UINTPTR_TYPE__)akg_ap_raw & 63)) & 63)) : 0;")
        line("if (!akg_ap) {")
        line("  /* No memory for the A panel: this block with plain loops. */")
        line("  for (long \(i) = akg_i0; \(i) < akg_i0 + akg_mc; ++\(i))")
        line("    for (long \(k) = akg_k0; \(k) < akg_k0 + akg_kc; ++\(k))")
        line("      for (long \(j) = akg_j0; \(j) < akg_j0 + akg_nc; ++\(j))")
        line("        \(statement.body.cText());")
        line("  continue;")
        line("}")
        line("for (long akg_ir = 0; akg_ir < akg_mc; akg_ir += \(mr))")
        line("  for (long akg_p = 0; akg_p < akg_kc; ++akg_p)")
        line("    for (long akg_r = 0; akg_r < \(mr); ++akg_r) {")
        line("      const long \(k) = akg_k0 + akg_p, \(i) = akg_i0 + akg_ir + akg_r;")
        line("      akg_ap[akg_ir * akg_kc + akg_p * \(mr) + akg_r] = akg_ir + akg_r < akg_mc ? \(left.cText()) : (\(type))0;")
        line("    }")
        line("for (long akg_jr = 0; akg_jr < akg_nc; akg_jr += \(nr)) {")
        pad += "  "
        line("for (long akg_ir = 0; akg_ir < akg_mc; akg_ir += \(mr)) {")
        pad += "  "
        line("const \(type) *akg_a = akg_ap + akg_ir * akg_kc;")
        line("const \(type) *akg_b = akg_bp + akg_jr * akg_kc;")
        let accumulators = (0..<mr).flatMap { r in (0..<shape.vectors).map { v in "akg_c\(r)_\(v)" } }
        line("\(vector) " + accumulators.map { "\($0) = {0}" }.joined(separator: ", ") + ";")
        line("for (long akg_p = 0; akg_p < akg_kc; ++akg_p) {")
        pad += "  "
        for v in 0..<shape.vectors {
            line("const \(vector) akg_b\(v) = *(const \(vector) *)(akg_b + akg_p * \(nr) + \(v * shape.lanes));")
        }
        // Broadcast by naming every lane: `(v){0} + x` makes GCC add 0.0 in
        // scalar first (it must, for -0.0), a dependent add per row.
        for r in 0..<mr {
            let lanes = Array(repeating: "akg_s", count: shape.lanes).joined(separator: ", ")
            line("{ const \(type) akg_s = akg_a[akg_p * \(mr) + \(r)]; const \(vector) akg_a\(r) = (\(vector)){\(lanes)}; "
                 + (0..<shape.vectors).map { "akg_c\(r)_\($0) += akg_a\(r) * akg_b\($0);" }.joined(separator: " ") + " }")
        }
        pad.removeLast(2)
        line("}")
        // Add the block into X, inside the bounds (edges are partial blocks).
        line("\(type) akg_acc[\(mr)][\(nr)];")
        for r in 0..<mr {
            for v in 0..<shape.vectors {
                line("*(\(vector) *)&akg_acc[\(r)][\(v * shape.lanes)] = akg_c\(r)_\(v);")
            }
        }
        line("for (long akg_r = 0; akg_r < \(mr) && akg_ir + akg_r < akg_mc; ++akg_r)")
        line("  for (long akg_c = 0; akg_c < \(nr) && akg_jr + akg_c < akg_nc; ++akg_c) {")
        line("    const long \(i) = akg_i0 + akg_ir + akg_r, \(j) = akg_j0 + akg_jr + akg_c;")
        let update = scale.isEmpty ? "akg_acc[akg_r][akg_c]" : "\(scale) * akg_acc[akg_r][akg_c]"
        line("    \(statement.body.target.cText()) += \(update);")
        line("  }")
        pad.removeLast(2)
        line("}")
        pad.removeLast(2)
        line("}")
        line("__builtin_free(akg_ap_raw);")
        pad.removeLast(2)
        line("}")
        pad.removeLast(2)
        line("}")
        pad.removeLast(2)
        line("}")
        for _ in batch {
            pad.removeLast(2)
            line("}")
        }
        line("__builtin_free(akg_bp_raw);")
        pad.removeLast(2)
        line("} else {")
        pad += "  "
        line("/* No memory for the panels: the plain loop nest. */")
        var closing: [String] = []
        for name in statement.iterators {
            let bound = bounds[name]!
            line("for (long \(name) = \(bound.lower); \(name) < \(bound.upper); ++\(name))")
            closing.append("")
        }
        line("  \(statement.body.cText());")
        pad.removeLast(2)
        line("}")
        pad.removeLast(2)
        line("}")
        return out
    }
}
