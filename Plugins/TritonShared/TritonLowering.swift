import Formats
import KernelPatterns

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// Lowers a scheduled kernel (`akg.ast+json/1`) to a Python module holding
/// Triton kernels and a launcher with the original kernel's parameters.
///
/// The body is cut into *phases*, one kernel launch each (launches on one
/// stream are ordered, which is the barrier between phases):
/// - a dependence-free outer loop becomes the grid: one program per iteration,
///   or (persistent mapping) one program per core looping over its share;
///   a grid loop that can run as lanes gives one block of lanes per item,
///   and with `block_y` a grid loop around one such loop gives a 2-D tile
///   (see `gridEntries`);
/// - a sequential outer loop with host-computable bounds whose body holds
///   dependence-free loops stays on the host, as a Python loop around the
///   launches of its body's phases;
/// - anything else runs in one program, sequentially — slow but correct, so
///   no schedule is refused for being unusual.
/// Inside a program, an innermost dependence-free loop (none inside it;
/// sequential loops may be, and every lane runs them) becomes a `tl.arange`
/// block of `block` lanes with a mask for the partial last block; other loops
/// are in-kernel `for`/`while` loops.
///
/// Names never clash with Python's or Triton's: parameters are `p_*`, array
/// pointers `a_*` (strides `a_*_s<k>`), floating scalars `s_*` (one-element
/// buffers, so doubles stay doubles), locals `l_*` (one slot per program),
/// loop iterators `i_*`, host-loop iterators `h_*`.
public struct TritonLowering {
    public let document: AstDocument
    public let knobs: TritonKnobs
    public let mapping: TargetProfile.ProgramMapping
    /// Lanes only where every access moves forwards with the lanes (Ascend: see `accessesMoveForward`).
    public let forwardLanesOnly: Bool

    private let statements: [String: KernelStatement]
    let arrays: [String: KernelArray]
    let localNames: Set<String>
    let parameterTypes: [String: KernelScalarType]
    private let wideIndices: Bool
    /// The body to lower: the document's, with the nest of every contraction
    /// computed by `tl.dot` wrapped in a `dotMark` mark.
    private let body: LoopNode
    /// Statements computed by `tl.dot` tiles (knob `dot`), by name.
    let contractions: [String: Contraction]
    /// What became program ids, lanes, host loops: filled by `module()`.
    public let log = MappingLog()

    /// Marks the subtree that holds every instance of a contraction and
    /// nothing else (`LoopNest.wrappingOnlyNest`): it becomes one `tl.dot` phase.
    static let dotMark = "akg.triton.dot:"

    public init(_ document: AstDocument, knobs: TritonKnobs, mapping: TargetProfile.ProgramMapping,
                forwardLanesOnly: Bool = false) {
        self.document = document
        self.knobs = knobs
        self.mapping = mapping
        self.forwardLanesOnly = forwardLanesOnly
        let kernel = document.kernel
        statements = Dictionary(kernel.statements.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        arrays = Dictionary(kernel.arrays.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        localNames = Set(kernel.locals.map(\.name))
        parameterTypes = Dictionary(kernel.parameters.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        wideIndices = kernel.parameters.contains { $0.type == .long || $0.type == .unsignedLong }
        var body = document.body
        var found: [String: Contraction] = [:]
        if knobs.dot {
            for statement in kernel.statements {
                guard let contraction = Contraction.match(statement, in: kernel),
                      TritonLowering.dotCompatible(contraction, kernel: kernel),
                      let wrapped = LoopNest.wrappingOnlyNest(of: statement.name, in: body,
                                                              mark: TritonLowering.dotMark + statement.name) else { continue }
                body = wrapped
                found[statement.name] = contraction
            }
        }
        self.body = body
        contractions = found
    }

    /// Whether `tl.dot` can compute `contraction`: both operands and the
    /// target are arrays of the kernel's parameters with one element type
    /// (tl.dot takes equal operand types), and the invariant factors read
    /// no scalar local (a local has one slot per program of a grid loop).
    static func dotCompatible(_ contraction: Contraction, kernel: KernelDocument) -> Bool {
        let locals = Set(kernel.locals.map(\.name))
        var names: [String] = []
        for access in [contraction.left, contraction.right, contraction.statement.body.target] {
            guard case .access(let name, _) = access else { return false }
            names.append(name)
        }
        let parameterArrays = Set(kernel.parameters.filter { $0.shape != nil }.map(\.name))
        guard names.allSatisfy(parameterArrays.contains),
              names.allSatisfy({ name in kernel.arrays.first { $0.name == name }?.elementType == contraction.element })
        else { return false }
        return !contraction.scaleFactors.contains { reads($0, anyOf: locals) }
    }

    private static func reads(_ expr: KernelExpr, anyOf names: Set<String>) -> Bool {
        names.contains { reads(expr, $0) }
    }

    public enum LoweringError: Error, CustomStringConvertible {
        case unknownStatement(String)
        case wrongArgumentCount(String, expected: Int, got: Int)
        case localArray(String)
        case unknownName(String)

        public var description: String {
            switch self {
            case .unknownStatement(let name):
                return "the Loop AST calls statement '\(name)', which the kernel does not define"
            case .wrongArgumentCount(let name, let expected, let got):
                return "statement '\(name)' has \(expected) iterators but the Loop AST passes \(got) values"
            case .localArray(let name):
                return "local array '\(name)' is not supported by the Triton lowering yet (only scalar locals are)"
            case .unknownName(let name):
                return "the kernel reads '\(name)', which is neither a parameter nor a local"
            }
        }
    }

    // MARK: - The module

    /// The Python module: imports, the kernels, their AOT table, the launcher.
    public func module() throws -> String {
        let kernel = document.kernel
        for array in kernel.arrays where array.origin == .local && !array.shape.isEmpty {
            throw LoweringError.localArray(array.name)
        }
        var context = ModuleContext()
        log.reset()
        let launcherBody = try phases(of: body, hostIterators: [], indent: "    ", context: &context)
        var out = """
            # Generated by akg's Triton lowering from kernel '\(kernel.name)' (akg.ast+json/1).
            # Mapping: \(mapping == .persistentCores ? "persistent grid of \(knobs.cores) programs" : "program ids from the scheduler's grid marks or the outer dependence-free loop"); \
            block \(knobs.block), num_warps \(knobs.numWarps), num_stages \(knobs.numStages).
            import triton
            import triton.language as tl
            from triton.language.extra import libdevice

            KERNEL_NAME = \(pythonString(kernel.name))
            NUM_WARPS = \(knobs.numWarps)
            NUM_STAGES = \(knobs.numStages)
            BLOCK = \(knobs.block)
            # Rows of a program's 2-D tile (columns: BLOCK lanes).
            BLOCK_Y = \(knobs.blockY)
            # tl.dot tiles of contractions: rows, columns, reduction depth.
            DOT_M = \(knobs.dotBlockM)
            DOT_N = \(knobs.dotBlockN)
            DOT_K = \(knobs.dotBlockK)


            """
        out += "# How the kernel was mapped (also in the build's mapping.json):\n"
        out += log.lines.map { "#   \($0)\n" }.joined() + "\n\n"
        for function in context.kernels { out += function.source + "\n\n" }
        out += "# Ahead-of-time compilation table: (function, signature, constexprs).\n"
        out += "KERNELS = [\n"
        for function in context.kernels {
            let constants = ["BLOCK"] + function.constants
            let signature = kernelArguments(hostIterators: function.hostIterators).map { "\(pythonString($0.name)): \(pythonString($0.type))" }
                + constants.map { "\(pythonString($0)): \"constexpr\"" }
            let values = constants.map { "\(pythonString($0)): \($0)" }
            out += "    (\(function.name), {\(signature.joined(separator: ", "))}, {\(values.joined(separator: ", "))}),\n"
        }
        out += "]\n\n\n"
        let parameters = (["rt"] + kernel.parameters.map { hostName(of: $0) }).joined(separator: ", ")
        out += "def launch(\(parameters)):\n"
        out += "    \"\"\"Runs '\(kernel.name)' with the original parameters (rt: the runtime's tensor helpers).\"\"\"\n"
        for parameter in kernel.parameters {
            if parameter.shape == nil, !parameter.type.isInteger {
                out += "    s_\(parameter.name) = rt.scalar(p_\(parameter.name), \(pythonString(dtypeName(parameter.type))))\n"
            }
            if let shape = parameter.shape, shape.count > 1 {
                for dimension in 0..<(shape.count - 1) {
                    out += "    a_\(parameter.name)_s\(dimension) = a_\(parameter.name).stride(\(dimension))\n"
                }
            }
        }
        // Scalar locals live across launches: a value computed in one
        // phase (deriche's coefficients) is read in later ones.
        for local in kernel.locals {
            out += "    l_\(local.name) = None\n    l_\(local.name)_last = 0\n"
        }
        out += launcherBody.isEmpty ? "    pass\n" : launcherBody
        return out
    }

    private func hostName(of parameter: KernelParameter) -> String {
        parameter.shape == nil ? "p_\(parameter.name)" : "a_\(parameter.name)"
    }

    struct KernelFunction {
        var name: String
        var source: String
        var hostIterators: [String]
        /// Module constants passed as `tl.constexpr` besides `BLOCK`.
        var constants: [String] = []
    }

    struct ModuleContext {
        var kernels: [KernelFunction] = []
        var counter = 0
    }

    /// The arguments every kernel takes, in order, with their AOT signature types.
    func kernelArguments(hostIterators: [String]) -> [(name: String, type: String)] {
        var arguments: [(String, String)] = []
        let index = wideIndices ? "i64" : "i32"
        for parameter in document.kernel.parameters {
            if let shape = parameter.shape {
                arguments.append(("a_\(parameter.name)", "*" + tritonType(parameter.type)))
                for dimension in 0..<max(0, shape.count - 1) { arguments.append(("a_\(parameter.name)_s\(dimension)", "i64")) }
            } else if parameter.type.isInteger {
                arguments.append(("p_\(parameter.name)", tritonType(parameter.type)))
            } else {
                arguments.append(("s_\(parameter.name)", "*" + tritonType(parameter.type)))
            }
        }
        for local in document.kernel.locals { arguments.append(("l_\(local.name)", "*" + tritonType(local.type))) }
        for iterator in hostIterators { arguments.append(("h_\(iterator)", index)) }
        arguments.append(("akg_count", index))
        return arguments
    }

    // MARK: - Phases (host side)

    /// Launcher code for `node`: kernels for its phases, host loops around them.
    private func phases(of node: LoopNode, hostIterators: [String], indent: String,
                        context: inout ModuleContext) throws -> String {
        switch node {
        case .block(let children):
            return try children.map { try phases(of: $0, hostIterators: hostIterators, indent: indent, context: &context) }.joined()
        case .mark(let mark):
            if mark.name.hasPrefix(TritonLowering.dotMark),
               let contraction = contractions[String(mark.name.dropFirst(TritonLowering.dotMark.count))] {
                return try dotPhase(contraction, hostIterators: hostIterators, indent: indent, context: &context)
            }
            if let axes = TritonLowering.gridAxes(mark.name) {
                let nest = gridNest(mark.body, axes: axes, hostIterators: hostIterators)
                if !nest.isEmpty {
                    return try gridPhase(nest, hostIterators: hostIterators, indent: indent, context: &context)
                }
            }
            return try phases(of: mark.body, hostIterators: hostIterators, indent: indent, context: &context)
        case .forLoop(let loop):
            let bounds = HostBounds(loop: loop, hostIterators: hostIterators,
                                    parameters: Set(document.kernel.parameters.map(\.name)))
            if loop.dependenceFree, let bounds {
                return try gridPhase([(loop, bounds)], hostIterators: hostIterators, indent: indent, context: &context)
            }
            if let bounds, TritonLowering.containsDependenceFreeLoop(loop.body) {
                log.phase(nil, kind: "host-loop", "\(loop.iterator) -> a Python loop around the launches of its body "
                          + "(it carries a dependence; launches on one stream are ordered)")
                var out = "\(indent)for h_\(loop.iterator) in range(\(bounds.lower), \(bounds.upper), \(loop.step)):\n"
                out += try phases(of: loop.body, hostIterators: hostIterators + [loop.iterator], indent: indent + "    ",
                                  context: &context)
                return out
            }
            return try singleProgramPhase(node, hostIterators: hostIterators, indent: indent, context: &context)
        case .ifThen, .statement:
            return try singleProgramPhase(node, hostIterators: hostIterators, indent: indent, context: &context)
        }
    }

    /// Loop bounds the launcher can evaluate: the lower bound and an
    /// exclusive upper bound in parameters and host iterators only.
    struct HostBounds {
        var lower: String
        var upper: String

        init?(loop: ForLoop, hostIterators: [String], parameters: Set<String>) {
            let allowed = Set(hostIterators).union(parameters)
            guard let upper = upperBound(of: loop),
                  TritonLowering.onlyHostNames(loop.lowerBound, allowed: allowed),
                  TritonLowering.onlyHostNames(upper, allowed: allowed) else { return nil }
            self.lower = HostExpression.render(loop.lowerBound, hostIterators: Set(hostIterators))
            self.upper = HostExpression.render(upper, hostIterators: Set(hostIterators))
        }
    }

    /// The start of a kernel body spreading `akg_count` work items over the
    /// programs: `akg_t` is the item, and `inner` the indentation of the
    /// code that handles it (one item per program, or a persistent grid
    /// looping over its share).
    func programIndexHeader() -> (header: String, inner: String) {
        switch mapping {
        case .programPerIteration:
            return ("    akg_t = tl.program_id(0)\n    akg_slot = akg_t\n", "    ")
        case .persistentCores:
            // A persistent program's scalar locals are its own slot, not the item's.
            return ("    akg_slot = tl.program_id(0)\n    for akg_t in range(tl.program_id(0), akg_count, tl.num_programs(0)):\n",
                    "        ")
        }
    }

    /// The number of axes a scheduler grid mark names (`gpu.block(y,x)`: 2,
    /// `npu.core(x)`: 1), nil for other marks; three axes (`z,y,x`) stand
    /// for three or more members, the outer ones flattened into z.
    static func gridAxes(_ mark: String) -> Int? {
        guard mark.hasPrefix("gpu.block(") || mark.hasPrefix("npu.core("), mark.hasSuffix(")"),
              let open = mark.firstIndex(of: "(") else { return nil }
        let inside = mark[mark.index(after: open)..<mark.index(before: mark.endIndex)]
        return inside.split(separator: ",").count
    }

    /// The loops below a grid mark that become program ids: the perfect nest
    /// of dependence-free loops right below it, as many as the mark has
    /// axes (any number for three), each with launcher-computable bounds
    /// that do not depend on the others (the grid is a box). A loop whose
    /// body holds no loop is left to the program when an outer loop is
    /// already in the grid, so it can become a block of lanes.
    func gridNest(_ node: LoopNode, axes: Int, hostIterators: [String]) -> [(loop: ForLoop, bounds: HostBounds)] {
        let parameters = Set(document.kernel.parameters.map(\.name))
        var nest: [(loop: ForLoop, bounds: HostBounds)] = []
        var current = node
        while axes >= 3 || nest.count < axes {
            if case .block(let children) = current, children.count == 1 { current = children[0]; continue }
            guard case .forLoop(let loop) = current, loop.dependenceFree,
                  let bounds = HostBounds(loop: loop, hostIterators: hostIterators, parameters: parameters),
                  nest.isEmpty || TritonLowering.containsLoop(loop.body) else { break }
            nest.append((loop, bounds))
            current = loop.body
        }
        return nest
    }

    /// What a loop of a grid phase becomes.
    enum GridRole: Equatable {
        /// One program (or, persistent, one item) per iteration: a scalar iterator.
        case program
        /// Blocks of `BLOCK` lanes (`tl.arange`, masked), one block per program.
        case lanes
        /// Blocks of `BLOCK_Y` rows of a 2-D tile whose columns are the next loop's lanes.
        case rows
    }

    /// The loops a grid phase spreads over programs and what each becomes.
    /// The nest's loops are programs, except:
    /// - with `block_y > 1`, when the innermost grid loop's body is one
    ///   dependence-free loop of statements with box bounds (jacobi-2d's
    ///   `i, j`), the grid loop becomes rows and that loop columns of a
    ///   `BLOCK_Y` x `BLOCK` tile per program (the point loops of a thread block);
    /// - when the innermost grid loop itself can run as lanes (`runsAsLanes`:
    ///   its body holds no dependence-free loop, only statements and
    ///   sequential loops whose bounds do not move with it, as adi's
    ///   column sweeps or a convolution's window loops), it becomes blocks
    ///   of lanes, each lane running the sequential loops, instead of one
    ///   program per iteration running them on a single value.
    func gridEntries(_ nest: [(loop: ForLoop, bounds: HostBounds)], hostIterators: [String])
        -> [(loop: ForLoop, bounds: HostBounds, role: GridRole)] {
        var entries = nest.map { (loop: $0.loop, bounds: $0.bounds, role: GridRole.program) }
        let last = nest[nest.count - 1].loop
        let parameters = Set(document.kernel.parameters.map(\.name))
        if knobs.blockY > 1, let inner = TritonLowering.soleLoop(last.body), runsAsLanes(inner),
           !TritonLowering.containsLoop(inner.body), !writesLocal(last.body),
           let bounds = HostBounds(loop: inner, hostIterators: hostIterators, parameters: parameters) {
            entries[entries.count - 1].role = .rows
            entries.append((inner, bounds, .lanes))
        } else if runsAsLanes(last) {
            entries[entries.count - 1].role = .lanes
        }
        return entries
    }

    /// A grid phase: the loops of `nest` (outermost first) spread over
    /// programs (see `gridEntries` for the loops that become lanes or a
    /// 2-D tile instead of one program per iteration). One entry: program
    /// id 0, or a persistent grid looping over them. Several: the innermost
    /// on axis 0, the next on axis 1, the rest flattened into axis 2 — CUDA
    /// allows 2^31 - 1 programs on x but 65,535 on y and z, so the launcher
    /// refuses larger y or z extents on a GPU with a clear message — or,
    /// persistent, all of them flattened into one range the cores loop
    /// over. `akg_t` is the flat item number, innermost fastest, as the
    /// original order counts them (scalar locals' slots).
    private func gridPhase(_ nest: [(loop: ForLoop, bounds: HostBounds)], hostIterators: [String], indent: String,
                           context: inout ModuleContext) throws -> String {
        let name = nextKernelName(&context)
        var scope = Scope(hostIterators: Set(hostIterators))
        scope.kernel = name
        let entries = gridEntries(nest, hostIterators: hostIterators)
        let tiled = entries.contains { $0.role == .rows }
        func described(_ entry: (loop: ForLoop, bounds: HostBounds, role: GridRole)) -> String {
            switch entry.role {
            case .program: return entry.loop.iterator
            case .lanes: return "\(entry.loop.iterator) in blocks of \(knobs.block) lanes (tl.arange, masked)"
            case .rows: return "\(entry.loop.iterator) in blocks of \(knobs.blockY) rows"
            }
        }
        let lanesNote = entries.contains { $0.role == .lanes } && TritonLowering.containsLoop(entries[entries.count - 1].loop.body)
            ? "; the sequential loops inside run in every lane" : ""
        let tileNote = tiled ? "; a \(knobs.blockY) x \(knobs.block) tile per program" : ""
        switch (mapping, entries.count) {
        case (.persistentCores, _):
            log.phase(name, kind: "grid", "\(entries.map(described).joined(separator: ", ")) -> a persistent grid of up to \(knobs.cores) programs "
                      + "(cores), each looping over its share\(entries.count > 1 ? " of the flattened items" : "")\(tileNote)\(lanesNote)")
        case (.programPerIteration, 1):
            log.phase(name, kind: "grid", entries[0].role == .program
                      ? "\(entries[0].loop.iterator) -> program id 0, one program per iteration"
                      : "\(described(entries[0])) -> program id 0, one program per block\(lanesNote)")
        case (.programPerIteration, _):
            let axes = zip(entries.reversed(), ["0", "1", "2"]).map { "\(described($0)) -> program id \($1)" }
            let flattened = entries.count > 3
                ? " (\(entries.prefix(entries.count - 2).map(\.loop.iterator).joined(separator: ", ")) flattened into axis 2)" : ""
            log.phase(name, kind: "grid", (nest.count > 1 ? "scheduler grid mark: " : "") + axes.joined(separator: ", ")
                      + flattened + tileNote + lanesNote)
        }
        // Items per entry: iterations, or blocks of lanes or rows.
        func blockDivisor(_ role: GridRole) -> String? {
            switch role {
            case .program: return nil
            case .lanes: return "BLOCK"
            case .rows: return "BLOCK_Y"
            }
        }
        var body: String
        let inner: String
        var index: [String] = Array(repeating: "akg_t", count: entries.count)
        if entries.count == 1 {
            body = "    # \(entries[0].loop.iterator): dependence-free, spread over programs"
                + (entries[0].role == .lanes ? " in blocks of BLOCK lanes\n" : "\n")
            let (header, programIndent) = programIndexHeader()
            body += header
            inner = programIndent
        } else {
            body = "    # \(entries.map(\.loop.iterator).joined(separator: ", ")): dependence-free, "
                + (nest.count > 1 ? "the scheduler's grid " : "a grid ")
                + "(\(mapping == .persistentCores ? "flattened over the cores" : "program ids 2, 1, 0; innermost on 0"))"
                + (tiled ? ", BLOCK_Y x BLOCK tiles\n" : "\n")
            for (position, entry) in entries.enumerated() {
                let upper = upperBound(of: entry.loop)!
                var count = "(\(deviceExpr(upper, scope)) - (\(deviceExpr(entry.loop.lowerBound, scope))) + "
                    + "\(entry.loop.step - 1)) // \(entry.loop.step)"
                if let divisor = blockDivisor(entry.role) { count = "(\(count) + \(divisor) - 1) // \(divisor)" }
                body += "    akg_n\(position) = \(count)\n"
            }
            let last = entries.count - 1
            var decomposed: [Int]
            switch mapping {
            case .persistentCores:
                body += "    akg_slot = tl.program_id(0)\n"
                body += "    for akg_t in range(tl.program_id(0), akg_count, tl.num_programs(0)):\n"
                inner = "        "
                body += "\(inner)akg_r = akg_t\n"
                decomposed = Array((0...last).reversed())
            case .programPerIteration:
                inner = "    "
                body += "    akg_p0 = tl.program_id(0)\n    akg_p1 = tl.program_id(1)\n    akg_r = tl.program_id(2)\n"
                index[last] = "akg_p0"
                index[last - 1] = "akg_p1"
                decomposed = Array((0..<(last - 1)).reversed())
                // The flat item number, innermost fastest.
                var number = "akg_r"
                for position in (last - 1)...last { number = "(\(number)) * akg_n\(position) + akg_p\(last - position)" }
                body += "    akg_t = \(number)\n    akg_slot = akg_t\n"
            }
            for position in decomposed {
                body += "\(inner)akg_i\(position) = akg_r % akg_n\(position)\n"
                body += "\(inner)akg_r = akg_r // akg_n\(position)\n"
                index[position] = "akg_i\(position)"
            }
        }
        var conditions: [String] = []
        var laneConditions: [String] = []
        for (position, entry) in entries.enumerated() {
            let loop = entry.loop
            let lower = deviceExpr(loop.lowerBound, scope)
            switch entry.role {
            case .program:
                body += "\(inner)i_\(loop.iterator) = \(lower) + \(index[position]) * \(loop.step)\n"
                scope.deviceIterators.insert(loop.iterator)
            case .lanes, .rows:
                let lane = "v_\(loop.iterator)"
                let (size, axis, shape): (String, Int?, String) = entry.role == .rows ? ("BLOCK_Y", 0, "[:, None]")
                    : (tiled ? ("BLOCK", 1, "[None, :]") : ("BLOCK", nil, ""))
                body += "\(inner)\(lane) = \(lower) + (\(index[position]) * \(size) + tl.arange(0, \(size)))\(shape) * \(loop.step)\n"
                scope.deviceIterators.insert(loop.iterator)
                scope.laneNames[loop.iterator] = lane
                scope.lanes.append(Lane(name: lane, axis: axis))
            }
        }
        for entry in entries {
            let condition = "(\(deviceExpr(entry.loop.condition, scope)))"
            if entry.role == .program { conditions.append(condition) } else { laneConditions.append(condition) }
        }
        var maskLine = ""
        if !laneConditions.isEmpty {
            scope.depth += 1
            scope.mask = "m\(scope.depth)"
            maskLine = "\(inner)m\(scope.depth) = \(laneConditions.joined(separator: " & "))\n"
        }
        let lowered = try lower(entries[entries.count - 1].loop.body, scope: scope,
                                indent: conditions.isEmpty ? inner : inner + "    ")
        if let mask = scope.mask {
            body += maskLine + derivedMasks(mask, lanes: scope.lanes, indent: inner, usedIn: lowered)
        }
        if !conditions.isEmpty { body += "\(inner)if \(conditions.joined(separator: " & ")):\n" }
        body += lowered
        let constants = tiled ? ["BLOCK_Y"] : []
        context.kernels.append(KernelFunction(name: name, source: kernelSource(name, body: body, hostIterators: hostIterators,
                                                                               constants: constants),
                                              hostIterators: hostIterators, constants: constants))
        var out = ""
        var grid: String? = nil
        func hostCount(_ entry: (loop: ForLoop, bounds: HostBounds, role: GridRole)) -> String {
            let count = "max(0, (\(entry.bounds.upper) - (\(entry.bounds.lower)) + \(entry.loop.step - 1)) // \(entry.loop.step))"
            guard let divisor = blockDivisor(entry.role) else { return count }
            return "(\(count) + \(divisor) - 1) // \(divisor)"
        }
        if entries.count == 1 {
            out += "\(indent)akg_count = \(hostCount(entries[0]))\n"
        } else {
            for (position, entry) in entries.enumerated() {
                out += "\(indent)akg_n\(position) = \(hostCount(entry))\n"
            }
            out += "\(indent)akg_count = \((0..<entries.count).map { "akg_n\($0)" }.joined(separator: " * "))\n"
            if mapping == .programPerIteration {
                let last = entries.count - 1
                let outer = (0..<(last - 1)).map { "akg_n\($0)" }
                grid = "(akg_n\(last), akg_n\(last - 1), \(outer.isEmpty ? "1" : outer.joined(separator: " * ")))"
            }
        }
        out += "\(indent)if akg_count > 0:\n"
        let programs = mapping == .persistentCores ? "min(akg_count, \(knobs.cores))" : "akg_count"
        out += "\(indent)    akg_programs = \(programs)\n"
        if let grid {
            out += "\(indent)    akg_grid = \(grid)\n"
            out += "\(indent)    rt.check_grid(akg_grid)\n"
        }
        out += launch(name, programs: "akg_programs", hostIterators: hostIterators, indent: indent + "    ",
                      constants: constants, grid: grid == nil ? nil : "akg_grid")
        return out
    }

    private func singleProgramPhase(_ node: LoopNode, hostIterators: [String], indent: String,
                                    context: inout ModuleContext) throws -> String {
        let name = nextKernelName(&context)
        var body = "    # sequential: one program\n    akg_t = tl.program_id(0)\n    akg_slot = akg_t\n"
        log.phase(name, kind: "single-program", "one program runs the statements \(LoopNest.calls(in: node).uniqued().joined(separator: ", ")) "
                  + "in order (no dependence-free loop with launcher-computable bounds outside them)")
        var scope = Scope(hostIterators: Set(hostIterators))
        scope.kernel = name
        body += try lower(node, scope: scope, indent: "    ")
        context.kernels.append(KernelFunction(name: name, source: kernelSource(name, body: body, hostIterators: hostIterators),
                                              hostIterators: hostIterators))
        return "\(indent)akg_count = 1\n" + launch(name, programs: "1", hostIterators: hostIterators, indent: indent)
    }

    func nextKernelName(_ context: inout ModuleContext) -> String {
        defer { context.counter += 1 }
        return "akg_\(document.kernel.name)_\(context.counter)"
    }

    func kernelSource(_ name: String, body: String, hostIterators: [String], constants: [String] = []) -> String {
        let arguments = kernelArguments(hostIterators: hostIterators).map(\.name) + (["BLOCK"] + constants).map { "\($0): tl.constexpr" }
        return "@triton.jit\ndef \(name)(\(arguments.joined(separator: ", "))):\n" + body
    }

    func launch(_ name: String, programs: String, hostIterators: [String], indent: String,
                constants: [String] = [], grid: String? = nil) -> String {
        var out = ""
        // One slot per program, each starting from the local's current
        // value; afterwards the current value is the slot of the program
        // that ran the last iteration (program t runs iterations t, t+P, ...).
        for local in document.kernel.locals {
            out += "\(indent)l_\(local.name) = rt.slots(l_\(local.name), l_\(local.name)_last, \(programs), \(pythonString(dtypeName(local.type))))\n"
        }
        let arguments = kernelArguments(hostIterators: hostIterators).map(\.name) + (["BLOCK"] + constants).map { "\($0)=\($0)" }
        out += "\(indent)\(name)[\(grid ?? "(\(programs),)")](\(arguments.joined(separator: ", ")), num_warps=NUM_WARPS, num_stages=NUM_STAGES)\n"
        for local in document.kernel.locals {
            out += "\(indent)l_\(local.name)_last = (akg_count - 1) % (\(programs))\n"
        }
        return out
    }

    // MARK: - Inside a program

    /// What names mean at a point of a kernel body.
    struct Scope {
        var hostIterators: Set<String>
        var deviceIterators: Set<String> = []
        /// The mask of the enclosing vectorised loop (and its conditions); nil outside one.
        var mask: String?
        /// The lane blocks of the enclosing vectorised loop (`v_c1`), or of a
        /// program's 2-D tile (rows, then columns); empty outside one.
        var lanes: [Lane] = []
        /// Iterators that are lane blocks here, by their block variable. A
        /// block gets its own name (`v_c1`, not `i_c1`): Triton refuses a
        /// variable that is a scalar in one loop and a block in a later one
        /// (softmax's sequential sum between two vectorised loops over c1).
        var laneNames: [String: String] = [:]
        var depth = 0

        /// The kernel function being written (for the mapping log).
        var kernel = ""

        init(hostIterators: Set<String>) { self.hostIterators = hostIterators }
    }

    /// A lane block: its variable and, in a program's 2-D tile, its axis
    /// (0: rows, `[:, None]`; 1: columns, `[None, :]`); nil in a 1-D block.
    struct Lane {
        var name: String
        var axis: Int?
    }

    /// The reductions of `mask` that `text` reads, computed once right after
    /// the mask: `_any` (some lane is active: the mask of a load whose
    /// address is the same for every lane) and, in a 2-D tile, `_rows` and
    /// `_cols` (the mask of a load that moves with one axis only). Each is
    /// a `tl.max`, which the interpreter runs as a device function call
    /// (milliseconds each); a compiler would share them anyway.
    func derivedMasks(_ mask: String, lanes: [Lane], indent: String, usedIn text: String) -> String {
        var out = ""
        let lanesAsInt = "\(mask).to(tl.int32)"
        if ValuePrinter.mentions(text, "\(mask)_any") {
            let any = lanes.count > 1 ? "tl.max(tl.max(\(lanesAsInt), 1), 0)" : "tl.max(\(lanesAsInt), 0)"
            out += "\(indent)\(mask)_any = \(any) > 0\n"
        }
        if ValuePrinter.mentions(text, "\(mask)_rows") {
            out += "\(indent)\(mask)_rows = tl.max(\(lanesAsInt), 1, keep_dims=True) > 0\n"
        }
        if ValuePrinter.mentions(text, "\(mask)_cols") {
            out += "\(indent)\(mask)_cols = tl.max(\(lanesAsInt), 0, keep_dims=True) > 0\n"
        }
        return out
    }

    private func lower(_ node: LoopNode, scope: Scope, indent: String) throws -> String {
        switch node {
        case .block(let children):
            let text = try children.map { try lower($0, scope: scope, indent: indent) }.joined()
            return text.isEmpty ? "\(indent)pass\n" : text
        case .mark(let mark):
            return "\(indent)# mark: \(mark.name)\n" + (try lower(mark.body, scope: scope, indent: indent))
        case .ifThen(let branch):
            let condition = deviceExpr(branch.condition, scope)
            if let mask = scope.mask {
                // Inside a block of lanes, a condition narrows the mask.
                var inner = scope
                inner.depth += 1
                let name = "m\(inner.depth)"
                inner.mask = name
                var out = "\(indent)\(name) = \(mask) & (\(condition))\n"
                let then = try lower(branch.then, scope: inner, indent: indent)
                out += derivedMasks(name, lanes: inner.lanes, indent: indent, usedIn: then) + then
                if let otherwise = branch.else {
                    out += "\(indent)\(name) = \(mask) & ((\(condition)) == 0)\n"
                    let text = try lower(otherwise, scope: inner, indent: indent)
                    out += derivedMasks(name, lanes: inner.lanes, indent: indent, usedIn: text) + text
                }
                return out
            }
            var out = "\(indent)if \(condition):\n" + (try lower(branch.then, scope: scope, indent: indent + "    "))
            if let otherwise = branch.else {
                out += "\(indent)else:\n" + (try lower(otherwise, scope: scope, indent: indent + "    "))
            }
            return out
        case .forLoop(let loop):
            return try lowerLoop(loop, scope: scope, indent: indent)
        case .statement(let call):
            return try statement(call, scope: scope, indent: indent)
        }
    }

    private func lowerLoop(_ loop: ForLoop, scope: Scope, indent: String) throws -> String {
        let name = "i_\(loop.iterator)"
        var inner = scope
        inner.deviceIterators.insert(loop.iterator)
        let upper = upperBound(of: loop)
        if scope.mask == nil, let upper, runsAsLanes(loop) {
            let name = "v_\(loop.iterator)"
            inner.depth += 1
            let mask = "m\(inner.depth)"
            inner.mask = mask
            inner.lanes = [Lane(name: name, axis: nil)]
            inner.laneNames[loop.iterator] = name
            let sequentialInside = TritonLowering.containsLoop(loop.body)
            log.inside(scope.kernel, "\(loop.iterator) -> blocks of \(knobs.block) lanes (tl.arange, masked)"
                       + (sequentialInside ? "; the sequential loops inside run in every lane" : ""))
            var out = "\(indent)# \(loop.iterator): dependence-free \(sequentialInside ? "loop, sequential loops inside" : "innermost loop"), "
                + "\(knobs.block) lanes per block\n"
            out += "\(indent)for \(name)_base in range(\(deviceExpr(loop.lowerBound, scope)), \(deviceExpr(upper, scope)), BLOCK * \(loop.step)):\n"
            out += "\(indent)    \(name) = \(name)_base + tl.arange(0, BLOCK) * \(loop.step)\n"
            out += "\(indent)    \(mask) = \(deviceExpr(loop.condition, inner))\n"
            let body = try lower(loop.body, scope: inner, indent: indent + "    ")
            out += derivedMasks(mask, lanes: inner.lanes, indent: indent + "    ", usedIn: body) + body
            return out
        }
        if scope.mask == nil, let upper, knobs.treeReductions, !forwardLanesOnly || accessesMoveForward(loop),
           let reduction = try reduction(loop, scope: scope) {
            return try lowerReduction(loop, reduction, upper: upper, scope: scope, indent: indent)
        }
        if let upper {
            let out = "\(indent)for \(name) in range(\(deviceExpr(loop.lowerBound, scope)), \(deviceExpr(upper, scope)), \(loop.step)):\n"
            return out + (try lower(loop.body, scope: inner, indent: indent + "    "))
        }
        var out = "\(indent)\(name) = \(deviceExpr(loop.lowerBound, scope))\n"
        out += "\(indent)while \(deviceExpr(loop.condition, inner)):\n"
        out += try lower(loop.body, scope: inner, indent: indent + "    ")
        out += "\(indent)    \(name) += \(loop.step)\n"
        return out
    }

    /// An innermost loop whose only dependence is one accumulation.
    struct Reduction {
        enum Kind { case sum, difference, max, min }
        var kind: Kind
        var call: StatementCall
        var statement: KernelStatement
        /// What each iteration contributes (`e` in `x += e`, `x = fmax(x, e)`).
        var contribution: KernelExpr
    }

    /// `loop` as a reduction: an innermost loop whose body is one statement
    /// `X[f] += e`, `X[f] -= e`, `X[f] = fmax(X[f], e)` or `fmin`, where the
    /// target's address does not depend on the loop and `e` does not read
    /// `X` at all — so the accumulation is the loop's only dependence and
    /// the iterations' contributions may be combined in any order.
    func reduction(_ loop: ForLoop, scope: Scope) throws -> Reduction? {
        guard !loop.dependenceFree, !TritonLowering.containsLoop(loop.body) else { return nil }
        var body = loop.body
        while true {
            if case .block(let children) = body, children.count == 1 { body = children[0]; continue }
            if case .mark(let mark) = body { body = mark.body; continue }
            break
        }
        guard case .statement(let call) = body, let statement = statements[call.name],
              statement.iterators.count == call.arguments.count,
              case .access(let array, let index) = statement.body.target else { return nil }
        // The target's address, with the loop's iterator as itself.
        var inner = scope
        inner.deviceIterators.insert(loop.iterator)
        var values: [String: String] = [:]
        for (iterator, argument) in zip(statement.iterators, call.arguments) {
            values[iterator] = "(\(deviceExpr(argument, inner)))"
        }
        let printer = ValuePrinter(lowering: self, iterators: values, mask: nil, lanes: [])
        let address = try printer.pointer(array, index)
        guard !ValuePrinter.mentions(address, "i_\(loop.iterator)") else { return nil }
        let kind: Reduction.Kind
        let contribution: KernelExpr
        switch statement.body.op {
        case .add: (kind, contribution) = (.sum, statement.body.value)
        case .subtract: (kind, contribution) = (.difference, statement.body.value)
        case .assign:
            guard case .call(let function, let args) = statement.body.value, args.count == 2,
                  let extreme: Reduction.Kind = ["fmax": .max, "fmaxf": .max, "fmin": .min, "fminf": .min][function]
            else { return nil }
            if args[0] == statement.body.target { contribution = args[1] } else if args[1] == statement.body.target {
                contribution = args[0]
            } else { return nil }
            kind = extreme
        default: return nil
        }
        guard !TritonLowering.reads(contribution, array) else { return nil }
        return Reduction(kind: kind, call: call, statement: statement, contribution: contribution)
    }

    static func reads(_ expr: KernelExpr, _ array: String) -> Bool {
        expr.contains { part in
            switch part {
            case .scalar(let name), .access(let name, _): return name == array
            default: return false
            }
        }
    }

    /// Lanes accumulate partial results in registers; one `tl.sum`/`tl.max`
    /// combines them, and the target is read and written once.
    private func lowerReduction(_ loop: ForLoop, _ reduction: Reduction, upper: AstExpr, scope: Scope,
                                indent: String) throws -> String {
        let name = "v_\(loop.iterator)"
        var inner = scope
        inner.deviceIterators.insert(loop.iterator)
        inner.depth += 1
        let mask = "m\(inner.depth)"
        inner.mask = mask
        inner.lanes = [Lane(name: name, axis: nil)]
        inner.laneNames[loop.iterator] = name
        var values: [String: String] = [:]
        for (iterator, argument) in zip(reduction.statement.iterators, reduction.call.arguments) {
            values[iterator] = "(\(deviceExpr(argument, inner)))"
        }
        let lanes = ValuePrinter(lowering: self, iterators: values, mask: mask, lanes: inner.lanes)
        let single = ValuePrinter(lowering: self, iterators: values, mask: nil, lanes: [])
        guard case .access(let array, let index) = reduction.statement.body.target else { return "" }
        let local = document.kernel.locals.first { $0.name == array }
        let type: KernelScalarType = arrays[array]?.elementType ?? local?.type ?? parameterTypes[array] ?? .double
        let dtype = "tl.\(TritonLowering.tritonDType(type))"
        let accumulator = "acc_\(loop.iterator)"
        let identity: String
        let combine: (String, String) -> String
        let finish: String
        switch reduction.kind {
        case .sum, .difference:
            identity = "0"
            combine = { "\($0) + \($1)" }
            finish = "tl.sum(\(accumulator), axis=0)"
        case .max:
            identity = "float('-inf')"
            combine = { "tl.maximum(\($0), \($1))" }
            finish = "tl.max(\(accumulator), axis=0)"
        case .min:
            identity = "float('inf')"
            combine = { "tl.minimum(\($0), \($1))" }
            finish = "tl.min(\(accumulator), axis=0)"
        }
        let contribution = try lanes.value(reduction.contribution)
        let pointer = try single.pointer(array, index)
        log.inside(scope.kernel, "\(loop.iterator) -> a reduction into \(array): \(knobs.block) lanes of partial results, then \(finish.prefix { $0 != "(" })")
        var out = "\(indent)# \(loop.iterator): reduction into \(array) (\(reduction.statement.name)), \(knobs.block) lanes of partial results, then one combine\n"
        out += "\(indent)\(accumulator) = tl.full([BLOCK], \(identity), \(dtype))\n"
        out += "\(indent)for \(name)_base in range(\(deviceExpr(loop.lowerBound, scope)), \(deviceExpr(upper, scope)), BLOCK * \(loop.step)):\n"
        out += "\(indent)    \(name) = \(name)_base + tl.arange(0, BLOCK) * \(loop.step)\n"
        out += "\(indent)    \(mask) = \(deviceExpr(loop.condition, inner))\n"
        let accumulate = "\(indent)    \(accumulator) = \(combine(accumulator, "tl.where(\(mask), tl.cast(\(contribution), \(dtype)), \(identity))"))\n"
        out += derivedMasks(mask, lanes: inner.lanes, indent: indent + "    ", usedIn: accumulate) + accumulate
        let old = try single.value(reduction.statement.body.target)
        let result: String
        switch reduction.kind {
        case .sum: result = "\(old) + \(finish)"
        case .difference: result = "\(old) - \(finish)"
        case .max: result = "tl.maximum(\(old), \(finish))"
        case .min: result = "tl.minimum(\(old), \(finish))"
        }
        out += "\(indent)tl.store(\(pointer), tl.cast(\(result), \(dtype)))  # \(reduction.statement.name)\n"
        return out
    }

    /// A dependence-free loop whose iterations can run side by side as
    /// lanes: it writes no scalar local (a local is one value per program,
    /// not per lane) and holds no dependence-free loop (the innermost one
    /// gets the lanes, usually the stride-1 one). Sequential loops inside
    /// run in every lane, so their bounds must not move with this loop
    /// (then every lane runs the same iterations), and with
    /// `tree_reductions` a loop inside is left to the lane-parallel
    /// reduction instead.
    func runsAsLanes(_ loop: ForLoop) -> Bool {
        guard loop.dependenceFree, upperBound(of: loop) != nil, !writesLocal(loop.body),
              !TritonLowering.containsDependenceFreeLoop(loop.body),
              !forwardLanesOnly || accessesMoveForward(loop) else { return false }
        guard TritonLowering.containsLoop(loop.body) else { return true }
        return !knobs.treeReductions && TritonLowering.innerLoopsIgnore(loop.iterator, in: loop.body)
    }

    /// Whether every loop in `node` has an upper bound and bounds that do not mention `iterator`.
    static func innerLoopsIgnore(_ iterator: String, in node: LoopNode) -> Bool {
        switch node {
        case .block(let children): return children.allSatisfy { innerLoopsIgnore(iterator, in: $0) }
        case .mark(let mark): return innerLoopsIgnore(iterator, in: mark.body)
        case .ifThen(let branch):
            return innerLoopsIgnore(iterator, in: branch.then) && (branch.else.map { innerLoopsIgnore(iterator, in: $0) } ?? true)
        case .forLoop(let loop):
            guard let upper = upperBound(of: loop), !mentions(upper, iterator), !mentions(loop.lowerBound, iterator) else { return false }
            return innerLoopsIgnore(iterator, in: loop.body)
        case .statement: return true
        }
    }

    /// The loop `node` consists of, through marks and one-element blocks; nil when it is anything else.
    static func soleLoop(_ node: LoopNode) -> ForLoop? {
        switch node {
        case .block(let children) where children.count == 1: return soleLoop(children[0])
        case .mark(let mark): return soleLoop(mark.body)
        case .forLoop(let loop): return loop
        default: return nil
        }
    }

    private func writesLocal(_ node: LoopNode) -> Bool {
        switch node {
        case .block(let children): return children.contains(where: writesLocal)
        case .mark(let mark): return writesLocal(mark.body)
        case .ifThen(let branch): return writesLocal(branch.then) || (branch.else.map(writesLocal) ?? false)
        case .forLoop(let loop): return writesLocal(loop.body)
        case .statement(let call):
            guard let statement = statements[call.name], case .access(let array, _) = statement.body.target else { return false }
            return localNames.contains(array) || (arrays[array]?.shape.isEmpty ?? false)
        }
    }

    private func statement(_ call: StatementCall, scope: Scope, indent: String) throws -> String {
        guard let statement = statements[call.name] else { throw LoweringError.unknownStatement(call.name) }
        guard statement.iterators.count == call.arguments.count else {
            throw LoweringError.wrongArgumentCount(call.name, expected: statement.iterators.count, got: call.arguments.count)
        }
        var values: [String: String] = [:]
        for (iterator, argument) in zip(statement.iterators, call.arguments) {
            values[iterator] = "(\(deviceExpr(argument, scope)))"
        }
        let printer = ValuePrinter(lowering: self, iterators: values, mask: scope.mask, lanes: scope.lanes)
        let body = statement.body
        guard case .access(let array, let index) = body.target else {
            throw LoweringError.unknownName("\(body.target)")
        }
        let pointer = try printer.pointer(array, index)
        var value = try printer.value(body.value)
        let maskArgument = scope.mask.map { ", mask=\($0)" } ?? ""
        if body.op != .assign {
            let symbol = String(body.op.rawValue.dropLast())
            let old = try printer.value(body.target)
            let divides = body.op == .divide && !printer.isFloat(body.target)
            value = "\(old) \(divides ? "//" : symbol) (\(value))"
        }
        return "\(indent)tl.store(\(pointer), \(value)\(maskArgument))  # \(statement.name)\n"
    }

    // MARK: - Expressions

    /// A Loop AST integer expression as Triton code.
    func deviceExpr(_ expr: AstExpr, _ scope: Scope) -> String {
        switch expr {
        case .int(let value): return value < 0 ? "(\(value))" : String(value)
        case .identifier(let name):
            if let lane = scope.laneNames[name] { return lane }
            if scope.deviceIterators.contains(name) { return "i_\(name)" }
            if scope.hostIterators.contains(name) { return "h_\(name)" }
            return "p_\(name)"
        case .operation(let op, let args):
            let operands = args.map { deviceExpr($0, scope) }
            func fold(_ function: String) -> String {
                operands.dropFirst().reduce(operands[0]) { "\(function)(\($0), \($1))" }
            }
            switch op {
            case .add: return "(" + operands.joined(separator: " + ") + ")"
            case .sub: return "(" + operands.joined(separator: " - ") + ")"
            case .mul: return "(" + operands.joined(separator: " * ") + ")"
            case .minus: return "(-\(operands[0]))"
            case .div, .pdivQ: return "(\(operands[0]) // \(operands[1]))"
            case .pdivR, .zdivR: return "(\(operands[0]) % \(operands[1]))"
            case .floorDiv:
                // isl's floord (d > 0) whatever the sign of the dividend
                // (Triton's // truncates), written out rather than as a
                // @triton.jit helper: the interpreter runs every
                // device-function call with milliseconds of set-up, and a
                // wavefront's bounds hold several per program.
                let (a, d) = (operands[0], operands[1])
                return "tl.where(\(a) < 0, -((-(\(a)) + \(d) - 1) // \(d)), (\(a)) // \(d))"
            case .min: return fold("tl.minimum")
            case .max: return fold("tl.maximum")
            case .cond, .select: return "tl.where(\(operands[0]), \(operands[1]), \(operands[2]))"
            case .eq: return "(\(operands[0]) == \(operands[1]))"
            case .le: return "(\(operands[0]) <= \(operands[1]))"
            case .lt: return "(\(operands[0]) < \(operands[1]))"
            case .ge: return "(\(operands[0]) >= \(operands[1]))"
            case .gt: return "(\(operands[0]) > \(operands[1]))"
            case .and: return "(" + operands.joined(separator: " & ") + ")"
            case .or: return "(" + operands.joined(separator: " | ") + ")"
            }
        }
    }

    /// Prints statement bodies (`KernelExpr`) with C's arithmetic: integer
    /// `/` truncates, mixed operations are floating point.
    struct ValuePrinter {
        let lowering: TritonLowering
        let iterators: [String: String]
        let mask: String?
        let lanes: [Lane]

        func pointer(_ array: String, _ index: [KernelExpr]) throws -> String {
            if lowering.localNames.contains(array) && index.isEmpty { return "(l_\(array) + akg_slot)" }
            guard let parameterType = lowering.parameterTypes[array] else { throw LoweringError.unknownName(array) }
            if index.isEmpty {
                return parameterType.isInteger ? "p_\(array)" : "s_\(array)"
            }
            var terms: [String] = []
            for (dimension, position) in index.enumerated() {
                let text = try value(position)
                terms.append(dimension == index.count - 1 ? text : "(\(text)) * a_\(array)_s\(dimension)")
            }
            return "(a_\(array) + " + terms.joined(separator: " + ") + ")"
        }

        /// Inside a block of lanes every load is masked. An address that
        /// does not depend on the lanes (a scalar parameter, `A[i][k]` in
        /// gemm's `j` block) is loaded once as a scalar, read only when some
        /// lane is active (a uniform address under a condition no lane
        /// satisfies must not be read); the value broadcasts in arithmetic.
        /// A zero-stride pointer block (`ptr + tl.zeros([BLOCK])`) would do
        /// the same, but triton-adapter-opt's linalg lowering (Triton-Ascend)
        /// refuses it ("strides must not be zero"). In a 2-D tile an address
        /// that moves with one axis only (`B[i]` in a tile over `i, j`) is a
        /// row or a column, loaded under the mask reduced over the other axis.
        private func load(_ pointer: String) -> String {
            guard let mask else { return "tl.load(\(pointer))" }
            let used = lanes.filter { ValuePrinter.mentions(pointer, $0.name) }
            if used.count == lanes.count { return "tl.load(\(pointer), mask=\(mask), other=0)" }
            if used.isEmpty { return "tl.load(\(pointer), mask=\(mask)_any, other=0)" }
            // A 2-D tile: keep the axis the address moves with.
            return "tl.load(\(pointer), mask=\(mask)_\(used[0].axis == 0 ? "rows" : "cols"), other=0)"
        }

        /// Whether `name` occurs in `text` as a whole identifier.
        static func mentions(_ text: String, _ name: String) -> Bool {
            var word = ""
            for character in text + " " {
                if character.isLetter || character.isNumber || character == "_" {
                    word.append(character)
                } else {
                    if word == name { return true }
                    word = ""
                }
            }
            return false
        }

        func value(_ expr: KernelExpr) throws -> String {
            switch expr {
            case .int(let value, _): return value < 0 ? "(\(value))" : String(value)
            case .float(let value, _):
                let text = "\(value)"
                return value < 0 ? "(\(text))" : text
            case .iterator(let name): return iterators[name] ?? "i_\(name)"
            case .parameter(let name): return "p_\(name)"
            case .scalar(let name):
                if lowering.localNames.contains(name) { return load("(l_\(name) + akg_slot)") }
                guard let type = lowering.parameterTypes[name] else { throw LoweringError.unknownName(name) }
                return type.isInteger ? "p_\(name)" : load("s_\(name)")
            case .access(let array, let index):
                if index.isEmpty, let type = lowering.parameterTypes[array], type.isInteger { return "p_\(array)" }
                return load(try pointer(array, index))
            case .unary(let op, let operand):
                let text = try value(operand)
                return op == .negate ? "(-\(text))" : "((\(text)) == 0)"
            case .binary(let op, let lhs, let rhs):
                let a = try value(lhs), b = try value(rhs)
                switch op {
                case .divide:
                    return isFloat(lhs) || isFloat(rhs) ? "(\(a) / \(b))" : "(\(a) // \(b))"
                case .remainder:
                    return isFloat(lhs) || isFloat(rhs) ? "libdevice.fmod(\(a), \(b))" : "(\(a) % \(b))"
                case .and: return "((\(a) != 0) & (\(b) != 0))"
                case .or: return "((\(a) != 0) | (\(b) != 0))"
                default: return "(\(a) \(op.rawValue) \(b))"
                }
            case .call(let name, let args):
                let floating = lowering.floatingType
                let texts = try args.map { argument -> String in
                    let text = try value(argument)
                    return isFloat(argument) ? text : "tl.cast(\(text), \(floating))"
                }
                return TritonLowering.mathCall(name, texts)
            case .cast(let type, let operand):
                return "tl.cast(\(try value(operand)), tl.\(TritonLowering.tritonDType(type)))"
            case .select(let condition, let then, let otherwise):
                return "tl.where(\(try value(condition)), \(try value(then)), \(try value(otherwise)))"
            }
        }

        func isFloat(_ expr: KernelExpr) -> Bool {
            switch expr {
            case .int, .iterator, .parameter: return false
            case .float, .call: return true
            case .scalar(let name):
                if let local = lowering.document.kernel.locals.first(where: { $0.name == name }) { return !local.type.isInteger }
                return !(lowering.parameterTypes[name]?.isInteger ?? true)
            case .access(let array, _):
                if let element = lowering.arrays[array]?.elementType { return !element.isInteger }
                if let local = lowering.document.kernel.locals.first(where: { $0.name == array }) { return !local.type.isInteger }
                return !(lowering.parameterTypes[array]?.isInteger ?? true)
            case .unary(let op, let operand): return op == .negate && isFloat(operand)
            case .binary(let op, let lhs, let rhs):
                switch op {
                case .add, .subtract, .multiply, .divide, .remainder: return isFloat(lhs) || isFloat(rhs)
                default: return false
                }
            case .cast(let type, _): return !type.isInteger
            case .select(_, let then, let otherwise): return isFloat(then) || isFloat(otherwise)
            }
        }
    }

    /// The floating type math calls on integers are evaluated in (C's double).
    var floatingType: String { "tl.float64" }

    static func mathCall(_ name: String, _ args: [String]) -> String {
        let base = name.hasSuffix("f") && name != "erf" && !["fabsf"].contains(name) ? String(name.dropLast()) : name
        let joined = args.joined(separator: ", ")
        switch base {
        case "sqrt", "exp", "log", "sin", "cos", "floor", "ceil", "exp2", "log2", "rsqrt", "erf":
            return "tl.\(base)(\(joined))"
        case "fabs", "fabsf", "abs": return "tl.abs(\(joined))"
        case "fmax": return "tl.maximum(\(joined))"
        case "fmin": return "tl.minimum(\(joined))"
        case "tanh":
            // Through exp, which every target and Triton's interpreter have
            // (the interpreter has no libdevice.tanh). Saturates correctly:
            // exp(-2x) -> inf gives -1, -> 0 gives 1.
            return "(2.0 / (1.0 + tl.exp(-2.0 * (\(joined)))) - 1.0)"
        default: return "libdevice.\(base)(\(joined))"
        }
    }

    // MARK: - Helpers

    static func containsLoop(_ node: LoopNode) -> Bool {
        switch node {
        case .block(let children): return children.contains(where: containsLoop)
        case .mark(let mark): return containsLoop(mark.body)
        case .ifThen(let branch): return containsLoop(branch.then) || (branch.else.map(containsLoop) ?? false)
        case .forLoop: return true
        case .statement: return false
        }
    }

    static func containsDependenceFreeLoop(_ node: LoopNode) -> Bool {
        switch node {
        case .block(let children): return children.contains(where: containsDependenceFreeLoop)
        case .mark(let mark): return containsDependenceFreeLoop(mark.body)
        case .ifThen: return false
        case .forLoop(let loop): return loop.dependenceFree || containsDependenceFreeLoop(loop.body)
        case .statement: return false
        }
    }

    /// True when `expr` names only parameters and `allowed` iterators.
    static func onlyHostNames(_ expr: AstExpr, allowed: Set<String>) -> Bool {
        switch expr {
        case .int: return true
        case .identifier(let name): return allowed.contains(name)
        case .operation(_, let args): return args.allSatisfy { onlyHostNames($0, allowed: allowed) }
        }
    }

    func tritonType(_ type: KernelScalarType) -> String {
        switch type {
        case .int: return "i32"
        case .long: return "i64"
        case .unsignedInt: return "u32"
        case .unsignedLong: return "u64"
        case .float: return "fp32"
        case .double: return "fp64"
        }
    }

    static func tritonDType(_ type: KernelScalarType) -> String {
        switch type {
        case .int: return "int32"
        case .long: return "int64"
        case .unsignedInt: return "uint32"
        case .unsignedLong: return "uint64"
        case .float: return "float32"
        case .double: return "float64"
        }
    }

    func dtypeName(_ type: KernelScalarType) -> String {
        switch type {
        case .int: return "i32"
        case .long: return "i64"
        case .unsignedInt: return "u32"
        case .unsignedLong: return "u64"
        case .float: return "f32"
        case .double: return "f64"
        }
    }
}

/// The exclusive upper bound of a loop whose condition is `it < e`,
/// `it <= e` or a conjunction of those; nil for any other condition.
func upperBound(of loop: ForLoop) -> AstExpr? {
    func bound(_ condition: AstExpr) -> AstExpr? {
        guard case .operation(let op, let args) = condition else { return nil }
        switch op {
        case .lt, .le:
            guard args.count == 2, case .identifier(let name) = args[0], name == loop.iterator,
                  !mentions(args[1], loop.iterator) else { return nil }
            return op == .lt ? args[1] : .operation(op: .add, args: [args[1], .int(1)])
        case .and:
            let parts = args.compactMap(bound)
            guard parts.count == args.count else { return nil }
            return parts.count == 1 ? parts[0] : .operation(op: .min, args: parts)
        default:
            return nil
        }
    }
    return bound(loop.condition)
}

private func mentions(_ expr: AstExpr, _ name: String) -> Bool {
    switch expr {
    case .int: return false
    case .identifier(let id): return id == name
    case .operation(_, let args): return args.contains { mentions($0, name) }
    }
}

/// Loop AST expressions as launcher (plain Python) code: Python's `//` is
/// already floor division.
enum HostExpression {
    static func render(_ expr: AstExpr, hostIterators: Set<String>) -> String {
        switch expr {
        case .int(let value): return value < 0 ? "(\(value))" : String(value)
        case .identifier(let name): return hostIterators.contains(name) ? "h_\(name)" : "p_\(name)"
        case .operation(let op, let args):
            let operands = args.map { render($0, hostIterators: hostIterators) }
            switch op {
            case .add: return "(" + operands.joined(separator: " + ") + ")"
            case .sub: return "(" + operands.joined(separator: " - ") + ")"
            case .mul: return "(" + operands.joined(separator: " * ") + ")"
            case .minus: return "(-\(operands[0]))"
            case .div, .pdivQ, .floorDiv: return "(\(operands[0]) // \(operands[1]))"
            case .pdivR, .zdivR: return "(\(operands[0]) % \(operands[1]))"
            case .min: return "min(" + operands.joined(separator: ", ") + ")"
            case .max: return "max(" + operands.joined(separator: ", ") + ")"
            case .cond, .select: return "(\(operands[1]) if \(operands[0]) else \(operands[2]))"
            case .eq: return "(\(operands[0]) == \(operands[1]))"
            case .le: return "(\(operands[0]) <= \(operands[1]))"
            case .lt: return "(\(operands[0]) < \(operands[1]))"
            case .ge: return "(\(operands[0]) >= \(operands[1]))"
            case .gt: return "(\(operands[0]) > \(operands[1]))"
            case .and: return "(" + operands.joined(separator: " and ") + ")"
            case .or: return "(" + operands.joined(separator: " or ") + ")"
            }
        }
    }
}

/// A Python string literal.
func pythonString(_ text: String) -> String {
    var out = "\""
    for character in text.unicodeScalars {
        switch character {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(character)
        }
    }
    return out + "\""
}
