import AKGHost
import Foundation
import Testing
import TestSupport

/// The minimal plugin printed in docs/ABI.md must build and work as printed.
@Suite struct DocumentedPluginTests {
    static func documentedSource() throws -> String {
        let doc = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/ABI.md"), encoding: .utf8)
        guard let start = doc.range(of: "```c\n"),
              let end = doc.range(of: "```", range: start.upperBound..<doc.endIndex) else {
            throw TestSupport.CompileError(description: "docs/ABI.md has no ```c block")
        }
        return String(doc[start.upperBound..<end.lowerBound])
    }

    @Test func theMinimalPluginInTheDocsLoadsAndGenerates() throws {
        let directory = try TestSupport.scratchDirectory("docs")
        let library = try TestSupport.buildCPlugin(source: try Self.documentedSource(), name: "hello", in: directory)
        let set = PluginLoader.load(PluginSearchPath(explicit: [library]))
        #expect(set.failures.isEmpty)
        let plugin = try #require(set.plugins.first)
        #expect(plugin.id == "com.example.hello")
        let backend = try #require(plugin.backend)
        #expect(try backend.capabilities().text.contains("\"backend\":\"hello\""))
        let generated = try backend.generate(format: "akg.ast+json/1", program: Array("{}".utf8))
        #expect(generated.artifacts.first?.text == "/* generated from akg.ast+json/1 */\n")
        #expect(throws: PluginCallError.self) { try backend.build(sources: []) }
    }
}
