import Foundation
import Formats
@testable import FrontEnd

/// Parses C source given inline, as if it were the already-preprocessed file `kernel.c`.
func model(_ source: String, kernel: String? = nil) throws -> KernelDocument {
    try FrontEnd.parse(preprocessed: source, file: "kernel.c", kernelName: kernel)
}

/// The error parsing `source` raises, or nil if it parses.
func frontEndError(_ source: String, kernel: String? = nil) -> FrontEndError? {
    do {
        _ = try model(source, kernel: kernel)
        return nil
    } catch let e as FrontEndError {
        return e
    } catch {
        return FrontEndError(file: "?", line: -1, column: -1, reason: "unexpected error type: \(error)")
    }
}
