/// Declarations, declarators and function signatures.
extension Parser {
    /// True when the current token starts a declaration rather than an expression statement.
    ///
    /// Besides keywords, a typedef name is recognised by the pattern `T x`, `T *x` followed by
    /// `;`, `=`, `,` or `[`, since after preprocessing the parser cannot know typedef names.
    func isDeclarationStart() -> Bool {
        let t = current
        guard t.kind == .identifier else { return false }
        if CKeywords.startsSpecifiers(t.text) { return true }
        guard !CKeywords.all.contains(t.text) else { return false }
        var k = 1
        while peek(k).isPunctuator("*") { k += 1 }
        let name = peek(k)
        guard name.kind == .identifier, !CKeywords.all.contains(name.text) || CKeywords.qualifiers.contains(name.text) else {
            return false
        }
        if k == 1 { return true }
        let after = peek(k + 1)
        return [";", "=", ",", "["].contains { after.isPunctuator($0) }
    }

    /// Parses declaration specifiers: type keywords, qualifiers, storage classes, tags, typedef names.
    mutating func parseSpecifiers() throws -> CTypeSpecifier {
        var s = CTypeSpecifier()
        while current.kind == .identifier {
            let word = current.text
            if CKeywords.typeNames.contains(word) {
                s.keywords.append(word == "__signed__" ? "signed" : word == "__unsigned__" ? "unsigned" : word)
                advance()
            } else if CKeywords.qualifiers.contains(word) {
                if word == "const" || word == "__const" { s.isConst = true }
                advance()
            } else if CKeywords.storageClasses.contains(word) {
                if word != "__extension__" { s.storage.append(word) }
                advance()
            } else if CKeywords.ignoredWithArguments.contains(word) {
                advance()
                if current.isPunctuator("(") { try skipBalanced() }
            } else if CKeywords.tags.contains(word) {
                advance()
                var tag = word
                if current.kind == .identifier && !CKeywords.all.contains(current.text) {
                    tag += " " + current.text
                    advance()
                }
                if current.isPunctuator("{") { try skipBalanced() }
                s.tag = tag
            } else if s.keywords.isEmpty && s.tag == nil && s.typedefName == nil && !CKeywords.all.contains(word)
                && (peek().kind == .identifier || peek().isPunctuator("*"))
            {
                s.typedefName = word
                advance()
            } else {
                break
            }
        }
        return s
    }

    /// Parses one declarator; `abstract` allows a missing name (prototype parameters).
    mutating func parseDeclarator(abstract: Bool = false) throws -> CDeclarator {
        var pointers = 0
        while accept("*") {
            pointers += 1
            while current.kind == .identifier && CKeywords.qualifiers.contains(current.text) { advance() }
        }
        var name = ""
        var nameToken = position
        var isComplex = false
        if current.isPunctuator("(") {
            // `(*f)(int)` or `(*A)[n]`: remember the name for diagnostics but mark it unsupported.
            isComplex = true
            let open = position
            try skipBalanced()
            if let inner = (open..<position).first(where: {
                tokens[$0].kind == .identifier && !CKeywords.all.contains(tokens[$0].text)
            }) {
                name = tokens[inner].text
                nameToken = inner
            }
        } else if current.kind == .identifier && !CKeywords.all.contains(current.text) {
            name = current.text
            nameToken = advance()
        } else if !abstract {
            throw unexpected("a name in the declaration")
        }
        var dimensions: [CExpr?] = []
        while true {
            if accept("[") {
                while current.kind == .identifier
                    && (CKeywords.qualifiers.contains(current.text) || current.text == "static")
                {
                    advance()
                }
                if accept("]") {
                    dimensions.append(nil)
                } else {
                    dimensions.append(try parseAssignment())
                    try expect("]", "to close the array extent")
                }
            } else if current.isPunctuator("(") {
                isComplex = true
                try skipBalanced()
            } else if current.kind == .identifier && CKeywords.ignoredWithArguments.contains(current.text) {
                advance()
                if current.isPunctuator("(") { try skipBalanced() }
            } else {
                break
            }
        }
        var initializer: CExpr?
        var brace = false
        if accept("=") {
            if current.isPunctuator("{") {
                brace = true
                try skipBalanced()
            } else {
                initializer = try parseAssignment()
            }
        }
        return CDeclarator(
            name: name, nameToken: nameToken, pointerDepth: pointers, dimensions: dimensions,
            initializer: initializer, hasBraceInitializer: brace, isComplex: isComplex)
    }

    /// Parses `specifiers declarator (, declarator)* ;`.
    mutating func parseDeclaration() throws -> CDeclaration {
        let first = position
        let specifier = try parseSpecifiers()
        var declarators: [CDeclarator] = []
        if !accept(";") {
            repeat { declarators.append(try parseDeclarator()) } while accept(",")
            try expect(";", "after the declaration")
        }
        return CDeclaration(specifier: specifier, declarators: declarators, first: first)
    }

    /// Parses a function definition's signature, leaving the parser at the body's `{`.
    mutating func parseFunctionSignature() throws -> CFunctionSignature {
        let returnType = try parseSpecifiers()
        var pointers = 0
        while accept("*") {
            pointers += 1
            while current.kind == .identifier && CKeywords.qualifiers.contains(current.text) { advance() }
        }
        guard current.kind == .identifier, !CKeywords.all.contains(current.text) else {
            throw unexpected("the function name")
        }
        let name = current.text
        let nameToken = advance()
        try expect("(", "after the function name")
        var parameters: [CParameterDeclaration] = []
        if current.isIdentifier("void") && peek().isPunctuator(")") {
            advance()
        } else if !current.isPunctuator(")") {
            repeat {
                if current.isPunctuator("...") {
                    throw error(at: position, "variadic functions are not supported as kernels")
                }
                let start = position
                let specifier = try parseSpecifiers()
                if position == start { throw unexpected("a parameter type") }
                let declarator = try parseDeclarator(abstract: true)
                parameters.append(CParameterDeclaration(first: start, specifier: specifier, declarator: declarator))
            } while accept(",")
        }
        try expect(")", "to close the parameter list")
        while current.kind == .identifier && CKeywords.ignoredWithArguments.contains(current.text) {
            advance()
            if current.isPunctuator("(") { try skipBalanced() }
        }
        guard current.isPunctuator("{") else {
            throw unexpected("'{' to start the function body (old-style parameter declarations are not supported)")
        }
        return CFunctionSignature(
            returnType: returnType, returnPointerDepth: pointers, name: name, nameToken: nameToken, parameters: parameters)
    }
}
