import AKGHost
import Foundation
import Polyhedral
import Testing

/// What the scheduler reads from a backend's capabilities document.
struct TargetFactsTests {
    static func facts(_ json: String) -> TargetFacts { TargetFacts(capabilities: Array(json.utf8)) }

    /// `device.kind` picks the mapping: grids of blocks and threads for a
    /// GPU, of cores for an NPU, none (the configuration's OpenMP) for a CPU.
    @Test func theDeviceKindPicksTheMapping() {
        #expect(Self.facts(#"{"device": {"kind": "gpu"}}"#).mapping == .gpuBlocksThreads)
        #expect(Self.facts(#"{"device": {"kind": "npu"}}"#).mapping == .npuCoresBuffers)
        #expect(Self.facts(#"{"device": {"kind": "cpu", "physicalCores": 8}}"#).mapping == nil)
        #expect(Self.facts(#"{"device": {"kind": "cpu", "physicalCores": 8}}"#).cores == 8)
        #expect(Self.facts("not json").mapping == nil)
    }

    @Test func memoryLevelsBecomeCacheSizes() {
        let facts = Self.facts(#"{"memory": [{"level": 1, "type": "scratchpad", "bytes": 232448}, {"level": 2, "type": "cache", "bytes": 52428800}], "vector": {"bits": 1024}}"#)
        #expect(facts.l1Bytes == 232_448 && facts.l2Bytes == 52_428_800 && facts.vectorBits == 1024)
    }
}
