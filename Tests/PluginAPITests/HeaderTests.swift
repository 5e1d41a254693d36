import Foundation
import PluginAPI
import Testing
import TestSupport

/// The header is the product's public surface: it must compile for vendors in
/// C99 and C++, and Swift must see the same layout C does.
@Suite struct HeaderTests {
    @Test func compilesAsStrictC99AndAsCxx() throws {
        let directory = try TestSupport.scratchDirectory("header")
        let source = directory.appendingPathComponent("use.c")
        try """
        #include "akg_plugin.h"
        int main(void) {
            akg_str s = AKG_STR("x");
            akg_program p;
            p.struct_size = sizeof p;
            return (int)s.size + (AKG_HAS_FIELD(&p, akg_program, options) ? 0 : 1) - 1;
        }
        """.write(to: source, atomically: true, encoding: .utf8)
        let include = TestSupport.pluginHeaderDirectory.path
        let c = try TestSupport.run("/usr/bin/env", ["cc", "-std=c99", "-pedantic-errors", "-Wall", "-Wextra", "-Werror",
                                                     "-I", include, source.path, "-o", directory.appendingPathComponent("c").path])
        #expect(c.status == 0, "\(c.stderr)")
        let cxx = try TestSupport.run("/usr/bin/env", ["c++", "-x", "c++", "-std=c++11", "-Wall", "-Wextra", "-Werror",
                                                       "-I", include, source.path, "-o", directory.appendingPathComponent("cxx").path])
        #expect(cxx.status == 0, "\(cxx.stderr)")
        let run = try TestSupport.run(directory.appendingPathComponent("c").path, [])
        #expect(run.status == 0)
    }

    @Test func dlpackLayoutAsSwiftSeesIt() {
        #expect(MemoryLayout<akg_dl_tensor>.size == 48)
        #expect(MemoryLayout<akg_dl_tensor>.offset(of: \akg_dl_tensor.dtype) == 20)
        #expect(MemoryLayout<akg_dl_tensor>.offset(of: \akg_dl_tensor.byte_offset) == 40)
        #expect(MemoryLayout<akg_dl_data_type>.size == 4)
    }

    @Test func versionFieldsSitWhereTheLoaderReadsThem() {
        #expect(MemoryLayout<akg_plugin>.offset(of: \akg_plugin.struct_size) == 0)
        #expect(MemoryLayout<akg_plugin>.offset(of: \akg_plugin.abi_major) == 4)
        #expect(MemoryLayout<akg_plugin>.offset(of: \akg_plugin.abi_minor) == 6)
    }

    @Test func statusCodesAreStableAndNegative() {
        let codes: [Int32] = [AKG_ERR_FAILED, AKG_ERR_INVALID_ARGUMENT, AKG_ERR_UNSUPPORTED, AKG_ERR_BAD_FORMAT,
                              AKG_ERR_OUT_OF_MEMORY, AKG_ERR_CANCELLED, AKG_ERR_TOOLCHAIN, AKG_ERR_RUNTIME,
                              AKG_ERR_TIMEOUT, AKG_ERR_NOT_FOUND, AKG_ERR_VERSION]
        #expect(AKG_OK == 0)
        #expect(codes == Array((-11)...(-1)).reversed())
    }
}
