/// Word lists the parser uses to tell declarations from statements and expressions.
enum CKeywords {
    /// Keywords that name or build a type.
    static let typeNames: Set<String> = [
        "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
        "_Bool", "_Complex", "__int128", "__signed__", "__unsigned__",
    ]
    /// Type qualifiers, including the GNU spellings `cc -E` output contains.
    static let qualifiers: Set<String> = [
        "const", "volatile", "restrict", "__restrict", "__restrict__", "_Atomic", "__const", "__volatile__",
    ]
    /// Storage classes and function specifiers.
    static let storageClasses: Set<String> = [
        "static", "extern", "inline", "register", "auto", "typedef", "__inline", "__inline__",
        "_Thread_local", "__thread", "__extension__", "_Noreturn",
    ]
    /// Keywords that introduce a tagged type.
    static let tags: Set<String> = ["struct", "union", "enum"]
    /// GNU extensions followed by a parenthesised argument that carries no meaning for kernels.
    static let ignoredWithArguments: Set<String> = ["__attribute__", "__attribute", "__asm__", "__asm", "asm", "__declspec"]

    /// Every reserved word, so that `return x;` is not mistaken for a declaration of `x`.
    static let all: Set<String> = typeNames.union(qualifiers).union(storageClasses).union(tags)
        .union(ignoredWithArguments).union([
            "if", "else", "for", "while", "do", "switch", "case", "default", "break", "continue",
            "goto", "return", "sizeof", "_Alignof", "_Alignas", "_Static_assert", "_Generic", "typeof", "__typeof__",
        ])

    /// True when `word` starts declaration specifiers.
    static func startsSpecifiers(_ word: String) -> Bool {
        typeNames.contains(word) || qualifiers.contains(word) || storageClasses.contains(word)
            || tags.contains(word) || ignoredWithArguments.contains(word)
    }
}
