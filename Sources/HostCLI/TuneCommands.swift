import AKGHost
import ArgumentParser
import Foundation

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search for a faster kernel: a strategy proposes candidates, the host verifies and times each one.",
        discussion: """
            Every measurement is recorded in the tuning database at once ($AKG_HOME/tuning.db, or --db); \
            running the same command again reuses the records, so a killed run resumes where it stopped \
            (--fresh measures everything again). Ctrl-C stops after the current candidate and writes the \
            best kernel found so far; a second Ctrl-C quits at once. The output directory receives the best \
            kernel (<kernel>.c, compiles on its own), its scheduler configuration (config.json), the \
            candidate (candidate.json), report.md, report.json and speedup.svg. See docs/tuning.md. \
            Exit status: 0 a verified kernel was found; 1 bad input; 4 no candidate was verified.
            """)

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var pluginOptions: PluginOptions
    @OptionGroup var verification: VerificationOptions

    @Option(help: ArgumentHelp("The backend that generates the code.", valueName: "id"))
    var backend: String = "cpu"

    @Option(help: ArgumentHelp("The search strategy plugin.", valueName: "id"))
    var strategy: String = "evolution"

    @Option(help: ArgumentHelp("Candidates to measure (default 40 unless --time is given).", valueName: "n"))
    var budget: Int?

    @Option(help: ArgumentHelp("Wall-clock limit for the whole search: 90s, 10m, 1h or seconds.", valueName: "time"))
    var time: String?

    @Option(name: .customLong("search-seed"), help: ArgumentHelp("Seed handed to the strategy.", valueName: "n"))
    var searchSeed: Int = 1

    @Option(help: ArgumentHelp("The tuning database (default: $AKG_HOME/tuning.db).", valueName: "file"))
    var db: String?

    @Flag(help: "Ignore earlier records of this kernel (new measurements are still recorded).")
    var fresh = false

    @Option(help: ArgumentHelp("Candidates scheduled and built in parallel (default: cores, at most 4).", valueName: "n"))
    var jobs: Int?

    @Option(name: .customLong("strategy-option"),
            help: ArgumentHelp("A setting for the strategy, KEY=VALUE (repeatable); VALUE is read as JSON when it parses, else as a string. The strategy receives them as the problem's strategyOptions.", valueName: "key=value"))
    var strategyOptions: [String] = []

    @Option(name: .customLong("llm-settings"),
            help: ArgumentHelp("The LLM agent's settings file (default: $AKG_HOME/llm.json); same as --strategy-option settings=FILE. See docs/llm-agent.md.", valueName: "file"))
    var llmSettings: String?

    @Option(name: .customLong("llm-cache"),
            help: ArgumentHelp("The LLM agent's response cache: record, replay or off; same as --strategy-option cache=MODE.", valueName: "mode"))
    var llmCache: String?

    /// `--strategy-option`, `--llm-settings` and `--llm-cache` as one object.
    func strategyOptionsObject() throws -> [String: JSONValue] {
        var options: [String: JSONValue] = [:]
        for option in strategyOptions {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw ValidationError("--strategy-option expects KEY=VALUE, got '\(option)'")
            }
            let value = String(option[option.index(after: equals)...])
            options[String(option[..<equals])] = (try? JSONValue.parse(value)) ?? .string(value)
        }
        if let llmSettings {
            options["settings"] = .string(URL(fileURLWithPath: llmSettings).standardizedFileURL.path)
        }
        if let llmCache { options["cache"] = .string(llmCache) }
        return options
    }

    func validate() throws {
        _ = try strategyOptionsObject()
        if let llmCache, !["record", "replay", "off"].contains(llmCache) {
            throw ValidationError("--llm-cache expects record, replay or off, got '\(llmCache)'")
        }
        if kernelOptions.config != nil || kernelOptions.preset != nil {
            throw ValidationError("tune searches scheduler configurations itself; --preset and --config are for gen, opt and schedule")
        }
        if let budget, budget < 1 { throw ValidationError("--budget must be at least 1, got \(budget)") }
        if let time, TuneCommand.seconds(time) == nil {
            throw ValidationError("--time expects a duration such as 90s, 10m, 1h or 300, got '\(time)'")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// `90s`, `10m`, `1h`, `300` → seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var number = Substring(text)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            number = number.dropLast()
            scale = unit
        }
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        return value * scale
    }

    func run() throws {
        try reportingErrors {
            let plugins = PluginLoader.load(pluginOptions.searchPath)
            defer { PluginLoader.shutdownAll() }
            for failure in plugins.failures {
                FileHandle.standardError.write(Data("warning: \(failure)\n".utf8))
            }
            guard let backendPlugin = plugins.backend(named: backend) else {
                throw ValidationError("no backend plugin '\(backend)' was found; `akg-host plugins` lists what is available")
            }
            guard let strategyPlugin = plugins.strategy(named: strategy) else {
                let known = plugins.plugins.filter { $0.strategy != nil }.map(\.id)
                throw ValidationError("no strategy plugin '\(strategy)' was found"
                    + (known.isEmpty ? "" : "; available: \(known.joined(separator: ", "))")
                    + "; `akg-host plugins` lists what is loaded")
            }
            let databasePath = db ?? TuningDatabase.defaultPath()
            let database = try TuningDatabase(path: databasePath)
            var verifier = try verification.verifierOptions()
            verifier.keepFiles = verification.keepFiles
            let seconds = time.flatMap(TuneCommand.seconds)
            var request = TuningRequest(file: kernelOptions.file, options: try kernelOptions.pipelineOptions(),
                                        backend: backendPlugin, strategy: strategyPlugin, verifier: verifier,
                                        budget: TuningBudget(candidates: budget ?? (seconds == nil ? 40 : nil), seconds: seconds),
                                        database: database)
            if backendPlugin.id != "org.akg.cpu" {
                // Non-C backends (Triton) verify against the original built by the C backend.
                guard let cpu = plugins.backend(named: "cpu") else {
                    throw ValidationError("--backend \(backend) needs the cpu backend to build the original kernel, and it was not found")
                }
                request.referenceBackend = cpu
            }
            request.fresh = fresh
            request.seed = searchSeed
            request.strategyOptions = try strategyOptionsObject()
            request.timingPairs = verification.pairs ?? 3
            if let jobs { request.compileWidth = jobs }

            let interrupt = Interruption()
            interrupt.install()
            let display = TuneProgressDisplay(databasePath: databasePath)
            let outcome = try TuningLoop(request).run(progress: display.handle, shouldStop: { interrupt.requested })
            display.done()
            let directory = verification.output ?? "tune-\(outcome.kernel.name)"
            let written = try TuningOutput.write(outcome, to: directory, commandLine: ["akg-host"] + CommandLine.arguments.dropFirst())
            print(TuningOutput.summaryLine(outcome))
            print("reports: \(written.joined(separator: ", "))")
            if outcome.best == nil { throw ExitCode(4) }
        }
    }
}

struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List what the tuning database knows: every tuned kernel, or every measurement of one kernel.",
        discussion: "The database is $AKG_HOME/tuning.db unless --db says otherwise (docs/tuning.md).")

    @Argument(help: ArgumentHelp("A kernel file: list its measurements, best first.", valueName: "kernel.c"))
    var file: String?

    @Option(name: .customShort("D", allowingJoined: true),
            help: ArgumentHelp("Define a macro for the C preprocessor, as when it was tuned.", valueName: "macro"))
    var defines: [String] = []

    @Option(name: .customShort("I", allowingJoined: true),
            help: ArgumentHelp("Add a directory to the preprocessor's include path.", valueName: "dir"))
    var includePaths: [String] = []

    @Option(help: ArgumentHelp("Use this function's whole body as the kernel.", valueName: "name"))
    var kernel: String?

    @Option(help: ArgumentHelp("The tuning database (default: $AKG_HOME/tuning.db).", valueName: "file"))
    var db: String?

    @Flag(help: "Print JSON for machines.")
    var json = false

    func run() throws {
        try reportingErrors {
            let path = db ?? TuningDatabase.defaultPath()
            var hash: String?
            if let file {
                var options = KernelPipelineOptions()
                options.defines = defines
                options.includePaths = includePaths
                options.kernelName = kernel
                hash = TuningLoop.kernelHash(try KernelPipeline.parseOnly(file: file, options: options))
            }
            // A missing database is not an error: nothing was tuned yet.
            var summaries: [KernelRecordSummary] = []
            var measurements: [MeasurementRecord] = []
            if FileManager.default.fileExists(atPath: path) {
                let database = try TuningDatabase(path: path, readOnly: true)
                summaries = try database.kernelSummaries(kernelHash: hash)
                if let hash { measurements = try database.measurements(kernelHash: hash) }
            }
            if json {
                // One document: {"database", "kernels", "measurements" (with a kernel file only)}.
                var document: [String: Any] = [
                    "database": path,
                    "kernels": try JSONSerialization.jsonObject(with: Data(RecordsListing.json(summaries).utf8)),
                ]
                if hash != nil {
                    document["measurements"] = try JSONSerialization.jsonObject(with: Data(RecordsListing.json(measurements: measurements).utf8))
                }
                let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else if hash != nil {
                if !summaries.isEmpty { print(RecordsListing.text(summaries, databasePath: path)) }
                print(RecordsListing.text(measurements: measurements, databasePath: path), terminator: "")
            } else {
                print(RecordsListing.text(summaries, databasePath: path), terminator: "")
            }
        }
    }
}

/// Ctrl-C: the first asks the loop to stop after the current step, the
/// second quits at once (every finished measurement is already committed).
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var source: DispatchSourceSignal?

    var requested: Bool { lock.withLock { count > 0 } }

    func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            let seen = lock.withLock { () -> Int in
                count += 1
                return count
            }
            if seen == 1 {
                FileHandle.standardError.write(Data("\ninterrupted: stopping after the current candidate and writing the best so far (Ctrl-C again to quit now)\n".utf8))
            } else {
                FileHandle.standardError.write(Data("\ninterrupted again: quitting; finished measurements are in the tuning database\n".utf8))
                _exit(130)
            }
        }
        source.resume()
        self.source = source
    }
}

/// The progress bar: one redrawn line on a terminal, plain lines otherwise.
final class TuneProgressDisplay {
    private let interactive = isatty(STDERR_FILENO) != 0
    private var budget = TuningBudget(candidates: nil, seconds: nil)
    private var counted = 0
    private var failures = 0
    private var best: Double?
    private var step = ""
    private var startTime = Date()
    private var lastElapsed = 0.0
    private let databasePath: String

    init(databasePath: String) {
        self.databasePath = databasePath
    }

    func handle(_ event: TuningEvent) {
        switch event {
        case .started(let kernel, let knobs, let budget):
            self.budget = budget
            startTime = Date()
            var limits: [String] = []
            if let candidates = budget.candidates { limits.append("\(candidates) candidates") }
            if let seconds = budget.seconds { limits.append(TuneProgressDisplay.duration(seconds)) }
            line("tuning \(kernel): \(knobs) knobs, budget \(limits.joined(separator: " or ")); records in \(databasePath)")
        case .step(let text):
            step = text
            if interactive { redraw() }
        case .note(let text):
            line("note: \(text)")
        case .finished(let result, let counted, let best, let elapsed):
            self.counted = counted
            self.best = best
            lastElapsed = elapsed
            if !["ok", "duplicate"].contains(result.status) { failures += 1 }
            if interactive {
                step = "\(result.candidateID): \(describe(result))"
                redraw()
            } else {
                line("[\(progressCount)] \(result.candidateID): \(describe(result)) — best \(bestText), \(failures) failed, ETA \(eta)")
            }
        }
    }

    /// Ends the redrawn line.
    func done() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func describe(_ result: CandidateResult) -> String {
        let from = result.fromRecords ? " (from records)" : ""
        switch result.status {
        case "ok":
            // Correctness-only backends (Triton's interpreter) verify without timing.
            guard let speedup = result.speedup else { return "verified, not timed" + from }
            return String(format: "%.2fx", speedup) + from
        case "duplicate": return "same code as \(result.duplicateOf ?? "?")"
        case "refused": return "refused (\(result.refusal ?? "?"))" + from
        default:
            let first = result.message.split(separator: "\n").first.map(String.init) ?? ""
            return "\(result.status): \(first.prefix(100))" + from
        }
    }

    private var progressCount: String {
        budget.candidates.map { "\(counted)/\($0)" } ?? "\(counted)"
    }

    private var bestText: String { best.map { String(format: "%.2fx", $0) } ?? "none yet" }

    private var eta: String {
        var estimates: [Double] = []
        if let seconds = budget.seconds { estimates.append(max(0, seconds - lastElapsed)) }
        if let candidates = budget.candidates, counted > 0 {
            estimates.append(lastElapsed / Double(counted) * Double(max(0, candidates - counted)))
        }
        return estimates.min().map(TuneProgressDisplay.duration) ?? "?"
    }

    private func redraw() {
        let width = 24
        var fraction = 0.0
        if let candidates = budget.candidates { fraction = Double(counted) / Double(max(1, candidates)) }
        if let seconds = budget.seconds { fraction = max(fraction, Date().timeIntervalSince(startTime) / seconds) }
        let filled = Int((min(1, fraction) * Double(width)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var text = "[\(bar)] \(progressCount)  best \(bestText)  failed \(failures)  ETA \(eta)  \(step)"
        if text.count > 150 { text = String(text.prefix(149)) + "…" }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    private func line(_ text: String) {
        let prefix = interactive ? "\r\u{1B}[2K" : ""
        FileHandle.standardError.write(Data("\(prefix)\(text)\n".utf8))
        if interactive { redraw() }
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", (total % 3600) / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}
