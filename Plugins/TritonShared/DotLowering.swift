import Formats
import KernelPatterns

/// Contractions as `tl.dot` on tiles (knob `dot`, on by default).
///
/// A statement `X[..i..j..] += s * A[..i..k..] * B[..k..j..]` over a box
/// domain whose instances the Loop AST keeps in a subtree of their own (see
/// `Contraction`) becomes one launch: every program computes a `DOT_M` ×
/// `DOT_N` tile of `X` (for one point of the batch iterators), accumulating
/// `tl.dot` products of `DOT_M` × `DOT_K` and `DOT_K` × `DOT_N` operand tiles
/// over the reduction in registers — fp32 for float data, fp64 for double —
/// and adds `s` times the result to `X` once. Partial tiles are masked.
///
/// The sum over `k` is reassociated (blocks of `DOT_K`, then one add), as
/// any BLAS does; the verifier judges it within its tolerance. Products use
/// IEEE fp32 unless `dot_tf32` asks for TF32 tensor cores (faster on a GPU,
/// ~1e-3 relative error: the tuner keeps it only where the verifier does).
extension TritonLowering {
    /// The grid of a contraction: the tiles of `i` and `j` and every batch
    /// point, flattened into program id 0 (`j` fastest, so neighbouring
    /// programs share rows of `A`). A CUDA grid's y and z axes are limited to
    /// 65,535, its x axis to 2^31 - 1, so one axis holds any kernel's tiles.
    func dotPhase(_ contraction: Contraction, hostIterators: [String], indent: String,
                  context: inout ModuleContext) throws -> String {
        let name = nextKernelName(&context)
        log.phase(name, kind: "dot", "\(contraction.statement.name) (contraction) -> tl.dot on DOT_M x DOT_N = \(knobs.dotBlockM) x \(knobs.dotBlockN) "
                  + "tiles of \(contraction.i) x \(contraction.j), \(knobs.dotBlockK)-deep blocks of \(contraction.k), "
                  + "\(contraction.element == .double ? "fp64" : "fp32") accumulator; "
                  + (mapping == .persistentCores ? "up to \(knobs.cores) programs (cores) loop over the tiles"
                      : "one program per tile") + (contraction.batch.isEmpty ? "" : " and batch point (\(contraction.batch.joined(separator: ", ")))"))
        let bound = { (iterator: String) -> (lower: String, upper: String) in
            let text = contraction.bounds[iterator]!
            return (Contraction.renaming(text.lower) { "p_\($0)" }, Contraction.renaming(text.upper) { "p_\($0)" })
        }
        let (iLower, iUpper) = bound(contraction.i), (jLower, jUpper) = bound(contraction.j)
        let (kLower, kUpper) = bound(contraction.k)
        let dtype = "tl.\(TritonLowering.tritonDType(contraction.element))"
        let statement = contraction.statement
        var body = "    # \(statement.name): contraction \(statement.body.target.cText()) += "
            + "\(contraction.scaleFactors.isEmpty ? "" : "s * ")\(contraction.left.cText()) * \(contraction.right.cText())\n"
        body += "    # as tl.dot on DOT_M x DOT_N tiles of \(contraction.i) x \(contraction.j), DOT_K-deep blocks of \(contraction.k), "
            + "\(contraction.element == .double ? "fp64" : "fp32") accumulator\n"
        body += "    akg_tiles_j = ((\(jUpper)) - (\(jLower)) + DOT_N - 1) // DOT_N\n"
        body += "    akg_tiles_i = ((\(iUpper)) - (\(iLower)) + DOT_M - 1) // DOT_M\n"
        let (header, inner) = programIndexHeader()
        body += header
        body += "\(inner)akg_tile = akg_t\n"
        body += "\(inner)r_j = (\(jLower)) + (akg_tile % akg_tiles_j) * DOT_N + tl.arange(0, DOT_N)\n"
        body += "\(inner)akg_tile = akg_tile // akg_tiles_j\n"
        body += "\(inner)r_i = (\(iLower)) + (akg_tile % akg_tiles_i) * DOT_M + tl.arange(0, DOT_M)\n"
        body += "\(inner)akg_tile = akg_tile // akg_tiles_i\n"
        for iterator in contraction.batch.reversed() {
            let (lower, upper) = bound(iterator)
            body += "\(inner)i_\(iterator) = (\(lower)) + akg_tile % ((\(upper)) - (\(lower)))\n"
            body += "\(inner)akg_tile = akg_tile // ((\(upper)) - (\(lower)))\n"
        }
        var batchValues: [String: String] = [:]
        for iterator in contraction.batch { batchValues[iterator] = "i_\(iterator)" }
        func printer(_ roles: [String: String]) -> ValuePrinter {
            ValuePrinter(lowering: self, iterators: batchValues.merging(roles) { a, _ in a }, mask: nil, lanes: [])
        }
        let rows = "r_i[:, None]", columns = "r_j[None, :]"
        guard case .access(let leftArray, let leftIndex) = contraction.left,
              case .access(let rightArray, let rightIndex) = contraction.right,
              case .access(let target, let targetIndex) = statement.body.target else {
            throw LoweringError.unknownName("\(contraction.left)")
        }
        let leftPointer = try printer([contraction.i: rows, contraction.k: "r_k[None, :]"]).pointer(leftArray, leftIndex)
        let rightPointer = try printer([contraction.k: "r_k[:, None]", contraction.j: columns]).pointer(rightArray, rightIndex)
        let targetPointer = try printer([contraction.i: rows, contraction.j: columns]).pointer(target, targetIndex)
        let precision = knobs.dotTF32 && contraction.element == .float ? "tf32" : "ieee"
        body += "\(inner)akg_acc = tl.zeros([DOT_M, DOT_N], dtype=\(dtype))\n"
        body += "\(inner)for akg_k0 in range(\(kLower), \(kUpper), DOT_K):\n"
        body += "\(inner)    r_k = akg_k0 + tl.arange(0, DOT_K)\n"
        body += "\(inner)    akg_a = tl.load(\(leftPointer), mask=(r_i[:, None] < (\(iUpper))) & (r_k[None, :] < (\(kUpper))), other=0)\n"
        body += "\(inner)    akg_b = tl.load(\(rightPointer), mask=(r_k[:, None] < (\(kUpper))) & (r_j[None, :] < (\(jUpper))), other=0)\n"
        body += "\(inner)    akg_acc = tl.dot(akg_a, akg_b, akg_acc, input_precision=\"\(precision)\", out_dtype=\(dtype))\n"
        body += "\(inner)akg_m = (r_i[:, None] < (\(iUpper))) & (r_j[None, :] < (\(jUpper)))\n"
        let scalePrinter = printer([:])
        var update = "akg_acc"
        if !contraction.scaleFactors.isEmpty {
            let factors = try contraction.scaleFactors.map { "(\(try scalePrinter.value($0)))" }
            update = factors.joined(separator: " * ") + " * akg_acc"
        }
        body += "\(inner)akg_old = tl.load(\(targetPointer), mask=akg_m, other=0)\n"
        body += "\(inner)tl.store(\(targetPointer), tl.cast(akg_old + \(update), \(dtype)), mask=akg_m)  # \(statement.name)\n"
        let constants = ["DOT_M", "DOT_N", "DOT_K"]
        context.kernels.append(KernelFunction(name: name, source: kernelSource(name, body: body, hostIterators: hostIterators,
                                                                               constants: constants),
                                              hostIterators: hostIterators, constants: constants))

        // The launcher: as many programs as tiles (or cores), none when any
        // extent is empty — the original then runs no instance at all.
        // (Bounds name only parameters, `p_*` on both sides.)
        var extents = [
            "max(0, -(-((\(jUpper)) - (\(jLower))) // DOT_N))",
            "max(0, -(-((\(iUpper)) - (\(iLower))) // DOT_M))",
        ]
        for iterator in contraction.batch {
            let (lower, upper) = bound(iterator)
            extents.append("max(0, (\(upper)) - (\(lower)))")
        }
        var out = "\(indent)akg_count = \(extents.joined(separator: " * "))\n"
        out += "\(indent)if akg_count > 0 and (\(kUpper)) > (\(kLower)):\n"
        let programs = mapping == .persistentCores ? "min(akg_count, \(knobs.cores))" : "akg_count"
        out += "\(indent)    akg_programs = \(programs)\n"
        out += launch(name, programs: "akg_programs", hostIterators: hostIterators, indent: indent + "    ", constants: constants)
        return out
    }
}
