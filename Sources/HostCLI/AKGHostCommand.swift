import AKGHost
import ArgumentParser
import Foundation

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
        subcommands: [PluginsCommand.self]
    )
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
