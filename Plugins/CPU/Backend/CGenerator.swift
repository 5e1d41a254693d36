import Formats
import KernelPatterns

/// Prints a scheduled kernel (`akg.ast+json/1`) as C99 with OpenMP pragmas.
///
/// `parallel` loops get `#pragma omp parallel for`, `vector` loops
/// `#pragma omp simd`; both only when the loop is in OpenMP's canonical form,
/// since a pragma on any other loop is a compile error. Without `-fopenmp`
/// the pragmas are ignored and the code stays correct.
struct CGenerator {
    let document: AstDocument
    let knobs: CodeKnobs
    /// Loop iterators are renamed when they clash with a kernel name.
    private let iteratorNames: [String: String]
    private let statements: [String: KernelStatement]
    private let indexType: String

    /// Micro-kernel geometry, from the machine (used when `knobs.microkernel`).
    let machine: (vectorBits: Int, l1: Int, l2: Int)
    /// Statements computed by a contraction micro-kernel, by name.
    private let contractions: [String: Contraction]

    /// The inline helpers (MathHelpers) the statements call, by name.
    private let helpers: Set<String>
    /// Vector loops for the `explicitSIMD` knob.
    private let explicitSIMD: ExplicitSIMD

    /// `useHelpers: false` keeps every libm call as written, for text that
    /// is spliced into a function (`region`), where no helper can be defined.
    init(_ document: AstDocument, knobs: CodeKnobs = CodeKnobs(),
         machine: (vectorBits: Int, l1: Int, l2: Int) = (256, 32 << 10, 512 << 10), useHelpers: Bool = true) {
        self.knobs = knobs
        self.machine = machine
        var found: [String: Contraction] = [:]
        var body = document.body
        if knobs.microkernel {
            for statement in document.kernel.statements {
                guard let contraction = Contraction.match(statement, in: document.kernel),
                      let wrapped = LoopNest.wrappingOnlyNest(of: statement.name, in: body,
                                                              mark: CGenerator.contractionMark + statement.name) else { continue }
                body = wrapped
                found[statement.name] = contraction
            }
        }
        contractions = found
        if knobs.parallelOuter { body = CGenerator.parallelizingOuterLoops(body, insideParallel: false) }
        self.document = AstDocument(kernel: document.kernel, body: body)
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
        var used = Set<String>()
        var rewritten = document.kernel.statements
        if useHelpers {
            for index in rewritten.indices {
                rewritten[index].body.value = MathHelpers.rewrite(rewritten[index].body.value,
                                                                  approximate: knobs.approxMath, used: &used)
            }
        }
        helpers = used
        explicitSIMD = ExplicitSIMD(kernel: document.kernel, vectorBits: machine.vectorBits)
        statements = Dictionary(rewritten.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
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
            if mark.name.hasPrefix(CGenerator.contractionMark),
               let contraction = contractions[String(mark.name.dropFirst(CGenerator.contractionMark.count))] {
                let shape = MicroKernelShape(vectorBits: machine.vectorBits, element: contraction.element,
                                             l1: machine.l1, l2: machine.l2)
                return contraction.code(indent: indent, shape: shape, threads: knobs.threads)
            }
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
            // Only innermost loops are unrolled (unrolling outer loops only
            // bloats code). GCC wants its unroll pragma right before the
            // `for`, which no OpenMP pragma allows, so an unrolled vector loop
            // says "no loop-carried dependence" with `GCC ivdep` instead of
            // `omp simd` (the scheduler proved it), and an unrolled parallel
            // loop keeps OpenMP and is not unrolled. GCC ignores both
            // annotations (with a warning) when the loop condition holds a
            // conditional expression, so the bound goes into a constant first.
            if knobs.explicitSIMD, loop.vector, !loop.parallel, loop.step == 1, isCanonical(loop),
               let vectorLoop = try explicitVectorLoop(loop, name: name, indent: indent) {
                return vectorLoop
            }
            if knobs.simdReductions, !loop.parallel, isCanonical(loop), let reduction = try reductionLoop(loop, name: name, indent: indent) {
                return reduction
            }
            let canonical = isCanonical(loop)
            let unroll = knobs.unroll > 1 && canonical && !CGenerator.containsLoop(loop.body) && !loop.parallel
            var condition = expression(loop.condition)
            var indent = indent
            var close = ""
            if unroll, case .operation(let op, let args) = loop.condition {
                let bound = "akg_end_\(name)"
                out += "\(indent){\n"
                close = "\(indent)}\n"
                indent += "  "
                out += "\(indent)const \(indexType) \(bound) = \(expression(args[1]));\n"
                let symbol = [AstOp.lt: "<", .le: "<=", .gt: ">", .ge: ">="][op] ?? "<"
                condition = "\(name) \(symbol) \(bound)"
            }
            if canonical {
                if loop.parallel {
                    let threads = knobs.threads > 0 ? " num_threads(\(knobs.threads))" : ""
                    out += "\(indent)#pragma omp parallel for\(threads)\n"
                } else if loop.vector && knobs.simd {
                    out += unroll ? "\(indent)#pragma GCC ivdep\n" : "\(indent)#pragma omp simd\n"
                }
            }
            if unroll {
                out += "\(indent)#pragma GCC unroll \(knobs.unroll)\n"
            }
            let step = loop.step == 1 ? "++\(name)" : "\(name) += \(loop.step)"
            out += "\(indent)for (\(indexType) \(name) = \(expression(loop.lowerBound)); "
            out += "\(condition); \(step)) {\n"
            out += try self.node(loop.body, indent: indent + "  ")
            return out + "\(indent)}\n" + close
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

    /// C text of a Loop AST expression, with parentheses only where C's
    /// precedence needs them.
    func expression(_ expr: AstExpr) -> String {
        render(expr).text
    }

    private enum Precedence {
        static let conditional = 3, or = 4, and = 5, equality = 9, relational = 10
        static let additive = 12, multiplicative = 13, unary = 14, primary = 16
    }

    private func render(_ expr: AstExpr) -> (text: String, precedence: Int) {
        switch expr {
        case .int(let value):
            return (String(value), value < 0 ? Precedence.unary : Precedence.primary)
        case .identifier(let name):
            return (iteratorNames[name] ?? name, Precedence.primary)
        case .operation(let op, let args):
            func operand(_ index: Int, atLeast minimum: Int) -> String {
                let (text, precedence) = render(args[index])
                return precedence < minimum ? "(\(text))" : text
            }
            // Left-associative binary operators: the right operand binds tighter.
            func binary(_ symbol: String, _ precedence: Int) -> (String, Int) {
                var text = operand(0, atLeast: precedence)
                for index in 1..<args.count { text += " \(symbol) " + operand(index, atLeast: precedence + 1) }
                return (text, precedence)
            }
            // min/max fold pairwise into conditionals; operands are pure.
            func select(_ compare: String) -> (String, Int) {
                var text = operand(0, atLeast: Precedence.primary)
                for index in 1..<args.count {
                    let next = operand(index, atLeast: Precedence.primary)
                    text = "(\(text) \(compare) \(next) ? \(text) : \(next))"
                }
                return (text, Precedence.primary)
            }
            switch op {
            case .and: return binary("&&", Precedence.and)
            case .or: return binary("||", Precedence.or)
            case .max: return select(">")
            case .min: return select("<")
            case .minus: return ("-" + operand(0, atLeast: Precedence.primary), Precedence.unary)
            case .add: return binary("+", Precedence.additive)
            case .sub: return binary("-", Precedence.additive)
            case .mul: return binary("*", Precedence.multiplicative)
            case .div, .pdivQ: return binary("/", Precedence.multiplicative)
            case .pdivR, .zdivR: return binary("%", Precedence.multiplicative)
            case .floorDiv:
                // C division truncates towards zero; isl's divisor is a
                // positive constant, so floor(a/d) = -((-a + d - 1) / d) for a < 0.
                let a = operand(0, atLeast: Precedence.primary)
                let d = operand(1, atLeast: Precedence.primary)
                let adjust: String
                if case .int(let divisor) = args[1] { adjust = "\(divisor - 1)" } else { adjust = "\(d) - 1" }
                return ("(\(a) < 0 ? -((-\(a) + \(adjust)) / \(d)) : \(a) / \(d))", Precedence.primary)
            case .cond, .select:
                return ("\(operand(0, atLeast: Precedence.conditional + 1)) ? \(operand(1, atLeast: Precedence.conditional + 1)) : \(operand(2, atLeast: Precedence.conditional))",
                        Precedence.conditional)
            case .eq: return binary("==", Precedence.equality)
            case .le: return binary("<=", Precedence.relational)
            case .lt: return binary("<", Precedence.relational)
            case .ge: return binary(">=", Precedence.relational)
            case .gt: return binary(">", Precedence.relational)
            }
        }
    }

    /// An innermost loop whose only statement accumulates into one element
    /// that does not move with the loop (`s[i] += X[i][j]` along `j`, or
    /// `m[i] = fmax(m[i], X[i][j])`): the scheduler cannot mark it `vector`
    /// (it carries the accumulation), but it is a reduction. It becomes a
    /// local accumulator under `#pragma omp simd reduction`, added to the
    /// element once — partial sums in vector lanes, reassociated, which the
    /// verifier's tolerance judges. Nil when the loop is anything else.
    private func reductionLoop(_ loop: ForLoop, name: String, indent: String) throws -> String? {
        var body = loop.body
        while case .block(let children) = body, children.count == 1 { body = children[0] }
        guard case .statement(let call) = body, let statement = statements[call.name],
              statement.iterators.count == call.arguments.count else { return nil }
        let array: String, index: [KernelExpr]
        switch statement.body.target {
        case .access(let name, let subscripts): (array, index) = (name, subscripts)
        case .scalar(let name): (array, index) = (name, [])
        default: return nil
        }
        guard let element = document.kernel.arrays.first(where: { $0.name == array })?.elementType,
              element == .float || element == .double else { return nil }
        // The target must not move with the loop, and the value must not
        // read it (a max or min reads it once, as the other operand: below).
        let moving = Set(zip(statement.iterators, call.arguments).filter { CGenerator.mentions($0.1, loop.iterator) }.map(\.0))
        guard !index.contains(where: { CGenerator.uses($0, iterators: moving) }) else { return nil }
        var values: [String: String] = [:]
        for (iterator, argument) in zip(statement.iterators, call.arguments) { values[iterator] = expression(argument) }
        let target = statement.body.target.cText(substituting: values)
        let accumulator = "akg_acc_\(name)"
        let step = loop.step == 1 ? "++\(name)" : "\(name) += \(loop.step)"
        let header = "\(indent)  for (\(indexType) \(name) = \(expression(loop.lowerBound)); \(expression(loop.condition)); \(step))"
        let type = element.cName
        switch statement.body.op {
        case .add, .subtract:
            guard !CGenerator.reads(statement.body.value, array: array) else { return nil }
            let sign = statement.body.op == .add ? "+" : "-"
            return "\(indent){\n\(indent)  \(type) \(accumulator) = 0;\n"
                + "\(indent)  #pragma omp simd reduction(+:\(accumulator))\n"
                + "\(header)\n\(indent)    \(accumulator) += \(statement.body.value.cText(substituting: values));\n"
                + "\(indent)  \(target) \(sign)= \(accumulator);\n\(indent)}\n"
        case .assign:
            // m = fmax(m, v) / fmin: a max or min reduction.
            guard case .call(let function, let args) = statement.body.value, args.count == 2,
                  let kind = ["fmax": "max", "fmaxf": "max", "fmin": "min", "fminf": "min", "akg_fmax": "max",
                              "akg_fmaxf": "max", "akg_fmin": "min", "akg_fminf": "min"][function] else { return nil }
            let other: KernelExpr
            if args[0] == statement.body.target { other = args[1] } else if args[1] == statement.body.target { other = args[0] } else { return nil }
            guard !CGenerator.reads(other, array: array) else { return nil }
            return "\(indent){\n\(indent)  \(type) \(accumulator) = \(target);\n"
                + "\(indent)  #pragma omp simd reduction(\(kind):\(accumulator))\n"
                + "\(header)\n\(indent)    \(accumulator) = \(function)(\(accumulator), \(other.cText(substituting: values)));\n"
                + "\(indent)  \(target) = \(accumulator);\n\(indent)}\n"
        default:
            return nil
        }
    }

    /// `loop` as an explicit SIMD loop (ExplicitSIMD), or nil when its body
    /// is not a list of statements of the form that allows it.
    private func explicitVectorLoop(_ loop: ForLoop, name: String, indent: String) throws -> String? {
        guard case .operation(let op, let args) = loop.condition, args.count == 2, op == .lt || op == .le else { return nil }
        var calls: [StatementCall] = []
        func collect(_ node: LoopNode) -> Bool {
            switch node {
            case .block(let children): return children.allSatisfy(collect)
            case .statement(let call): calls.append(call); return true
            default: return false
            }
        }
        guard collect(loop.body), !calls.isEmpty else { return nil }
        var instances: [ExplicitSIMD.Instance] = []
        for call in calls {
            guard let statement = statements[call.name], statement.iterators.count == call.arguments.count else { return nil }
            var values: [String: String] = [:]
            var moving: [String] = []
            for (iterator, argument) in zip(statement.iterators, call.arguments) {
                values[iterator] = expression(argument)
                guard CGenerator.mentions(argument, loop.iterator) else { continue }
                guard case .identifier(let identifier) = argument, identifier == loop.iterator else { return nil }
                moving.append(iterator)
            }
            guard moving.count == 1 else { return nil }
            instances.append(ExplicitSIMD.Instance(statement: statement, values: values, moving: moving[0]))
        }
        let bound = op == .lt ? expression(args[1]) : "(\(expression(args[1]))) + 1"
        return explicitSIMD.render(instances: instances, name: name, lowerBound: expression(loop.lowerBound), bound: bound,
                                   indexType: indexType, indent: indent,
                                   scalarBody: try node(loop.body, indent: indent + "    "))
    }

    private static func mentions(_ expr: AstExpr, _ name: String) -> Bool {
        switch expr {
        case .int: return false
        case .identifier(let identifier): return identifier == name
        case .operation(_, let args): return args.contains { mentions($0, name) }
        }
    }

    private static func uses(_ expr: KernelExpr, iterators: Set<String>) -> Bool {
        switch expr {
        case .int, .float, .parameter, .scalar: return false
        case .iterator(let name): return iterators.contains(name)
        case .access(_, let index): return index.contains { uses($0, iterators: iterators) }
        case .unary(_, let operand), .cast(_, let operand): return uses(operand, iterators: iterators)
        case .binary(_, let lhs, let rhs): return uses(lhs, iterators: iterators) || uses(rhs, iterators: iterators)
        case .call(_, let args): return args.contains { uses($0, iterators: iterators) }
        case .select(let condition, let then, let otherwise):
            return [condition, then, otherwise].contains { uses($0, iterators: iterators) }
        }
    }

    private static func reads(_ expr: KernelExpr, array: String) -> Bool {
        switch expr {
        case .int, .float, .parameter, .iterator: return false
        case .scalar(let name): return name == array
        case .access(let name, let index): return name == array || index.contains { reads($0, array: array) }
        case .unary(_, let operand), .cast(_, let operand): return reads(operand, array: array)
        case .binary(_, let lhs, let rhs): return reads(lhs, array: array) || reads(rhs, array: array)
        case .call(_, let args): return args.contains { reads($0, array: array) }
        case .select(let condition, let then, let otherwise):
            return [condition, then, otherwise].contains { reads($0, array: array) }
        }
    }

    static let contractionMark = "akg.cpu.contraction:"

    /// The includes and inline helper definitions `function()` needs before it.
    var prelude: String {
        var out = "#include <math.h>\n"
        if !helpers.isEmpty || knobs.explicitSIMD { out += "#include <string.h>\n\n" }
        out += MathHelpers.definitions(helpers)
        if knobs.explicitSIMD { out += explicitSIMD.definitions(approximate: knobs.approxMath) }
        return out
    }

    /// `node` with the outermost dependence-free loop of every nest that
    /// has no parallel loop yet made parallel, when it holds another loop
    /// (a parallel innermost loop would fork once per outer iteration).
    /// Contraction micro-kernels fork on their own and are left alone.
    static func parallelizingOuterLoops(_ node: LoopNode, insideParallel: Bool) -> LoopNode {
        switch node {
        case .block(let children):
            return .block(children.map { parallelizingOuterLoops($0, insideParallel: insideParallel) })
        case .mark(var mark):
            guard !mark.name.hasPrefix(contractionMark) else { return node }
            mark.body = parallelizingOuterLoops(mark.body, insideParallel: insideParallel)
            return .mark(mark)
        case .ifThen(var branch):
            branch.then = parallelizingOuterLoops(branch.then, insideParallel: insideParallel)
            branch.else = branch.else.map { parallelizingOuterLoops($0, insideParallel: insideParallel) }
            return .ifThen(branch)
        case .forLoop(var loop):
            if !insideParallel, !loop.parallel, loop.dependenceFree, containsLoop(loop.body),
               !containsParallel(loop.body) {
                loop.parallel = true
            }
            loop.body = parallelizingOuterLoops(loop.body, insideParallel: insideParallel || loop.parallel)
            return .forLoop(loop)
        case .statement:
            return node
        }
    }

    /// Whether `node` holds a parallel loop or a contraction micro-kernel.
    private static func containsParallel(_ node: LoopNode) -> Bool {
        switch node {
        case .block(let children): return children.contains(where: containsParallel)
        case .mark(let mark): return mark.name.hasPrefix(contractionMark) || containsParallel(mark.body)
        case .ifThen(let branch): return containsParallel(branch.then) || (branch.else.map(containsParallel) ?? false)
        case .forLoop(let loop): return loop.parallel || containsParallel(loop.body)
        case .statement: return false
        }
    }

    private static func containsLoop(_ node: LoopNode) -> Bool {
        switch node {
        case .block(let children): return children.contains(where: containsLoop)
        case .mark(let mark): return containsLoop(mark.body)
        case .ifThen(let branch): return containsLoop(branch.then) || (branch.else.map(containsLoop) ?? false)
        case .forLoop: return true
        case .statement: return false
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
