/// A user constraint on the coefficients of one scheduling row, written like
/// `"S0.i == 1"`, `"S1.j - S1.i >= 0"` or `"2*S0.k + S0.const <= 3"`.
///
/// `S.x` is the coefficient of iterator `x` of statement `S` in the row,
/// `S.p` of parameter `p`, and `S.const` the row's constant term.
public struct CustomConstraint: Equatable, Sendable, CustomStringConvertible {
    /// How the left-hand side compares with zero.
    public enum Relation: String, Sendable {
        case equal = "==", greaterOrEqual = ">=", lessOrEqual = "<="
    }

    /// One `factor * statement.coefficient` term.
    public struct Term: Equatable, Sendable {
        public var factor: Int
        public var statement: String
        public var coefficient: String
    }

    /// The terms of `terms + constant  relation  0`.
    public var terms: [Term]
    /// The constant of the left-hand side (right-hand sides are moved over).
    public var constant: Int
    /// The comparison with zero.
    public var relation: Relation
    /// The text the constraint was parsed from.
    public let text: String

    /// Parses `text`; throws a message saying what is malformed.
    public init(parsing text: String) throws {
        self.text = text
        let relations: [Relation] = [.equal, .greaterOrEqual, .lessOrEqual]
        guard let relation = relations.first(where: { text.contains($0.rawValue) }) else {
            throw CustomConstraintSyntaxError(message: "needs one of ==, >=, <=")
        }
        let sides = text.components(separatedBy: relation.rawValue)
        guard sides.count == 2 else { throw CustomConstraintSyntaxError(message: "needs exactly one comparison") }
        let left = try Self.linear(sides[0])
        let right = try Self.linear(sides[1])
        terms = left.terms + right.terms.map { Term(factor: -$0.factor, statement: $0.statement, coefficient: $0.coefficient) }
        constant = left.constant - right.constant
        self.relation = relation
    }

    public var description: String { text }

    /// Parses `±[k*]S.x` and integer terms separated by `+`/`-`.
    private static func linear(_ side: String) throws -> (terms: [Term], constant: Int) {
        var terms: [Term] = [], constant = 0
        var text = side.replacingOccurrences(of: " ", with: "")
        guard !text.isEmpty else { throw CustomConstraintSyntaxError(message: "a side of the comparison is empty") }
        if !text.hasPrefix("-") && !text.hasPrefix("+") { text = "+" + text }
        var pieces: [(sign: Int, body: String)] = []
        for character in text {
            if character == "+" || character == "-" {
                pieces.append((character == "+" ? 1 : -1, ""))
            } else {
                pieces[pieces.count - 1].body.append(character)
            }
        }
        for (sign, body) in pieces {
            guard !body.isEmpty else { throw CustomConstraintSyntaxError(message: "an operator has no operand") }
            if let value = Int(body) {
                constant += sign * value
                continue
            }
            var factor = sign, name = body
            if let star = body.firstIndex(of: "*") {
                guard let value = Int(body[..<star]) else {
                    throw CustomConstraintSyntaxError(message: "'\(body)' must be INTEGER*STATEMENT.NAME")
                }
                factor *= value
                name = String(body[body.index(after: star)...])
            }
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CustomConstraintSyntaxError(message: "'\(name)' must be STATEMENT.ITERATOR, STATEMENT.PARAMETER or STATEMENT.const")
            }
            terms.append(Term(factor: factor, statement: String(parts[0]), coefficient: String(parts[1])))
        }
        return (terms, constant)
    }
}

/// A malformed custom constraint.
struct CustomConstraintSyntaxError: Error {
    var message: String
}
