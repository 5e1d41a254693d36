import Foundation
import PluginAPI
import TritonLowering

/// The Ascend backend (Triton-Ascend): the shared Triton lowering with
/// Ascend's rules — a grid of exactly as many programs as AI cores, each
/// looping over its share of the outer iterations, and blocks that fit the
/// Unified Buffer.
extension TargetProfile {
    /// Unified Buffer per core, in bytes (Atlas A2 / 910B public figure).
    static let ascendUnifiedBufferBytes = 196_608
    /// AI cores of an Atlas A2 (910B2) card (public figure).
    static let ascendAICores = 24

    /// The largest power-of-two block whose live buffers (four tensors of
    /// f64, double-buffered) fit the Unified Buffer.
    static var ascendDefaultBlock: Int {
        var block = 1
        while block * 2 * 8 * 4 * 2 <= ascendUnifiedBufferBytes { block *= 2 }
        return block
    }

    static let atlasA2 = TargetProfile(
        backend: "ascend", diagnosticPrefix: "ascend", mapping: .persistentCores, aotArchitectures: [],
        capabilities: [
            "format": "akg.capabilities+json/1",
            "backend": "ascend",
            "language": "triton-ascend",
            "device": [
                "kind": "npu", "vendor": "huawei", "model": "Atlas A2 / Ascend 910B2 (default target, public figures)",
                "aiCores": ascendAICores, "vectorCores": ascendAICores * 2, "cubeUnit": "16x16x16 fp16 per cycle per AI core",
                "alignmentBytes": 32, "dlpackDevice": "AKG_DL_EXT_DEV",
            ] as [String: Any],
            "memory": [
                ["name": "UB", "level": 1, "type": "scratchpad", "bytes": ascendUnifiedBufferBytes, "lineBytes": 32,
                 "scope": "Unified Buffer of one vector core"],
                ["name": "L0A", "level": 1, "type": "scratchpad", "bytes": 65_536, "lineBytes": 32],
                ["name": "L0B", "level": 1, "type": "scratchpad", "bytes": 65_536, "lineBytes": 32],
                ["name": "L0C", "level": 1, "type": "scratchpad", "bytes": 131_072, "lineBytes": 32],
                ["name": "L1", "level": 2, "type": "scratchpad", "bytes": 524_288, "lineBytes": 32],
            ],
            "vector": ["bits": 2048, "lanes": ["f32": 64, "f64": 32]] as [String: Any],
            "dtypes": ["f32", "f64", "i32", "i64"],
            "programFormats": ["akg.ast+json/1"],
            "mapping": "grid = AI cores; each program loops over its share of the scheduler's grid mark (npu.core, flattened) or of the dependence-free outer loop; innermost dependence-free loop -> tl.arange block sized for the UB (with sequential loops inside: each lane runs them); contractions -> tl.dot tiles for the cube unit, looped over by the cores",
            // The reassociating reductions are off by default (they are
            // refused where the data is ill-conditioned); tune tries them early.
            "tuningSeeds": [["tree_reductions": 1]],
            "knobs": [
                "block": ["type": "int", "values": [128, 256, 512, 1024, 2048], "default": ascendDefaultBlock,
                          "doc": "lanes of the tl.arange block; the default is the largest that fits the Unified Buffer"],
                "cores": ["type": "int", "values": [1, 2, 4, 8, 12, 24], "default": ascendAICores,
                          "doc": "programs of the persistent grid (AI cores used)"],
                "tree_reductions": ["type": "int", "values": [0, 1], "default": 0,
                                    "doc": "1: innermost sum/max reductions run lane-parallel and finish with tl.sum/tl.max (reassociated, within tolerance); 0: sequential"],
                "dot": ["type": "int", "values": [0, 1], "default": 1,
                        "doc": "1: contractions run as tl.dot tiles (the cube unit); 0: their loop nest on the vector unit"],
                // 128 x 64 fp32 operand tiles are 32 KiB, half of L0A/L0B (double
                // buffered); the 128 x 128 fp32 accumulator is 64 KiB of L0C's 128.
                "dot_block_m": ["type": "int", "values": [16, 32, 64, 128], "default": 128, "doc": "rows of a tl.dot tile (multiples of the cube's 16)"],
                "dot_block_n": ["type": "int", "values": [16, 32, 64, 128], "default": 128, "doc": "columns of a tl.dot tile"],
                "dot_block_k": ["type": "int", "values": [16, 32, 64], "default": 64, "doc": "depth of one tl.dot step over the reduction"],
            ] as [String: Any],
        ],
        knobDefaults: ["block": ascendDefaultBlock, "cores": ascendAICores, "num_warps": 1, "num_stages": 1, "tree_reductions": 0,
                       "dot": 1, "dot_block_m": 128, "dot_block_n": 128, "dot_block_k": 64],
        // triton-adapter-opt aborts on lane blocks whose addresses decrease.
        forwardLanesOnly: true)
}

@_cdecl("akg_ascend_initialize")
public func akgAscendInitialize(_ host: UnsafePointer<akg_host>?, _ path: UnsafePointer<CChar>?,
                                _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    TritonFamilyState.initialize(host, path, profile: .atlasA2, state)
}
