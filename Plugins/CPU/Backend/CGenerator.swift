import Formats

/// Prints a scheduled kernel (`akg.ast+json/1`) as C99 with OpenMP pragmas.
///
/// `parallel` loops get `#pragma omp parallel for`, `vector` loops
/// `#pragma omp simd`; both only when the loop is in OpenMP's canonical form,
/// since a pragma on any other loop is a compile error. Without `-fopenmp`
/// the pragmas are ignored and the code stays correct.
struct CGenerator {
    let document: AstDocument
    /// Loop iterators are renamed when they clash with a kernel name.
    private let iteratorNames: [String: String]
    private let statements: [String: KernelStatement]
    private let indexType: String

    init(_ document: AstDocument) {
        self.document = document
        var taken = Set(document.kernel.parameters.map(\.name))
        taken.formUnion(document.kernel.locals.map(\.name))
        taken.formUnion(document.kernel.arrays.map(\.name))
        taken.formUnion(document.kernel.statements.flatMap(\.iterators))
        var names: [String: String] = [:]
        for iterator in CGenerator.loopIterators(in: document.body) where taken.contains(iterator) {
            var candidate = "akg_\(iterator)"
            while taken.contains(candidate) { candidate = "_" + candidate }
            names[iterator] = candidate
        }
        iteratorNames = names
        statements = Dictionary(document.kernel.statements.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let wide = document.kernel.parameters.contains { $0.type == .long || $0.type == .unsignedLong }
        indexType = wide ? "long" : "int"
    }

    enum GenerationError: Error, CustomStringConvertible {
        case unknownStatement(String)
        case wrongArgumentCount(String, expected: Int, got: Int)

        var description: String {
            switch self {
            case .unknownStatement(let name):
                return "the Loop AST calls statement '\(name)', which the kernel does not define"
            case .wrongArgumentCount(let name, let expected, let got):
                return "statement '\(name)' has \(expected) iterators but the Loop AST passes \(got) values"
            }
        }
    }

    /// The block that replaces the kernel's `#pragma scop` region, indented
    /// by `indent`: local declarations, then the loop nest.
    func region(indent: String) throws -> String {
        var out = "\(indent){\n"
        let inner = indent + "  "
        for local in document.kernel.locals where local.declaredInRegion {
            out += "\(inner)\(local.type.cName) \(local.name);\n"
        }
        out += try node(document.body, indent: inner)
        out += "\(indent)}\n"
        return out
    }

    /// A complete C function with the kernel's own signature.
    func function() throws -> String {
        let kernel = document.kernel
        let parameters = kernel.parameters.map { parameter -> String in
            let dims = (parameter.shape ?? []).map { "[\($0)]" }.joined()
            return "\(parameter.type.cName) \(parameter.name)\(dims)"
        }
        var out = "\(kernel.returnType) \(kernel.name)(\(parameters.joined(separator: ", ")))\n{\n"
        for local in kernel.locals where !local.declaredInRegion {
            out += "  \(local.type.cName) \(local.name);\n"
        }
        out += try region(indent: "  ")
        out += "}\n"
        return out
    }

    private func node(_ node: LoopNode, indent: String) throws -> String {
        switch node {
        case .block(let children):
            return try children.map { try self.node($0, indent: indent) }.joined()
        case .mark(let mark):
            return "\(indent)/* \(mark.name) */\n" + (try self.node(mark.body, indent: indent))
        case .ifThen(let branch):
            var out = "\(indent)if (\(expression(branch.condition))) {\n"
            out += try self.node(branch.then, indent: indent + "  ")
            if let otherwise = branch.else {
                out += "\(indent)} else {\n" + (try self.node(otherwise, indent: indent + "  "))
            }
            return out + "\(indent)}\n"
        case .forLoop(let loop):
            let name = iteratorNames[loop.iterator] ?? loop.iterator
            var out = ""
            if isCanonical(loop) {
                if loop.parallel {
                    out += "\(indent)#pragma omp parallel for\n"
                } else if loop.vector {
                    out += "\(indent)#pragma omp simd\n"
                }
            }
            let step = loop.step == 1 ? "++\(name)" : "\(name) += \(loop.step)"
            out += "\(indent)for (\(indexType) \(name) = \(expression(loop.lowerBound)); "
            out += "\(expression(loop.condition)); \(step)) {\n"
            out += try self.node(loop.body, indent: indent + "  ")
            return out + "\(indent)}\n"
        case .statement(let call):
            guard let statement = statements[call.name] else { throw GenerationError.unknownStatement(call.name) }
            guard statement.iterators.count == call.arguments.count else {
                throw GenerationError.wrongArgumentCount(call.name, expected: statement.iterators.count,
                                                         got: call.arguments.count)
            }
            var values: [String: String] = [:]
            for (iterator, argument) in zip(statement.iterators, call.arguments) {
                values[iterator] = expression(argument)
            }
            let body = statement.body
            return "\(indent)\(body.target.cText(substituting: values)) \(body.op.rawValue) "
                + "\(body.value.cText(substituting: values));\n"
        }
    }

    /// OpenMP accepts `var relop bound` conditions only.
    private func isCanonical(_ loop: ForLoop) -> Bool {
        guard case .operation(let op, let args) = loop.condition, args.count == 2,
              [.lt, .le, .gt, .ge].contains(op), case .identifier(let name) = args[0] else { return false }
        return name == loop.iterator
    }

    /// C text of a Loop AST expression, fully parenthesised where it matters.
    func expression(_ expr: AstExpr) -> String {
        switch expr {
        case .int(let value):
            return String(value)
        case .identifier(let name):
            return iteratorNames[name] ?? name
        case .operation(let op, let args):
            let a = args.map(expression)
            func binary(_ symbol: String) -> String { "(" + a.joined(separator: " \(symbol) ") + ")" }
            func fold(_ compare: String) -> String {
                a.dropFirst().reduce(a[0]) { "((\($0)) \(compare) (\($1)) ? (\($0)) : (\($1)))" }
            }
            switch op {
            case .and: return binary("&&")
            case .or: return binary("||")
            case .max: return fold(">")
            case .min: return fold("<")
            case .minus: return "(-\(a[0]))"
            case .add: return binary("+")
            case .sub: return binary("-")
            case .mul: return binary("*")
            case .div, .pdivQ: return binary("/")
            case .pdivR, .zdivR: return binary("%")
            case .floorDiv:
                // C division truncates; isl's divisor is a positive constant.
                return "((\(a[0])) < 0 ? -((-(\(a[0])) + (\(a[1])) - 1) / (\(a[1]))) : (\(a[0])) / (\(a[1])))"
            case .cond, .select: return "(\(a[0]) ? \(a[1]) : \(a[2]))"
            case .eq: return binary("==")
            case .le: return binary("<=")
            case .lt: return binary("<")
            case .ge: return binary(">=")
            case .gt: return binary(">")
            }
        }
    }

    private static func loopIterators(in node: LoopNode) -> [String] {
        switch node {
        case .block(let children): return children.flatMap(loopIterators)
        case .mark(let mark): return loopIterators(in: mark.body)
        case .ifThen(let branch):
            return loopIterators(in: branch.then) + (branch.else.map(loopIterators) ?? [])
        case .forLoop(let loop): return [loop.iterator] + loopIterators(in: loop.body)
        case .statement: return []
        }
    }
}
