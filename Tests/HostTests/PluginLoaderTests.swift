import AKGHost
import Foundation
import PluginAPI
import Testing
import TestSupport

/// Loads plugins written in plain C, built during the test against the header
/// alone, and checks every way loading can fail.
@Suite struct PluginLoaderTests {
    let directory: URL

    init() throws {
        directory = try TestSupport.scratchDirectory("loader")
    }

    private func build(_ name: String, _ configure: (inout CPluginSource) -> Void = { _ in }) throws -> String {
        var source = CPluginSource()
        source.id = "com.example.\(name.replacingOccurrences(of: "_", with: "-"))"
        configure(&source)
        return try TestSupport.buildCPlugin(source: source.text, name: name, in: directory)
    }

    private func loadOnly(_ paths: [String]) -> PluginSet {
        PluginLoader.load(PluginSearchPath(explicit: paths))
    }

    @Test func cPluginLoadsAndEmitsThroughTheHost() throws {
        let path = try build("good")
        let set = loadOnly([path])
        #expect(set.failures.isEmpty)
        let plugin = try #require(set.plugins.first)
        #expect(plugin.id == "com.example.good")
        #expect(plugin.version == "9.9.9")
        #expect(plugin.abiMajor == Int(AKG_ABI_MAJOR))
        #expect(plugin.kinds == .backend)
        #expect(plugin.interfaces == ["akg.backend/1"])
        let backend = try #require(plugin.backend)
        let capabilities = try backend.capabilities()
        #expect(capabilities.mediaType == AKG_MEDIA_CAPABILITIES)
        let document = try JSONSerialization.jsonObject(with: Data(capabilities.data)) as? [String: Any]
        #expect(document?["backend"] as? String == "c-test")

        let generated = try backend.generate(format: "akg.ast+json/1", program: Array("{\"x\":1}".utf8))
        #expect(generated.artifacts == [Artifact(name: "echo.c", mediaType: "akg.ast+json/1", text: "{\"x\":1}")])

        let built = try backend.build(sources: [Artifact(name: "a.c", mediaType: "text/x-c", text: "int a;"),
                                                Artifact(name: "b.c", mediaType: "text/x-c", text: "int b;")])
        #expect(built.artifacts.first?.text == "a.c;b.c;")
    }

    @Test func pluginErrorsCarryTheirDiagnostics() throws {
        let set = loadOnly([try build("errors")])
        let backend = try #require(set.plugins.first?.backend)
        do {
            _ = try backend.generate(format: "akg.ast+json/1", program: [])
            Issue.record("an empty program must fail")
        } catch let error as PluginCallError {
            #expect(error.status == AKG_ERR_BAD_FORMAT)
            #expect(error.diagnostics.map(\.message) == ["empty program"])
            #expect(error.description.contains("generate failed with AKG_ERR_BAD_FORMAT"))
        }
    }

    @Test func missingFile() {
        let path = directory.appendingPathComponent("libnothing.so").path
        let set = loadOnly([path])
        #expect(set.failures == [.fileMissing(path: path)])
        #expect(set.failures[0].description.contains("no such file"))
    }

    @Test func notASharedLibrary() throws {
        let path = directory.appendingPathComponent("libtext.so").path
        try "this is not ELF".write(toFile: path, atomically: true, encoding: .utf8)
        let failure = try #require(loadOnly([path]).failures.first)
        guard case .notSharedLibrary = failure else { Issue.record("got \(failure)"); return }
        #expect(failure.description.contains("not a loadable shared library"))
    }

    @Test func noEntrySymbol() throws {
        let path = try build("no_entry") { $0.exportEntry = false }
        #expect(loadOnly([path]).failures == [.noEntrySymbol(path: path)])
        #expect(PluginLoadError.noEntrySymbol(path: path).description.contains("no exported symbol 'akg_plugin_entry'"))
    }

    @Test func abiMajorMismatchNamesBothVersions() throws {
        let path = try build("future") { $0.abiMajor = "2"; $0.abiMinor = "3" }
        let failure = try #require(loadOnly([path]).failures.first)
        #expect(failure == .abiMajorMismatch(path: path, pluginMajor: 2, pluginMinor: 3))
        #expect(failure.description.contains("built for ABI 2.3, host speaks \(AKG_ABI_MAJOR).\(AKG_ABI_MINOR)"))
    }

    @Test func entryStructTooSmall() throws {
        let path = try build("small") { $0.entrySize = "24" }
        let failure = try #require(loadOnly([path]).failures.first)
        #expect(failure == .structTooSmall(path: path, what: "akg_plugin_entry", size: 24,
                                           required: MemoryLayout<akg_plugin>.size))
        #expect(failure.description.contains("struct_size 24"))
    }

    @Test func newerMinorWithLargerStructLoads() throws {
        // A plugin from a later 1.x appends fields; this host ignores them.
        let path = try build("newer") { $0.abiMinor = "9"; $0.entrySize = "sizeof(akg_plugin) + 16" }
        let set = loadOnly([path])
        #expect(set.failures.isEmpty)
        #expect(set.plugins.first?.abiMinor == 9)
    }

    @Test func initializeFailureReportsThePluginsReason() throws {
        let path = try build("init_fails") { $0.initializeStatus = "AKG_ERR_RUNTIME" }
        let failure = try #require(loadOnly([path]).failures.first)
        guard case .initializeFailed(_, let id, let status, let diagnostics) = failure else {
            Issue.record("got \(failure)"); return
        }
        #expect(id == "com.example.init-fails")
        #expect(status == AKG_ERR_RUNTIME)
        #expect(diagnostics.map(\.message) == ["the test device is not plugged in"])
        #expect(failure.description.contains("initialize failed with AKG_ERR_RUNTIME"))
        #expect(failure.description.contains("the test device is not plugged in"))
    }

    @Test func interfaceMissing() throws {
        let path = try build("no_interface") { $0.withholdBackendInterface = true }
        let failure = try #require(loadOnly([path]).failures.first)
        #expect(failure.description.contains("declares kind 'backend' but provides no usable 'akg.backend/1' interface"))
        #expect(failure.description.contains("returned NULL"))
    }

    @Test func interfaceTableTooSmall() throws {
        let path = try build("small_table") { $0.backendTableSize = "8" }
        let failure = try #require(loadOnly([path]).failures.first)
        #expect(failure.description.contains("struct_size 8"))
    }

    @Test func strategyKindWithoutStrategyInterface() throws {
        let path = try build("half") { $0.kinds = "AKG_KIND_BACKEND | AKG_KIND_STRATEGY" }
        let failure = try #require(loadOnly([path]).failures.first)
        #expect(failure.description.contains("'akg.strategy/1'"))
    }

    @Test func duplicateIDNamesBothPathsAndKeepsTheFirst() throws {
        let first = try build("dup_a") { $0.id = "com.example.same" }
        let second = try build("dup_b") { $0.id = "com.example.same" }
        let set = loadOnly([first, second])
        #expect(set.plugins.map(\.path) == [first])
        #expect(set.failures == [.duplicateID(id: "com.example.same", firstPath: first, secondPath: second)])
        #expect(set.failures[0].description.contains(first) && set.failures[0].description.contains(second))
    }

    @Test func oneBrokenPluginDoesNotStopTheOthers() throws {
        let good = try build("survivor")
        let broken = try build("broken") { $0.abiMajor = "7" }
        let missing = directory.appendingPathComponent("libgone.so").path
        let set = loadOnly([broken, missing, good])
        #expect(set.plugins.map(\.id) == ["com.example.survivor"])
        #expect(set.failures.count == 2)
    }

    @Test func theSameFileTwiceIsOnePlugin() throws {
        let path = try build("twice")
        let link = directory.appendingPathComponent("libtwice-link.so").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let set = loadOnly([path, link])
        #expect(set.plugins.count == 1)
        #expect(set.failures.isEmpty)
    }

    @Test func environmentPathAcceptsDirectories() throws {
        let sub = directory.appendingPathComponent("envdir")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        var source = CPluginSource()
        source.id = "com.example.from-env"
        _ = try TestSupport.buildCPlugin(source: source.text, name: "fromenv", in: sub)
        let set = PluginLoader.load(PluginSearchPath(environment: "/nonexistent-dir-akg:" + sub.path))
        #expect(set.plugins.map(\.id) == ["com.example.from-env"])
        #expect(set.failures.count == 1) // the nonexistent entry, reported
    }

    @Test func pluginIDsMustBeReverseDNS() {
        #expect(PluginLoader.isValidPluginID("org.akg.cpu"))
        #expect(!PluginLoader.isValidPluginID("cpu"))
        #expect(!PluginLoader.isValidPluginID("org..cpu"))
        #expect(!PluginLoader.isValidPluginID("org.akg/cpu"))
    }
}
