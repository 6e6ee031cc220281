import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// Integer and boolean tensors (label files, token ids, masks) written by NumPy and
/// safetensors.torch (tools/make-integer-fixtures.py) read as exact float64 values.
final class IntegerTensorTests: XCTestCase {
    static let directory = fixtureDirectory.deletingLastPathComponent().appendingPathComponent("integers")

    func expected() throws -> [String: (shape: [Int], values: [Double])] {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("expected.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        return try root.mapValues { entry in
            let values = try XCTUnwrap(entry["values"] as? [NSNumber]).map { Double($0.int64Value) }
            return (try XCTUnwrap(entry["shape"] as? [Int]), values)
        }
    }

    func open(_ name: String) throws -> ModelFile {
        try ModelFile.open(Self.directory.appendingPathComponent(name).path)
    }

    func testEveryIntegerTypeReadsExactly() throws {
        let reference = try expected()
        let model = try open("integers.safetensors")
        for name in ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "mask"] {
            let entry = try XCTUnwrap(reference[name])
            XCTAssertEqual(try model.tensor(named: name), try Tensor(shape: entry.shape, values: entry.values), name)
            XCTAssertEqual(try model.float64Tensor(named: name), try Tensor(shape: entry.shape, values: entry.values), name)
        }
        for file in ["labels", "pixels"] {
            let entry = try XCTUnwrap(reference[file])
            XCTAssertEqual(try open(file + ".npy").tensor(named: file), try Tensor(shape: entry.shape, values: entry.values), file)
        }
    }

    func testValuesFloat64CannotHoldAreRefused() throws {
        let model = try open("integers.safetensors")
        XCTAssertThrowsError(try model.tensor(named: "too_big")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("integers.safetensors") && text.contains("too_big") && text.contains("2^53"), text)
        }
    }
}
