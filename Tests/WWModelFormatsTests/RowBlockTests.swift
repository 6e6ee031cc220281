import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// `forEachRowBlock`: a tensor's rows in blocks, for reductions over sets larger than memory.
final class RowBlockTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory = nil }

    private func npy(_ descr: String, fortran: Bool = false, shape: String, data: [UInt8]) -> [UInt8] {
        var text = Array("{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }".utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        return NumpyHeader.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }

    func testBlocksCoverTheRowsInOrder() throws {
        let values = (0..<21).map { Float($0) }
        let path = try directory.write("x.npy", npy("<f4", shape: "(7, 3)", data: float32Bytes(values)))
        var seen: [Float] = [], starts: [Int] = [], shapes: [[Int]] = []
        try ModelFile.open(path).forEachRowBlock(named: "x", rows: 3) { block, first in
            seen += block.floatValues
            starts.append(first)
            shapes.append(block.shape)
        }
        XCTAssertEqual(seen, values)
        XCTAssertEqual(starts, [0, 3, 6])
        XCTAssertEqual(shapes, [[3, 3], [3, 3], [1, 3]])
    }

    func testFloat64StaysFloat64() throws {
        let values: [Double] = [1.5, -2, 3, 4]
        let path = try directory.write("x.npy", npy("<f8", shape: "(2, 2)", data: values.withUnsafeBytes { Array($0) }))
        var blocks: [Tensor] = []
        try ModelFile.open(path).forEachRowBlock(named: "x", rows: 8) { block, _ in blocks.append(block) }
        XCTAssertEqual(blocks, [try Tensor(shape: [2, 2], values: values)])
    }

    func testRefusals() throws {
        let fortran = try directory.write("f.npy", npy("<f4", fortran: true, shape: "(2, 2)", data: float32Bytes([1, 2, 3, 4])))
        assertFormatError(try ModelFile.open(fortran).forEachRowBlock(named: "f", rows: 1) { _, _ in }, file: "f.npy", contains: ["not stored row by row"])
        let integers = try directory.write("i.npy", npy("<i4", shape: "(2,)", data: [1, 0, 0, 0, 2, 0, 0, 0]))
        assertFormatError(try ModelFile.open(integers).forEachRowBlock(named: "i", rows: 1) { _, _ in }, file: "i.npy", contains: ["I32 values"])
        assertFormatError(try ModelFile.open(integers).forEachRowBlock(named: "nope", rows: 1) { _, _ in }, file: "i.npy", contains: ["no tensor named 'nope'"])
    }
}
