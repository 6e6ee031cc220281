import WWData
import WWNumerics
@testable import WWNeural
import XCTest

/// A network trained or run on an image set kept as bytes gives exactly what it gives on the
/// same set as float32: the bytes become the same floats, one batch at a time.
final class PixelBytesTrainingTests: XCTestCase {
    func pair(count: Int) throws -> (bytes: Dataset, floats: Dataset) {
        var random = SeededRandom(seed: 16)
        let bytes = (0..<(count * 12)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let labels = (0..<count).map { $0 % 3 }
        let byteSet = try Dataset(name: "b", pixels: try PixelBytes(shape: [count, 3, 2, 2], bytes: bytes), labels: labels, classNames: ["a", "b", "c"])
        let floatSet = try Dataset(name: "b", features: try Tensor(shape: [count, 3, 2, 2], values: bytes.map { Float($0) / 255 }),
                                   labels: labels, classNames: ["a", "b", "c"])
        return (byteSet, floatSet)
    }

    func testTrainingAndInferenceMatchTheFloatSet() throws {
        // More samples than one inference chunk, so chunked conversion is exercised.
        let (bytes, floats) = try pair(count: NeuralLimits.inferenceBatchSize + 29)
        var options = TrainingOptions()
        options.batchSize = 16
        options.epochs = 2
        options.seed = 3
        options.learningRate = 0.1
        options.cancellation = .never
        let onBytes = try Network.mlp(widths: [12, 7, 3], seed: 5)
        let onFloats = try Network.mlp(widths: [12, 7, 3], seed: 5)
        let a = try onBytes.train(on: bytes.flattened(), options: options)
        let b = try onFloats.train(on: floats.flattened(), options: options)
        XCTAssertEqual(onBytes.parameterVector(), onFloats.parameterVector())
        XCTAssertEqual("\(a)", "\(b)")
        XCTAssertEqual(try onBytes.logits(for: bytes.flattened()), try onFloats.logits(for: floats.flattened()))
        XCTAssertEqual(try onBytes.representations(for: bytes.flattened(), at: [-1, 0]), try onFloats.representations(for: floats.flattened(), at: [-1, 0]))
        let batch = try bytes.flattened().samples(at: [4, 1, 9])
        let floatBatch = try floats.flattened().samples(at: [4, 1, 9])
        let g1 = try onBytes.lossAndGradient(batch: batch), g2 = try onFloats.lossAndGradient(batch: floatBatch)
        XCTAssertEqual(g1.loss, g2.loss)
        XCTAssertEqual(g1.gradient, g2.gradient)
    }
}
