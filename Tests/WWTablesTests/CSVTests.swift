import Foundation
import XCTest
@testable import WWTables

final class CSVTests: XCTestCase {
    func testParsesQuotingTypesAndMissingValues() throws {
        let text = "name,layer,alpha,ok,note\r\n\"fc, 1\",1,2.5,true,\"say \"\"hi\"\"\"\nconv,2,,FALSE,\"two\nlines\"\nx,3,nan,,\"\"\n"
        let t = try DataTable.parseCSV(text)
        XCTAssertEqual(t.columnNames, ["name", "layer", "alpha", "ok", "note"])
        XCTAssertEqual(try t.column(named: "name"), ["fc, 1", "conv", "x"])
        XCTAssertEqual(try t.column(named: "layer"), [1, 2, 3])
        XCTAssertEqual(try t.column(named: "alpha"), [2.5, .null, .number(.nan)])
        XCTAssertEqual(try t.column(named: "ok"), [true, false, .null])
        XCTAssertEqual(try t.column(named: "note"), ["say \"hi\"", "two\nlines", ""])
    }

    func testMixedColumnStaysTextAndHexIsNotANumber() throws {
        let t = try DataTable.parseCSV("a,b,c\n1,0x10,1e3\nx,2,-4.5E-2\n")
        XCTAssertEqual(try t.column(named: "a"), ["1", "x"])
        XCTAssertEqual(try t.column(named: "b"), ["0x10", "2"])
        XCTAssertEqual(try t.column(named: "c"), [1000, -0.045])
    }

    func testMalformedInputNamesTheLine() {
        XCTAssertEqual(errorMessage { _ = try DataTable.parseCSV("a,b\n1,2\n3\n") }, "CSV line 3: 1 field where the header has 2")
        XCTAssertEqual(errorMessage { _ = try DataTable.parseCSV("a,b\n1,\"open\n") }, "CSV line 2: a quoted field is never closed")
        XCTAssertEqual(errorMessage { _ = try DataTable.parseCSV("a,b\n1,x\"y\n") }?.hasPrefix("CSV line 2: a quote inside an unquoted field"), true)
        XCTAssertEqual(errorMessage { _ = try DataTable.parseCSV("a,b\n1,\"x\"y\n") }?.hasPrefix("CSV line 2: text after a closing quote"), true)
        XCTAssertEqual(errorMessage { _ = try DataTable.parseCSV("a,a\n1,2\n") }, "duplicate column name \"a\"; column names must be unique")
    }

    func testWriteReadRoundTripAndOverwritePolicy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.csv").path
        let t = DataTable(records: [[("name", "a,b"), ("x", 0.1), ("ok", true), ("note", " padded")],
                                    [("name", ""), ("x", .number(.infinity)), ("ok", .null), ("note", "q\"")]])
        try t.writeCSV(path: path)
        let back = try DataTable.readCSV(path: path)
        XCTAssertEqual(rows(of: back), rows(of: t))
        XCTAssertEqual(errorMessage { try t.writeCSV(path: path) }?.contains("already exists; pass overwrite: true"), true)
        try t.head(1).writeCSV(path: path, overwrite: true)
        XCTAssertEqual(try DataTable.readCSV(path: path).rowCount, 1)
        // No temporary files are left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["out.csv"])
        XCTAssertEqual(errorMessage { _ = try DataTable.readCSV(path: directory.appendingPathComponent("none.csv").path) }?.hasSuffix("no such file"), true)
        XCTAssertEqual(errorMessage { _ = try DataTable.readCSV(path: directory.path) }?.contains("is a directory"), true)
    }
}
