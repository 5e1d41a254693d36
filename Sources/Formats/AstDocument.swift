/// A scheduled kernel as backends receive it: the `akg.ast+json/1` format.
///
/// It pairs the kernel (signature, arrays, statement bodies as expression
/// trees) with the Loop AST the host's scheduler produced. Statement nodes in
/// `body` name statements of `kernel` and give the values of their original
/// iterators, so a backend prints each statement's body with those values
/// substituted and never re-derives dependences. docs/formats.md documents it.
public struct AstDocument: Codable, Equatable, Sendable {
    /// The format name and version this document follows.
    public static let formatName = "akg.ast+json/1"

    public var format: String
    /// The kernel as the front end read it.
    public var kernel: KernelDocument
    /// The scheduled loop nest replacing the kernel's region (or whole body).
    public var body: LoopNode

    public init(kernel: KernelDocument, body: LoopNode) {
        self.format = Self.formatName
        self.kernel = kernel
        self.body = body
    }
}
