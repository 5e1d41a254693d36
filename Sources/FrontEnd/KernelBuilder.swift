import Formats

/// Turns the parsed kernel function into a `KernelDocument`: resolves names, checks that
/// everything is affine, and builds domains, accesses and the original schedule.
///
/// Statement walking, expression conversion and affine conversion live in extensions in
/// `KernelBuilderStatements.swift`, `KernelBuilderValues.swift` and `KernelBuilderAffine.swift`.
struct KernelBuilder {
    /// What a name in the kernel function refers to.
    enum Symbol {
        /// An integer scalar parameter: an isl parameter.
        case integerParameter(KernelScalarType)
        /// A scalar parameter or local of a supported type.
        case scalar(KernelScalarType, origin: KernelArrayOrigin, declaredInRegion: Bool)
        /// An array parameter with its extents.
        case array(KernelScalarType, shape: [QuasiAffine])
        /// A pointer local, with the array it was initialised from when known.
        case pointer(aliasOf: String?)
        /// A local array (not supported in the model).
        case localArray
        /// A variable whose type the kernel format cannot express.
        case unsupported(type: String)
    }

    /// One enclosing loop during the walk.
    struct Loop {
        var iterator: String
        var constraints: String
    }

    /// Reads and writes seen for one array.
    struct Usage {
        var read = false
        var write = false
    }

    let tokens: [Token]
    let source: SourceText
    var symbols: [String: Symbol] = [:]
    /// Variable names in declaration order (parameters first), for stable output order.
    var declarationOrder: [String] = []
    var integerParameters: [String] = []
    /// Integer parameters that appear in array extents and so are known to be non-negative.
    var extentParameters: Set<String> = []
    /// Scalars assigned somewhere in the region; they become zero-dimensional arrays.
    var writtenScalars: Set<String> = []
    /// Every name used as a loop iterator in the region.
    var iteratorNames: Set<String> = []
    /// Names declared inside the region.
    var regionDeclared: Set<String> = []

    var loops: [Loop] = []
    var conditions: [String] = []
    /// 2d+1 schedule prefix of the current position: `[c0, i, c1, j, …]`.
    var schedulePrefix: [String] = []
    /// Next statement position at the current loop depth.
    var positionCounter = 0
    var statements: [KernelStatement] = []
    /// Schedule rows, parallel to `statements`, padded at the end.
    var scheduleRows: [[String]] = []
    var usage: [String: Usage] = [:]

    /// Accesses of the statement being built.
    var currentReads: [String] = []
    var currentWrites: [String] = []

    /// Words isl reserves; C names spelled like this cannot appear in isl strings.
    static let islKeywords: Set<String> = [
        "and", "or", "not", "mod", "min", "max", "floor", "ceil", "exists", "infty", "rat", "true", "false",
        "implies", "xor", "params", "domain", "range", "NaN",
    ]

    init(tokens: [Token], source: SourceText) {
        self.tokens = tokens
        self.source = source
    }

    func error(at index: Int, _ reason: String) -> FrontEndError {
        source.error(at: tokens[min(max(index, 0), tokens.count - 1)], reason)
    }

    /// The source text of an expression, for quoting in diagnostics.
    func text(of e: CExpr) -> String {
        source.excerpt(from: tokens[e.first].start, to: tokens[e.last].end)
    }

    /// Original-file line and column of a token.
    func location(of index: Int) -> KernelLocation {
        let t = tokens[index]
        return KernelLocation(line: source.lineNumber(ofPhysicalLine: t.physicalLine), column: t.column)
    }

    /// `[n, m] -> ` or nothing when there are no parameters.
    var parameterPrefix: String {
        integerParameters.isEmpty ? "" : "[\(integerParameters.joined(separator: ", "))] -> "
    }

    // MARK: - Declarations

    /// Records the function parameters, validating their types and shapes.
    mutating func declareParameters(_ parameters: [CParameterDeclaration]) throws -> [KernelParameter] {
        var result: [KernelParameter] = []
        for p in parameters {
            let d = p.declarator
            guard !d.name.isEmpty else { throw error(at: p.first, "parameter without a name") }
            guard symbols[d.name] == nil else { throw error(at: d.nameToken, "duplicate parameter '\(d.name)'") }
            if d.isComplex {
                throw error(at: d.nameToken, "unsupported declaration of parameter '\(d.name)'; use a scalar or an array with its dimensions")
            }
            if d.pointerDepth > 0 {
                throw error(
                    at: d.nameToken,
                    "pointer parameters have no shape; declare the array with its dimensions, e.g. double \(d.name)[n]")
            }
            guard let type = p.specifier.scalarType else {
                throw error(at: p.first, "unsupported type '\(p.specifier.spelling)'; kernel parameters must be int, long, float or double")
            }
            if d.dimensions.isEmpty {
                if type.isInteger {
                    try checkIslName(d.name, at: d.nameToken)
                    symbols[d.name] = .integerParameter(type)
                    integerParameters.append(d.name)
                } else {
                    symbols[d.name] = .scalar(type, origin: .parameter, declaredInRegion: false)
                }
                result.append(KernelParameter(name: d.name, type: type))
            } else {
                var shape: [QuasiAffine] = []
                for extent in d.dimensions {
                    guard let extent else {
                        throw error(at: d.nameToken, "array parameter '\(d.name)' needs every extent, e.g. double \(d.name)[n][m]")
                    }
                    let a = try affine(extent, role: .extent)
                    extentParameters.formUnion(a.variables)
                    shape.append(a)
                }
                symbols[d.name] = .array(type, shape: shape)
                result.append(KernelParameter(name: d.name, type: type, shape: shape.map(\.islText)))
            }
            declarationOrder.append(d.name)
        }
        return result
    }

    /// Records a local declaration; in the region, unsupported kinds are errors right away.
    mutating func declareLocal(_ declaration: CDeclaration, inRegion: Bool) throws {
        for d in declaration.declarators {
            let symbol: Symbol
            if d.isComplex {
                symbol = .unsupported(type: "\(declaration.specifier.spelling) (complex declarator)")
            } else if d.pointerDepth > 0 {
                symbol = .pointer(aliasOf: d.initializer.flatMap(aliasTarget))
                if inRegion {
                    throw error(at: d.nameToken, "pointer variable '\(d.name)' is not supported in a kernel region; index the array directly")
                }
            } else if !d.dimensions.isEmpty {
                symbol = .localArray
                if inRegion {
                    throw error(at: d.nameToken, "local array '\(d.name)' is not supported; pass it to the kernel as a parameter")
                }
            } else if let type = declaration.specifier.scalarType {
                symbol = .scalar(type, origin: .local, declaredInRegion: inRegion)
            } else {
                symbol = .unsupported(type: declaration.specifier.spelling)
                if inRegion { throw error(at: declaration.first, "unsupported type '\(declaration.specifier.spelling)'") }
            }
            if inRegion, let existing = symbols[d.name] {
                // Sibling blocks may declare the same temporary; they share one zero-dimensional array.
                guard case let .scalar(oldType, .local, true) = existing, case let .scalar(newType, _, _) = symbol,
                    oldType == newType
                else {
                    throw error(at: d.nameToken, "'\(d.name)' is declared again in the kernel region with a different meaning; rename it")
                }
                continue
            }
            if symbols[d.name] == nil { declarationOrder.append(d.name) }
            symbols[d.name] = symbol
            if inRegion { regionDeclared.insert(d.name) }
        }
    }

    /// The array a pointer initialiser points into (`A`, `&A[0]`, `A + 3`, `(double *)A`).
    private func aliasTarget(_ e: CExpr) -> String? {
        switch e.kind {
        case let .identifier(name):
            switch symbols[name] {
            case .array: return name
            case let .pointer(target): return target ?? name
            default: return nil
            }
        case let .prefix("&", operand): return aliasTarget(operand)
        case let .subscript(base, _): return aliasTarget(base)
        case let .binary(_, lhs, rhs): return aliasTarget(lhs) ?? aliasTarget(rhs)
        case let .cast(_, _, operand): return aliasTarget(operand)
        default: return nil
        }
    }

    func checkIslName(_ name: String, at index: Int) throws {
        if Self.islKeywords.contains(name) {
            throw error(at: index, "the name '\(name)' is reserved in isl and cannot be an iterator or parameter; rename it")
        }
    }

    // MARK: - Output

    /// The isl context: parameters used as array extents are non-negative.
    var context: String {
        let constraints = integerParameters.filter { extentParameters.contains($0) }.map { "\($0) >= 0" }
        let body = constraints.isEmpty ? ":" : ": " + constraints.joined(separator: " and ")
        return "\(parameterPrefix){ \(body) }"
    }

    /// The 2d+1 original schedule, every row padded with zeros to the deepest nest.
    var originalSchedule: String {
        let width = scheduleRows.map(\.count).max() ?? 1
        let rows = zip(statements, scheduleRows).map { s, row -> String in
            let padded = row + Array(repeating: "0", count: width - row.count)
            return "\(s.name)[\(s.iterators.joined(separator: ", "))] -> [\(padded.joined(separator: ", "))]"
        }
        return "\(parameterPrefix){ \(rows.joined(separator: "; ")) }"
    }

    /// The arrays and written scalars the region touches, parameters first, in declaration order.
    var arrays: [KernelArray] {
        declarationOrder.compactMap { name -> KernelArray? in
            guard let u = usage[name], let symbol = symbols[name] else { return nil }
            let use: KernelArrayUsage = u.read && u.write ? .readwrite : u.write ? .write : .read
            switch symbol {
            case let .array(type, shape):
                return KernelArray(name: name, elementType: type, shape: shape.map(\.islText), usage: use, origin: .parameter)
            case let .scalar(type, origin, _):
                return KernelArray(name: name, elementType: type, shape: [], usage: use, origin: origin)
            default:
                return nil
            }
        }
    }

    /// Locals declared in the region (other than loop iterators) and earlier locals written in it.
    var locals: [KernelLocal] {
        declarationOrder.compactMap { name -> KernelLocal? in
            guard case let .scalar(type, .local, declaredInRegion) = symbols[name] else { return nil }
            if declaredInRegion && !iteratorNames.contains(name) || writtenScalars.contains(name) {
                return KernelLocal(name: name, type: type, declaredInRegion: declaredInRegion)
            }
            return nil
        }
    }
}
