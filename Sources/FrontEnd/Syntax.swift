import Formats

/// The syntax tree of the C subset the parser reads.
///
/// The parser accepts more of C than the kernel builder allows (`while`, `sizeof`, member
/// access, …) so that it can point at the construct and say why it is not supported,
/// instead of reporting a confusing syntax error.

/// A C expression with the token range it was parsed from.
struct CExpr {
    indirect enum Kind {
        case intLiteral(String)
        case floatLiteral(String)
        case charLiteral(String)
        case stringLiteral(String)
        case identifier(String)
        case `subscript`(base: CExpr, index: CExpr)
        case call(callee: CExpr, args: [CExpr])
        case member(base: CExpr, name: String, arrow: Bool)
        /// Postfix `++`/`--`.
        case postfix(op: String, operand: CExpr)
        /// Prefix `++ -- + - ! ~ * &`.
        case prefix(op: String, operand: CExpr)
        case sizeof
        case cast(type: CTypeSpecifier, pointerDepth: Int, operand: CExpr)
        case binary(op: String, lhs: CExpr, rhs: CExpr)
        case conditional(condition: CExpr, then: CExpr, else: CExpr)
        /// Simple or compound assignment; `op` is `=`, `+=`, ….
        case assign(op: String, target: CExpr, value: CExpr)
        case comma(lhs: CExpr, rhs: CExpr)
    }

    var kind: Kind
    /// Index of the first token.
    var first: Int
    /// Index of the last token.
    var last: Int
    /// Height of the tree, bounded by the parser so that every recursive walk is bounded too.
    var height: Int
}

/// The declaration specifiers of a declaration: type keywords, qualifiers, storage class.
struct CTypeSpecifier: Equatable {
    /// Type keywords in source order, e.g. `["unsigned", "long"]`.
    var keywords: [String] = []
    /// `struct foo`, `union u` or `enum e`, when the type is a tag type.
    var tag: String?
    /// A typedef name such as `size_t`.
    var typedefName: String?
    /// Storage classes and function specifiers (`static`, `inline`, …).
    var storage: [String] = []
    var isConst = false

    /// The spelling used in diagnostics (`unsigned long`, `struct foo`, `size_t`).
    var spelling: String {
        if let tag { return tag }
        if let typedefName { return typedefName }
        return keywords.isEmpty ? "int" : keywords.joined(separator: " ")
    }

    /// The kernel scalar type this names, or nil when it is not one the kernel format supports.
    var scalarType: KernelScalarType? {
        guard tag == nil, typedefName == nil else { return nil }
        let isUnsigned = keywords.contains("unsigned")
        if isUnsigned && keywords.contains("signed") { return nil }
        let rest = keywords.filter { $0 != "unsigned" && $0 != "signed" }.sorted()
        switch rest {
        case [], ["int"]: return isUnsigned ? .unsignedInt : .int
        case ["long"], ["int", "long"]: return isUnsigned ? .unsignedLong : .long
        case ["float"] where !isUnsigned && !keywords.contains("signed"): return .float
        case ["double"] where !isUnsigned && !keywords.contains("signed"): return .double
        default: return nil
        }
    }

    /// True for plain `void`.
    var isVoid: Bool { keywords == ["void"] && tag == nil && typedefName == nil }
}

/// One declarator of a declaration: `*p`, `A[n][m]`, `t = 0.0`.
struct CDeclarator {
    var name: String
    /// Token index of the name.
    var nameToken: Int
    /// Number of `*` before the name.
    var pointerDepth: Int
    /// Array extents in order; nil for an empty `[]`.
    var dimensions: [CExpr?]
    /// The initialiser, unless it is a brace list.
    var initializer: CExpr?
    /// True when initialised with `{ … }`.
    var hasBraceInitializer: Bool
    /// True for a parenthesised declarator such as a function pointer `(*f)(int)`.
    var isComplex: Bool
}

/// A declaration: specifiers plus declarators.
struct CDeclaration {
    var specifier: CTypeSpecifier
    var declarators: [CDeclarator]
    /// Token index of the first token.
    var first: Int
}

/// A C statement with the index of its first token.
struct CStatement {
    indirect enum Kind {
        case expression(CExpr)
        case declaration(CDeclaration)
        case block([CStatement])
        case forLoop(initializer: ForInitializer, condition: CExpr?, step: CExpr?, body: CStatement)
        case ifStatement(condition: CExpr, then: CStatement, else: CStatement?)
        /// A statement the kernel format cannot express; `keyword` names it (`while`, `break`, …).
        case unsupported(keyword: String)
        case empty
        /// A `#pragma` inside the region; the text follows `pragma`.
        case pragma(String)
    }

    /// The first clause of a `for` header.
    enum ForInitializer {
        case none
        case expression(CExpr)
        case declaration(CDeclaration)
    }

    var kind: Kind
    var first: Int
}

/// A function definition's signature.
struct CFunctionSignature {
    var returnType: CTypeSpecifier
    var returnPointerDepth: Int
    var name: String
    var nameToken: Int
    var parameters: [CParameterDeclaration]
}

/// One parameter of a function definition.
struct CParameterDeclaration {
    /// Index of the parameter's first token.
    var first: Int
    var specifier: CTypeSpecifier
    var declarator: CDeclarator
}
