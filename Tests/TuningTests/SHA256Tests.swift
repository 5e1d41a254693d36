@testable import AKGHost
import XCTest

/// FIPS 180-4 example vectors, plus lengths around the padding boundaries
/// (expected digests from an independent implementation).
final class SHA256Tests: XCTestCase {
    func testStandardVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testOneMillionA() {
        XCTAssertEqual(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testPaddingBoundaries() {
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
        ]
        for (length, digest) in expected {
            XCTAssertEqual(SHA256.hex(String(repeating: "a", count: length)), digest, "\(length) bytes")
        }
    }

    func testTextIsHashedAsUTF8AndBytesAsGiven() {
        XCTAssertEqual(SHA256.hex("grüße \u{2014} ∀"), "1a5463917391ee9beaf3ba3156d61a1c1b329f73c6fcccef45d6a199973eddef")
        XCTAssertEqual(SHA256.hex((0...255).map { UInt8($0) }),
                       "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880")
        XCTAssertEqual(SHA256.digest([]).count, 32)
    }
}
