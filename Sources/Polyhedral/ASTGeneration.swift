import Formats
import ISL

/// The code generated for a schedule: isl's AST and its lowering to the loop AST.
public final class GeneratedAST {
    /// The loop AST handed to back ends.
    public let root: LoopNode
    private let islAST: AstNode

    init(root: LoopNode, islAST: AstNode) {
        self.root = root
        self.islAST = islAST
    }

    /// isl's AST printed as C, for dumps.
    public func cText() -> String {
        islAST.description
    }
}

/// The annotation names the before-each-for callback attaches to `for` nodes.
private enum LoopAnnotation {
    static let dependenceFree = "dependence_free"
    static let carries = "carries_dependence"
}

extension PolyhedralModel {
    /// Generates the AST of `schedule` under the model's parameter context and
    /// lowers it to a `LoopNode`, flagging loops per `options`.
    ///
    /// Whether a loop carries a dependence is decided exactly while isl builds
    /// that loop: the dependences are mapped into the loop dimensions generated
    /// so far; the loop is dependence-free when every dependence pair that
    /// agrees on all enclosing loops also agrees on this one.
    public func generateAST(schedule: Schedule, dependences: Dependences,
                            options: ScheduleOptions = ScheduleOptions()) throws -> GeneratedAST {
        let all = try dependences.all()
        let context = self.context
        let node = try islStage("AST generation") { () -> AstNode in
            let build = try AstBuild(params: params)
            try build.setBeforeEachFor { build in
                let free = try !carriesDependence(all, loopSchedule: build.schedule())
                return try Id(context, name: free ? LoopAnnotation.dependenceFree : LoopAnnotation.carries)
            }
            return try build.node(from: schedule)
        }
        let root = try lower(node, options: options, insideParallel: false, enclosingLoops: 0,
                             enclosing: EnclosingLoops(), mark: nil)
        return GeneratedAST(root: root, islAST: node)
    }
}

/// Whether the innermost dimension of `loopSchedule` (instance → enclosing
/// loop values) carries one of `dependences`.
func carriesDependence(_ dependences: UnionMap, loopSchedule: UnionMap) throws -> Bool {
    let mapped = try dependences.applyDomain(loopSchedule).applyRange(loopSchedule)
    for map in try mapped.maps() {
        let depth = try map.dimensionCount(.output)
        guard depth > 0 else { continue }
        var sameOuter = try Map.universe(map.space)
        for position in 0..<(depth - 1) {
            sameOuter = try sameOuter.equate(.input, position, .output, position)
        }
        let sameCurrent = try sameOuter.equate(.input, depth - 1, .output, depth - 1)
        if try !map.intersect(sameOuter).isSubset(of: sameCurrent) {
            return true
        }
    }
    return false
}

// MARK: - Lowering

/// Lowers an isl AST node. `mark` is the scheduler mark (`parallel`,
/// `vector`, `serial`) right above this node, which applies to the first
/// loop below it; the exact dependence check stays authoritative, so a
/// `parallel` or `vector` mark on a loop that carries a dependence is an error.
///
/// Without a mark, a dependence-free loop is made parallel only when it
/// encloses at least two loop levels and more than enclose it, in a nest of
/// at least three: a fork and join costs about as much as a short loop's
/// whole run (and the first one starts OpenMP's runtime, a fraction of a
/// millisecond), so a parallel loop that is innermost, nested inside as many
/// sequential loops as it holds (entered once per outer iteration, e.g. the
/// inner loop of a matrix-vector product) or at the top of an O(n²) nest runs
/// slower than the serial loop, on one thread especially. Such loops stay
/// serial and are vectorised instead. For the same reason a loop entered
/// more than `maximumParallelEntries` times (estimated with every parameter
/// at `SchedulingProblem.estimatedParameterValue`) stays serial: doitgen's
/// tiles of one `(r, q)` pair are far too little work for a fork each.
private func lower(_ node: AstNode, options: ScheduleOptions, insideParallel: Bool, enclosingLoops: Int,
                   enclosing: EnclosingLoops, mark: String?) throws -> LoopNode {
    switch try node.type() {
    case .forLoop:
        let free = node.annotation()?.name == LoopAnnotation.dependenceFree
        if !free, let mark, mark == ScheduleMark.parallel || mark == ScheduleMark.vector {
            throw LegalityError(violations: [], markViolations: [
                MarkViolation(mark: mark, loopSchedule: "loop \(try node.forIterator())")])
        }
        let iterator = try lowerExpression(node.forIterator())
        guard case .identifier(let name) = iterator else {
            throw PolyhedralError.unsupportedAST("loop iterator \(iterator)")
        }
        let lowerBound = try lowerExpression(node.forInit())
        let degenerate = try node.forIsDegenerate()
        let condition: Formats.AstExpr = degenerate ? .operation(op: .le, args: [iterator, lowerBound])
            : try lowerExpression(node.forCondition())
        let step: Int
        if degenerate {
            step = 1
        } else {
            guard case .int(let increment) = try lowerExpression(node.forIncrement()), increment > 0 else {
                throw PolyhedralError.unsupportedAST("non-constant loop increment")
            }
            step = increment
        }
        var parallel = options.parallel && free && !insideParallel && !degenerate
        if parallel {
            let levels = try loopLevels(node)
            parallel = levels >= 2 && levels > enclosingLoops && enclosingLoops + levels >= 3
                && enclosing.entries <= maximumParallelEntries
        }
        if mark == ScheduleMark.parallel { parallel = !insideParallel }
        if mark == ScheduleMark.serial { parallel = false }
        let body = try lower(node.forBody(), options: options, insideParallel: insideParallel || parallel,
                             enclosingLoops: enclosingLoops + 1,
                             enclosing: enclosing.entering(name, lowerBound: lowerBound, condition: condition, step: step),
                             mark: nil)
        // isl emits a degenerate loop (one iteration) without condition or increment.
        if degenerate {
            return .forLoop(ForLoop(iterator: name, lowerBound: lowerBound, condition: condition,
                                    step: 1, body: body, parallel: false, vector: false, dependenceFree: free))
        }
        let vector = mark == ScheduleMark.vector || (options.vector && free && !containsLoop(body))
        return .forLoop(ForLoop(iterator: name, lowerBound: lowerBound, condition: condition, step: step,
                                body: body, parallel: parallel, vector: vector, dependenceFree: free))
    case .ifThen:
        let otherwise = try node.ifElseNode().map {
            try lower($0, options: options, insideParallel: insideParallel, enclosingLoops: enclosingLoops,
                      enclosing: enclosing, mark: mark)
        }
        return .ifThen(IfThen(condition: try lowerExpression(node.ifCondition()),
                              then: try lower(node.ifThenNode(), options: options, insideParallel: insideParallel,
                                              enclosingLoops: enclosingLoops, enclosing: enclosing, mark: mark),
                              else: otherwise))
    case .block:
        return .block(try node.blockChildren().map {
            try lower($0, options: options, insideParallel: insideParallel, enclosingLoops: enclosingLoops,
                      enclosing: enclosing, mark: mark)
        })
    case .mark:
        let name = try node.markId().name
        return .mark(Mark(name: name, body: try lower(node.markBody(), options: options, insideParallel: insideParallel,
                                                      enclosingLoops: enclosingLoops, enclosing: enclosing, mark: name)))
    case .user:
        let call = try node.userExpression()
        guard try call.type() == .operation, try call.operatorType() == .call else {
            throw PolyhedralError.unsupportedAST("user node \(call)")
        }
        let operands = try call.arguments()
        guard let callee = operands.first, try callee.type() == .identifier else {
            throw PolyhedralError.unsupportedAST("call without a callee: \(call)")
        }
        return .statement(StatementCall(name: try callee.identifier().name,
                                        arguments: try operands.dropFirst().map(lowerExpression)))
    }
}

/// The most times a loop may be entered and still be made parallel without
/// a mark: each entry is a fork and a join (a barrier), a few microseconds
/// on an idle machine and a scheduler time slice when a thread was
/// descheduled. A sequential loop of about a thousand iterations around a
/// parallel one (a time loop, a pivot loop) is fine; two around it are not.
let maximumParallelEntries = 10_000.0

/// Estimates of the loops around a node: how often the node is entered and
/// the middle value of each enclosing iterator, with every parameter at
/// `SchedulingProblem.estimatedParameterValue`.
struct EnclosingLoops {
    var entries = 1.0
    var middles: [String: Double] = [:]

    /// The estimates inside loop `iterator`; a trip count that cannot be
    /// estimated counts as one iteration.
    func entering(_ iterator: String, lowerBound: Formats.AstExpr, condition: Formats.AstExpr, step: Int) -> EnclosingLoops {
        var inside = self
        guard let low = estimate(lowerBound), case .operation(let op, let args) = condition, args.count == 2,
              let high = estimate(args[1]) else { return inside }
        let last = op == .lt ? high - 1 : op == .le ? high : low
        inside.entries *= max(1, ((last - low) / Double(step)).rounded(.down) + 1)
        inside.middles[iterator] = (low + max(low, last)) / 2
        return inside
    }

    /// The value of a bound, or `nil` when it is not arithmetic.
    func estimate(_ expression: Formats.AstExpr) -> Double? {
        switch expression {
        case .int(let value): return Double(value)
        case .identifier(let name): return middles[name] ?? Double(SchedulingProblem.estimatedParameterValue)
        case .operation(let op, let args):
            let values = args.compactMap(estimate)
            guard values.count == args.count, let first = values.first else {
                // A conditional: its value is one of the last two operands.
                if op == .cond || op == .select, args.count == 3 { return estimate(args[1]) ?? estimate(args[2]) }
                return nil
            }
            switch op {
            case .add: return values.reduce(0, +)
            case .sub: return values.dropFirst().reduce(first, -)
            case .mul: return values.reduce(1, *)
            case .minus: return -first
            case .min: return values.min()
            case .max: return values.max()
            case .div, .pdivQ, .floorDiv:
                guard values.count == 2, values[1] != 0 else { return nil }
                return (first / values[1]).rounded(.down)
            case .cond, .select: return values.count == 3 ? values[1] : nil
            default: return nil
            }
        }
    }
}

/// The most `for` loops on a path down from `node`, counting `node` itself.
private func loopLevels(_ node: AstNode) throws -> Int {
    switch try node.type() {
    case .forLoop: return try 1 + loopLevels(node.forBody())
    case .ifThen: return try max(loopLevels(node.ifThenNode()), node.ifElseNode().map(loopLevels) ?? 0)
    case .block: return try node.blockChildren().map(loopLevels).max() ?? 0
    case .mark: return try loopLevels(node.markBody())
    case .user: return 0
    }
}

private func containsLoop(_ node: LoopNode) -> Bool {
    switch node {
    case .forLoop: return true
    case .ifThen(let branch): return containsLoop(branch.then) || branch.else.map(containsLoop) == true
    case .block(let children): return children.contains(where: containsLoop)
    case .statement: return false
    case .mark(let mark): return containsLoop(mark.body)
    }
}

private func lowerExpression(_ expression: ISL.AstExpr) throws -> Formats.AstExpr {
    switch try expression.type() {
    case .integer:
        return .int(try expression.value().intValue())
    case .identifier:
        return .identifier(try expression.identifier().name)
    case .operation:
        let op: AstOp
        switch try expression.operatorType() {
        case .and, .andThen: op = .and
        case .or, .orElse: op = .or
        case .max: op = .max
        case .min: op = .min
        case .minus: op = .minus
        case .add: op = .add
        case .sub: op = .sub
        case .mul: op = .mul
        case .div: op = .div
        case .fdivQ: op = .floorDiv
        case .pdivQ: op = .pdivQ
        case .pdivR: op = .pdivR
        case .zdivR: op = .zdivR
        case .cond: op = .cond
        case .select: op = .select
        case .eq: op = .eq
        case .le: op = .le
        case .lt: op = .lt
        case .ge: op = .ge
        case .gt: op = .gt
        case .call, .access, .member, .addressOf:
            throw PolyhedralError.unsupportedAST("expression \(expression)")
        }
        return .operation(op: op, args: try expression.arguments().map(lowerExpression))
    }
}
