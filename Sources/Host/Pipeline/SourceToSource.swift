import Formats
import Foundation

/// Replaces a kernel's `#pragma scop` region in a C file with generated code,
/// keeping every other byte of the file as it was (`akg-host opt`).
public enum SourceToSource {
    public struct SpliceError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The file text with the lines strictly between the `#pragma scop` line
    /// and the `#pragma endscop` line replaced by `region`, indented like the
    /// pragma. The pragmas stay, so the result can be read by akg again.
    public static func splice(original: String, region: KernelSourceRegion, generated: String,
                              banner: String) throws -> String {
        // Split keeping terminators so CRLF files and a missing final newline
        // survive untouched.
        var lines: [Substring] = []
        var start = original.startIndex
        for index in original.indices where original[index] == "\n" {
            lines.append(original[start...index])
            start = original.index(after: index)
        }
        if start < original.endIndex { lines.append(original[start...]) }

        let scop = region.scopLine - 1, endscop = region.endscopLine - 1
        guard scop >= 0, endscop < lines.count, scop < endscop,
              lines[scop].contains("pragma"), lines[scop].contains("scop"),
              lines[endscop].contains("pragma"), lines[endscop].contains("endscop") else {
            throw SpliceError(description: "the #pragma scop region (lines \(region.scopLine)-\(region.endscopLine)) is not where the front end saw it; was the file changed while akg read it?")
        }
        let indent = String(lines[scop].prefix { $0 == " " || $0 == "\t" })
        let newline = lines[scop].hasSuffix("\r\n") ? "\r\n" : "\n"
        var body = "\(indent)/* \(banner) */\n"
        for line in generated.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            body += line.isEmpty ? "\n" : "\(indent)\(line)\n"
        }
        if newline != "\n" { body = body.replacingOccurrences(of: "\n", with: newline) }
        return lines[...scop].joined() + body + lines[endscop...].joined()
    }
}
