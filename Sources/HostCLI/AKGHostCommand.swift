import AKGHost
import ArgumentParser
import Foundation
import Polyhedral

@main
struct AKGHostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "akg-host",
        abstract: "Generate, verify and tune compute kernels through backend and strategy plugins.",
        discussion: """
            Plugins are shared libraries speaking the akg C ABI (docs/ABI.md). They are \
            found beside this binary (libakg-*.so), in AKG_PLUGIN_PATH (':'-separated \
            files or directories) and through --plugin PATH.
            """,
        subcommands: [OptCommand.self, GenCommand.self, VerifyCommand.self, TuneCommand.self, RecordsCommand.self,
                      ScheduleCommand.self, PluginsCommand.self]
    )

    /// ArgumentParser reads a joined `-DNAME=VALUE` as an option named
    /// `-DNAME`; split such macro and include arguments into two words first,
    /// as the C compiler's users write them.
    static func main() {
        main(splitJoinedPreprocessorOptions(Array(CommandLine.arguments.dropFirst())))
    }

    static func splitJoinedPreprocessorOptions(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var positionalOnly = false
        for argument in arguments {
            if argument == "--" { positionalOnly = true }
            if !positionalOnly, (argument.hasPrefix("-D") || argument.hasPrefix("-I")), argument.count > 2, argument.contains("=") {
                result.append(String(argument.prefix(2)))
                result.append(String(argument.dropFirst(2)))
            } else {
                result.append(argument)
            }
        }
        return result
    }
}

/// Options every command that loads plugins shares.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugin"),
            help: ArgumentHelp("Load this plugin library (repeatable); a directory loads every *.so in it.",
                               valueName: "path"))
    var plugins: [String] = []

    var searchPath: PluginSearchPath { .standard(explicit: plugins) }
}

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List every plugin found: id, name, version, ABI, kinds, file, interfaces, capabilities.",
        discussion: "Exits with status 2 when some plugin could not be loaded; the others are still listed."
    )

    @OptionGroup var pluginOptions: PluginOptions

    @Flag(help: "Print the listing as JSON for machines.")
    var json = false

    func run() throws {
        let listing = PluginListing(search: pluginOptions.searchPath)
        defer { PluginLoader.shutdownAll() }
        FileHandle.standardError.write(Data(listing.failureText().utf8))
        print(json ? try listing.json() : listing.text(), terminator: "")
        if !listing.set.failures.isEmpty { throw ExitCode(2) }
    }
}

/// Options every command that reads a C kernel shares.
struct KernelOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The C file holding the kernel.", valueName: "kernel.c"))
    var file: String

    @Option(name: .customShort("D", allowingJoined: true),
            help: ArgumentHelp("Define a macro for the C preprocessor (-DNAME or -DNAME=VALUE).", valueName: "macro"))
    var defines: [String] = []

    @Option(name: .customShort("I", allowingJoined: true),
            help: ArgumentHelp("Add a directory to the preprocessor's include path.", valueName: "dir"))
    var includePaths: [String] = []

    @Option(help: ArgumentHelp("Use this function's whole body as the kernel instead of the #pragma scop region.",
                               valueName: "name"))
    var kernel: String?

    @Option(help: ArgumentHelp("Scheduler configuration document (JSON, see docs/scheduler.md).",
                               valueName: "sched.json"))
    var config: String?

    @Option(help: ArgumentHelp("Scheduler preset: pluto, feautrier, isl or none (default: akg's own default configuration).",
                               valueName: "name"))
    var preset: String?

    @Option(name: .customLong("dump-after"),
            help: ArgumentHelp("Print a stage's result to standard error: \(PipelineStage.allCases.map(\.rawValue).joined(separator: ", ")) (repeatable).",
                               valueName: "stage"))
    var dumpAfter: [String] = []

    @Flag(help: "Print the time each stage took to standard error.")
    var timings = false

    func validate() throws {
        for stage in dumpAfter where PipelineStage(rawValue: stage) == nil {
            throw ValidationError("unknown stage '\(stage)' for --dump-after; stages: \(PipelineStage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func pipelineOptions() throws -> KernelPipelineOptions {
        var options = KernelPipelineOptions()
        options.defines = defines
        options.includePaths = includePaths
        options.kernelName = kernel
        options.scheduler = try SchedulerChoice.load(preset: preset, configPath: config)
        return options
    }

    /// Prints the stages the user asked for, each under a header.
    func observer(to stream: FileHandle = .standardError) -> (PipelineStage, () -> String) -> Void {
        let wanted = Set(dumpAfter.compactMap(PipelineStage.init(rawValue:)))
        return { stage, text in
            guard wanted.contains(stage) else { return }
            var body = text()
            if !body.hasSuffix("\n") { body += "\n" }
            stream.write(Data("==== after \(stage.rawValue) ====\n\(body)".utf8))
        }
    }

    /// Prints the scheduler's notes (refused directives, fallbacks).
    func reportNotes(_ notes: [String]) {
        for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
    }

    func reportTimings(_ stageTimings: [(stage: PipelineStage, seconds: Double)]) {
        guard timings else { return }
        for (stage, seconds) in stageTimings {
            let name = stage.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            FileHandle.standardError.write(Data("timing: \(name) \(String(format: "%.4f", seconds)) s\n".utf8))
        }
    }
}

/// Runs `body`, turning any error into a message on standard error and exit
/// status 1: users see what is wrong and where, never a stack trace.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let validation as ValidationError {
        throw validation
    } catch {
        var message = "\(error)"
        if !message.contains("error:") { message = "akg-host: error: " + message }
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
        throw ExitCode(1)
    }
}

struct OptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opt",
        abstract: "Reschedule a C file's #pragma scop region for the CPU; the rest of the file is kept byte for byte.",
        discussion: """
            Like `polycc --tile --parallel`: the region is scheduled with isl's scheduler, permutable \
            bands are tiled (32 by default), the outermost parallel loop gets `#pragma omp parallel for` \
            and innermost dependence-free loops `#pragma omp simd`. Compile the result with -fopenmp \
            to run in parallel.
            """)

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var pluginOptions: PluginOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the optimised file here ('-' for standard output).",
                                                    valueName: "out.c"))
    var output: String = "-"

    @Option(help: ArgumentHelp("The backend that prints the code.", valueName: "id"))
    var backend: String = "cpu"

    func run() throws {
        try reportingErrors {
            let options = try kernelOptions.pipelineOptions()
            let plugins = PluginLoader.load(pluginOptions.searchPath)
            defer { PluginLoader.shutdownAll() }
            for failure in plugins.failures {
                FileHandle.standardError.write(Data("warning: \(failure)\n".utf8))
            }
            guard let plugin = plugins.backend(named: backend), let interface = plugin.backend else {
                throw ValidationError("no backend plugin '\(backend)' was found; `akg-host plugins` lists what is available")
            }
            var targeted = options
            targeted.target = try TargetFacts(capabilities: interface.capabilities().data)
            let result = try Optimizer.optimize(file: kernelOptions.file, options: targeted, backend: interface,
                                                observe: kernelOptions.observer())
            kernelOptions.reportNotes(result.scheduled.notes)
            kernelOptions.reportTimings(result.scheduled.timings)
            if output == "-" {
                print(result.text, terminator: "")
            } else {
                try result.text.write(toFile: output, atomically: true, encoding: .utf8)
            }
        }
    }
}

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show what the host sees in a kernel: the parsed kernel, polyhedral model, dependences, schedule and AST.",
        discussion: "Without --dump-after, every stage is printed.")

    @OptionGroup var kernelOptions: KernelOptions

    func run() throws {
        try reportingErrors {
            var kernelOptions = kernelOptions
            if kernelOptions.dumpAfter.isEmpty { kernelOptions.dumpAfter = PipelineStage.allCases.map(\.rawValue) }
            let scheduled = try KernelPipeline.schedule(file: kernelOptions.file,
                                                        options: try kernelOptions.pipelineOptions(),
                                                        observe: kernelOptions.observer(to: .standardOutput))
            kernelOptions.reportTimings(scheduled.timings)
        }
    }
}
