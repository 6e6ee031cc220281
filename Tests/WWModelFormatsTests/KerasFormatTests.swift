import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// Keras checkpoints (tools/make-keras-fixtures.py, Tests/Fixtures/keras): the legacy `.h5` of
/// `model.save`, Keras 2's `save_weights` layout, and the Keras 3 `.keras` zip, read through
/// libhdf5 in the layer order Keras stores; and hostile files refused with the file named.
final class KerasFormatTests: XCTestCase {
    static let directory = fixtureDirectory.deletingLastPathComponent().appendingPathComponent("keras")
    func path(_ name: String) -> String { Self.directory.appendingPathComponent(name).path }
    func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    static let cnnTensors = ["conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias",
                             "dense_2/kernel", "dense_2/bias", "dense_3/kernel", "dense_3/bias"]

    func testAllThreeLayoutsListTheLayersInModelOrder() throws {
        for file in ["cnn.h5", "cnn-weights.h5", "cnn.keras"] {
            let model = try ModelFile.open(path(file))
            XCTAssertEqual(model.format, file.hasSuffix(".keras") ? .keras : .kerasHDF5, file)
            XCTAssertEqual(model.weights.map(\.name), Self.cnnTensors, file)
            XCTAssertEqual(model.weights.first?.shape, [3, 3, 3, 16], "\(file): Keras's (kh, kw, in, out) kept as stored")
            XCTAssertEqual(model.weights[4].shape, [600, 32], "\(file): Dense kernels are (in, out)")
            XCTAssertTrue(model.listsTensorsInLayerOrder, file)
            // WeightWatcher's ids on the Keras model: model.layers from 0, pooling and Flatten counted.
            XCTAssertEqual(model.weightWatcherLayerIDs, ["conv2d/kernel": 0, "conv2d_1/kernel": 2, "dense_2/kernel": 4, "dense_3/kernel": 5], file)
        }
        let mlp = try ModelFile.open(path("mlp.keras"))
        XCTAssertEqual(mlp.weights.map(\.name), ["dense_in/kernel", "dense_in/bias", "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"])
        XCTAssertEqual(mlp.weightWatcherLayerIDs, ["dense_in/kernel": 0, "dense/kernel": 2, "dense_1/kernel": 3], "the Dropout is layer 1")
        // A functional model: its InputLayer is model.layers[0]; BatchNormalization's variables
        // get the names the legacy file records.
        for file in ["functional.h5", "functional.keras"] {
            let model = try ModelFile.open(path(file))
            XCTAssertEqual(model.weights.map(\.name), ["dense_4/kernel", "dense_4/bias", "batch_normalization/gamma", "batch_normalization/beta",
                                                       "batch_normalization/moving_mean", "batch_normalization/moving_variance",
                                                       "dense_5/kernel", "dense_5/bias", "dense_6/kernel", "dense_6/bias"], file)
            XCTAssertEqual(model.weightWatcherLayerIDs, ["dense_4/kernel": 1, "batch_normalization/gamma": 2, "dense_5/kernel": 3, "dense_6/kernel": 4], file)
        }
    }

    /// `layer_names0`, `layer_names1`, ... (Keras's split of a long list) in order, `:0` dropped.
    func testSplitAttributeListsAreJoinedInOrder() throws {
        let model = try ModelFile.open(path("chunked.h5"))
        XCTAssertEqual(model.weights.map(\.name), ["second_is_first/kernel", "a_last/kernel"])
        XCTAssertEqual(model.weightWatcherLayerIDs, ["second_is_first/kernel": 0, "a_last/kernel": 1])
    }

    /// Keras 3's `save_weights` file has no config: its layers are read in name order, by key,
    /// and the file says it is not in layer order.
    func testKeras3WeightsFileWithoutConfigIsInNameOrder() throws {
        let model = try ModelFile.open(path("mlp.weights.h5"))
        XCTAssertEqual(model.weights.map(\.name), ["dense/0", "dense/1", "dense_1/0", "dense_1/1", "dense_2/0", "dense_2/1"])
        XCTAssertFalse(model.listsTensorsInLayerOrder)
        XCTAssertNil(model.weightWatcherLayerIDs)
        let legacy = try ModelFile.open(path("mlp.h5"))
        XCTAssertEqual(try model.tensor(named: "dense_1/0").doubleValues, try legacy.tensor(named: "dense/kernel").doubleValues)
    }

    func testTheThreeFilesHoldTheSameValues() throws {
        for model in ["mlp", "cnn", "functional"] {
            let files = try ["\(model).h5", "\(model)-weights.h5", "\(model).keras"].map { try ModelFile.open(path($0)) }
            for info in files[0].weights {
                let reference = try files[0].tensor(named: info.name)
                XCTAssertEqual(reference.elementType, .float32, info.name)
                // Keras initialises biases to zero; kernels must have been read as values.
                if info.name.hasSuffix("/kernel") { XCTAssertGreaterThan(reference.doubleValues.map(abs).max() ?? 0, 0, "\(info.name) is not all zeros") }
                for other in files.dropFirst() {
                    XCTAssertEqual(try other.tensor(named: info.name).doubleValues, reference.doubleValues, "\(other.path) \(info.name)")
                    XCTAssertEqual(try other.float64Tensor(named: info.name).doubleValues, reference.doubleValues, "\(other.path) \(info.name) in float64")
                }
            }
        }
    }

    func testKerasSnakeCaseMatchesKerasNaming() {
        XCTAssertEqual(KerasReader.snakeCase("Conv2D"), "conv2d")
        XCTAssertEqual(KerasReader.snakeCase("Dense"), "dense")
        XCTAssertEqual(KerasReader.snakeCase("BatchNormalization"), "batch_normalization")
        XCTAssertEqual(KerasReader.snakeCase("Conv2DTranspose"), "conv2d_transpose")
        XCTAssertEqual(KerasReader.snakeCase("MaxPooling2D"), "max_pooling2d")
    }

    func testIntegerAndScalarDatasetsAreListedNotAnalysedAsWeights() throws {
        let integer = try ModelFile.open(path("bad-integer.h5"))
        XCTAssertEqual(integer.weights.map(\.storageType), ["F32", "I64"])
        XCTAssertEqual(try integer.tensor(named: "counter/kernel").doubleValues, (0..<64).map(Double.init))
        let scalar = try ModelFile.open(path("bad-scalar.h5"))
        XCTAssertEqual(scalar.weights.last?.shape, [])
        XCTAssertEqual(try scalar.tensor(named: "dense/scale").doubleValues, [2.5])
    }

    func testBadKerasFilesNameTheFileAndWhatIsWrong() throws {
        assertFormatError(try ModelFile.open(path("bad-strings.h5")), file: "bad-strings.h5", contains: ["dataset 'dense/dense/kernel'", "non-numeric"])
        assertFormatError(try ModelFile.open(path("bad-missing-group.h5")), file: "bad-missing-group.h5", contains: ["'ghost'"])
        assertFormatError(try ModelFile.open(path("bad-no-layer-names.h5")), file: "bad-no-layer-names.h5", contains: ["not a Keras checkpoint"])
        let directory = try TemporaryDirectory()
        let text = try directory.write("notes.h5", Array("these are not weights\n".utf8))
        assertFormatError(try ModelFile.open(text), file: "notes.h5", contains: ["not an HDF5 file"])
        let notZip = try directory.write("model.keras", Array(repeating: 7, count: 100))
        assertFormatError(try ModelFile.open(notZip), file: "model.keras", contains: ["not a zip archive"])
        // The same archive with its weights entry renamed (same length, in both zip headers).
        var archive = try bytes("mlp.keras")
        let entry = Array(KerasReader.weightsEntry.utf8)
        var renamed = 0
        for start in 0...(archive.count - entry.count) where Array(archive[start..<(start + entry.count)]) == entry {
            archive[start + entry.count - 1] = UInt8(ascii: "x")
            renamed += 1
        }
        XCTAssertEqual(renamed, 2)
        let noWeights = try directory.write("no-weights.keras", archive)
        assertFormatError(try ModelFile.open(noWeights), file: "no-weights.keras", contains: ["without 'model.weights.h5'"])
    }

    /// A dataset's dataspace rewritten to declare more elements than it stores: refused from
    /// the header, before anything is allocated.
    func testLyingDatasetShapesAreRefusedBeforeReading() throws {
        let good = try bytes("mlp-weights.h5")
        func dims(_ values: [UInt64]) -> [UInt8] { values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } } }
        let original = dims([64, 48])
        let starts = (0...(good.count - original.count)).filter { Array(good[$0..<($0 + original.count)]) == original }
        XCTAssertFalse(starts.isEmpty, "the (64, 48) kernel's dataspace")
        let directory = try TemporaryDirectory()
        for (name, shape, fragment) in [("huge.h5", [UInt64(64), 1 << 40], "more than the limit"),
                                        ("overflow.h5", [UInt64(1) << 62, 1 << 62], "more elements than Int.max"),
                                        ("longer.h5", [UInt64(64), 49], "but the file stores")] {
            var mutated = good
            for start in starts { mutated.replaceSubrange(start..<(start + 16), with: dims(shape)) }
            let target = try directory.write(name, mutated)
            assertFormatError(try ModelFile.open(target), file: name, contains: ["dense_in", fragment])
        }
    }

    /// Truncations and byte mutations of a legacy file and of a .keras zip: each either reads
    /// or is refused with the file named; none crashes or hangs.
    func testTruncationsAndMutationsNeverCrash() throws {
        let directory = try TemporaryDirectory()
        var generator = SeededRandom(seed: 14)
        var refused = 0
        var total = 0
        for source in ["mlp.h5", "mlp.keras"] {
            let good = try bytes(source)
            let ext = (source as NSString).pathExtension
            var cases: [[UInt8]] = stride(from: 0, to: good.count, by: good.count / 40).map { Array(good.prefix($0)) }
            for _ in 0..<150 {
                var mutated = good
                let position = Int(generator.next() % UInt64(good.count))
                mutated[position] = UInt8(truncatingIfNeeded: generator.next())
                cases.append(mutated)
            }
            for (index, file) in cases.enumerated() {
                let name = "case\(index).\(ext)"
                let target = try directory.write(name, file)
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
        XCTAssertGreaterThan(refused, 80, "of \(total)")
    }
}
