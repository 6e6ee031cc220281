import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// Broken NumPy files, zips, PyTorch archives and directories: each refused with an error that
/// names the file and what is wrong.
final class MalformedArchiveTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory = nil }

    private func npy(header: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
        var text = Array(header.utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        let length = [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        return NumpyHeader.magic + [version, 0] + length + text + data
    }

    func testNpyBuiltHereReads() throws {
        let path = try directory.write("a.npy", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: float32Bytes([5, 6])))
        XCTAssertEqual(try ModelFile.open(path).tensor(named: "a").floatValues, [5, 6])
    }

    func testNpyBadMagic() throws {
        let path = try directory.write("a.npy", Array("NUMPY not really".utf8))
        assertFormatError(try ModelFile.open(path), file: "a.npy", contains: ["bad magic"])
    }

    func testNpyBadHeader() throws {
        let path = try directory.write("a.npy", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }"))
        assertFormatError(try ModelFile.open(path), file: "a.npy", contains: ["bad header at byte", "expected an integer"])
    }

    func testNpyUnknownVersion() throws {
        let path = try directory.write("a.npy", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", version: 9))
        assertFormatError(try ModelFile.open(path), file: "a.npy", contains: ["version 9.0"])
    }

    func testNpyBigEndianAndStructuredTypesAreRefused() throws {
        let big = try directory.write("big.npy", npy(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data: [0, 0, 0, 0, 0, 0, 0, 0]))
        assertFormatError(try ModelFile.open(big), file: "big.npy", contains: ["big-endian"])
        let structured = try directory.write("s.npy", npy(header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }"))
        assertFormatError(try ModelFile.open(structured), file: "s.npy", contains: ["structured arrays are not supported"])
    }

    func testNpyTruncatedData() throws {
        let path = try directory.write("a.npy", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }", data: float32Bytes([1, 2])))
        assertFormatError(try ModelFile.open(path), file: "a.npy", contains: ["needs 40 bytes but its data holds 8"])
    }

    func testNpyAbsurdHeaderLength() throws {
        let path = try directory.write("a.npy", NumpyHeader.magic + [2, 0, 0xFF, 0xFF, 0xFF, 0x7F] + Array("{}".utf8))
        assertFormatError(try ModelFile.open(path), file: "a.npy", contains: ["limit of 1000000"])
    }

    func testNpyIntegerValuesReadAsFloat64() throws {
        let model = try ModelFile.open(fixture("ints.npy"))
        XCTAssertEqual(try model.tensor(named: "ints"), try Tensor(shape: [2, 3], values: [0, 1, 2, 3, 4, 5] as [Double]))
    }

    func testTruncatedZip() throws {
        let whole = try Array(Data(contentsOf: URL(fileURLWithPath: fixture("checkpoint.pt"))))
        let path = try directory.write("cut.pt", Array(whole.prefix(whole.count / 2)))
        assertFormatError(try ModelFile.open(path), file: "cut.pt", contains: ["no end-of-directory record"])
    }

    func testCorruptDeflateData() throws {
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture("compressed.npz"))))
        for i in 60..<90 { bytes[i] ^= 0x5A }  // inside the first entry's compressed data
        let path = try directory.write("bad.npz", bytes)
        do {
            let model = try ModelFile.open(path)
            for info in model.weights { _ = try model.tensor(named: info.name) }
            XCTFail("corrupt deflate data was read without an error")
        } catch let error as ModelFormatError {
            XCTAssertTrue(error.file.hasSuffix("bad.npz"))
            XCTAssertTrue(error.message.contains("zip entry") || error.message.contains("entry '"), error.message)
        }
    }

    func testNpzWithANonArrayEntry() throws {
        let archive = try directory.write("x.npz", Array(try Data(contentsOf: URL(fileURLWithPath: fixture("os_system.pt")))))
        // A zip with a data.pkl is read as PyTorch whatever its name; the refusal still names the file.
        assertFormatError(try ModelFile.open(archive), file: "x.npz", contains: ["os.system"])
    }

    func testMissingStorageRecord() throws {
        assertFormatError(try ModelFile.open(fixture("missing_storage.pt")), file: "missing_storage.pt", contains: ["storage '1'", "data/1"])
    }

    func testLegacyTorchFormatSaysHowToResave() throws {
        assertFormatError(try ModelFile.open(fixture("legacy.pt")), file: "legacy.pt", contains: ["legacy torch.save format", "re-save"])
    }

    func testNonexistentPathAndEmptyDirectory() throws {
        assertFormatError(try ModelFile.open(directory.file("nothing.safetensors")), file: "nothing.safetensors", contains: ["no such file"])
        let empty = directory.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        assertFormatError(try ModelFile.open(empty), file: "empty", contains: ["holds no model files"])
    }

    func testDirectoryReadsOnlyItsOwnFiles() throws {
        // A subdirectory named like a model file, and a link back to the directory itself.
        try FileManager.default.createDirectory(atPath: directory.file("nested.safetensors"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: directory.file("loop.bin"), withDestinationPath: directory.path)
        try Data(contentsOf: URL(fileURLWithPath: fixture("array_f4.npy"))).write(to: URL(fileURLWithPath: directory.file("w.npy")))
        XCTAssertEqual(try ModelFile.open(directory.path).weights.map(\.name), ["w"])
    }

    func testUnrecognisedFile() throws {
        let path = try directory.write("notes.txt", Array("hello, world".utf8))
        assertFormatError(try ModelFile.open(path), file: "notes.txt", contains: ["not a recognised model file"])
    }

    func testShardIndexErrors() throws {
        let shard = try Data(contentsOf: URL(fileURLWithPath: fixture("f32.safetensors")))
        try shard.write(to: URL(fileURLWithPath: directory.file("a.safetensors")))
        let missing = try directory.write("missing.index.json", Array(#"{"weight_map": {"conv.weight": "b.safetensors"}}"#.utf8))
        assertFormatError(try ModelFile.open(missing), file: "missing.index.json", contains: ["'b.safetensors'", "does not exist"])
        let escape = try directory.write("escape.index.json", Array(#"{"weight_map": {"conv.weight": "../a.safetensors"}}"#.utf8))
        assertFormatError(try ModelFile.open(escape), file: "escape.index.json", contains: ["outside the index's directory"])
        let absent = try directory.write("absent.index.json", Array(#"{"weight_map": {"nope": "a.safetensors"}}"#.utf8))
        assertFormatError(try ModelFile.open(absent), file: "absent.index.json", contains: ["'nope'", "no such tensor"])
        let loop = try directory.write("loop.index.json", Array(#"{"weight_map": {"w": "."}}"#.utf8))
        assertFormatError(try ModelFile.open(loop), file: "loop.index.json", contains: ["not a single model file"])
        let noMap = try directory.write("nomap.index.json", Array(#"{"metadata": {}}"#.utf8))
        assertFormatError(try ModelFile.open(noMap), file: "nomap.index.json", contains: ["no 'weight_map'"])
    }
}
