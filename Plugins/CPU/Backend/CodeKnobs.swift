import Foundation

/// The CPU backend's tunable code-generation options: the `knobs` of its
/// capabilities, and what `generate`'s `options` object may set.
///
/// They change the generated C text itself (never only the build), so two
/// candidates with equal code are equal candidates — the tuner measures
/// each distinct code once.
struct CodeKnobs: Equatable {
    /// `#pragma GCC unroll N` on innermost loops; 1 leaves unrolling to the compiler.
    var unroll = 1
    /// `num_threads(N)` on parallel loops; 0 uses every thread OpenMP offers.
    var threads = 0
    /// `#pragma omp simd` on loops the scheduler marked `vector`.
    var simd = true
    /// Contractions (`X[i][j] += A[i][k] * B[k][j]` and batched forms) with a
    /// register-blocked micro-kernel on packed panels instead of the loop nest.
    var microkernel = true
    /// Innermost reduction loops (`s += x[j]`, `m = fmax(m, x[j])`) with a
    /// local accumulator under `#pragma omp simd reduction`. Off by default:
    /// reassociating a sum can change an ill-conditioned kernel's results
    /// beyond any tolerance (gramschmidt at MINI, where m < n leaves later
    /// columns made of rounding noise); the tuner turns it on where the
    /// verifier accepts it.
    var simdReductions = false
    /// `expf` and `tanhf` through inline approximations that vectorise
    /// (MathHelpers). Off by default: they are not libm's results, and the
    /// tuner keeps them only where the verifier's tolerance accepts them.
    var approxMath = false
    /// Also run the outermost dependence-free loop of a two-level nest in
    /// parallel. The scheduler parallelises only nests of three or more
    /// levels (a fork and join costs as much as a short loop), which leaves
    /// large elementwise and row-wise operators on one thread.
    var parallelOuter = false
    /// Innermost stride-1 loops as explicit vector code (GCC vector
    /// extensions, the machine's width) with a scalar remainder loop,
    /// where every statement has the form ExplicitSIMD accepts.
    var explicitSIMD = false

    static let unrollValues = [1, 2, 4, 8, 16]

    /// Knob settings worth a candidate early in any search (`tuningSeeds`):
    /// those that are off by default only because they are not always
    /// right or not always faster — elementwise and row-wise operators
    /// want all four.
    static let tuningSeeds: [[String: Any]] = [
        ["parallelOuter": true, "simdReductions": true, "approxMath": true, "explicitSIMD": true],
    ]

    /// The knob descriptions for the capabilities document (docs/ABI.md).
    static func descriptions(logicalCores: Int) -> [String: Any] {
        [
            "unroll": ["type": "int", "values": unrollValues, "default": 1,
                       "doc": "GCC unroll factor of innermost loops (1: the compiler decides)"] as [String: Any],
            "threads": ["type": "int", "values": Array(0...max(1, logicalCores)), "default": 0,
                        "doc": "OpenMP threads of parallel loops (0: OMP_NUM_THREADS)"] as [String: Any],
            "simd": ["type": "bool", "values": [true, false], "default": true,
                     "doc": "emit #pragma omp simd on loops the scheduler marked vector"] as [String: Any],
            "microkernel": ["type": "bool", "values": [true, false], "default": true,
                            "doc": "compute contractions with a register-blocked micro-kernel on packed panels"] as [String: Any],
            "simdReductions": ["type": "bool", "values": [false, true], "default": false,
                               "doc": "vectorise innermost sum/max/min reduction loops with partial sums (omp simd reduction)"] as [String: Any],
            "approxMath": ["type": "bool", "values": [false, true], "default": false,
                           "doc": "expf and tanhf through inline vectorisable approximations (the verifier's tolerance decides)"] as [String: Any],
            "parallelOuter": ["type": "bool", "values": [false, true], "default": false,
                              "doc": "also run the outermost dependence-free loop of two-level nests in parallel"] as [String: Any],
            "explicitSIMD": ["type": "bool", "values": [false, true], "default": false,
                             "doc": "innermost stride-1 loops as GCC vector-extension code with a scalar remainder"] as [String: Any],
        ]
    }

    struct KnobError: Error, CustomStringConvertible {
        var description: String
    }

    /// A knob value as JSON gives it (JSONSerialization cannot tell 0 from false on Linux).
    private enum Value: Decodable, CustomStringConvertible {
        case bool(Bool), int(Int), other(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .int(number)
            } else if let text = try? container.decode(String.self) {
                self = .other("\"\(text)\"")
            } else {
                self = .other("a JSON value of another type")
            }
        }

        var description: String {
            switch self {
            case .bool(let flag): return "\(flag)"
            case .int(let number): return "\(number)"
            case .other(let text): return text
            }
        }
    }

    /// Reads `generate`'s options object; unknown knobs and values outside
    /// a knob's list are errors, so a typo never silently does nothing.
    init(options: String) throws {
        let text = options.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return }
        guard let object = try? JSONDecoder().decode([String: Value].self, from: Data(text.utf8)) else {
            throw KnobError(description: "generate options must be a JSON object of knobs, got '\(text.prefix(80))'")
        }
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            switch (name, value) {
            case ("unroll", .int(let factor)) where factor >= 1 && factor <= 64:
                unroll = factor
            case ("unroll", _):
                throw KnobError(description: "knob 'unroll' must be an integer from 1 to 64, got \(value)")
            case ("threads", .int(let threads)) where threads >= 0 && threads <= 4096:
                self.threads = threads
            case ("threads", _):
                throw KnobError(description: "knob 'threads' must be an integer ≥ 0, got \(value)")
            case ("simd", .bool(let flag)):
                simd = flag
            case ("simd", _):
                throw KnobError(description: "knob 'simd' must be true or false, got \(value)")
            case ("microkernel", .bool(let flag)):
                microkernel = flag
            case ("microkernel", _):
                throw KnobError(description: "knob 'microkernel' must be true or false, got \(value)")
            case ("simdReductions", .bool(let flag)):
                simdReductions = flag
            case ("simdReductions", _):
                throw KnobError(description: "knob 'simdReductions' must be true or false, got \(value)")
            case ("approxMath", .bool(let flag)):
                approxMath = flag
            case ("approxMath", _):
                throw KnobError(description: "knob 'approxMath' must be true or false, got \(value)")
            case ("parallelOuter", .bool(let flag)):
                parallelOuter = flag
            case ("parallelOuter", _):
                throw KnobError(description: "knob 'parallelOuter' must be true or false, got \(value)")
            case ("explicitSIMD", .bool(let flag)):
                explicitSIMD = flag
            case ("explicitSIMD", _):
                throw KnobError(description: "knob 'explicitSIMD' must be true or false, got \(value)")
            default:
                throw KnobError(description: "unknown knob '\(name)'; the CPU backend knows unroll, threads, simd, microkernel, simdReductions, approxMath, parallelOuter, explicitSIMD")
            }
        }
    }

    init() {}
}
