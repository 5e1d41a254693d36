/// How to call a built kernel: its exported symbol and its parameters.
///
/// The host hands this (as JSON) to a backend's `load`, so the runner can
/// call the kernel with its real signature, built at run time.
public struct KernelSignature: Codable, Equatable, Sendable {
    /// The exported function to call.
    public var symbol: String
    /// The parameters in call order; arrays are passed as pointers.
    public var parameters: [KernelParameter]

    public init(symbol: String, parameters: [KernelParameter]) {
        self.symbol = symbol
        self.parameters = parameters
    }
}
