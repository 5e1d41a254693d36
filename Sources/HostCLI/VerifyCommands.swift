import AKGHost
import ArgumentParser
import Foundation
import Polyhedral

/// Options of the commands that verify and time kernels.
struct VerificationOptions: ParsableArguments {
    @Option(name: [.short, .long],
            help: ArgumentHelp("Directory for the kernel source and report.md/report.json.", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Seeds for the random inputs (fixes them, to replay a refusal); fresh seeds otherwise.",
                               valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Random input sets per parameter point.", valueName: "n"))
    var seeds: Int = 2

    @Option(name: .customLong("param"),
            help: ArgumentHelp("Real size of an integer parameter (NAME=VALUE, repeatable); default: the largest the declared extents allow.",
                               valueName: "name=value"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("Tolerance override per element type, e.g. f32=1e-3,1e-3 (atol,rtol; repeatable).",
                               valueName: "type=atol,rtol"))
    var tolerance: [String] = []

    @Option(help: ArgumentHelp("Wall-clock limit of each runner process, in seconds.", valueName: "s"))
    var timeLimit: Double = 120

    @Option(help: ArgumentHelp("Memory limit of the runner while kernels run, in MiB.", valueName: "MiB"))
    var memoryLimit: Int = 4096

    @Option(help: ArgumentHelp("Threads kernels may use (OMP_NUM_THREADS); default: every core.", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Interleaved original/candidate timing pairs; 0 skips timing (default: 7; 3 per candidate for tune).",
                               valueName: "n"))
    var pairs: Int?

    @Flag(help: "Keep the built kernels and runner job files (their directory is printed).")
    var keepFiles = false

    func verifierOptions() throws -> VerifierOptions {
        let runner = PluginSearchPath.standard(explicit: []).hostDirectory.map { ($0 as NSString).appendingPathComponent("akg-runner") } ?? "akg-runner"
        guard FileManager.default.isExecutableFile(atPath: runner) else {
            throw ValidationError("the runner \(runner) is missing; it is built with akg-host (swift build)")
        }
        var options = VerifierOptions(runnerPath: runner)
        options.baseSeed = seed
        options.seedsPerPoint = max(1, seeds)
        options.timeLimit = timeLimit
        options.memoryLimitBytes = memoryLimit << 20
        options.keepFiles = keepFiles
        if let threads { options.threads = max(1, threads) }
        if !parameters.isEmpty {
            var sizes: [String: Int] = [:]
            for entry in parameters {
                let parts = entry.split(separator: "=")
                guard parts.count == 2, let value = Int(parts[1]), value > 0 else {
                    throw ValidationError("--param expects NAME=VALUE with a positive value, got '\(entry)'")
                }
                sizes[String(parts[0])] = value
            }
            options.realSize = sizes
        }
        for entry in tolerance {
            let parts = entry.split(separator: "=")
            let values = parts.count == 2 ? parts[1].split(separator: ",").compactMap { Double($0) } : []
            guard values.count == 2, ["f32", "f64", "i32", "i64"].contains(String(parts[0])) else {
                throw ValidationError("--tolerance expects TYPE=ATOL,RTOL with TYPE f32, f64, i32 or i64, got '\(entry)'")
            }
            options.tolerances[String(parts[0])] = Tolerance(atol: values[0], rtol: values[1])
        }
        return options
    }

    /// Writes the reports and prints the summary; exits with the verdict's status.
    func finish(_ outcome: GenerationOutcome, sourceName: String?) throws {
        if let output { try write(outcome, sourceName: sourceName, to: output) }
        print(GenerationReport.summaryLine(outcome))
        if let output { print("reports: \(output)/report.md, \(output)/report.json") }
        if let refusal = outcome.verification.refusal { throw ExitCode(refusal.exitCode) }
    }

    /// Writes the candidate, the files beside it and the reports into `output`.
    func write(_ outcome: GenerationOutcome, sourceName: String?, to output: String) throws {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        if let sourceName {
            try outcome.candidateSource.write(toFile: (output as NSString).appendingPathComponent(sourceName),
                                              atomically: true, encoding: .utf8)
        }
        // Names come from a plugin: only plain file names land in the folder.
        for file in outcome.extraFiles where !file.name.contains("/") && !file.name.hasPrefix(".") {
            try Data(file.data).write(to: URL(fileURLWithPath: (output as NSString).appendingPathComponent(file.name)))
        }
        try GenerationReport.markdown(outcome).write(toFile: (output as NSString).appendingPathComponent("report.md"),
                                                     atomically: true, encoding: .utf8)
        try GenerationReport.json(outcome).write(toFile: (output as NSString).appendingPathComponent("report.json"),
                                                 atomically: true, encoding: .utf8)
    }
}

/// Prints progress lines on standard error when it is a terminal or asked for.
func progressPrinter() -> (String) -> Void {
    let interactive = isatty(STDERR_FILENO) != 0
    return { message in
        if interactive { FileHandle.standardError.write(Data("… \(message)\n".utf8)) }
    }
}

func loadBackend(_ id: String, _ pluginOptions: PluginOptions) throws -> LoadedPlugin {
    let plugins = PluginLoader.load(pluginOptions.searchPath)
    for failure in plugins.failures {
        FileHandle.standardError.write(Data("warning: \(failure)\n".utf8))
    }
    guard let plugin = plugins.backend(named: id) else {
        throw ValidationError("no backend plugin '\(id)' was found; `akg-host plugins` lists what is available")
    }
    return plugin
}

/// The C backend that builds the original kernel when `backend` is not it.
func referenceBackend(for backend: LoadedPlugin, _ pluginOptions: PluginOptions) -> LoadedPlugin? {
    guard backend.id != "org.akg.cpu" else { return nil }
    return PluginLoader.load(pluginOptions.searchPath).backend(named: "cpu")
}

struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Schedule, generate, build, verify and time one candidate for a kernel.",
        discussion: """
            Writes kernel.c, report.md and report.json to the output directory and prints a one-line \
            summary. Exit status: 0 verified; 1 bad input; 10-18 refused (see docs/verification.md).
            """)

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var pluginOptions: PluginOptions
    @OptionGroup var verification: VerificationOptions

    @Option(help: ArgumentHelp("The backend that generates the code.", valueName: "id"))
    var backend: String = "cpu"

    @Option(help: ArgumentHelp("A backend knob for generate, e.g. microkernel=false or unroll=4 (repeatable; `akg-host plugins` lists each backend's knobs).",
                               valueName: "name=value"))
    var knob: [String] = []

    @Option(help: ArgumentHelp("""
        Migration: also generate and verify the kernel with this backend (its default knobs), write its kernel and \
        reports to <output>/<id>/ and migration.md beside the first report, setting the two backends' mappings \
        side by side with their differences first (e.g. --backend triton --compare-backend ascend).
        """, valueName: "id"))
    var compareBackend: String?

    /// The knobs as generate's options object; values are JSON (`true`, `4`, `"x"`), bare words strings.
    func knobOptions() throws -> String {
        var object: [String: Any] = [:]
        for entry in knob {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--knob expects NAME=VALUE, got '\(entry)'")
            }
            let name = String(entry[..<equals]), text = String(entry[entry.index(after: equals)...])
            object[name] = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func run() throws {
        try reportingErrors {
            let plugin = try loadBackend(backend, pluginOptions)
            defer { PluginLoader.shutdownAll() }
            // A wrong second backend is an error before any work is done.
            let other = try compareBackend.map { try loadBackend($0, pluginOptions) }
            var options = try kernelOptions.pipelineOptions()
            if let backend = plugin.backend { options.target = try TargetFacts(capabilities: backend.capabilities().data) }
            var request = GenerationRequest(file: kernelOptions.file, options: options,
                                            backend: plugin, verifier: try verification.verifierOptions())
            request.referenceBackend = referenceBackend(for: plugin, pluginOptions)
            request.timingPairs = verification.pairs ?? 7
            request.backendOptions = try knobOptions()
            let outcome = try KernelGeneration.generate(request, progress: progressPrinter(),
                                                        observe: kernelOptions.observer())
            kernelOptions.reportTimings(outcome.stageTimings)
            guard let compareBackend, let other else {
                try verification.finish(outcome, sourceName: outcome.candidateFileName)
                return
            }
            // The second backend: its own target facts, default knobs, same kernel and verifier.
            var otherOptions = try kernelOptions.pipelineOptions()
            if let backend = other.backend { otherOptions.target = try TargetFacts(capabilities: backend.capabilities().data) }
            var otherRequest = GenerationRequest(file: kernelOptions.file, options: otherOptions,
                                                 backend: other, verifier: try verification.verifierOptions())
            otherRequest.referenceBackend = referenceBackend(for: other, pluginOptions)
            otherRequest.timingPairs = request.timingPairs
            let otherOutcome = try KernelGeneration.generate(otherRequest, progress: progressPrinter())
            let migration = GenCommand.migrationReport(outcome, backend: backend, otherOutcome, otherBackend: compareBackend)
            if let output = verification.output {
                let directory = (output as NSString).appendingPathComponent(compareBackend)
                try verification.write(otherOutcome, sourceName: otherOutcome.candidateFileName, to: directory)
                try migration.write(toFile: (output as NSString).appendingPathComponent("migration.md"), atomically: true, encoding: .utf8)
                print(GenerationReport.summaryLine(otherOutcome) + " [\(compareBackend)]")
                print("migration: \(output)/migration.md (\(compareBackend)'s kernel and reports in \(directory))")
            } else {
                print(GenerationReport.summaryLine(otherOutcome) + " [\(compareBackend)]")
                print(migration)
            }
            if outcome.accepted, let refusal = otherOutcome.verification.refusal {
                try verification.finish(outcome, sourceName: outcome.candidateFileName)
                throw ExitCode(refusal.exitCode)
            }
            try verification.finish(outcome, sourceName: outcome.candidateFileName)
        }
    }

    /// `migration.md`: both verdicts, then the two mappings side by side.
    static func migrationReport(_ first: GenerationOutcome, backend: String, _ second: GenerationOutcome,
                                otherBackend: String) -> String {
        var out = "# Migrating \(first.kernel.name): \(backend) and \(otherBackend)\n\n"
        for (name, outcome) in [(backend, first), (otherBackend, second)] {
            out += "- \(name): \(outcome.accepted ? "verified" : "REFUSED (\(outcome.verification.refusal?.rawValue ?? "?"))") — "
                + "\(outcome.verification.message)\n"
        }
        out += "\n## Mapping\n\n"
        switch (first.mapping, second.mapping) {
        case (let a?, let b?):
            out += KernelMapping.comparison(a, b)
        case (nil, nil):
            out += "Neither backend describes its mapping (no mapping.json); compare the generated kernels.\n"
        case (nil, let b?):
            out += "\(backend) does not describe its mapping (no mapping.json). \(otherBackend):\n\n" + b.lines.map { "- \($0)\n" }.joined()
        case (let a?, nil):
            out += "\(otherBackend) does not describe its mapping (no mapping.json). \(backend):\n\n" + a.lines.map { "- \($0)\n" }.joined()
        }
        return out
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a hand- or LLM-written kernel against the original one in kernel.c.",
        discussion: """
            The candidate is a C file defining the kernel function with the same name and signature. \
            It runs only in the sandboxed runner. Exit status: 0 verified; 1 bad input; 10-18 refused \
            (see docs/verification.md).
            """)

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var pluginOptions: PluginOptions
    @OptionGroup var verification: VerificationOptions

    @Option(help: ArgumentHelp("The candidate C file.", valueName: "file.c"))
    var candidate: String

    @Option(help: ArgumentHelp("The backend that builds and runs the candidate.", valueName: "id"))
    var backend: String = "cpu"

    func run() throws {
        try reportingErrors {
            let plugin = try loadBackend(backend, pluginOptions)
            defer { PluginLoader.shutdownAll() }
            var request = GenerationRequest(file: kernelOptions.file, options: try kernelOptions.pipelineOptions(),
                                            backend: plugin, verifier: try verification.verifierOptions())
            request.timingPairs = verification.pairs ?? 7
            let outcome = try KernelGeneration.verify(request, candidateFile: candidate, progress: progressPrinter())
            try verification.finish(outcome, sourceName: nil)
        }
    }
}
