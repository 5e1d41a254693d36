import Formats

/// A statement that is a tensor contraction, `X[..i..j..] += s * A[..i..k..] * B[..k..j..]`
/// over a rectangular domain. Backends may compute such a statement with
/// their best matrix-multiply form instead of the scheduled loop nest: the
/// CPU backend with a register-blocked micro-kernel on packed panels, the
/// Triton-family backends with `tl.dot` on tiles.
///
/// Why this is legal: the statement's instances only accumulate into `X`
/// (which `A` and `B` are not), so any order of them computes the same sum up
/// to floating-point reassociation, which the verifier's tolerance judges. A
/// backend replaces only a subtree of the Loop AST that holds every instance
/// of the statement and no other statement (`LoopNest.wrappingOnlyNest`), so
/// the statement's order relative to the others is kept.
public struct Contraction {
    public var statement: KernelStatement
    /// Iterators shared by every access (batch dimensions), outermost first.
    public var batch: [String]
    /// The target iterator only the left operand has (rows).
    public var i: String
    /// The target iterator only the right operand has (columns): the
    /// target's fastest-varying one of the two.
    public var j: String
    /// The reduction iterator, which only the operands have.
    public var k: String
    /// Lower bound (inclusive) and upper bound (exclusive) of each iterator,
    /// as text in parameters, integers, `+`, `-`, `*` and parentheses — the
    /// same in C and in Python (`Contraction.renaming` renames parameters).
    public var bounds: [String: (lower: String, upper: String)]
    /// The access holding `i` and `k`.
    public var left: KernelExpr
    /// The access holding `k` and `j`.
    public var right: KernelExpr
    /// The loop-invariant factors of the product (parameters, constants), in source order.
    public var scaleFactors: [KernelExpr]
    /// The element type of the target (float or double).
    public var element: KernelScalarType

    /// Recognises `statement` as a contraction, or nil.
    public static func match(_ statement: KernelStatement, in kernel: KernelDocument) -> Contraction? {
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
        return Contraction(statement: statement, batch: shared, i: i, j: j, k: k, bounds: bounds, left: left,
                           right: right, scaleFactors: invariant, element: array.elementType)
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
    public static func boxBounds(_ statement: KernelStatement) -> [String: (lower: String, upper: String)]? {
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

    /// A bound's text with every identifier (a parameter: bounds name no
    /// iterator) replaced by `rename(identifier)`: `(n) + 1` → `(p_n) + 1`.
    public static func renaming(_ text: String, _ rename: (String) -> String) -> String {
        var out = ""
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            out += word.first!.isNumber ? word : rename(word)
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}

/// Finding the part of a Loop AST that belongs to one statement alone.
public enum LoopNest {
    /// The statements called in `node`, one entry per call site.
    public static func calls(in node: LoopNode) -> [String] {
        switch node {
        case .block(let children): return children.flatMap(calls)
        case .mark(let mark): return calls(in: mark.body)
        case .ifThen(let branch): return calls(in: branch.then) + (branch.else.map(calls) ?? [])
        case .forLoop(let loop): return calls(in: loop.body)
        case .statement(let call): return [call.name]
        }
    }

    /// `tree` with the outermost subtree that holds every call of
    /// `statement` and nothing else wrapped in a mark named `mark`; nil when
    /// the statement shares a loop or a condition with another one. The
    /// wrapped subtree is never inside a loop, so it may be replaced by any
    /// code that runs every instance of the statement.
    public static func wrappingOnlyNest(of statement: String, in tree: LoopNode, mark: String) -> LoopNode? {
        let total = calls(in: tree).filter { $0 == statement }.count
        guard total > 0 else { return nil }
        func wrap(_ node: LoopNode) -> LoopNode? {
            let inside = calls(in: node)
            if !inside.isEmpty, inside.allSatisfy({ $0 == statement }), inside.count == total {
                return .mark(Mark(name: mark, body: node))
            }
            guard inside.contains(statement) else { return nil }
            switch node {
            case .block(let children):
                var copy = children
                for index in copy.indices {
                    if let wrapped = wrap(copy[index]) {
                        copy[index] = wrapped
                        return .block(copy)
                    }
                }
                return nil
            case .mark(var wrapper):
                guard let body = wrap(wrapper.body) else { return nil }
                wrapper.body = body
                return .mark(wrapper)
            case .forLoop, .ifThen, .statement:
                // The statement shares this loop or condition with others.
                return nil
            }
        }
        return wrap(tree)
    }
}
