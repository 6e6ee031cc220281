import XCTest
import WWBase
import WWNumerics
@testable import WWDiversity

/// The one entry point for embeddings picks the path each kernel and weighting needs, and gives
/// exactly the number that path gives on its own.
final class EmbeddingKernelTests: XCTestCase {
    private struct Stop: Error {}

    /// More rows than values per row (the dual path) and fewer (the dense kernel).
    private var tall: Tensor { get throws { try Tensor(rows: [[1, 0, 2], [0, 1, 1], [3, 1, 0], [1, 1, 1], [2, 0, 1]]) } }
    private var wide: Tensor { get throws { try Tensor(rows: [[1, 0, 2, 0.5], [0, 1, 1, 2], [3, 1, 0, 1]]) } }

    func testUnweightedCosineIsTheEmbeddingScore() throws {
        for x in [try tall, try wide] {
            for order in [VendiOrder.shannon, try VendiOrder(2), try VendiOrder(text: "inf")] {
                XCTAssertEqual(try VendiScore.score(embeddings: x, order: order), try EmbeddingVendi.score(x, order: order))
            }
        }
    }

    func testWeightedCosineUsesTheWeightedKernel() throws {
        let weights = [1, 2, 3, 4, 5.0]
        XCTAssertEqual(try VendiScore.score(embeddings: try tall, kernel: .cosine, weights: weights),
                       try VendiScore.score(kernel: SampleKernels.cosine(try tall), weights: weights))
    }

    func testRBFWithAndWithoutWeights() throws {
        for weights in [nil, [3, 1, 1.0]] {
            XCTAssertEqual(try VendiScore.score(embeddings: try wide, kernel: .rbf(sigma: 0.7), weights: weights, order: try VendiOrder(0.5)),
                           try VendiScore.score(kernel: SampleKernels.rbf(try wide, sigma: 0.7), order: try VendiOrder(0.5), weights: weights))
        }
    }

    /// Errors name the argument given; a bad sigma is the RBF kernel's error.
    func testErrorsNameTheArgument() throws {
        let zeroRow = try Tensor(rows: [[1, 0], [0, 0]])
        XCTAssertThrowsError(try VendiScore.score(embeddings: zeroRow, argument: "augmented")) {
            XCTAssertTrue("\($0)".contains("'augmented'"), "\($0)")
        }
        XCTAssertThrowsError(try VendiScore.score(embeddings: zeroRow, weights: [1, 1], argument: "augmented")) {
            XCTAssertTrue("\($0)".contains("'augmented'"), "\($0)")
        }
        XCTAssertThrowsError(try VendiScore.score(embeddings: try wide, kernel: .rbf(sigma: 0))) {
            XCTAssertEqual($0 as? DiversityError, DiversityError("argument 'sigma' must be a finite number > 0, got 0.0"))
        }
        XCTAssertThrowsError(try VendiScore.score(embeddings: try wide, weights: [1, 2])) { XCTAssertTrue($0 is DiversityError) }
    }

    /// The paths that poll the cancellation (dual, RBF) stop with its error.
    func testCancellationStopsThePollingPaths() {
        let cancelled = Cancellation({ true }, error: { Stop() })
        XCTAssertThrowsError(try VendiScore.score(embeddings: try tall, cancellation: cancelled)) { XCTAssertTrue($0 is Stop) }
        XCTAssertThrowsError(try VendiScore.score(embeddings: try wide, kernel: .rbf(sigma: 1), cancellation: cancelled)) { XCTAssertTrue($0 is Stop) }
    }

    /// Stacked images (a data set's features) give the matrix of the same images as a list.
    func testStackedImagesAreSplitIntoTheirImages() throws {
        let values: [Float] = (0..<96).map { index -> Float in Float(index % 17) / 16 }
        let stacked = try Tensor(shape: [3, 2, 4, 4], values: values)
        let images: [Tensor] = try (0..<3).map { index -> Tensor in
            let image: [Double] = values[(index * 32)..<((index + 1) * 32)].map { Double($0) }
            return try Tensor(shape: [2, 4, 4], values: image)
        }
        let fromStack = try EmbeddingVendi.pixelMatrix(stackedImages: stacked, resize: 3, argument: "x")
        XCTAssertEqual(fromStack.shape, [3, 2 * 3 * 3])
        XCTAssertEqual(fromStack.doubleValues, try EmbeddingVendi.pixelMatrix(images, resize: 3, argument: "x").doubleValues)
        let gray = try Tensor(shape: [2, 4, 4], values: Array(values[0..<32]))
        XCTAssertEqual(try EmbeddingVendi.pixelMatrix(stackedImages: gray, resize: 2).shape, [2, 4])
        XCTAssertThrowsError(try EmbeddingVendi.pixelMatrix(stackedImages: try Tensor(rows: [[0.5]]), resize: 2, argument: "data")) {
            XCTAssertTrue("\($0)".hasPrefix("argument 'data' has shape [1, 1]"), "\($0)")
        }
    }
}
