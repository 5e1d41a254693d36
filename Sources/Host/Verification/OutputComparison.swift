import Foundation

/// Tolerances for comparing one output: `|cand − ref| <= atol + rtol·|ref|`.
public struct Tolerance: Codable, Equatable, Sendable {
    public var atol: Double
    public var rtol: Double

    public init(atol: Double, rtol: Double) {
        self.atol = atol
        self.rtol = rtol
    }

    /// VERIFIER.md's defaults: f64 1e-9/1e-9, f32 1e-4/1e-4, integers exact.
    public static func defaults(for type: ElementType) -> Tolerance {
        switch type {
        case .f64: return Tolerance(atol: 1e-9, rtol: 1e-9)
        case .f32: return Tolerance(atol: 1e-4, rtol: 1e-4)
        case .i32, .i64, .u32, .u64: return Tolerance(atol: 0, rtol: 0)
        }
    }
}

/// The verdict on one output tensor.
public struct TensorComparison: Codable, Sendable {
    public var name: String
    public var elements: Int
    /// Elements outside the tolerance (NaN/Inf placement counts too).
    public var mismatches: Int
    /// Elements that differ at all but are within tolerance.
    public var differingWithinTolerance: Int
    /// Positions where exactly one side is NaN, or the infinities differ.
    public var specialValueMismatches: Int
    /// Elements the reference left as pre-filled NaN but the candidate wrote:
    /// writes outside the kernel's output region.
    public var unexpectedWrites: Int = 0
    /// Elements the candidate left as pre-filled NaN where the reference wrote.
    public var missingWrites: Int = 0
    /// The element with the largest error relative to its allowance.
    public var worstIndex: [Int]?
    public var worstReference: Double?
    public var worstCandidate: Double?
    public var worstAbsoluteError: Double?
    public var tolerance: Tolerance

    public var passed: Bool { mismatches == 0 }

    /// The tolerance decided: some elements differ, none by too much.
    public var toleranceWasDeciding: Bool { passed && differingWithinTolerance > 0 }
}

enum OutputComparator {
    /// Compares two buffers of `type` holding a tensor of `shape`.
    static func compare(name: String, type: ElementType, shape: [Int], reference: UnsafeRawBufferPointer,
                        candidate: UnsafeRawBufferPointer, tolerance: Tolerance) -> TensorComparison {
        let count = reference.count / type.byteCount
        var result = TensorComparison(name: name, elements: count, mismatches: 0, differingWithinTolerance: 0,
                                      specialValueMismatches: 0, tolerance: tolerance)
        var worstRatio = -1.0
        func value(_ buffer: UnsafeRawBufferPointer, _ index: Int) -> Double {
            switch type {
            case .f32: return Double(buffer.load(fromByteOffset: 4 * index, as: Float.self))
            case .f64: return buffer.load(fromByteOffset: 8 * index, as: Double.self)
            case .i32: return Double(buffer.load(fromByteOffset: 4 * index, as: Int32.self))
            case .u32: return Double(buffer.load(fromByteOffset: 4 * index, as: UInt32.self))
            case .i64: return Double(buffer.load(fromByteOffset: 8 * index, as: Int64.self))
            case .u64: return Double(buffer.load(fromByteOffset: 8 * index, as: UInt64.self))
            }
        }
        for index in 0..<count {
            let r = value(reference, index), c = value(candidate, index)
            var ratio: Double
            if r.isNaN || c.isNaN || r.isInfinite || c.isInfinite {
                let same = (r.isNaN && c.isNaN) || (r == c)
                if same { continue }
                result.specialValueMismatches += 1
                if r.isNaN && !c.isNaN { result.unexpectedWrites += 1 }
                if c.isNaN && !r.isNaN { result.missingWrites += 1 }
                ratio = .infinity
            } else {
                let error = abs(c - r)
                if error == 0 { continue }
                let allowance = tolerance.atol + tolerance.rtol * abs(r)
                ratio = allowance > 0 ? error / allowance : .infinity
            }
            if ratio > 1 { result.mismatches += 1 } else { result.differingWithinTolerance += 1 }
            if ratio > worstRatio {
                worstRatio = ratio
                result.worstIndex = unflatten(index, shape)
                result.worstReference = r
                result.worstCandidate = c
                result.worstAbsoluteError = abs(c - r)
            }
        }
        return result
    }

    private static func unflatten(_ index: Int, _ shape: [Int]) -> [Int] {
        var rest = index
        var out = Array(repeating: 0, count: shape.count)
        for dim in shape.indices.reversed() where shape[dim] > 0 {
            out[dim] = rest % shape[dim]
            rest /= shape[dim]
        }
        return out
    }
}
