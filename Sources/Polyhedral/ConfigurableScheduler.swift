import ISL

/// A schedule from the configurable scheduler, proven legal, with what the
/// user should know about how it was obtained.
public struct ScheduleResult {
    /// The schedule tree (bands, sequences, marks), legality-checked.
    public let schedule: Schedule
    /// Directives refused or not applied, fallbacks taken, wavefronts applied.
    public let notes: [String]
    /// The options to pass to `generateAST` for this schedule (tiling is
    /// already done, so `tileSize` is `nil`).
    public let astOptions: ScheduleOptions?
}

extension PolyhedralModel {
    /// Schedules the model as `configuration` says, for `target` (typical
    /// x86-64 facts when `nil`), and proves the result legal.
    ///
    /// The passes, in order: the scheduling ILPs (or isl's scheduler for the
    /// `isl` preset), tiling, point-loop reordering, wavefront, directive
    /// marks, mapping marks, the legality check of the schedule and of its
    /// `parallel`/`vector` marks. A computed schedule that fails the check is
    /// replaced by the source order, with a note; illegal marks are removed,
    /// with a note. Throws `SchedulerConfigurationError` for directives or
    /// custom constraints naming unknown statements, loops or coefficients.
    public func schedule(dependences: Dependences, configuration: SchedulerConfiguration,
                         target: TargetFacts?) throws -> ScheduleResult {
        try validate(configuration)
        let facts = target ?? .typical
        var configuration = configuration
        configuration.mapping = configuration.mapping ?? facts.mapping ?? .openmp
        let astOptions = ScheduleOptions(tileSize: nil, parallel: configuration.mapping == .openmp,
                                         vector: configuration.mapping == .openmp)
        var notes: [String] = []
        var schedule: Schedule
        if configuration.preset == .isl {
            if !configuration.directives.isEmpty {
                notes.append("directives are ignored by the isl preset; use another preset to honour them")
            }
            schedule = try islPresetSchedule(dependences: dependences, configuration: configuration, target: facts)
        } else {
            let problem = try islStage("scheduling") { try SchedulingProblem(model: self, dependences: dependences) }
            // The search and the passes that shape its bands.
            func draft(_ configuration: SchedulerConfiguration) throws -> (DraftTree, [String], ScheduleSearch, applied: Bool) {
                let search = ScheduleSearch(problem: problem, configuration: configuration)
                var tree = try islStage("scheduling") { try search.run() }
                var notes = search.notes
                tree = tileBands(tree, problem: problem, configuration: configuration, target: facts)
                tree = reorderPointLoops(tree, problem: problem, configuration: configuration)
                let wavefront = applyWavefront(tree, configuration: configuration)
                let acceleratorWavefront = applyAcceleratorWavefront(wavefront.0, configuration: configuration)
                tree = acceleratorWavefront.0
                notes += wavefront.1 + acceleratorWavefront.1
                return (tree, notes, search, !acceleratorWavefront.1.isEmpty)
            }
            var (tree, draftNotes, search, _) = try draft(configuration)
            // On an accelerator a kernel without any dependence-free loop is
            // one sequential program (seidel-2d). Skewing, which the default
            // keeps for rows that are parallel by themselves, can make its
            // nest a permutable band whose wavefront is a grid.
            if configuration.mapping != .openmp, configuration.skewing == .parallelOnly, !tree.hasCoincidentMember {
                var skewed = configuration
                skewed.skewing = .always
                let retry = try draft(skewed)
                if retry.applied {
                    (tree, search) = (retry.0, retry.2)
                    draftNotes = retry.1 + ["no loop of the kernel is dependence-free as scheduled; skewed for a wavefront grid"]
                }
            }
            notes += draftNotes
            let marked = placeDirectiveMarks(tree, problem: problem, configuration: configuration,
                                             refused: search.refused)
            tree = placeMappingMarks(marked.0, configuration: configuration)
            notes += marked.1
            schedule = try islStage("building the schedule tree") { try problem.islSchedule(tree) }
        }
        do {
            try checkLegality(schedule: schedule, dependences: dependences)
        } catch let error as LegalityError where error.violations.isEmpty {
            let cleaned = try islStage("legality check") { try removingIllegalMarks(schedule, dependences: dependences) }
            schedule = cleaned.0
            notes += cleaned.1
        } catch let error as LegalityError {
            notes.append("the computed schedule was refused (\(error)); using the source order instead")
            schedule = originalSchedule
        }
        return ScheduleResult(schedule: schedule, notes: notes, astOptions: astOptions)
    }

    /// isl's scheduler with the configuration's isl options, then tiling.
    private func islPresetSchedule(dependences: Dependences, configuration: SchedulerConfiguration,
                                   target: TargetFacts) throws -> Schedule {
        context.setSchedulerOptions(configuration.isl)
        // Later isl scheduling on this context (computeSchedule) gets isl's defaults again.
        defer { context.setSchedulerOptions(IslSchedulerOptions()) }
        let schedule = try computeSchedule(dependences: dependences, options: ScheduleOptions(tileSize: nil))
        switch configuration.tiling {
        case .off: return schedule
        case .auto: return try tilePermutableBands(schedule, sizes: { target.tileSizes(members: $0, arrays: 3) })
        case .sizes(let levels):
            let sizes = levels.last ?? [32]
            return try tilePermutableBands(schedule) { members in
                (0..<members).map { sizes[min($0, sizes.count - 1)] }
            }
        }
    }

    /// Checks that directives and custom constraints name existing
    /// statements, loops and coefficients.
    func validate(_ configuration: SchedulerConfiguration) throws {
        let problemStatements = try statementIterators()
        for (name, directive) in configuration.directives.sorted(by: { $0.key < $1.key }) {
            guard let iterators = problemStatements[name] else {
                throw SchedulerConfigurationError(path: "directives.\(name)", message: "no statement named '\(name)'; "
                    + "the kernel has \(statementNames.joined(separator: ", "))")
            }
            for (kind, loops) in [("parallel", directive.parallel), ("vector", directive.vector),
                                  ("serial", directive.serial), ("reduce", directive.reduce)] {
                for (position, loop) in loops.enumerated() where !iterators.contains(loop) {
                    throw SchedulerConfigurationError(
                        path: "directives.\(name).\(kind)[\(position)]",
                        message: "\(name) has no loop '\(loop)'; its loops are \(iterators.joined(separator: ", "))")
                }
            }
        }
        let parameters = try (0..<params.dimensionCount(.parameter)).compactMap { params.parameterName($0) }
        for (depth, dimension) in configuration.dimensions.enumerated() {
            for (position, constraint) in dimension.custom.enumerated() {
                for term in constraint.terms {
                    let path = "dimensions[\(depth)].custom[\(position)]"
                    guard let iterators = problemStatements[term.statement] else {
                        throw SchedulerConfigurationError(path: path, message: "no statement named '\(term.statement)'")
                    }
                    guard term.coefficient == "const" || iterators.contains(term.coefficient)
                            || parameters.contains(term.coefficient) else {
                        throw SchedulerConfigurationError(path: path, message: "'\(term.coefficient)' is not a loop of "
                            + "\(term.statement), a parameter or 'const'")
                    }
                }
            }
        }
    }

    /// Each statement's source iterator names.
    private func statementIterators() throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for set in try domain.sets() {
            guard let name = set.tupleName else { continue }
            result[name] = try (0..<set.dimensionCount(.set)).map { set.dimensionName($0) ?? "" }
        }
        return result
    }
}
