/// The polyhedral model of one C kernel, serialised as `akg.kernel+json/1`.
///
/// The front end produces it, the host stores and prints it, and backend plugins read it
/// to regenerate code. Every isl string in it is written in isl 0.25 syntax and names the
/// integer parameters listed in `integerParameters`.
public struct KernelDocument: Codable, Equatable, Sendable {
    /// The format tag every document carries, so readers can reject versions they do not know.
    public static let formatVersion = "akg.kernel+json/1"

    /// Format tag; always `formatVersion` for documents written by this version.
    public var format: String
    /// The C function name of the kernel.
    public var name: String
    /// The C return type of the kernel function, normally `void`.
    public var returnType: String
    /// The function's parameters in signature order.
    public var parameters: [KernelParameter]
    /// Scalars declared inside the region, or before it and written inside it.
    public var locals: [KernelLocal]
    /// Every array or written scalar touched in the region.
    public var arrays: [KernelArray]
    /// The isl parameter names, in signature order.
    public var integerParameters: [String]
    /// The isl set constraining the parameters, e.g. `[n] -> { : n >= 0 }`.
    public var context: String
    /// The statements of the region in source order.
    public var statements: [KernelStatement]
    /// The 2d+1 schedule of the source program as an isl union map.
    public var originalSchedule: String
    /// Lines of the scop pragmas in the original file; nil when the whole body is the kernel.
    public var region: KernelSourceRegion?
    /// The source file the kernel came from.
    public var file: String

    /// Creates a document; `format` defaults to the current version.
    public init(
        format: String = KernelDocument.formatVersion,
        name: String,
        returnType: String = "void",
        parameters: [KernelParameter],
        locals: [KernelLocal],
        arrays: [KernelArray],
        integerParameters: [String],
        context: String,
        statements: [KernelStatement],
        originalSchedule: String,
        region: KernelSourceRegion?,
        file: String
    ) {
        self.format = format
        self.name = name
        self.returnType = returnType
        self.parameters = parameters
        self.locals = locals
        self.arrays = arrays
        self.integerParameters = integerParameters
        self.context = context
        self.statements = statements
        self.originalSchedule = originalSchedule
        self.region = region
        self.file = file
    }
}

/// The C scalar types a kernel may use for parameters, locals, array elements and casts.
public enum KernelScalarType: String, Codable, Equatable, Sendable, CaseIterable {
    case int
    case long
    case float
    case double
    case unsignedInt = "unsigned int"
    case unsignedLong = "unsigned long"

    /// Whether values of this type are integers (and so may act as isl parameters).
    public var isInteger: Bool {
        switch self {
        case .int, .long, .unsignedInt, .unsignedLong: return true
        case .float, .double: return false
        }
    }

    /// The C spelling of the type.
    public var cName: String { rawValue }
}

/// One parameter of the kernel function.
public struct KernelParameter: Codable, Equatable, Sendable {
    /// The parameter name.
    public var name: String
    /// The scalar type, or the element type for arrays.
    public var type: KernelScalarType
    /// The extents of an array parameter as affine text; nil for scalars.
    public var shape: [String]?

    /// Creates a parameter; pass a shape for arrays.
    public init(name: String, type: KernelScalarType, shape: [String]? = nil) {
        self.name = name
        self.type = type
        self.shape = shape
    }
}

/// A scalar variable of the function that the region declares or writes.
public struct KernelLocal: Codable, Equatable, Sendable {
    /// The variable name.
    public var name: String
    /// The variable type.
    public var type: KernelScalarType
    /// True when the declaration is inside the region rather than before it.
    public var declaredInRegion: Bool

    /// Creates a local.
    public init(name: String, type: KernelScalarType, declaredInRegion: Bool) {
        self.name = name
        self.type = type
        self.declaredInRegion = declaredInRegion
    }
}

/// How the region uses an array.
public enum KernelArrayUsage: String, Codable, Equatable, Sendable {
    case read
    case write
    case readwrite
}

/// Where an array comes from.
public enum KernelArrayOrigin: String, Codable, Equatable, Sendable {
    case parameter
    case local
}

/// An array (or a written scalar, as a zero-dimensional array) touched by the region.
public struct KernelArray: Codable, Equatable, Sendable {
    /// The array name, also its isl tuple name.
    public var name: String
    /// The element type.
    public var elementType: KernelScalarType
    /// The extents as affine text in the integer parameters; empty for scalars.
    public var shape: [String]
    /// Whether the region reads, writes or does both.
    public var usage: KernelArrayUsage
    /// Whether the array is a function parameter or a local variable.
    public var origin: KernelArrayOrigin

    /// Creates an array description.
    public init(
        name: String, elementType: KernelScalarType, shape: [String],
        usage: KernelArrayUsage, origin: KernelArrayOrigin
    ) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
        self.usage = usage
        self.origin = origin
    }
}

/// The original-file lines of the `#pragma scop` / `#pragma endscop` pair.
public struct KernelSourceRegion: Codable, Equatable, Sendable {
    /// The 1-based line of `#pragma scop`.
    public var scopLine: Int
    /// The 1-based line of `#pragma endscop`.
    public var endscopLine: Int

    /// Creates a region.
    public init(scopLine: Int, endscopLine: Int) {
        self.scopLine = scopLine
        self.endscopLine = endscopLine
    }
}
