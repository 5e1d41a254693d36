import Formats

/// A statement that is a tensor contraction, `X[..i..j..] += s * A[..i..k..] * B[..k..j..]`
/// over a rectangular domain, which the CPU backend may compute with a
/// register-blocked micro-kernel on packed panels (what BLAS libraries do)
/// instead of the scheduled loop nest — the `microkernel` knob.
///
/// Why this is legal: the statement's instances only accumulate into `X`
/// (which `A` and `B` are not), so any order of them computes the same sum up
/// to floating-point reassociation, which the verifier's tolerance judges. The
/// replaced subtree of the Loop AST holds every instance of the statement and
/// no other statement, so its order relative to the others is kept.
struct Contraction {
    var statement: KernelStatement
    /// Iterators shared by every access (batch dimensions), outermost first.
    var batch: [String]
    var i: String
    var j: String
    var k: String
    /// Lower bound (inclusive) and upper bound (exclusive) of each iterator, as C text.
    var bounds: [String: (lower: String, upper: String)]
    var left: KernelExpr
    var right: KernelExpr
    /// The product of the loop-invariant factors, as C text ("" when none).
    var scale: String
    var element: KernelScalarType

    /// Recognises `statement` as a contraction, or nil.
    static func match(_ statement: KernelStatement, in kernel: KernelDocument) -> Contraction? {
        let body = statement.body
        guard body.op == .add, case .access(let target, let targetIndex) = body.target else { return nil }
        let targetIterators = targetIndex.compactMap { expr -> String? in
            if case .iterator(let name) = expr { return name } else { return nil }
        }
        guard targetIterators.count == targetIndex.count, Set(targetIterators).count == targetIterators.count,
              targetIterators.count >= 2 else { return nil }
        let reduction = statement.iterators.filter { !targetIterators.contains($0) }
        guard reduction.count == 1, let k = reduction.first,
              statement.iterators.count == targetIterators.count + 1 else { return nil }
        guard let array = kernel.arrays.first(where: { $0.name == target }),
              array.elementType == .float || array.elementType == .double else { return nil }

        // The value: a product of two accesses and loop-invariant factors.
        var factors: [KernelExpr] = []
        func flatten(_ expr: KernelExpr) {
            if case .binary(.multiply, let lhs, let rhs) = expr {
                flatten(lhs)
                flatten(rhs)
            } else {
                factors.append(expr)
            }
        }
        flatten(body.value)
        let accesses = factors.filter { if case .access = $0 { return true } else { return false } }
        let invariant = factors.filter { if case .access = $0 { return false } else { return true } }
        guard accesses.count == 2, invariant.allSatisfy(isInvariant) else { return nil }
        func iterators(_ expr: KernelExpr) -> [String]? {
            guard case .access(let name, let index) = expr, name != target else { return nil }
            let names = index.compactMap { item -> String? in if case .iterator(let n) = item { return n } else { return nil } }
            guard names.count == index.count, Set(names).count == names.count else { return nil }
            return names
        }
        guard let first = iterators(accesses[0]), let second = iterators(accesses[1]),
              first.contains(k), second.contains(k) else { return nil }
        // i: the target iterator only the left operand has; j: only the right one's.
        let firstOwn = targetIterators.filter { first.contains($0) && !second.contains($0) }
        let secondOwn = targetIterators.filter { second.contains($0) && !first.contains($0) }
        let shared = targetIterators.filter { first.contains($0) && second.contains($0) }
        guard firstOwn.count == 1, secondOwn.count == 1,
              Set(first) == Set(shared + firstOwn + [k]), Set(second) == Set(shared + secondOwn + [k]) else { return nil }
        guard let bounds = boxBounds(statement) else { return nil }
        // Keep the target's fastest-varying iterator as j (the vector direction).
        var left = accesses[0], right = accesses[1]
        var i = firstOwn[0], j = secondOwn[0]
        if targetIterators.firstIndex(of: i)! > targetIterators.firstIndex(of: j)! {
            swap(&left, &right)
            swap(&i, &j)
        }
        let scale = invariant.map { "(\($0.cText()))" }.joined(separator: " * ")
        return Contraction(statement: statement, batch: shared, i: i, j: j, k: k, bounds: bounds, left: left,
                           right: right, scale: scale, element: array.elementType)
    }

    private static func isInvariant(_ expr: KernelExpr) -> Bool {
        switch expr {
        case .int, .float, .parameter, .scalar: return true
        case .unary(_, let operand), .cast(_, let operand): return isInvariant(operand)
        case .binary(_, let lhs, let rhs): return isInvariant(lhs) && isInvariant(rhs)
        case .call(_, let args): return args.allSatisfy(isInvariant)
        case .iterator, .access, .select: return false
        }
    }

    /// The bounds of a box domain written as the front end writes it,
    /// `{ S[i, j] : 0 <= i < n and 0 <= j <= m - 1 }`; nil for anything else.
    static func boxBounds(_ statement: KernelStatement) -> [String: (lower: String, upper: String)]? {
        let domain = statement.domain
        guard let open = domain.lastIndex(of: "{"), let close = domain.lastIndex(of: "}"), open < close,
              !domain[open...].contains(";") else { return nil }
        let set = domain[domain.index(after: open)..<close]
        guard let colon = set.firstIndex(of: ":") else { return nil }
        let constraints = set[set.index(after: colon)...].components(separatedBy: " and ")
        let iterators = Set(statement.iterators)
        var bounds: [String: (lower: String, upper: String)] = [:]
        // A bound may name parameters and integers only, never an iterator.
        func invariant(_ text: String) -> Bool {
            let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
            return !text.isEmpty && words.allSatisfy { !iterators.contains(String($0)) }
                && text.allSatisfy { $0.isLetter || $0.isNumber || " _+-*()".contains($0) }
        }
        for constraint in constraints {
            let parts = constraint.trimmingCharacters(in: .whitespaces).components(separatedBy: " ")
            // lower <= x < upper, lower <= x <= upper (lower and upper may be expressions).
            guard let first = parts.firstIndex(where: { $0 == "<=" || $0 == "<" }),
                  let second = parts[(first + 1)...].firstIndex(where: { $0 == "<=" || $0 == "<" }),
                  second == first + 2 else { return nil }
            let name = parts[first + 1]
            let lower = parts[..<first].joined(separator: " ")
            let upper = parts[(second + 1)...].joined(separator: " ")
            guard iterators.contains(name), bounds[name] == nil, invariant(lower), invariant(upper) else { return nil }
            let lowerText = parts[first] == "<=" ? "(\(lower))" : "(\(lower)) + 1"
            let upperText = parts[second] == "<" ? "(\(upper))" : "(\(upper)) + 1"
            bounds[name] = (lowerText, upperText)
        }
        return Set(bounds.keys) == iterators ? bounds : nil
    }
}

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
