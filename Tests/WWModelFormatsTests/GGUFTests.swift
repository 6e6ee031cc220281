import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// GGUF files written by the `gguf` Python package (tools/make-gguf-fixtures.py): every
/// supported type dequantises to exactly the bits of `gguf.quants.dequantize`, and damaged
/// files are refused with the file and byte offset named.
final class GGUFTests: XCTestCase {
    static let directory = fixtureDirectory.deletingLastPathComponent().appendingPathComponent("gguf")

    func path(_ name: String) -> String { Self.directory.appendingPathComponent(name).path }

    /// A tensor of more blocks than one widening step decodes at a time (`decodeStepBlocks`,
    /// plus one block) widens to float64 with the same values as its float32 read.
    func testWideningInStepsGivesTheFloat32Values() throws {
        let rows = 2, blocksPerRow = StoredTensor.decodeStepBlocks / 2 + 1, columns = blocksPerRow * 32
        var file = Data("GGUF".utf8)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { file.append(contentsOf: $0) } }
        append(UInt32(3)); append(UInt64(1)); append(UInt64(0))
        let name = Array("big.weight".utf8)
        append(UInt64(name.count)); file.append(contentsOf: name)
        append(UInt32(2)); append(UInt64(columns)); append(UInt64(rows))   // ggml lists the fastest dimension first
        append(UInt32(GGMLType.q8_0.rawValue)); append(UInt64(0))
        while file.count % 32 != 0 { file.append(0) }
        var state: UInt32 = 12345
        for block in 0..<(rows * blocksPerRow) {
            let scale = Float16(Float(block % 7 + 1) / 64)
            append(scale.bitPattern)
            for _ in 0..<32 {
                state = state &* 1_664_525 &+ 1_013_904_223
                file.append(UInt8(truncatingIfNeeded: state >> 24))
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-gguf-steps-\(getpid()).gguf")
        try file.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let model = try ModelFile.open(url.path)
        guard case .float32(let narrow) = try model.tensor(named: "big.weight").storage,
              case .float64(let wide) = try model.float64Tensor(named: "big.weight").storage else { return XCTFail("storage") }
        XCTAssertEqual(wide.count, rows * columns)
        XCTAssertEqual(wide, narrow.map(Double.init))
        XCTAssertNotEqual(narrow.last, 0)
    }

    func testEveryTypeDequantisesBitForBitAsTheGGUFPackage() throws {
        let model = try ModelFile.open(path("types.gguf"))
        XCTAssertEqual(model.format, .gguf)
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("expected.json"))
        let expected = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        XCTAssertEqual(model.weights.map(\.name), expected.compactMap { $0["name"] as? String }, "file order")
        var types: Set<String> = []
        for entry in expected {
            let name = try XCTUnwrap(entry["name"] as? String)
            let shape = try XCTUnwrap(entry["shape"] as? [Int])
            let raw = try Data(contentsOf: Self.directory.appendingPathComponent(try XCTUnwrap(entry["file"] as? String)))
            let bits: [UInt32] = raw.withUnsafeBytes { buffer in
                (0..<(raw.count / 4)).map { UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
            }
            let info = try XCTUnwrap(model.weights.first { $0.name == name })
            XCTAssertEqual(info.shape, shape, name)
            XCTAssertEqual(info.storageType, entry["type"] as? String, name)
            types.insert(info.storageType)
            let tensor = try model.tensor(named: name)
            guard case .float32(let values) = tensor.storage else { XCTFail("\(name): not float32"); continue }
            XCTAssertEqual(values.count, bits.count, name)
            let mismatches = zip(values, bits).filter { $0.bitPattern != $1 }.count
            XCTAssertEqual(mismatches, 0, "\(name): \(mismatches) values differ from gguf.quants.dequantize")
            // The float64 path is the same values widened.
            guard case .float64(let wide) = try model.float64Tensor(named: name).storage else { XCTFail(name); continue }
            XCTAssertEqual(wide, values.map(Double.init), name)
        }
        XCTAssertEqual(types, ["F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"])
        let metadata = Dictionary(model.metadata, uniquingKeysWith: { $1 })
        XCTAssertEqual(metadata["test.u32"], "7")
        XCTAssertEqual(metadata["test.i64"], "-3")
        XCTAssertEqual(metadata["test.f32"], "0.5")
        XCTAssertEqual(metadata["test.bool"], "true")
        XCTAssertEqual(metadata["test.string"], "wwn")
        XCTAssertEqual(metadata["general.architecture"], "llama")
        XCTAssertNil(metadata["test.tokens"], "arrays are walked, not listed")
    }

    func testVersion2WithItsOwnAlignment() throws {
        let model = try ModelFile.open(path("v2.gguf"))
        let reference = try ModelFile.open(path("types.gguf"))
        XCTAssertEqual(model.weights.map(\.shape), [[4, 512]])
        XCTAssertEqual(try model.tensor(named: "w.weight"), try reference.tensor(named: "f32.weight"))
    }

    func testUnknownTypeIsNamedWithItsOffset() throws {
        XCTAssertThrowsError(try ModelFile.open(path("unknown.gguf"))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("unknown.gguf") && text.contains("IQ2_XXS") && text.contains("at byte "), text)
        }
    }

    func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    func expectRefusal(_ file: [UInt8], _ needle: String, line: UInt = #line) throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("bad.gguf", file)
        XCTAssertThrowsError(try ModelFile.open(target), line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(error is ModelFormatError && text.contains("bad.gguf") && text.contains(needle), text, line: line)
        }
    }

    func testLyingHeadersAreRefused() throws {
        let good = try bytes("v2.gguf")
        // Layout of v2.gguf: magic, version, counts (8..24), the alignment entry, then the tensor
        // info: name at 57, rank at 73, dims at 77 and 85, type at 93, offset at 97.
        var version = good
        version[4] = 1
        try expectRefusal(version, "version 1")
        var hugeCount = good
        hugeCount.replaceSubrange(8..<16, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        try expectRefusal(hugeCount, "tensor count")
        var hugeDim = good
        hugeDim.replaceSubrange(77..<85, with: [0, 0, 0, 0, 0, 1, 0, 0])
        try expectRefusal(hugeDim, "dimension")
        var bigDim = good
        bigDim.replaceSubrange(77..<85, with: [0, 0, 0, 0x7F, 0, 0, 0, 0])
        try expectRefusal(bigDim, "past the end of the file")
        var rank = good
        rank[73] = 9
        try expectRefusal(rank, "9 dimensions")
        var unknown = good
        unknown[93] = 200
        try expectRefusal(unknown, "unknown type 200")
        var offset = good
        offset[97] = 3
        try expectRefusal(offset, "not a multiple of the alignment")
        try expectRefusal(Array(good.prefix(good.count - 5)), "past the end of the file")
    }

    /// Every truncation and seeded byte flips of a real file: an error naming the file, or a
    /// file that still reads, never a crash or a hang.
    func testTruncationsAndMutationsNeverCrash() throws {
        let good = try bytes("types.gguf")
        let directory = try TemporaryDirectory()
        var generator = SeededRandom(seed: 14)
        var refused = 0
        var cases: [[UInt8]] = stride(from: 0, to: 2048, by: 7).map { Array(good.prefix($0)) }
        for _ in 0..<300 {
            var mutated = good
            let position = Int(generator.next() % UInt64(min(good.count, 2048)))
            mutated[position] = UInt8(truncatingIfNeeded: generator.next())
            cases.append(mutated)
        }
        for (index, file) in cases.enumerated() {
            let target = try directory.write("case\(index).gguf", file)
            do {
                let model = try ModelFile.open(target)
                for info in model.weights { _ = try model.tensor(named: info.name) }
            } catch let error as ModelFormatError {
                refused += 1
                XCTAssertTrue(error.file.hasSuffix("case\(index).gguf"), "\(error)")
            }
        }
        XCTAssertGreaterThan(refused, cases.count / 3)
    }
}
