// swift-tools-version:6.0
// The folder layout is a picture of the architecture (docs/ARCHITECTURE.md):
//   Sources/PluginAPI   the C ABI header, the only stable boundary
//   Sources/C*          system libraries (isl, libffi, libcurl, sqlite3)
//   Sources/PluginKit   optional Swift helpers for plugins written in Swift
//   Sources/KernelPatterns  patterns backends recognise (contractions), shared by plugins
//   Sources/Host        the host library: loader, pipeline, everything testable
//   Sources/HostCLI     the thin `akg-host` command
//   Plugins/<Name>      backend and strategy plugins, each one shared library
//   Plugins/Evolution   the default strategy: evolutionary search, in Swift
//   Plugins/RandomSearch  a uniform random strategy in plain C (builds out of tree too)
//   Plugins/LLMAgent    LLM agents (designer, coder, conductor) over libcurl, in Swift
import PackageDescription

let package = Package(
    name: "akg",
    products: [
        .executable(name: "akg-host", targets: ["HostCLI"]),
        .executable(name: "akg-runner", targets: ["Runner"]),
        .library(name: "AKGHost", targets: ["AKGHost"]),
        // In-tree plugins land next to akg-host, where the loader looks.
        .library(name: "akg-cpu", type: .dynamic, targets: ["CPUBackend", "CPUBackendEntry"]),
        .library(name: "akg-evolution", type: .dynamic, targets: ["EvolutionStrategy", "EvolutionStrategyEntry"]),
        .library(name: "akg-random", type: .dynamic, targets: ["RandomSearchStrategy"]),
        .library(name: "akg-llm", type: .dynamic, targets: ["LLMAgent", "LLMAgentEntry"]),
        .library(name: "akg-triton", type: .dynamic, targets: ["TritonBackend", "TritonBackendEntry"]),
        .library(name: "akg-ascend", type: .dynamic, targets: ["AscendBackend", "AscendBackendEntry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The ABI: header only (plus compile-time layout checks).
        .target(name: "PluginAPI", path: "Sources/PluginAPI"),

        // System libraries, through module maps; pkg-config finds their flags.
        .systemLibrary(name: "CISL", path: "Sources/CISL", pkgConfig: "isl",
                       providers: [.apt(["libisl-dev"])]),
        .systemLibrary(name: "CFFI", path: "Sources/CFFI", pkgConfig: "libffi",
                       providers: [.apt(["libffi-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // Typed wrappers for the variadic C functions Swift cannot call.
        .target(name: "SystemShims", dependencies: ["CCurl"], path: "Sources/SystemShims"),

        // The versioned documents that cross the ABI (akg.kernel+json/1,
        // akg.ast+json/1) as Swift types; pure data, shared by host and plugins.
        .target(name: "Formats", path: "Sources/Formats"),
        .target(name: "PluginKit", dependencies: ["PluginAPI"], path: "Sources/PluginKit"),
        // Patterns backends recognise in a kernel and its Loop AST (tensor
        // contractions, the subtree one statement owns); shared by plugins.
        .target(name: "KernelPatterns", dependencies: ["Formats"], path: "Sources/KernelPatterns"),

        // The front end: C kernels in, akg.kernel+json/1 out (no isl here).
        .target(name: "FrontEnd", dependencies: ["Formats"], path: "Sources/FrontEnd"),
        // isl, wrapped: one Swift type per isl type, no raw pointer escapes.
        .target(name: "ISL", dependencies: ["CISL"], path: "Sources/ISL"),
        // Polyhedral model, dependences, scheduling, legality, AST lowering.
        .target(name: "Polyhedral", dependencies: ["ISL", "Formats"], path: "Sources/Polyhedral"),

        .target(
            name: "AKGHost",
            dependencies: ["PluginAPI", "Formats", "FrontEnd", "ISL", "Polyhedral", "CSQLite"],
            path: "Sources/Host"
        ),
        .executableTarget(
            name: "HostCLI",
            dependencies: [
                "AKGHost",
                "Polyhedral",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/HostCLI"
        ),

        // The sandboxed runner: the only process that executes generated code.
        .executableTarget(name: "Runner", dependencies: ["AKGHost", "PluginAPI", "SystemShims"], path: "Sources/Runner"),

        // The CPU backend: Swift functions plus a tiny C table that defines
        // the exported data symbol Swift cannot define itself.
        .target(name: "CPUBackend", dependencies: ["PluginKit", "Formats", "KernelPatterns", "CFFI", "CPUBackendEntry"],
                path: "Plugins/CPU/Backend"),
        .target(name: "CPUBackendEntry", dependencies: ["PluginAPI", "CFFI"], path: "Plugins/CPU/Entry"),

        // The Triton-family backends: one shared lowering/build/run module,
        // and per plugin a target profile (Swift) and its C entry table.
        .target(name: "TritonLowering", dependencies: ["PluginKit", "Formats", "KernelPatterns"], path: "Plugins/TritonShared"),
        .target(name: "TritonBackend", dependencies: ["TritonLowering", "TritonBackendEntry"], path: "Plugins/Triton/Backend"),
        .target(name: "TritonBackendEntry", dependencies: ["PluginAPI"], path: "Plugins/Triton/Entry"),
        .target(name: "AscendBackend", dependencies: ["TritonLowering", "AscendBackendEntry"], path: "Plugins/Ascend/Backend"),
        .target(name: "AscendBackendEntry", dependencies: ["PluginAPI"], path: "Plugins/Ascend/Entry"),

        // The default strategy: the search in plain Swift types, the C ABI in
        // a thin @_cdecl layer, and the C entry table beside it (as for CPU).
        // The Swift target does not depend on the entry, so tests can link the
        // search without a second `akg_plugin_entry`.
        .target(name: "EvolutionStrategy", dependencies: ["PluginKit"],
                path: "Plugins/Evolution/Strategy"),
        .target(name: "EvolutionStrategyEntry", dependencies: ["PluginAPI"], path: "Plugins/Evolution/Entry"),
        // Uniform random search in one C99 file that needs only the header.
        .target(name: "RandomSearchStrategy", dependencies: ["PluginAPI"], path: "Plugins/RandomSearch",
                publicHeadersPath: "."),
        // The LLM agent: roles, prompts and the chat client in Swift (the
        // prompts and the workflow ship as resources beside the library), the
        // C entry table beside it.
        .target(name: "LLMAgent", dependencies: ["PluginKit", "SystemShims", "CCurl"],
                path: "Plugins/LLMAgent/Agent", resources: [.copy("Resources")]),
        .target(name: "LLMAgentEntry", dependencies: ["PluginAPI"], path: "Plugins/LLMAgent/Entry"),

        // Tests: unit tests per module, and end-to-end tests that run the
        // built akg-host as a user would.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PluginAPITests", dependencies: ["PluginAPI", "TestSupport"], path: "Tests/PluginAPITests"),
        .testTarget(name: "FrontEndTests", dependencies: ["FrontEnd", "Formats", "TestSupport"], path: "Tests/FrontEndTests"),
        .testTarget(name: "ISLTests", dependencies: ["ISL"], path: "Tests/ISLTests"),
        .testTarget(name: "KernelPatternsTests", dependencies: ["KernelPatterns", "Formats", "FrontEnd"],
                    path: "Tests/KernelPatternsTests"),
        .testTarget(name: "PolyhedralTests", dependencies: ["Polyhedral", "ISL", "Formats"], path: "Tests/PolyhedralTests"),
        .testTarget(name: "SchedulerTests", dependencies: ["Polyhedral", "ISL", "Formats", "FrontEnd"],
                    path: "Tests/SchedulerTests"),
        .testTarget(name: "HostTests", dependencies: ["AKGHost", "TestSupport"], path: "Tests/HostTests"),
        .testTarget(name: "StrategyTests", dependencies: ["EvolutionStrategy", "AKGHost", "TestSupport"],
                    path: "Tests/StrategyTests"),
        .testTarget(name: "VerifierTests", dependencies: ["AKGHost", "Formats", "FrontEnd", "TestSupport"], path: "Tests/VerifierTests",
                    exclude: ["Gallery"]),
        // The Triton-family backends on this machine (interpreter, AOT), and a
        // GPU tier that runs only where nvidia-smi finds a GPU.
        .testTarget(name: "GPUBackendTests", dependencies: ["AKGHost", "Polyhedral", "TestSupport"], path: "Tests/GPUBackendTests"),
        .testTarget(name: "TuningTests", dependencies: ["AKGHost", "CSQLite", "Formats"], path: "Tests/TuningTests"),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"], path: "Tests/EndToEndTests",
                    exclude: ["Kernels", "Strategies"]),
        .testTarget(name: "LLMAgentTests", dependencies: ["LLMAgent", "TestSupport", "SystemShims"], path: "Tests/LLMAgentTests",
                    exclude: ["Transcripts", "Escapes"]),
    ],
    swiftLanguageModes: [.v5]
)
