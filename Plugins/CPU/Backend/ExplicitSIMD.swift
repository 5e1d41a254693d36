import Formats

/// Explicit SIMD (the `explicitSIMD` knob): an innermost dependence-free
/// loop whose statements read and write stride-1 along it becomes a loop
/// over whole vectors written with GCC vector extensions, `lanes` elements
/// at a time (the machine's vector width), and a scalar loop for the rest.
///
/// What is vectorised, per statement of the loop body (anything else keeps
/// the loop as it was):
/// - the target and every access that moves with the loop move along their
///   last subscript only, by exactly one element per iteration, and have the
///   statements' one element type (`float` or `double`);
/// - the value uses `+ - * /`, negation, `fmaxf`/`fminf`/`fabsf` (double:
///   `fmax`/`fmin`/`fabs`) and, with `approxMath`, `expf`/`tanhf` on moving
///   operands; whatever does not move with the loop is computed once per
///   vector in C as written and broadcast, provided C's conversions make it
///   the element type anyway (a `double` constant next to a moving `float`
///   would make C compute in double, so such a statement is left alone).
///
/// Running a statement on `lanes` iterations before the next statement is
/// what `#pragma omp simd` asserts too: the loop carries no dependence.
struct ExplicitSIMD {
    let kernel: KernelDocument
    /// Vector register width in bits (the machine's).
    let vectorBits: Int

    /// The vector type and helper prefix for `element`.
    static func prefix(_ element: KernelScalarType) -> String { element == .float ? "akg_vf" : "akg_vd" }

    func lanes(_ element: KernelScalarType) -> Int { vectorBits / (element == .float ? 32 : 64) }

    /// The C type of a named value (array element, parameter or local), if known.
    func type(of name: String) -> KernelScalarType? {
        if let array = kernel.arrays.first(where: { $0.name == name }) { return array.elementType }
        if let parameter = kernel.parameters.first(where: { $0.name == name }) { return parameter.type }
        return kernel.locals.first(where: { $0.name == name })?.type
    }

    /// C's type of `expr` (usual arithmetic conversions), nil when unknown.
    func type(of expr: KernelExpr) -> KernelScalarType? {
        func rank(_ type: KernelScalarType) -> Int {
            [.int: 0, .unsignedInt: 1, .long: 2, .unsignedLong: 3, .float: 4, .double: 5][type] ?? 6
        }
        switch expr {
        case .int: return .int
        case .float(_, let text): return text.hasSuffix("f") || text.hasSuffix("F") ? .float : .double
        case .iterator: return .int
        case .parameter(let name), .scalar(let name), .access(let name, _): return type(of: name)
        case .unary(let op, let operand): return op == .negate ? type(of: operand) : .int
        case .cast(let type, _): return type
        case .binary(let op, let lhs, let rhs):
            guard [.add, .subtract, .multiply, .divide, .remainder].contains(op) else { return .int }
            guard let left = type(of: lhs), let right = type(of: rhs) else { return nil }
            return rank(left) >= rank(right) ? left : right
        case .call(let name, _):
            if ["expf", "tanhf", "sqrtf", "fabsf", "fmaxf", "fminf", "logf", "powf", "sinf", "cosf"].contains(name)
                || (name.hasPrefix("akg_") && name.hasSuffix("f")) { return .float }
            if ["exp", "tanh", "sqrt", "fabs", "fmax", "fmin", "log", "pow", "sin", "cos", "akg_fmax", "akg_fmin"]
                .contains(name) { return .double }
            return nil
        case .select: return nil
        }
    }

    /// One statement instance of the loop body: its statement and the C text
    /// of each of its iterators, and which iterator moves with the loop.
    struct Instance {
        var statement: KernelStatement
        var values: [String: String]
        var moving: String
    }

    /// The vector loop replacing `loop` (named `name` in C), or nil when
    /// some statement is not of the vectorisable form. `scalarBody` renders
    /// the body for the remainder loop; `bound` is the loop's exclusive end.
    func render(instances: [Instance], name: String, lowerBound: String, bound: String, indexType: String,
                indent: String, scalarBody: String) -> String? {
        guard let element = instances.first.flatMap({ target(of: $0)?.element }),
              element == .float || element == .double, lanes(element) >= 2 else { return nil }
        let prefix = Self.prefix(element)
        var vectorBody = ""
        var broadcasts: [String] = []
        for instance in instances {
            guard let (address, targetType) = target(of: instance), targetType == element,
                  let value = vector(instance.statement.body.value, instance, element: element,
                                     broadcasts: &broadcasts) else { return nil }
            // `t op= v` with a fixed double v is computed in double in C.
            if !value.varying, instance.statement.body.op != .assign,
               type(of: instance.statement.body.value).map({ $0 == .double && element == .float }) ?? true {
                return nil
            }
            let text = value.varying
                ? value.text : broadcast("(\(element.cName))\(value.text)", into: &broadcasts)
            let load = "\(prefix)_load(&\(address))"
            let stored: String
            switch instance.statement.body.op {
            case .assign: stored = text
            case .add: stored = "\(load) + \(text)"
            case .subtract: stored = "\(load) - \(text)"
            case .multiply: stored = "\(load) * \(text)"
            case .divide: stored = "\(load) / \(text)"
            }
            vectorBody += "\(indent)    \(prefix)_store(&\(address), \(stored));\n"
        }
        let count = lanes(element)
        // Values fixed along the loop are broadcast once, before it: the loop
        // carries no dependence, so nothing it writes is read by them.
        let hoisted = broadcasts.enumerated().map { index, value in
            "\(indent)  const \(prefix) akg_bc\(index) = \(prefix)_splat(\(value));\n"
        }.joined()
        return "\(indent){\n"
            + "\(indent)  const \(indexType) akg_end_\(name) = \(bound);\n"
            + "\(indent)  \(indexType) \(name) = \(lowerBound);\n"
            + hoisted
            + "\(indent)  /* explicit SIMD: \(count) lanes of \(element.cName), then the remainder */\n"
            + "\(indent)  for (; \(name) <= akg_end_\(name) - \(count); \(name) += \(count)) {\n"
            + vectorBody
            + "\(indent)  }\n"
            + "\(indent)  for (; \(name) < akg_end_\(name); ++\(name)) {\n"
            + scalarBody
            + "\(indent)  }\n"
            + "\(indent)}\n"
    }

    /// The name of the hoisted broadcast of `value` (scalar C text),
    /// added to `broadcasts` unless already there.
    private func broadcast(_ value: String, into broadcasts: inout [String]) -> String {
        let index = broadcasts.firstIndex(of: value) ?? broadcasts.count
        if index == broadcasts.count { broadcasts.append(value) }
        return "akg_bc\(index)"
    }

    /// The target's C lvalue at lane 0 and its element type, when it moves
    /// with the loop by one element per iteration.
    private func target(of instance: Instance) -> (String, element: KernelScalarType)? {
        guard case .access(let array, let index) = instance.statement.body.target, isContiguous(index, instance),
              let element = type(of: array) else { return nil }
        return (instance.statement.body.target.cText(substituting: instance.values), element)
    }

    /// Whether only the last subscript moves, as `i`, `i + e`, `e + i` or
    /// `i - e` with `e` fixed along the loop.
    private func isContiguous(_ index: [KernelExpr], _ instance: Instance) -> Bool {
        guard let last = index.last else { return false }
        if index.dropLast().contains(where: { moves($0, instance) }) { return false }
        switch last {
        case .iterator(let name): return name == instance.moving
        case .binary(.add, .iterator(let name), let other), .binary(.add, let other, .iterator(let name)),
             .binary(.subtract, .iterator(let name), let other):
            return name == instance.moving && !moves(other, instance)
        default: return false
        }
    }

    private func moves(_ expr: KernelExpr, _ instance: Instance) -> Bool {
        expr.contains { part in
            guard case .iterator(let name) = part else { return false }
            return name == instance.moving
        }
    }

    /// Vector C text of a moving expression (`varying`), or the scalar C text
    /// of a fixed one; nil when it cannot be vectorised exactly.
    private func vector(_ expr: KernelExpr, _ instance: Instance, element: KernelScalarType,
                        broadcasts: inout [String]) -> (text: String, varying: Bool)? {
        let prefix = Self.prefix(element)
        guard moves(expr, instance) else { return ("(" + expr.cText(substituting: instance.values) + ")", false) }
        // A fixed operand next to a moving one: C converts it to the element
        // type only when it is not wider (or is an argument of a float function).
        func operand(_ expr: KernelExpr, converted: Bool) -> String? {
            guard let part = vector(expr, instance, element: element, broadcasts: &broadcasts) else { return nil }
            if part.varying { return part.text }
            guard let type = type(of: expr) else { return nil }
            if !converted, type == .double, element == .float { return nil }
            return broadcast("(\(element.cName))\(part.text)", into: &broadcasts)
        }
        switch expr {
        case .access(let array, let index):
            guard isContiguous(index, instance), type(of: array) == element else { return nil }
            return ("\(prefix)_load(&\(expr.cText(substituting: instance.values)))", true)
        case .binary(let op, let lhs, let rhs):
            guard [.add, .subtract, .multiply, .divide].contains(op),
                  let left = operand(lhs, converted: false), let right = operand(rhs, converted: false) else { return nil }
            return ("(\(left) \(op.rawValue) \(right))", true)
        case .unary(.negate, let inner):
            guard let text = operand(inner, converted: false) else { return nil }
            return ("(-\(text))", true)
        case .cast(let type, let inner):
            guard type == element, self.type(of: inner) == element, let text = operand(inner, converted: false) else { return nil }
            return (text, true)
        case .call(let name, let args):
            let float = element == .float
            let supported: [String: String] = float
                ? ["akg_fmaxf": "fmax", "akg_fminf": "fmin", "fabsf": "fabs", "akg_expf": "exp", "akg_tanhf": "tanh"]
                : ["akg_fmax": "fmax", "akg_fmin": "fmin", "fabs": "fabs"]
            guard let function = supported[name] else { return nil }
            var texts: [String] = []
            for arg in args {
                guard let text = operand(arg, converted: true) else { return nil }
                texts.append(text)
            }
            return ("\(prefix)_\(function)(\(texts.joined(separator: ", ")))", true)
        default:
            return nil
        }
    }

    /// The vector types and helpers for the element types the kernel's
    /// arrays use (unused ones cost nothing: they are `static inline`).
    func definitions(approximate: Bool) -> String {
        var out = ""
        let elements = Set(kernel.arrays.map(\.elementType))
        if elements.contains(.float), lanes(.float) >= 2 {
            let bytes = vectorBits / 8
            out += """
                typedef float akg_vf __attribute__((vector_size(\(bytes))));
                typedef int akg_vfi __attribute__((vector_size(\(bytes))));
                static inline akg_vf akg_vf_load(const float *p) { akg_vf v; memcpy(&v, p, sizeof v); return v; }
                static inline void akg_vf_store(float *p, akg_vf v) { memcpy(p, &v, sizeof v); }
                static inline akg_vf akg_vf_splat(float s) { return (akg_vf){0} + s; }
                static inline akg_vf akg_vf_select(akg_vfi m, akg_vf a, akg_vf b)
                {
                  return (akg_vf)(((akg_vfi)a & m) | ((akg_vfi)b & ~m));
                }
                static inline akg_vf akg_vf_fmax(akg_vf a, akg_vf b) { return akg_vf_select((a > b) | (b != b), a, b); }
                static inline akg_vf akg_vf_fmin(akg_vf a, akg_vf b) { return akg_vf_select((a < b) | (b != b), a, b); }
                static inline akg_vf akg_vf_fabs(akg_vf a) { return (akg_vf)((akg_vfi)a & 0x7fffffff); }

                """
            if approximate {
                // The vector forms of MathHelpers' akg_expf and akg_tanhf, step for step.
                out += """
                    static inline akg_vf akg_vf_exp(akg_vf x)
                    {
                      akg_vf c = akg_vf_select(x > -104.0f, x, akg_vf_splat(-104.0f));
                      c = akg_vf_select(c < 89.0f, c, akg_vf_splat(89.0f));
                      \(MathHelpers.expCore(of: "c", type: "akg_vf"))
                      akg_vfi k = __builtin_convertvector(n, akg_vfi), h = k >> 1;
                      akg_vf y = p * (akg_vf)((h + 127) << 23) * (akg_vf)((k - h + 127) << 23);
                      y = akg_vf_select(x > 88.72283935546875f, akg_vf_splat(__builtin_inff()), y);
                      y = akg_vf_select(x < -103.97208404541015625f, akg_vf_splat(0.0f), y);
                      return akg_vf_select(x != x, x, y);
                    }
                    static inline akg_vf akg_vf_tanh(akg_vf x)
                    {
                      akg_vf a = akg_vf_fabs(x);
                      a = akg_vf_select(a <= 10.0f, a, akg_vf_splat(10.0f));
                      akg_vf y = 2.0f * a;
                      \(MathHelpers.expCore(of: "y", type: "akg_vf"))
                      akg_vf e = p * (akg_vf)((__builtin_convertvector(n, akg_vfi) + 127) << 23);
                      akg_vf big = 1.0f - 2.0f / (e + 1.0f);
                      akg_vf s = a * a;
                      akg_vf small = a * (1.0f + s * (-1.0f / 3.0f + s * (2.0f / 15.0f + s * (-17.0f / 315.0f))));
                      akg_vf t = akg_vf_select(a < 0.0625f, small, big);
                      t = (akg_vf)((akg_vfi)t | ((akg_vfi)x & (int)0x80000000));
                      return akg_vf_select(x != x, x, t);
                    }

                    """
            }
        }
        if elements.contains(.double), lanes(.double) >= 2 {
            let bytes = vectorBits / 8
            out += """
                typedef double akg_vd __attribute__((vector_size(\(bytes))));
                typedef long long akg_vdi __attribute__((vector_size(\(bytes))));
                static inline akg_vd akg_vd_load(const double *p) { akg_vd v; memcpy(&v, p, sizeof v); return v; }
                static inline void akg_vd_store(double *p, akg_vd v) { memcpy(p, &v, sizeof v); }
                static inline akg_vd akg_vd_splat(double s) { return (akg_vd){0} + s; }
                static inline akg_vd akg_vd_select(akg_vdi m, akg_vd a, akg_vd b)
                {
                  return (akg_vd)(((akg_vdi)a & m) | ((akg_vdi)b & ~m));
                }
                static inline akg_vd akg_vd_fmax(akg_vd a, akg_vd b) { return akg_vd_select((a > b) | (b != b), a, b); }
                static inline akg_vd akg_vd_fmin(akg_vd a, akg_vd b) { return akg_vd_select((a < b) | (b != b), a, b); }
                static inline akg_vd akg_vd_fabs(akg_vd a) { return (akg_vd)((akg_vdi)a & 0x7fffffffffffffffLL); }

                """
        }
        return out
    }
}
