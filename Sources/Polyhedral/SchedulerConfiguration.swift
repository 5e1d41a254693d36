import ISL

/// What the configurable scheduler does: cost terms per dimension, fusion,
/// skewing, tiling and the other post-processing steps (docs/scheduler.md).
///
/// A configuration starts from a preset (`pluto`, `feautrier`, `isl` or
/// `none`); a document overrides the fields it names. Statement and loop
/// names in `directives` are checked against the model when scheduling.
public struct SchedulerConfiguration: Equatable, Sendable {
    /// A starting point that fills every field a document leaves out.
    public enum Preset: String, CaseIterable, Sendable {
        /// Pluto: proximity then original order, smart fusion, skewing, tiling, wavefront.
        case pluto
        /// Feautrier: carry as many dependences as early as possible, one row per band.
        case feautrier
        /// isl's own scheduler (`isl_schedule_constraints_compute_schedule`), a baseline.
        case isl
        /// The built-in defaults (the configuration of an empty document).
        case none
    }

    /// One objective of a scheduling dimension; a dimension minimises its
    /// terms lexicographically, in order.
    public enum CostTerm: Equatable, Sendable {
        /// Minimise the dependence distance bound `u·n + w` (temporal locality).
        case proximity
        /// Prefer a row with distance 0 on every dependence (a parallel loop);
        /// `outer`: wanted at this dimension, else only for a statement's innermost row.
        case parallel(outer: Bool)
        /// Carry (strongly satisfy) as many dependences as possible now.
        case feautrier
        /// Keep the iterator of the fastest-varying subscripts for inner dimensions.
        case contiguity
        /// Prefer iterators with bigger trip counts in outer dimensions.
        case bigLoopsFirst
        /// Break ties in favour of the source loop order.
        case originalOrder
        /// Honour the `directives` section at this dimension.
        case directives

        /// The spelling in the document, e.g. `parallel:outer`.
        public var name: String {
            switch self {
            case .proximity: return "proximity"
            case .parallel(let outer): return outer ? "parallel:outer" : "parallel:inner"
            case .feautrier: return "feautrier"
            case .contiguity: return "contiguity"
            case .bigLoopsFirst: return "bigLoopsFirst"
            case .originalOrder: return "originalOrder"
            case .directives: return "directives"
            }
        }

        static let spellings = ["proximity", "parallel", "parallel:outer", "parallel:inner", "feautrier",
                                "contiguity", "bigLoopsFirst", "originalOrder", "directives", "custom"]
    }

    /// The objective of one scheduling dimension.
    public struct Dimension: Equatable, Sendable {
        /// Cost terms, minimised lexicographically in this order.
        public var cost: [CostTerm]
        /// Extra linear constraints on the coefficients of this dimension's
        /// row, e.g. `"S0.i == 1"` or `"S1.j - S1.i >= 0"` (see `CustomConstraint`).
        public var custom: [CustomConstraint]

        /// A dimension minimising `cost`, with optional custom constraints.
        public init(cost: [CostTerm], custom: [CustomConstraint] = []) {
            self.cost = cost
            self.custom = custom
        }
    }

    /// Which statements may share loops.
    public enum Fusion: String, CaseIterable, Sendable {
        /// Distribute every strongly connected component into its own loop nest.
        case none
        /// Fuse components of equal dimensionality; cut when no hyperplane exists.
        case smart
        /// Fuse as much as legality allows; cut only when no hyperplane exists.
        case max
    }

    /// Whether rows may combine several iterators (skewed loops).
    public enum Skewing: String, CaseIterable, Sendable {
        /// Every row is one iterator (plus shifts): loop permutation and fusion only.
        case never
        /// Skew only when the skewed row is a parallel loop.
        case parallelOnly = "parallel-only"
        /// Skew whenever the cost terms prefer it (Pluto: enables tiling of stencils).
        case always
    }

    /// How permutable bands are tiled.
    public enum Tiling: Equatable, Sendable {
        /// No tiling.
        case off
        /// Sizes derived from the target facts (cache sizes, vector width).
        case auto
        /// Explicit sizes, one list per level, outermost level first; each list
        /// gives one size per band member, its last entry repeating.
        case sizes([[Int]])
    }

    /// How the point loops of a tile (or an untiled permutable band) are ordered.
    public enum IntraTile: String, CaseIterable, Sendable {
        /// Keep the order the ILPs found.
        case none
        /// Move the best stride-1, dependence-free loop innermost (vectorisation, spatial locality).
        case contiguity
    }

    /// How loops are mapped to the hardware, i.e. which marks backends get.
    public enum Mapping: String, CaseIterable, Sendable {
        /// OpenMP threads and SIMD: `parallel` and `vector` loops.
        case openmp
        /// GPU grids: `gpu.block(…)` on tile loops, `gpu.thread(…)` on point loops, `promote(shared)`.
        case gpuBlocksThreads = "gpu-blocks-threads"
        /// NPU cores and on-chip buffers: `npu.core(…)` on tile loops, `promote(ub)`.
        case npuCoresBuffers = "npu-cores-buffers"
    }

    /// Per-statement loop directives, by source iterator name.
    public struct Directive: Equatable, Sendable {
        /// Loops wanted outermost and parallel.
        public var parallel: [String] = []
        /// Loops wanted innermost and vectorised.
        public var vector: [String] = []
        /// Loops that must not be run in parallel.
        public var serial: [String] = []
        /// Loops that are reductions (a `reduce` mark for backends).
        public var reduce: [String] = []

        /// A directive with the given loop lists.
        public init(parallel: [String] = [], vector: [String] = [], serial: [String] = [], reduce: [String] = []) {
            self.parallel = parallel
            self.vector = vector
            self.serial = serial
            self.reduce = reduce
        }
    }

    /// The preset the other fields started from.
    public var preset: Preset
    /// Objectives per scheduling dimension, outermost first; the last repeats.
    public var dimensions: [Dimension]
    /// The fusion strategy.
    public var fusion: Fusion
    /// The skewing policy.
    public var skewing: Skewing
    /// Upper bound on each iterator and parameter coefficient of a row.
    public var coefficientBound: Int
    /// Loop directives by statement name (`S0`, `S1`, …).
    public var directives: [String: Directive]
    /// Tiling of permutable bands.
    public var tiling: Tiling
    /// Skew the tile loops into a wavefront when the outer tile loop is not parallel.
    public var wavefront: Bool
    /// Point-loop order inside tiles.
    public var intraTile: IntraTile
    /// The hardware mapping; nil when the document names none, and then the
    /// target's own applies (`TargetFacts.mapping`), else OpenMP.
    public var mapping: Mapping?
    /// isl's scheduler options, used by the `isl` preset.
    public var isl: IslSchedulerOptions

    /// The built-in defaults: parallel outer loops, proximity and contiguity,
    /// smart fusion, skewing only for parallelism, 32-tiles with a contiguous
    /// innermost point loop, wavefronts, OpenMP.
    public init() {
        preset = .none
        dimensions = [
            Dimension(cost: [.parallel(outer: true), .proximity, .contiguity, .originalOrder]),
            Dimension(cost: [.proximity, .contiguity, .originalOrder]),
        ]
        fusion = .smart
        skewing = .parallelOnly
        coefficientBound = 4
        directives = [:]
        tiling = .sizes([[32]])
        wavefront = true
        intraTile = .contiguity
        mapping = nil
        isl = IslSchedulerOptions()
    }

    /// The configuration of preset `name` (`pluto`, `feautrier`, `isl`, `none`).
    public static func preset(_ name: String) throws -> SchedulerConfiguration {
        guard let preset = Preset(rawValue: name) else {
            throw SchedulerConfigurationError(path: "preset", message: "unknown preset '\(name)'; "
                + "choose one of \(Preset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return preset.configuration
    }

    /// The cost terms of scheduling dimension `depth` (the last entry repeats).
    func dimension(_ depth: Int) -> Dimension {
        dimensions.isEmpty ? Dimension(cost: [.proximity, .originalOrder]) : dimensions[min(depth, dimensions.count - 1)]
    }
}

extension SchedulerConfiguration.Preset {
    /// The full configuration this preset stands for.
    public var configuration: SchedulerConfiguration {
        var configuration = SchedulerConfiguration()
        configuration.preset = self
        switch self {
        case .none:
            break
        case .pluto:
            configuration.dimensions = [.init(cost: [.proximity, .originalOrder])]
            configuration.skewing = .always
        case .feautrier:
            configuration.dimensions = [.init(cost: [.feautrier, .proximity, .originalOrder])]
            configuration.fusion = .max
            configuration.skewing = .always
            configuration.tiling = .off
            configuration.wavefront = false
            configuration.intraTile = .none
        case .isl:
            configuration.dimensions = []
            configuration.wavefront = false
            configuration.intraTile = .none
        }
        return configuration
    }
}

/// A configuration document that cannot be used: `path` names the field
/// (e.g. `dimensions[1].cost[0]`), `message` what is wrong and how to fix it.
public struct SchedulerConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The offending field, as a path into the document.
    public var path: String
    /// What is wrong and what to write instead.
    public var message: String

    /// An error about the field at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "scheduler configuration: '\(path)': \(message)" }
}
