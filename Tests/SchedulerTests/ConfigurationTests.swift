import Foundation
import Testing
import Polyhedral

@Suite struct ConfigurationTests {
    private func parse(_ text: String) throws -> SchedulerConfiguration {
        try SchedulerConfiguration.parse(Data(text.utf8))
    }

    private func error(_ text: String) -> SchedulerConfigurationError? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as SchedulerConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func fullDocumentParses() throws {
        let configuration = try parse("""
            { "version": 1, "preset": "pluto",
              "dimensions": [ {"cost": ["parallel:outer", "proximity", "originalOrder"]},
                              {"cost": ["proximity", "contiguity"], "custom": ["S0.i >= 1"]} ],
              "fusion": "max", "skewing": "never", "coefficientBound": 3,
              "directives": { "S1": {"parallel": ["i"], "vector": ["j"]} },
              "tiling": { "sizes": [32, 32, 128], "levels": 1 },
              "wavefront": false, "intraTile": "none",
              "target": { "mapping": "gpu-blocks-threads" },
              "isl": { "serializeSccs": true, "maxCoefficient": 2 } }
            """)
        #expect(configuration.preset == .pluto)
        #expect(configuration.dimensions.count == 2)
        #expect(configuration.dimensions[0].cost == [.parallel(outer: true), .proximity, .originalOrder])
        #expect(configuration.dimensions[1].custom.first?.terms.first?.coefficient == "i")
        #expect(configuration.fusion == .max)
        #expect(configuration.skewing == .never)
        #expect(configuration.coefficientBound == 3)
        #expect(configuration.directives["S1"] == .init(parallel: ["i"], vector: ["j"]))
        #expect(configuration.tiling == .sizes([[32, 32, 128]]))
        #expect(!configuration.wavefront)
        #expect(configuration.intraTile == .none)
        #expect(configuration.mapping == .gpuBlocksThreads)
        #expect(configuration.isl.serializeSccs && configuration.isl.maxCoefficient == 2)
    }

    @Test func presetFillsWhatTheDocumentLeavesOut() throws {
        #expect(try parse(#"{"version": 1}"#) == SchedulerConfiguration())
        let feautrier = try parse(#"{"version": 1, "preset": "feautrier", "tiling": "auto"}"#)
        #expect(feautrier.fusion == .max)
        #expect(feautrier.tiling == .auto)
        #expect(try SchedulerConfiguration.preset("pluto").skewing == .always)
        let levels = try parse(#"{"version": 1, "tiling": {"sizes": [32], "levels": 2}}"#)
        #expect(levels.tiling == .sizes([[256], [32]]))
        #expect(try parse(#"{"version": 1, "tiling": false}"#).tiling == .off)
    }

    @Test func invalidDocumentsNameTheField() {
        #expect(error("[1]")?.path == "")
        #expect(error(#"{"preset": "pluto"}"#)?.path == "version")
        #expect(error(#"{"version": 2}"#)?.path == "version")
        #expect(error(#"{"version": 1, "fusoin": "max"}"#)?.path == "fusoin")
        #expect(error(#"{"version": 1, "preset": "polly"}"#)?.message.contains("pluto") == true)
        #expect(error(#"{"version": 1, "fusion": 3}"#)?.message.contains("string") == true)
        #expect(error(#"{"version": 1, "wavefront": "yes"}"#)?.path == "wavefront")
        #expect(error(#"{"version": 1, "coefficientBound": true}"#)?.path == "coefficientBound")
        #expect(error(#"{"version": 1, "dimensions": [{"cost": ["speed"]}]}"#)?.path == "dimensions[0].cost[0]")
        #expect(error(#"{"version": 1, "dimensions": [{"cost": [], "custom": ["S0.i"]}]}"#)?.path
                == "dimensions[0].custom[0]")
        #expect(error(#"{"version": 1, "directives": {"S0": {"unroll": ["i"]}}}"#)?.path == "directives.S0.unroll")
        #expect(error(#"{"version": 1, "tiling": {"sizes": [0]}}"#)?.path == "tiling.sizes[0]")
        #expect(error(#"{"version": 1, "target": {"mapping": "fpga"}}"#)?.path == "target.mapping")
        #expect(error(#"{"version": 1, "isl": {"fast": true}}"#)?.path == "isl.fast")
    }
}
