import Foundation
@testable import WWModelFormats
import XCTest

/// The restricted unpickler: hostile pickles are refused and run nothing; broken ones get an
/// error with the opcode's byte offset.
final class RestrictedUnpicklerTests: XCTestCase {
    /// The file the hostile fixture's `os.system` call would create (see tools/make-format-fixtures.py).
    static let marker = "/tmp/wwn-formats-pickle-marker"

    func testOsSystemIsRefusedAndNothingRuns() throws {
        try? FileManager.default.removeItem(atPath: Self.marker)
        assertFormatError(try ModelFile.open(fixture("os_system.pt")), file: "os_system.pt",
                          contains: ["archive/data.pkl at byte 18", "refuses the global 'os.system'", "nothing in the file was executed"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: Self.marker), "the pickle's command ran")
    }

    func testStackGlobalEvalIsRefused() throws {
        assertFormatError(try ModelFile.open(fixture("builtins_eval.pt")), file: "builtins_eval.pt", contains: ["refuses the global 'builtins.eval'"])
    }

    func testUnknownOpcodeNamesItsByte() throws {
        assertFormatError(try ModelFile.open(fixture("unknown_opcode.pt")), file: "unknown_opcode.pt",
                          contains: ["at byte 13", "unknown or unsupported pickle opcode 0xFF"])
    }

    private func run(_ bytes: [UInt8]) throws -> PickleValue {
        var machine = PickleMachine(data: bytes, origin: "test.pkl", file: "test.pt") { _ in .none }
        return try machine.load()
    }

    func testPlainContainersMemoAndIntegers() throws {
        // {'a': [1, -2, 300, 2**40], 'b': (True, None, 1.5)}, memoized and recalled.
        let bytes: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x28,
                              0x58, 1, 0, 0, 0, 0x61, 0x5D, 0x71, 0x01, 0x28, 0x4B, 1, 0x4A, 0xFE, 0xFF, 0xFF, 0xFF, 0x4D, 0x2C, 0x01,
                              0x8A, 6, 0, 0, 0, 0, 0, 1, 0x65,
                              0x58, 1, 0, 0, 0, 0x62, 0x88, 0x4E, 0x47, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0x87, 0x75, 0x2E]
        guard case .dict(let dict) = try run(bytes) else { return XCTFail("not a dict") }
        XCTAssertEqual(dict.entries.map { $0.key.keyText }, ["a", "b"])
        guard case .list(let list) = dict.entries[0].value else { return XCTFail("not a list") }
        XCTAssertEqual(list.items.compactMap { if case .int(let n) = $0 { return n } else { return nil } }, [1, -2, 300, 1 << 40])
        guard case .tuple(let items, _) = dict.entries[1].value, case .float(let x) = items[2] else { return XCTFail("not a tuple") }
        XCTAssertEqual(x, 1.5)
    }

    func testDeepNestingIsRefused() throws {
        let bytes: [UInt8] = [0x80, 0x02, 0x29] + Array(repeating: 0x85, count: 500) + [0x2E]
        XCTAssertThrowsError(try run(bytes)) { XCTAssertTrue("\($0)".contains("nested deeper than 100"), "\($0)") }
    }

    func testObjectCreationOpcodesAreRefused() throws {
        XCTAssertThrowsError(try run([0x80, 0x02, 0x29, 0x29, 0x81, 0x2E])) { XCTAssertTrue("\($0)".contains("NEWOBJ"), "\($0)") }
    }

    func testTruncatedPickleAndBadMemo() throws {
        XCTAssertThrowsError(try run([0x80, 0x02, 0x7D])) { XCTAssertTrue("\($0)".contains("without a STOP"), "\($0)") }
        XCTAssertThrowsError(try run([0x80, 0x02, 0x68, 7, 0x2E])) { XCTAssertTrue("\($0)".contains("memo entry 7"), "\($0)") }
        XCTAssertThrowsError(try run([0x80, 0x02, 0x58, 0xFF, 0xFF, 0xFF, 0x7F, 0x2E])) { XCTAssertTrue("\($0)".contains("runs past the end"), "\($0)") }
    }

    func testSelfContainingDictIsRefusedWhileUnpickling() throws {
        // d = {}; d['self'] = d: a cycle, refused as it is made, so nothing can follow it forever.
        let bytes: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x58, 4, 0, 0, 0] + Array("self".utf8) + [0x68, 0x00, 0x73, 0x2E]
        XCTAssertThrowsError(try run(bytes)) { XCTAssertTrue("\($0)".contains("containing themselves"), "\($0)") }
    }

    func testAListChangedAfterItWasPlacedIsRefused() throws {
        // a = []; b = []; a.append(b); b.append(1): the outer-first construction that hid depth.
        let bytes: [UInt8] = [0x80, 0x02, 0x5D, 0x71, 0x00, 0x5D, 0x71, 0x01, 0x61, 0x68, 0x01, 0x4B, 0x01, 0x61, 0x30, 0x2E]
        XCTAssertThrowsError(try run(bytes)) { XCTAssertTrue("\($0)".contains("after placing it inside another container"), "\($0)") }
    }
}
