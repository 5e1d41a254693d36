/// Knobs of the scheduling and code generation stage.
public struct ScheduleOptions: Equatable, Sendable {
    /// Tile size applied to every member of each permutable band with at least
    /// two members; `nil` disables tiling.
    public var tileSize: Int?
    /// Mark the outermost dependence-free loop of each nest as `parallel`.
    public var parallel: Bool
    /// Mark innermost dependence-free loops as `vector`.
    public var vector: Bool

    /// Options with the given knobs; the defaults tile by 32 and mark parallel and vector loops.
    public init(tileSize: Int? = 32, parallel: Bool = true, vector: Bool = true) {
        self.tileSize = tileSize
        self.parallel = parallel
        self.vector = vector
    }
}
