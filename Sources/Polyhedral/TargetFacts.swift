/// What the scheduler needs to know about the machine to size tiles and
/// vector loops; the host fills it from the backend's capabilities.
public struct TargetFacts: Equatable, Sendable {
    /// Level-1 data cache per core, in bytes.
    public var l1Bytes: Int
    /// Level-2 cache per core, in bytes.
    public var l2Bytes: Int
    /// Last-level cache, in bytes (shared).
    public var l3Bytes: Int
    /// Width of the widest vector register, in bits.
    public var vectorBits: Int
    /// Cores available to parallel loops.
    public var cores: Int
    /// The hardware mapping the target wants when the configuration names
    /// none (`target.mapping`): from the capabilities' `device.kind` — GPUs
    /// get grids of blocks and threads, NPUs grids of cores; nil (the
    /// configuration's, OpenMP by default) for CPUs.
    public var mapping: SchedulerConfiguration.Mapping?

    /// Facts with the given sizes.
    public init(l1Bytes: Int = 32 * 1024, l2Bytes: Int = 1024 * 1024, l3Bytes: Int = 16 * 1024 * 1024,
                vectorBits: Int = 256, cores: Int = 2, mapping: SchedulerConfiguration.Mapping? = nil) {
        self.l1Bytes = l1Bytes
        self.l2Bytes = l2Bytes
        self.l3Bytes = l3Bytes
        self.vectorBits = vectorBits
        self.cores = cores
        self.mapping = mapping
    }

    /// A typical x86-64 core (32 KiB L1, 1 MiB L2, 16 MiB L3, AVX2, 2 cores),
    /// used by `"tiling": "auto"` when the backend gave no facts.
    public static let typical = TargetFacts()

    /// Tile sizes for a band of `members` loops touching `arrays` distinct
    /// arrays of `elementBytes`-byte elements: square tiles whose footprint
    /// (`arrays` planes of side²) fits in L1, rounded down to a power of two
    /// in 8…256, with the innermost size at least four vectors wide.
    func tileSizes(members: Int, arrays: Int, elementBytes: Int = 8) -> [Int] {
        let budget = Double(l1Bytes) / Double(max(1, arrays) * elementBytes)
        let side = members >= 2 ? budget.squareRoot() : budget
        var size = 8
        while size * 2 <= Int(side), size < 256 { size *= 2 }
        let lanes = max(1, vectorBits / (8 * elementBytes))
        var sizes = Array(repeating: size, count: members)
        if members > 0 { sizes[members - 1] = max(size, 4 * lanes) }
        return sizes
    }
}
