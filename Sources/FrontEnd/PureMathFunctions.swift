/// The C math functions a kernel may call, with their arity.
///
/// Only functions without side effects (no `errno` reliance, no state) are listed, so that
/// statement instances may be reordered freely.
enum PureMathFunctions {
    static let arity: [String: Int] = {
        var table: [String: Int] = [:]
        let unary = [
            "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
            "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
            "erf", "erfc", "tgamma", "lgamma", "fabs", "floor", "ceil", "round", "trunc", "rint", "nearbyint",
            "abs", "labs",
        ]
        let binary = ["pow", "atan2", "fmod", "fmax", "fmin", "hypot", "copysign", "fdim", "remainder"]
        for name in unary {
            table[name] = 1
            if !["abs", "labs"].contains(name) { table[name + "f"] = 1 }
        }
        for name in binary {
            table[name] = 2
            table[name + "f"] = 2
        }
        table["fma"] = 3
        table["fmaf"] = 3
        return table
    }()
}
