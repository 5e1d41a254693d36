import Foundation
import Formats

/// Options for reading a kernel file.
public struct FrontEndOptions: Sendable {
    /// `-D` definitions, without the `-D` (`N=100`, `DEBUG`).
    public var defines: [String]
    /// `-I` include directories.
    public var includePaths: [String]
    /// The function to take as the kernel; nil selects the function with `#pragma scop`.
    public var kernelName: String?
    /// The C compiler used as preprocessor (`cc -E`).
    public var compiler: String

    /// Creates options; the defaults preprocess with `cc` and select the `#pragma scop` function.
    public init(defines: [String] = [], includePaths: [String] = [], kernelName: String? = nil, compiler: String = "cc") {
        self.defines = defines
        self.includePaths = includePaths
        self.kernelName = kernelName
        self.compiler = compiler
    }
}

/// The C-kernel front end: reads a C file and builds its polyhedral `KernelDocument`.
public enum FrontEnd {
    /// Preprocesses `file` with the system C preprocessor and builds the kernel model.
    /// - Throws: `FrontEndError` for preprocessor failures and for anything the model cannot express.
    public static func parse(file: String, options: FrontEndOptions) throws -> KernelDocument {
        let text = try Preprocessor.run(
            file: file, defines: options.defines, includePaths: options.includePaths, compiler: options.compiler)
        return try parse(preprocessed: text, file: file, kernelName: options.kernelName)
    }

    /// Builds the kernel model from already preprocessed text (line markers optional).
    ///
    /// With `kernelName`, that function is the kernel: its `#pragma scop` region if it has one,
    /// otherwise its whole body. Without it, the one function containing `#pragma scop` is used.
    public static func parse(preprocessed: String, file: String, kernelName: String?) throws -> KernelDocument {
        // Parsing recurses (to a bounded depth); run it on a thread with a known, generous
        // stack so the bound holds whatever thread the caller is on.
        let box = ResultBox()
        let thread = Thread {
            box.result = Result { try KernelReader(text: preprocessed, file: file).read(kernelName: kernelName) }
            box.done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        box.done.wait()
        guard let result = box.result else {
            throw FrontEndError(file: file, line: 0, column: 0, reason: "internal error: the parser did not finish")
        }
        return try result.get()
    }

    /// Hands the parse result from the worker thread back to the caller.
    private final class ResultBox: @unchecked Sendable {
        // Written once by the worker before `done` is signalled, read after the wait.
        var result: Result<KernelDocument, Error>?
        let done = DispatchSemaphore(value: 0)
    }
}

/// Selects the kernel function in preprocessed text and drives parser and builder.
struct KernelReader {
    let tokens: [Token]
    let source: SourceText
    let file: String

    init(text: String, file: String) {
        var lexer = Lexer(text: text, file: file)
        (tokens, source) = lexer.tokenize()
        self.file = file
    }

    func read(kernelName: String?) throws -> KernelDocument {
        let functions = FunctionFinder.find(in: tokens)
        let function = try select(functions, kernelName: kernelName)

        var parser = Parser(tokens: tokens, source: source, position: function.start)
        let signature = try parser.parseFunctionSignature()
        var builder = KernelBuilder(tokens: tokens, source: source)
        let parameters = try builder.declareParameters(signature.parameters)
        guard signature.returnPointerDepth == 0 else {
            throw source.error(at: tokens[signature.nameToken], "kernels must return void or a scalar, not a pointer")
        }

        let region: KernelSourceRegion?
        let statements: [CStatement]
        if function.scopPragmas.count > 1 {
            throw source.error(at: tokens[function.scopPragmas[1]], "'\(function.name)' contains more than one '#pragma scop' region; only one is supported")
        }
        if let scop = function.scopPragmas.first {
            try declarePrelude(of: function, upTo: scop, into: &builder)
            parser.position = scop + 1
            statements = try parser.parseRegion(scopToken: scop)
            region = KernelSourceRegion(scopLine: line(of: scop), endscopLine: line(of: parser.position))
        } else {
            parser.position = function.bodyOpen
            guard case let .block(body) = try parser.parseBlock().kind else {
                throw source.error(at: tokens[function.bodyOpen], "expected the function body")
            }
            statements = body
            region = nil
        }
        try builder.build(region: statements)

        return KernelDocument(
            name: signature.name,
            returnType: returnTypeName(signature.returnType),
            parameters: parameters,
            locals: builder.locals,
            arrays: builder.arrays,
            integerParameters: builder.integerParameters,
            context: builder.context,
            statements: builder.statements,
            originalSchedule: builder.originalSchedule,
            region: region,
            file: file)
    }

    private func line(of index: Int) -> Int { source.lineNumber(ofPhysicalLine: tokens[index].physicalLine) }

    private func returnTypeName(_ s: CTypeSpecifier) -> String {
        if s.isVoid { return "void" }
        return s.scalarType?.cName ?? s.spelling
    }

    /// Picks the kernel function, or explains how to pick one.
    private func select(_ functions: [FunctionDefinition], kernelName: String?) throws -> FunctionDefinition {
        if let kernelName {
            guard let f = functions.last(where: { $0.name == kernelName }) else {
                let names = functions.map(\.name).filter { !$0.hasPrefix("_") }
                let known = names.isEmpty ? "" : " (functions defined: \(names.joined(separator: ", ")))"
                throw FrontEndError(file: file, line: 0, column: 0, reason: "no function named '\(kernelName)' is defined\(known)")
            }
            return f
        }
        let marked = functions.filter { !$0.scopPragmas.isEmpty }
        if marked.count == 1, let f = marked.first { return f }
        if marked.isEmpty {
            if let stray = tokens.firstIndex(where: { $0.kind == .pragma && $0.text.split(separator: " ").first == "scop" }) {
                throw source.error(at: tokens[stray], "'#pragma scop' is not inside a function definition")
            }
            throw FrontEndError(
                file: file, line: 0, column: 0,
                reason: "no kernel found: mark the kernel with '#pragma scop' … '#pragma endscop' or name the function with --kernel NAME")
        }
        let names = marked.map { "'\($0.name)'" }.joined(separator: ", ")
        throw source.error(
            at: tokens[marked[1].scopPragmas[0]],
            "several functions contain '#pragma scop' (\(names)); choose one with --kernel NAME")
    }

    /// Registers the declarations that precede the region in the function body, so that
    /// variables like `int i, j;` or `double sum;` are known inside it.
    private func declarePrelude(of function: FunctionDefinition, upTo scop: Int, into builder: inout KernelBuilder) throws {
        var index = function.bodyOpen + 1
        var atStatementStart = true
        while index < scop {
            let t = tokens[index]
            if atStatementStart && t.kind == .identifier {
                var parser = Parser(tokens: tokens, source: source, position: index)
                if parser.isDeclarationStart() {
                    try builder.declareLocal(try parser.parseDeclaration(), inRegion: false)
                    index = parser.position
                    continue
                }
            }
            atStatementStart = t.isPunctuator(";") || t.isPunctuator("{") || t.isPunctuator("}") || t.kind == .pragma
            index += 1
        }
    }
}
