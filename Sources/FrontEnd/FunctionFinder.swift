/// A function definition located in the token stream without parsing it.
struct FunctionDefinition {
    /// The function name.
    var name: String
    /// Index of the first token of the definition (its specifiers).
    var start: Int
    /// Index of the body's `{`.
    var bodyOpen: Int
    /// Index of the body's matching `}`, or of end-of-file when the body is truncated.
    var bodyClose: Int
    /// Indices of `#pragma scop` tokens inside the body.
    var scopPragmas: [Int]
}

/// Finds function definitions by brace matching, so that the parser only has to understand
/// the kernel function and never the (GNU-extended) declarations that headers bring in.
enum FunctionFinder {
    /// Lists the function definitions at file scope in source order.
    static func find(in tokens: [Token]) -> [FunctionDefinition] {
        var result: [FunctionDefinition] = []
        var declarationStart = 0
        var i = 0
        // Parentheses and brackets at file scope (e.g. attributes, array sizes).
        var groupDepth = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .endOfFile { break }
            if t.kind == .punctuator {
                switch t.text {
                case "(", "[": groupDepth += 1
                case ")", "]": groupDepth = max(0, groupDepth - 1)
                case ";" where groupDepth == 0:
                    declarationStart = i + 1
                case "{" where groupDepth == 0:
                    let close = matchingBrace(tokens, from: i)
                    if let name = functionName(tokens, from: declarationStart, bodyOpen: i) {
                        let pragmas = (i..<close).filter {
                            tokens[$0].kind == .pragma && tokens[$0].text.split(separator: " ").first == "scop"
                        }
                        result.append(FunctionDefinition(
                            name: name, start: declarationStart, bodyOpen: i, bodyClose: close, scopPragmas: pragmas))
                        declarationStart = close + 1
                    }
                    // Struct bodies and initialisers end with `;`, which resets the start.
                    i = close
                default: break
                }
            } else if t.kind == .pragma && groupDepth == 0 {
                declarationStart = i + 1
            }
            i += 1
        }
        return result
    }

    /// The index of the `}` matching the `{` at `open`, or of end-of-file.
    static func matchingBrace(_ tokens: [Token], from open: Int) -> Int {
        var depth = 0
        var i = open
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .endOfFile { return i }
            if t.isPunctuator("{") { depth += 1 }
            if t.isPunctuator("}") {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return tokens.count - 1
    }

    /// The function name when `start..<bodyOpen` looks like `… name ( … )`, else nil.
    private static func functionName(_ tokens: [Token], from start: Int, bodyOpen: Int) -> String? {
        var close = bodyOpen - 1
        // Skip trailing `__attribute__((…))`.
        while close > start, tokens[close].isPunctuator(")") {
            guard let open = matchingParenthesis(tokens, close: close, lowerBound: start) else { return nil }
            let before = open - 1
            guard before >= start else { return nil }
            let b = tokens[before]
            if b.kind == .identifier && CKeywords.ignoredWithArguments.contains(b.text) {
                close = before - 1
                continue
            }
            guard b.kind == .identifier, !CKeywords.all.contains(b.text) else { return nil }
            return b.text
        }
        return nil
    }

    private static func matchingParenthesis(_ tokens: [Token], close: Int, lowerBound: Int) -> Int? {
        var depth = 0
        var i = close
        while i >= lowerBound {
            if tokens[i].isPunctuator(")") { depth += 1 }
            if tokens[i].isPunctuator("(") {
                depth -= 1
                if depth == 0 { return i }
            }
            i -= 1
        }
        return nil
    }
}
