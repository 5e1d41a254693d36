@testable import AKGHost
import Foundation
import XCTest

final class RecordsListingTests: XCTestCase {
    func testEmptyDatabaseSaysSoAndHowToFillIt() {
        let text = RecordsListing.text([], databasePath: "/home/u/.local/share/akg/tuning.db")
        XCTAssertEqual(text, "no tuning records in /home/u/.local/share/akg/tuning.db yet;"
            + " run akg-host tune KERNEL.c --backend BACKEND to make some\n")
        XCTAssertTrue(RecordsListing.text(measurements: [], databasePath: "/db").hasPrefix("no tuning records for this kernel in /db yet"))
    }

    func testSummaryColumnsLineUp() throws {
        let path = try TuningFixtures.temporaryDirectory(self) + "/tuning.db"
        let database = try TuningDatabase(path: path)
        try database.insert(TuningFixtures.record("g3-7", speedup: 12.5))
        try database.insert(TuningFixtures.record("r", status: "refused"))
        try database.insert(TuningFixtures.record("one", context: TuningFixtures.context(threads: 16, sizes: ["N": 4096]),
                                                  speedup: 1.25))
        let text = RecordsListing.text(try database.kernelSummaries(), databasePath: path)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, text)
        XCTAssertTrue(lines[0].hasPrefix("KERNEL"), text)
        XCTAssertEqual(lines[3], "2 contexts in \(path)")
        // Left-aligned columns start where their titles start...
        for (title, value) in [("BACKEND", "org.akg.cpu 0.1.0"), ("MACHINE", "x86_64"), ("LAST TUNED", "2023-11-14")] {
            let column = try XCTUnwrap(lines[0].range(of: title)).lowerBound.utf16Offset(in: lines[0])
            for row in lines[1...2] {
                XCTAssertEqual(try XCTUnwrap(row.range(of: value)).lowerBound.utf16Offset(in: row), column, "\(title)\n\(text)")
            }
        }
        // ...and right-aligned ones end where their titles end.
        for title in ["THREADS", "CANDIDATES", "OK/FAILED"] {
            let end = try XCTUnwrap(lines[0].range(of: title)).upperBound.utf16Offset(in: lines[0])
            for row in lines[1...2] {
                let index = row.index(row.startIndex, offsetBy: end)
                XCTAssertNotEqual(row[row.index(before: index)], " ", "\(title)\n\(text)")
                XCTAssertEqual(row[index], " ", "\(title)\n\(text)")
            }
        }
        XCTAssertTrue(text.contains("12.50x"), text)
        XCTAssertTrue(text.contains("1/1"), text)
        XCTAssertTrue(text.contains("NI=64 NJ=48 NK=32"), text)
        XCTAssertFalse(lines.contains { $0.hasSuffix(" ") }, "no trailing spaces")
    }

    func testMeasurementsBestFirstThenFailuresInOrder() throws {
        let path = try TuningFixtures.temporaryDirectory(self) + "/tuning.db"
        let database = try TuningDatabase(path: path)
        try database.insert(TuningFixtures.record("slow", speedup: 0.8))
        try database.insert(TuningFixtures.record("broken", status: "error"))
        try database.insert(TuningFixtures.record("fast", speedup: 3.2))
        try database.insert(TuningFixtures.record("wrong", status: "refused"))
        try database.insert(TuningFixtures.record("other-threads", context: TuningFixtures.context(threads: 1), speedup: 9))
        let text = RecordsListing.text(measurements: try database.measurements(kernelHash: TuningFixtures.context().kernelHash),
                                       databasePath: path)
        let order = ["fast", "slow", "broken", "wrong"].map { try? XCTUnwrap(text.range(of: " \($0) ")).lowerBound }
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), text)
        XCTAssertEqual(order.compactMap { $0 }.count, 4, text)
        XCTAssertTrue(text.contains("refused (wrong-result)"), text)
        XCTAssertTrue(text.contains("4 threads"), text)
        XCTAssertTrue(text.contains("1 thread,"), text)
        XCTAssertTrue(text.contains(String(SHA256.hex("void kernel_gemm(void) { /* fast */ }").prefix(12))), text)
    }

    func testJSONListsEverySummary() throws {
        let path = try TuningFixtures.temporaryDirectory(self) + "/tuning.db"
        let database = try TuningDatabase(path: path)
        try database.insert(TuningFixtures.record("a", speedup: 2))
        let text = try RecordsListing.json(try database.kernelSummaries())
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        XCTAssertEqual(decoded?.count, 1)
        XCTAssertEqual(decoded?.first?["bestCandidateID"] as? String, "a")
        XCTAssertTrue(text.contains("\"lastTuned\" : \"2023-11-14T22:13:20Z\""), text)
        let measurements = try RecordsListing.json(measurements: try database.measurements(kernelHash: TuningFixtures.context().kernelHash))
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(measurements.utf8)) as? [Any])?.count, 1)
    }
}
