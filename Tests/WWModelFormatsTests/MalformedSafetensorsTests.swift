import Foundation
@testable import WWModelFormats
import XCTest

/// Broken safetensors files, built in the test: each is refused with an error that names the
/// file and the offending offset, field or tensor, never a crash or a silently wrong number.
final class MalformedSafetensorsTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory = nil }

    private func open(_ bytes: [UInt8]) throws -> ModelFile {
        try ModelFile.open(try directory.write("bad.safetensors", bytes))
    }

    private let goodHeader = #"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#

    func testValidFileBuiltHereReads() throws {
        let model = try open(safetensorsBytes(header: goodHeader, data: float32Bytes([1, 2, 3, 4])))
        XCTAssertEqual(try model.tensor(named: "w").floatValues, [1, 2, 3, 4])
    }

    func testHeaderLengthBeyondTheFile() throws {
        let bytes = safetensorsBytes(header: goodHeader, data: float32Bytes([1, 2, 3, 4]), declaredLength: 5000)
        assertFormatError(try open(bytes), file: "bad.safetensors", contains: ["header length at byte 0 is 5000 bytes", "beyond the end of the file"])
    }

    func testAbsurdHeaderLengthIsRefusedBeforeAnythingIsRead() throws {
        let bytes = safetensorsBytes(header: goodHeader, data: [], declaredLength: 200_000_000)
        assertFormatError(try open(bytes), file: "bad.safetensors", contains: ["200000000", "limit of 100000000"])
    }

    func testFileTooShortForTheLength() throws {
        assertFormatError(try open([1, 2, 3]), file: "bad.safetensors", contains: ["3 bytes long"])
    }

    func testInvalidJSONNamesTheByte() throws {
        let bytes = safetensorsBytes(header: #"{"w":{"dtype":"F32","shape":[2,2,"data_offsets":[0,16]}}"#, data: float32Bytes([1, 2, 3, 4]))
        assertFormatError(try open(bytes), file: "bad.safetensors", contains: ["invalid JSON header at byte 55", "expected ',' or ']' in an array"])
    }

    func testHeaderThatIsNotAnObject() throws {
        assertFormatError(try open(safetensorsBytes(header: "[1, 2]", data: [])), file: "bad.safetensors", contains: ["an array, not an object"])
    }

    func testUnknownDtype() throws {
        let bytes = safetensorsBytes(header: #"{"w":{"dtype":"F12","shape":[2],"data_offsets":[0,8]}}"#, data: float32Bytes([1, 2]))
        assertFormatError(try open(bytes), file: "bad.safetensors", contains: ["tensor 'w'", "unknown dtype 'F12'"])
    }

    func testOverlappingOffsets() throws {
        let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2, 3, 4, 5, 6]))), file: "bad.safetensors",
                          contains: ["'a' (bytes 0..<16)", "'b' (bytes 8..<24)", "overlap"])
    }

    func testOutOfRangeOffsets() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[1000,1008]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2]))), file: "bad.safetensors",
                          contains: ["tensor 'w'", "[1000, 1008]", "past the end of the data section (8 bytes"])
    }

    func testOffsetsThatEndBeforeTheyBegin() throws {
        let header = #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2]))), file: "bad.safetensors", contains: ["begin after they end"])
    }

    func testTruncatedDataSection() throws {
        let whole = try Array(Data(contentsOf: URL(fileURLWithPath: fixture("f32.safetensors"))))
        assertFormatError(try open(Array(whole.dropLast(10))), file: "bad.safetensors", contains: ["past the end of the data section", "truncated"])
    }

    func testShapeAndByteCountMismatch() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2, 3]))), file: "bad.safetensors",
                          contains: ["tensor 'w'", "shape [2, 2] of F32 needs 16 bytes", "span 12"])
    }

    func testAbsurdShapeOverflowsNothing() throws {
        let header = #"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2]))), file: "bad.safetensors",
                          contains: ["tensor 'w'", "more elements than Int.max"])
    }

    func testNegativeOrFractionalShape() throws {
        let header = #"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2]))), file: "bad.safetensors",
                          contains: ["'shape'", "non-negative integer"])
    }

    func testMissingField() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2]))), file: "bad.safetensors", contains: ["'data_offsets' is missing"])
    }

    func testDuplicateName() throws {
        let header = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1, 2]))), file: "bad.safetensors", contains: ["lists 'w' twice"])
    }

    func testMetadataMustBeStrings() throws {
        let header = #"{"__metadata__":{"epoch":3},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        assertFormatError(try open(safetensorsBytes(header: header, data: float32Bytes([1]))), file: "bad.safetensors", contains: ["'epoch'", "not a string"])
    }

    func testDeeplyNestedJSONIsRefusedNotRecursed() throws {
        let header = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        assertFormatError(try open(safetensorsBytes(header: header, data: [])), file: "bad.safetensors", contains: ["nested deeper than 100"])
    }

    func testUnknownTensorNameSuggestsOne() throws {
        let model = try ModelFile.open(fixture("f32.safetensors"))
        assertFormatError(try model.tensor(named: "layers.0.weights"), file: "f32.safetensors", contains: ["no tensor named 'layers.0.weights'"])
        assertFormatError(try model.tensor(named: "conv"), file: "f32.safetensors", contains: ["did you mean 'conv.weight'"])
    }
}
