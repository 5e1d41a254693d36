/// A quasi-affine expression: an integer combination of variables and of integer divisions,
/// modulos, minima and maxima of such expressions, plus a constant.
///
/// This is exactly what isl accepts in sets and maps, so `islText` is always valid isl.
/// All arithmetic checks for overflow, because the input may be arbitrary.
struct QuasiAffine: Equatable {
    /// A non-constant term.
    indirect enum Atom: Equatable {
        /// An iterator or integer parameter.
        case variable(String)
        /// `floor(e / d)`, d > 0.
        case floorDivision(QuasiAffine, Int)
        /// `ceil(e / d)`, d > 0.
        case ceilDivision(QuasiAffine, Int)
        /// `e mod d`, d > 0.
        case modulo(QuasiAffine, Int)
        case minimum(QuasiAffine, QuasiAffine)
        case maximum(QuasiAffine, QuasiAffine)
    }

    /// Non-zero coefficients in order of first appearance (the order keeps output readable).
    private(set) var terms: [(atom: Atom, coefficient: Int)] = []
    private(set) var constant: Int = 0

    /// Thrown on arithmetic overflow; the caller turns it into a located diagnostic.
    struct Overflow: Error {}

    static func == (a: QuasiAffine, b: QuasiAffine) -> Bool {
        a.constant == b.constant && a.terms.count == b.terms.count
            && zip(a.terms, b.terms).allSatisfy { $0.atom == $1.atom && $0.coefficient == $1.coefficient }
    }

    init(constant: Int) { self.constant = constant }

    init(variable: String) { terms = [(.variable(variable), 1)] }

    init(atom: Atom) throws {
        switch atom {
        case let .floorDivision(e, d) where e.isConstant:
            constant = Self.floorDivide(e.constant, d)
        case let .ceilDivision(e, d) where e.isConstant:
            constant = Self.ceilDivide(e.constant, d)
        case let .modulo(e, d) where e.isConstant:
            let r = e.constant % d
            constant = r < 0 ? r + d : r
        case let .minimum(a, b) where a.isConstant && b.isConstant:
            constant = min(a.constant, b.constant)
        case let .maximum(a, b) where a.isConstant && b.isConstant:
            constant = max(a.constant, b.constant)
        case let .floorDivision(e, 1), let .ceilDivision(e, 1):
            self = e
        default:
            terms = [(atom, 1)]
        }
    }

    var isConstant: Bool { terms.isEmpty }

    /// Names of all variables used, including inside divisions and minima.
    var variables: Set<String> {
        var result: Set<String> = []
        for (atom, _) in terms {
            switch atom {
            case let .variable(v): result.insert(v)
            case let .floorDivision(e, _), let .ceilDivision(e, _), let .modulo(e, _): result.formUnion(e.variables)
            case let .minimum(a, b), let .maximum(a, b): result.formUnion(a.variables.union(b.variables))
            }
        }
        return result
    }

    /// Floor division for d > 0, without the overflow a negation of `Int.min` would cause.
    private static func floorDivide(_ a: Int, _ d: Int) -> Int {
        let q = a / d
        return (a % d != 0 && a < 0) ? q - 1 : q
    }

    /// Ceiling division for d > 0.
    private static func ceilDivide(_ a: Int, _ d: Int) -> Int {
        let q = a / d
        return (a % d != 0 && a > 0) ? q + 1 : q
    }

    static func + (a: QuasiAffine, b: QuasiAffine) throws -> QuasiAffine {
        var r = a
        let (c, o) = a.constant.addingReportingOverflow(b.constant)
        if o { throw Overflow() }
        r.constant = c
        for (atom, k) in b.terms {
            if let i = r.terms.firstIndex(where: { $0.atom == atom }) {
                let (sum, o) = r.terms[i].coefficient.addingReportingOverflow(k)
                if o { throw Overflow() }
                if sum == 0 { r.terms.remove(at: i) } else { r.terms[i].coefficient = sum }
            } else {
                r.terms.append((atom, k))
            }
        }
        return r
    }

    static func * (a: QuasiAffine, k: Int) throws -> QuasiAffine {
        if k == 0 { return QuasiAffine(constant: 0) }
        var r = a
        let (c, o) = a.constant.multipliedReportingOverflow(by: k)
        if o { throw Overflow() }
        r.constant = c
        for i in r.terms.indices {
            let (p, o) = r.terms[i].coefficient.multipliedReportingOverflow(by: k)
            if o { throw Overflow() }
            r.terms[i].coefficient = p
        }
        return r
    }

    static prefix func - (a: QuasiAffine) throws -> QuasiAffine { try a * -1 }

    static func - (a: QuasiAffine, b: QuasiAffine) throws -> QuasiAffine { try a + (try -b) }

    /// The coefficient of a plain variable term (not counting occurrences inside atoms).
    func coefficient(of name: String) -> Int {
        terms.first { $0.atom == .variable(name) }?.coefficient ?? 0
    }

    /// The expression in isl syntax, e.g. `2*i - floor((n + 1)/2) + 3`.
    var islText: String {
        var text = ""
        for (atom, k) in terms {
            let body = atom.islText
            let magnitude = k.magnitude
            let term = magnitude == 1 ? body : "\(magnitude)*\(body)"
            if text.isEmpty {
                text = k < 0 ? "-" + term : term
            } else {
                text += k < 0 ? " - " + term : " + " + term
            }
        }
        if text.isEmpty { return String(constant) }
        if constant != 0 { text += constant < 0 ? " - \(constant.magnitude)" : " + \(constant)" }
        return text
    }

    /// `islText`, parenthesised unless it is a single variable or non-negative number.
    var atomicIslText: String {
        if terms.isEmpty { return constant < 0 ? "(\(constant))" : String(constant) }
        if terms.count == 1, constant == 0, terms[0].coefficient == 1 { return islText }
        return "(\(islText))"
    }
}

extension QuasiAffine.Atom {
    var islText: String {
        switch self {
        case let .variable(v): return v
        case let .floorDivision(e, d): return "floor(\(e.atomicIslText)/\(d))"
        case let .ceilDivision(e, d): return "ceil(\(e.atomicIslText)/\(d))"
        case let .modulo(e, d): return "(\(e.atomicIslText) mod \(d))"
        case let .minimum(a, b): return "min(\(a.islText), \(b.islText))"
        case let .maximum(a, b): return "max(\(a.islText), \(b.islText))"
        }
    }
}
