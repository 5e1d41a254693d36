import Formats

/// Inline C helpers the generated code calls in place of some libm functions,
/// written so that GCC vectorises the loops that call them.
///
/// Without `-ffast-math` GCC neither inlines `fmaxf` (a scalar libm call per
/// element: ReLU ran at a tenth of the memory bandwidth) nor vectorises
/// `expf`/`tanhf`, and it does not if-convert a floating comparison that may
/// trap, so a `c ? a : b` on floats keeps a loop scalar. The helpers select
/// with integer masks instead of branches.
///
/// - `fmaxf`, `fminf`, `fmax`, `fmin` are always replaced: the helpers return
///   what C99 specifies (the number when the other operand is a NaN); only
///   the sign of a zero result may differ (`fmax(-0, +0)`), which C leaves
///   open too.
/// - `expf` and `tanhf` are replaced only with the `approxMath` knob: they are
///   approximations (expf within 2 ulp on normal results, tanhf within 2e-7
///   absolute), accepted where the verifier's tolerance accepts them.
enum MathHelpers {
    /// The helper that replaces `function`, or nil when it stays a libm call.
    static func replacement(for function: String, approximate: Bool) -> String? {
        switch function {
        case "fmaxf", "fminf", "fmax", "fmin": return "akg_" + function
        case "expf", "tanhf": return approximate ? "akg_" + function : nil
        default: return nil
        }
    }

    /// `expr` with every replaceable call renamed to its helper; `used`
    /// collects the helpers named.
    static func rewrite(_ expr: KernelExpr, approximate: Bool, used: inout Set<String>) -> KernelExpr {
        switch expr {
        case .int, .float, .iterator, .parameter, .scalar:
            return expr
        case .access(let array, let index):
            return .access(array: array, index: index.map { rewrite($0, approximate: approximate, used: &used) })
        case .unary(let op, let operand):
            return .unary(op: op, operand: rewrite(operand, approximate: approximate, used: &used))
        case .cast(let type, let operand):
            return .cast(type: type, operand: rewrite(operand, approximate: approximate, used: &used))
        case .binary(let op, let lhs, let rhs):
            return .binary(op: op, lhs: rewrite(lhs, approximate: approximate, used: &used),
                           rhs: rewrite(rhs, approximate: approximate, used: &used))
        case .select(let condition, let then, let otherwise):
            return .select(condition: rewrite(condition, approximate: approximate, used: &used),
                           then: rewrite(then, approximate: approximate, used: &used),
                           else: rewrite(otherwise, approximate: approximate, used: &used))
        case .call(let name, let args):
            let rewritten = args.map { rewrite($0, approximate: approximate, used: &used) }
            guard let helper = replacement(for: name, approximate: approximate) else {
                return .call(name: name, args: rewritten)
            }
            used.insert(helper)
            return .call(name: helper, args: rewritten)
        }
    }

    /// The C definitions of `used` and of what they need, in dependency
    /// order; empty when nothing is used.
    static func definitions(_ used: Set<String>) -> String {
        var needed = used
        if needed.contains("akg_expf") || needed.contains("akg_tanhf") { needed.insert("akg_bits") }
        let order = ["akg_bits", "akg_fmaxf", "akg_fminf", "akg_fmax", "akg_fmin", "akg_expf", "akg_tanhf"]
        return order.filter(needed.contains).compactMap { texts[$0] }.joined(separator: "\n")
    }

    /// The C lines both exp forms share (akg_expf and akg_tanhf, scalar and
    /// vector): `n`, `input / ln 2` rounded to an integer (by adding and
    /// subtracting 1.5 * 2^23), and `p`, exp of the remainder `r = input -
    /// n ln 2` by its degree-7 Taylor polynomial, with ln 2 split in two for
    /// an exact product. `type` is `float` or a vector type with an
    /// `<type>_splat` helper; written once so that the forms cannot drift.
    static func expCore(of input: String, type: String) -> String {
        let first = type == "float" ? "1.0f / 5040.0f" : "\(type)_splat(1.0f / 5040.0f)"
        var lines = [
            "\(type) n = (\(input) * 1.44269504088896341f + 12582912.0f) - 12582912.0f;",
            "\(type) r = \(input) - n * 0.693145751953125f - n * 1.42860682030941723212e-6f;",
            "\(type) p = \(first);",
        ]
        for coefficient in ["1.0f / 720.0f", "1.0f / 120.0f", "1.0f / 24.0f", "1.0f / 6.0f", "0.5f", "1.0f", "1.0f"] {
            lines.append("p = p * r + \(coefficient);")
        }
        return lines.enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }.joined(separator: "\n")
    }

    private static let texts: [String: String] = [
        "akg_bits": """
            /* Float bits and branch-free selects: GCC if-converts no float comparison that may trap. */
            static inline int akg_bits(float x) { int b; memcpy(&b, &x, sizeof b); return b; }
            static inline float akg_float(int b) { float x; memcpy(&x, &b, sizeof x); return x; }
            /* c ? a : b, for c 0 or 1. */
            static inline float akg_select(int c, float a, float b)
            {
              int m = -c;
              return akg_float((akg_bits(a) & m) | (akg_bits(b) & ~m));
            }

            """,
        "akg_fmaxf": "static inline float akg_fmaxf(float a, float b) { return a > b || b != b ? a : b; }\n",
        "akg_fminf": "static inline float akg_fminf(float a, float b) { return a < b || b != b ? a : b; }\n",
        "akg_fmax": "static inline double akg_fmax(double a, double b) { return a > b || b != b ? a : b; }\n",
        "akg_fmin": "static inline double akg_fmin(double a, double b) { return a < b || b != b ? a : b; }\n",
        "akg_expf": """
            /* exp(x) = 2^n exp(r), n = round(x / ln 2), |r| <= ln(2) / 2 (ln 2 split in two for
               an exact product); exp(r) by its degree-7 Taylor polynomial (error below 1e-8);
               2^n as two factors so results down to the subnormals stay right. n is rounded
               by adding and subtracting 1.5 * 2^23: floorf vectorises only without trapping math.
               The clamp sends a NaN to -104 (converting a NaN to int is undefined); the last
               line gives it back. */
            static inline float akg_expf(float x)
            {
              float c = akg_select(x > -104.0f, x, -104.0f);
              c = akg_select(c < 89.0f, c, 89.0f);
              \(expCore(of: "c", type: "float"))
              int k = (int)n, h = k >> 1;
              float y = p * akg_float((h + 127) << 23) * akg_float((k - h + 127) << 23);
              y = akg_select(x > 88.72283935546875f, __builtin_inff(), y);
              y = akg_select(x < -103.97208404541015625f, 0.0f, y);
              return akg_select(x != x, x, y);
            }

            """,
        "akg_tanhf": """
            /* tanh(|x|) = 1 - 2 / (exp(2|x|) + 1), by its odd Taylor polynomial below 1/16
               (where the quotient loses digits). tanh rounds to 1 in float from 9.01 on, so
               |x| is clamped at 10 (at 9, tanh(inf) came out one ulp below 1). exp(2|x|) is
               computed here, not by akg_expf: with |x| <= 10 it needs no overflow, underflow or NaN
               paths and one power-of-two factor, which makes tanh 1.7x faster with the same
               error. A NaN is clamped to 10 (so no NaN reaches the int conversion) and
               restored at the end; the sign is copied bitwise, so tanh(-0) is -0. */
            static inline float akg_tanhf(float x)
            {
              float a = __builtin_fabsf(x);
              a = akg_select(a <= 10.0f, a, 10.0f);
              float y = 2.0f * a;
              \(expCore(of: "y", type: "float"))
              float e = p * akg_float(((int)n + 127) << 23);
              float big = 1.0f - 2.0f / (e + 1.0f);
              float s = a * a;
              float small = a * (1.0f + s * (-1.0f / 3.0f + s * (2.0f / 15.0f + s * (-17.0f / 315.0f))));
              float t = akg_select(a < 0.0625f, small, big);
              t = akg_float(akg_bits(t) | (akg_bits(x) & (int)0x80000000));
              return akg_select(x != x, x, t);
            }

            """,
    ]
}
