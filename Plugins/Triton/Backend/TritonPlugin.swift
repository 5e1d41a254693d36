import Foundation
import PluginAPI
import TritonLowering

/// The Triton backend: an H100 (sm_90) by default. Generation, the AOT build
/// and the interpreter run are the shared Triton-family code; this file is
/// the target.
extension TargetProfile {
    /// Public NVIDIA H100 SXM facts; the scheduler and the tuner read them.
    static let h100 = TargetProfile(
        backend: "triton", diagnosticPrefix: "triton", mapping: .programPerIteration, aotArchitectures: [90, 80],
        capabilities: [
            "format": "akg.capabilities+json/1",
            "backend": "triton",
            "language": "triton",
            "device": [
                "kind": "gpu", "vendor": "nvidia", "model": "H100 SXM (default target)",
                "computeCapability": "9.0", "multiprocessors": 132, "warpSize": 32,
                "maxThreadsPerBlock": 1024, "registersPerMultiprocessor": 65536, "maxRegistersPerThread": 255,
                "aotTargets": ["sm_90", "sm_80"],
            ] as [String: Any],
            "memory": [
                ["name": "shared", "level": 1, "type": "scratchpad", "bytes": 232_448, "lineBytes": 128,
                 "scope": "block (227 KiB of 228 KiB per SM)"],
                ["name": "L2", "level": 2, "type": "cache", "bytes": 52_428_800, "lineBytes": 128],
                ["name": "HBM3", "level": 3, "type": "global", "bytes": 85_899_345_920, "lineBytes": 128],
            ],
            "vector": ["bits": 1024, "lanes": ["f32": 32, "f64": 32]] as [String: Any],
            "dtypes": ["f32", "f64", "i32", "i64"],
            "programFormats": ["akg.ast+json/1"],
            "mapping": "the scheduler's grid mark (gpu.block) or a dependence-free outer loop -> program ids (up to three axes, more flattened); innermost dependence-free loop -> tl.arange block (with its grid loop: a BLOCK_Y x BLOCK tile per program; with sequential loops inside: each lane runs them); contractions -> tl.dot on DOT_M x DOT_N tiles",
            // The reassociating reductions are off by default (they are
            // refused where the data is ill-conditioned); tune tries them early.
            "tuningSeeds": [["tree_reductions": 1]],
            "knobs": [
                "block": ["type": "int", "values": [16, 32, 64, 128, 256, 512, 1024], "default": 128,
                          "doc": "lanes of the tl.arange block an innermost dependence-free loop becomes (the columns of a 2-D tile)"],
                "block_y": ["type": "int", "values": [1, 2, 4, 8, 16, 32], "default": 8,
                            "doc": "rows of a program's 2-D tile when a grid loop's body is one dependence-free loop of statements (jacobi-2d's i, j); 1: one program per row with a 1-D block"],
                "num_warps": ["type": "int", "values": [1, 2, 4, 8], "default": 4, "doc": "warps per program"],
                "num_stages": ["type": "int", "values": [1, 2, 3, 4], "default": 2,
                               "doc": "software-pipelining stages of in-kernel loops"],
                "tree_reductions": ["type": "int", "values": [0, 1], "default": 0,
                                    "doc": "1: innermost sum/max reductions run lane-parallel and finish with tl.sum/tl.max (reassociated, within tolerance); 0: sequential"],
                "dot": ["type": "int", "values": [0, 1], "default": 1,
                        "doc": "1: contractions (C[i][j] += A[i][k]*B[k][j], batched forms) run as tl.dot on tiles with a register accumulator; 0: their loop nest"],
                "dot_block_m": ["type": "int", "values": [16, 32, 64, 128], "default": 64, "doc": "rows of a tl.dot tile"],
                "dot_block_n": ["type": "int", "values": [16, 32, 64, 128], "default": 64, "doc": "columns of a tl.dot tile"],
                "dot_block_k": ["type": "int", "values": [16, 32, 64], "default": 32, "doc": "depth of one tl.dot step over the reduction"],
                "dot_tf32": ["type": "int", "values": [0, 1], "default": 0,
                             "doc": "1: float contractions multiply on TF32 tensor cores (about 1e-3 relative error; kept only where verified); 0: IEEE fp32"],
            ] as [String: Any],
        ],
        knobDefaults: ["block": 128, "block_y": 8, "num_warps": 4, "num_stages": 2, "tree_reductions": 0, "dot": 1, "dot_block_m": 64,
                       "dot_block_n": 64, "dot_block_k": 32, "dot_tf32": 0])
}

@_cdecl("akg_triton_initialize")
public func akgTritonInitialize(_ host: UnsafePointer<akg_host>?, _ path: UnsafePointer<CChar>?,
                                _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    TritonFamilyState.initialize(host, path, profile: .h100, state)
}
