import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// ONNX models written by torch.onnx.export and by onnx's helper (tools/make-onnx-fixtures.py):
/// initializers listed in graph order with the values `onnx.numpy_helper.to_array` gives, and
/// damaged files refused with the file and byte offset named.
final class ONNXTests: XCTestCase {
    static let directory = fixtureDirectory.deletingLastPathComponent().appendingPathComponent("onnx")

    func path(_ name: String) -> String { Self.directory.appendingPathComponent(name).path }

    func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    func initializers(_ model: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("\(model).json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(json["initializers"] as? [[String: Any]])
    }

    /// Names, shapes and values (wherever the fixture lists them) as onnx reads them, in the
    /// graph's order: for the MLP, `layers.2` before `layers.10`; for the CNN, the exporter's
    /// order, its head first.
    func testInitializersInGraphOrderWithOnnxsValues() throws {
        for model in ["mlp", "cnn", "typed"] {
            let file = try ModelFile.open(path("\(model).onnx"))
            XCTAssertEqual(file.format, .onnx)
            XCTAssertTrue(file.listsTensorsInLayerOrder)
            XCTAssertTrue(file.takesEveryTensorAsLayer)
            let expected = try initializers(model)
            XCTAssertEqual(file.weights.map(\.name), expected.compactMap { $0["name"] as? String }, "\(model): graph order")
            XCTAssertEqual(file.weightWatcherLayerIDs, Dictionary(uniqueKeysWithValues: expected.enumerated().compactMap { i, entry in (entry["name"] as? String).map { ($0, i) } }))
            var checked = 0
            for entry in expected {
                let name = try XCTUnwrap(entry["name"] as? String)
                let info = try XCTUnwrap(file.weights.first { $0.name == name })
                XCTAssertEqual(info.shape, entry["dims"] as? [Int], "\(model) \(name)")
                guard let values = entry["values"] as? [Double] else { continue }
                let ours = try file.float64Tensor(named: name).doubleValues
                XCTAssertEqual(ours.count, values.count, "\(model) \(name)")
                // Foundation's JSON parser can be a few ulps off the printed float64 (measured: up
                // to 3e-16 relative); float32 neighbours are 6e-8 apart, so 1e-14 still tells values apart.
                let worst = zip(ours, values).map { abs($0 - $1) / max(abs($1), 1e-30) }.max() ?? 0
                XCTAssertLessThanOrEqual(worst, 1e-14, "\(model) \(name)")
                checked += 1
            }
            XCTAssertGreaterThan(checked, 0, model)
        }
    }

    /// Every value field onnx's helper writes: float_data, double_data (read as float64),
    /// int32_data holding FLOAT16 bits, BOOL and INT8 (negative, as sign-extended varints), and
    /// int64_data.
    func testTypedFieldsGiveTheirTypes() throws {
        let file = try ModelFile.open(path("typed.onnx"))
        let types = Dictionary(uniqueKeysWithValues: file.weights.map { ($0.name, $0.storageType) })
        XCTAssertEqual(types, ["dense": "F32", "shape": "I64", "wide": "F64", "half": "F16", "kernel": "F32",
                               "stack": "F32", "flags": "BOOL", "small": "I8", "codes": "I8", "unsigned": "U8"])
        XCTAssertEqual(try file.tensor(named: "small").doubleValues, [-128, -1, 0, 127])
        XCTAssertEqual(try file.tensor(named: "shape").doubleValues, [-1, 24])
        XCTAssertEqual(try file.tensor(named: "wide").elementType, .float64)
        XCTAssertEqual(file.metadata.first { $0.key == "producer_name" }?.value, "make-onnx-fixtures")
    }

    /// Protobuf's encodings, to build the layouts the fixtures do not have.
    func varint(_ value: UInt64) -> [UInt8] {
        var value = value, out: [UInt8] = []
        repeat {
            out.append(UInt8(value & 0x7F) | (value >= 0x80 ? 0x80 : 0))
            value >>= 7
        } while value > 0
        return out
    }

    func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] { varint(UInt64(number << 3 | 2)) + varint(UInt64(payload.count)) + payload }

    func model(_ initializers: [[UInt8]]) -> [UInt8] {
        field(ONNXReader.FieldNumber.graph, initializers.flatMap { field(ONNXReader.FieldNumber.initializer, $0) })
    }

    /// Repeated values written one field each (unpacked, as proto2 allows), values split over
    /// several packed runs, and packed dims: all read as the packed form is.
    func testUnpackedAndSplitValueFields() throws {
        let values: [Float] = [1.5, -2, 0.25, 8, -0.125, 3]
        var unpacked = field(8, Array("w".utf8)) + varint(1 << 3) + varint(2) + varint(1 << 3) + varint(3) + varint(2 << 3) + varint(1)
        for value in values { unpacked += varint(4 << 3 | 5) + withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
        let integers: [Int64] = [-7, 300, 0, Int64(1) << 40]
        var split = field(8, Array("i".utf8)) + field(1, varint(2) + varint(2)) + varint(2 << 3) + varint(7)
        split += field(7, integers.prefix(3).flatMap { varint(UInt64(bitPattern: $0)) })
        split += varint(7 << 3) + varint(UInt64(bitPattern: integers[3]))
        let directory = try TemporaryDirectory()
        let file = try ModelFile.open(try directory.write("built.onnx", model([unpacked, split])))
        XCTAssertEqual(file.weights.map(\.shape), [[2, 3], [2, 2]])
        XCTAssertEqual(try file.tensor(named: "w").floatValues, values)
        XCTAssertEqual(try file.tensor(named: "i").doubleValues, integers.map(Double.init))
        XCTAssertEqual(file.weightWatcherLayerIDs, ["w": 0, "i": 1])
        // One value short of the dims, and a negative dimension.
        let short = try directory.write("short.onnx", model([Array(unpacked.dropLast(5))]))
        XCTAssertThrowsError(try ModelFile.open(short)) { error in
            XCTAssertTrue("\(error)".contains("short.onnx: initializer 'w' (at byte 2) of shape [2, 3] needs 6 values but its float_data holds 5"), "\(error)")
        }
        let negative = field(8, Array("n".utf8)) + varint(1 << 3) + varint(UInt64(bitPattern: -4)) + varint(2 << 3) + varint(1)
        let negativePath = try directory.write("negative.onnx", model([negative]))
        XCTAssertThrowsError(try ModelFile.open(negativePath)) { error in
            XCTAssertTrue("\(error)".contains("negative.onnx: at byte ") && "\(error)".contains("negative dimension -4"), "\(error)")
        }
    }

    func expectRefusal(_ file: String, _ needles: [String], line: UInt = #line) {
        XCTAssertThrowsError(try ModelFile.open(path(file)), line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(error is ModelFormatError && text.contains(file) && text.contains("at byte "), text, line: line)
            for needle in needles { XCTAssertTrue(text.contains(needle), "\(text) lacks '\(needle)'", line: line) }
        }
    }

    func testHostileFilesAreRefusedWithTheirOffsets() {
        expectRefusal("external.onnx", ["external file", "'weights.bin'", "initializer 'w'"])
        expectRefusal("string.onnx", ["STRING (8)"])
        expectRefusal("unknown-type.onnx", ["unknown data_type 99"])
        expectRefusal("huge-dims.onnx", ["[1099511627776, 1099511627776]", "more elements than Int.max"])
        expectRefusal("short-raw.onnx", ["needs 64 bytes", "raw_data holds 60"])
    }

    /// The offset of the length of the model's graph field (field 7).
    func graphLengthOffset(_ bytes: [UInt8]) throws -> Int {
        try bytes.withUnsafeBytes { raw in
            var probe = ProtobufReader(bytes: raw, path: "typed.onnx", range: 0..<raw.count)
            while let field = try probe.nextField() {
                if field.number == ONNXReader.FieldNumber.graph { return field.offset + 1 }
            }
            throw ModelFormatError(file: "typed.onnx", "has no graph")
        }
    }

    func testLyingLengthsAndTruncationAreRefused() throws {
        let good = try bytes("typed.onnx")
        let directory = try TemporaryDirectory()
        // The graph's length varint (two or more bytes) made larger by its top group.
        let start = try graphLengthOffset(good)
        var end = start
        while good[end] & 0x80 != 0 { end += 1 }
        var lying = good
        lying[end] += 1
        let lyingPath = try directory.write("lying.onnx", lying)
        XCTAssertThrowsError(try ModelFile.open(lyingPath)) { error in
            XCTAssertTrue("\(error)".contains("lying.onnx: at byte \(start - 1): field 7 declares"), "\(error)")
        }
        let truncated = try directory.write("truncated.onnx", Array(good.prefix(good.count - 7)))
        XCTAssertThrowsError(try ModelFile.open(truncated)) { error in
            XCTAssertTrue("\(error)".contains("truncated.onnx: at byte ") && "\(error)".contains("truncated"), "\(error)")
        }
        // A varint that never ends.
        let endless = try directory.write("endless.onnx", [UInt8](repeating: 0xFF, count: 32))
        XCTAssertThrowsError(try ModelFile.open(endless)) { error in
            XCTAssertTrue("\(error)".contains("endless.onnx: at byte 0: a number is longer than 10 bytes"), "\(error)")
        }
        let empty = try directory.write("empty.onnx", [])
        XCTAssertThrowsError(try ModelFile.open(empty)) { error in
            XCTAssertTrue("\(error)".contains("empty.onnx: is not an ONNX model: it has no graph"), "\(error)")
        }
    }

    /// Truncations and seeded byte flips of a torch export and of a model with typed fields:
    /// an error naming the file, or a file that still reads, never a crash or a hang.
    func testTruncationsAndMutationsNeverCrash() throws {
        let directory = try TemporaryDirectory()
        var generator = SeededRandom(seed: 14)
        var refused = 0
        var total = 0
        for source in ["typed.onnx", "cnn.onnx"] {
            let good = try bytes(source)
            // Structure: the whole of typed.onnx; cnn.onnx's nodes and initializer headers
            // (its raw weights, where a flipped byte is only another weight, start later).
            let span = source == "typed.onnx" ? good.count : 4096
            var cases: [[UInt8]] = stride(from: 0, to: good.count, by: good.count / 40).map { Array(good.prefix($0)) }
            for _ in 0..<200 {
                var mutated = good
                let position = Int(generator.next() % UInt64(span))
                mutated[position] = UInt8(truncatingIfNeeded: generator.next())
                cases.append(mutated)
            }
            for (index, file) in cases.enumerated() {
                let target = try directory.write("case\(index).onnx", file)
                total += 1
                do {
                    let model = try ModelFile.open(target)
                    for info in model.weights { _ = try model.tensor(named: info.name) }
                } catch let error as ModelFormatError {
                    refused += 1
                    XCTAssertTrue(error.file.hasPrefix(target), "\(error)")
                }
            }
        }
        // Most flips land in weights (another value, still a valid file); a third of the truncations
        // and a few flips are enough to show the checks are reached.
        XCTAssertGreaterThan(refused, total / 6, "of \(total)")
    }
}
