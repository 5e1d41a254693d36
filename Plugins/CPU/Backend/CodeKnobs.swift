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

    static let unrollValues = [1, 2, 4, 8, 16]

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
            default:
                throw KnobError(description: "unknown knob '\(name)'; the CPU backend knows unroll, threads, simd, microkernel")
            }
        }
    }

    init() {}
}
