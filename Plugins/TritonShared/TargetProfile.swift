import Foundation

/// What differs between the Triton-family backends: the target's facts (the
/// capabilities document), the knobs with their defaults, and how outer
/// parallel loops become programs.
///
/// The lowering, the build and the interpreter run are shared; a plugin is a
/// profile plus its own C entry table.
public struct TargetProfile {
    /// How a dependence-free outer loop is spread over programs.
    public enum ProgramMapping: Sendable, Equatable {
        /// One program per iteration (CUDA-style grids: the hardware
        /// schedules many more programs than it has multiprocessors).
        case programPerIteration
        /// As many programs as cores, each looping over its share of the
        /// iterations (Ascend: the grid is the number of AI cores).
        case persistentCores
    }

    /// Short name: `triton`, `ascend`.
    public var backend: String
    /// Prefix of this backend's diagnostic codes.
    public var diagnosticPrefix: String
    public var mapping: ProgramMapping
    /// `GPUTarget` architectures `build` compiles for ahead of time
    /// (`cuda` compute capabilities); empty when no AOT target exists here.
    public var aotArchitectures: [Int]
    /// The capabilities document without the runtime section (added per call).
    public var capabilities: [String: Any]
    /// Knob name to default value.
    public var knobDefaults: [String: Int]
    /// Loops become lanes only where every access moves forwards with
    /// them: Triton-Ascend's linalg lowering aborts on decreasing lane
    /// offsets (`TritonLowering.accessesMoveForward`).
    public var forwardLanesOnly: Bool

    public init(backend: String, diagnosticPrefix: String, mapping: ProgramMapping, aotArchitectures: [Int],
                capabilities: [String: Any], knobDefaults: [String: Int], forwardLanesOnly: Bool = false) {
        self.forwardLanesOnly = forwardLanesOnly
        self.backend = backend
        self.diagnosticPrefix = diagnosticPrefix
        self.mapping = mapping
        self.aotArchitectures = aotArchitectures
        self.capabilities = capabilities
        self.knobDefaults = knobDefaults
    }
}

extension TargetProfile: @unchecked Sendable {}

/// The knob values one `generate` call uses: the profile's defaults,
/// overridden by the options object the host passes (`{name: value}`).
public struct TritonKnobs: Equatable {
    /// Elements per `tl.arange` block of a vectorised loop.
    public var block: Int
    /// Rows of a program's 2-D tile (`BLOCK_Y` x `block`) when a grid's
    /// innermost loop holds one dependence-free loop of statements; 1: rows
    /// stay one program each, with a 1-D block of lanes.
    public var blockY: Int
    public var numWarps: Int
    public var numStages: Int
    /// Programs of a persistent grid (Ascend: AI cores used).
    public var cores: Int
    /// Innermost reduction loops (`x += e[k]`, `x = fmax(x, e[k])`) become
    /// lane-parallel partial results finished with `tl.sum`/`tl.max`
    /// (1), or stay sequential (0, the default): the reassociated sum is
    /// accepted only within the verifier's tolerance (gramschmidt at MINI
    /// is refused with it), so the tuner turns it on where it verifies.
    public var treeReductions: Bool
    /// Contractions (`C[i][j] += A[i][k] * B[k][j]` and batched forms)
    /// become `tl.dot` on tiles (1, the default) or keep their loop nest (0).
    public var dot: Bool
    /// `tl.dot` tile: rows and columns of the target, depth of a reduction block.
    public var dotBlockM: Int
    public var dotBlockN: Int
    public var dotBlockK: Int
    /// 1: float contractions multiply on TF32 tensor cores (faster on a GPU,
    /// about 1e-3 relative error); 0 (the default): IEEE fp32.
    public var dotTF32: Bool

    /// Knobs that are switches (0 or 1); every other knob is a positive integer.
    static let switches: Set<String> = ["tree_reductions", "dot", "dot_tf32"]

    public init(profile: TargetProfile, options: String) throws {
        var values = profile.knobDefaults
        if let data = options.data(using: .utf8), !options.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw KnobError(message: "the options must be a JSON object of knob values, not '\(options)'")
            }
            for (name, value) in object {
                guard profile.knobDefaults[name] != nil else {
                    // A misspelt or foreign knob (block_y on Ascend) must not be silently dropped.
                    throw KnobError(message: "unknown knob '\(name)'; the \(profile.backend) backend knows "
                                    + profile.knobDefaults.keys.sorted().joined(separator: ", "))
                }
                let switchKnob = TritonKnobs.switches.contains(name)
                guard let number = value as? Int, switchKnob ? (number == 0 || number == 1) : number > 0 else {
                    throw KnobError(message: "knob '\(name)' must be \(switchKnob ? "0 or 1" : "a positive integer"), not \(value)")
                }
                values[name] = number
            }
        }
        block = values["block"] ?? 128
        guard block & (block - 1) == 0 else {
            throw KnobError(message: "knob 'block' must be a power of two (tl.arange needs one), not \(block)")
        }
        blockY = values["block_y"] ?? 1
        guard blockY & (blockY - 1) == 0 else {
            throw KnobError(message: "knob 'block_y' must be a power of two (tl.arange needs one), not \(blockY)")
        }
        numWarps = values["num_warps"] ?? 4
        numStages = values["num_stages"] ?? 2
        cores = values["cores"] ?? 1
        treeReductions = (values["tree_reductions"] ?? 0) == 1
        dot = (values["dot"] ?? 1) == 1
        dotTF32 = (values["dot_tf32"] ?? 0) == 1
        dotBlockM = values["dot_block_m"] ?? 64
        dotBlockN = values["dot_block_n"] ?? 64
        dotBlockK = values["dot_block_k"] ?? 32
        for (name, value) in [("dot_block_k", dotBlockK), ("dot_block_m", dotBlockM), ("dot_block_n", dotBlockN)] {
            guard value >= 16, value & (value - 1) == 0 else {
                throw KnobError(message: "knob '\(name)' must be a power of two of at least 16 (tl.dot's smallest tile), not \(value)")
            }
        }
    }
}

public struct KnobError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
