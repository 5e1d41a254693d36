import Foundation
import Testing
import TestSupport

/// `akg-host plugins` run as a user would, on the built binary.
@Suite struct PluginsCommandTests {
    @Test func listsTheCPUPluginWithThisMachinesFacts() throws {
        let result = try TestSupport.runHost(["plugins", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let plugins = try #require(document["plugins"] as? [[String: Any]])
        let cpu = try #require(plugins.first { $0["id"] as? String == "org.akg.cpu" })
        #expect(cpu["abi"] as? String == "1.0")
        #expect(cpu["origin"] as? String == "beside akg-host")
        #expect(cpu["interfaces"] as? [String] == ["akg.backend/1"])
        let capabilities = try #require(cpu["capabilities"] as? [String: Any])
        let device = try #require(capabilities["device"] as? [String: Any])
        #expect(device["logicalCores"] as? Int == ProcessInfo.processInfo.activeProcessorCount)
        let memory = try #require(capabilities["memory"] as? [[String: Any]])
        #expect(memory.contains { $0["level"] as? Int == 1 && ($0["bytes"] as? Int ?? 0) > 0 })
        let vector = try #require(capabilities["vector"] as? [String: Any])
        #expect([64, 128, 256, 512].contains(vector["bits"] as? Int ?? 0))
        let compilers = try #require(capabilities["compilers"] as? [[String: Any]])
        #expect(compilers.contains { $0["name"] as? String == "cc" })
    }

    @Test func swiftAndCPluginsLoadInOneProcess() throws {
        let directory = try TestSupport.scratchDirectory("e2e")
        var source = CPluginSource()
        source.id = "com.example.vendor-chip"
        let library = try TestSupport.buildCPlugin(source: source.text, name: "vendorchip", in: directory)
        let result = try TestSupport.runHost(["plugins", "--plugin", library])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("org.akg.cpu  CPU (C/OpenMP)"))
        #expect(result.stdout.contains("com.example.vendor-chip  C test plugin 9.9.9"))
        #expect(result.stdout.contains("(--plugin)"))
        #expect(result.stdout.contains("\"backend\" : \"c-test\""))
    }

    @Test func brokenPluginIsReportedAndTheRestListed() throws {
        let directory = try TestSupport.scratchDirectory("e2e-broken")
        var source = CPluginSource()
        source.id = "com.example.old"
        source.abiMajor = "0"
        let library = try TestSupport.buildCPlugin(source: source.text, name: "old", in: directory)
        let result = try TestSupport.runHost(["plugins"], pluginPath: library)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: plugin \(library): built for ABI 0."))
        #expect(result.stdout.contains("org.akg.cpu"))
    }

    @Test func helpDescribesThePluginSearch() throws {
        let result = try TestSupport.runHost(["plugins", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--plugin <path>"))
        #expect(result.stdout.contains("--json"))
    }

    @Test func unknownCommandIsAClearError() throws {
        let result = try TestSupport.runHost(["frobnicate"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("frobnicate"))
    }
}
