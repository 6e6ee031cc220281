import Foundation
import WWBase
import WWNumerics
@testable import WWSpectral
import XCTest

/// One layer without a model: `ModelAnalysis.analyze(tensor:)` and `LayerSpectrum.pooled`, which
/// must agree with the whole-model analysis (the same scaling, the same hooks).
final class SingleLayerTests: XCTestCase {
    private func gaussian(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var random = SeededRandom(seed: seed)
        return try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(random.nextNormal()) })
    }

    func testTensorAnalysisMatchesTheCollectionsAndReportsProgress() throws {
        let tensor = try gaussian([60, 25], seed: 4)
        let seen = ProgressLog()
        let single = try ModelAnalysis.analyze(tensor: tensor, progress: seen)
        XCTAssertEqual(seen.entries.count, 1, "progress is reported once")
        XCTAssertEqual(seen.entries.first?.done, 1)
        XCTAssertEqual(seen.entries.first?.total, 1)
        XCTAssertEqual(seen.entries.first?.label, "W")
        let whole = try ModelAnalysis.analyze(NamedTensors(source: "m", [("W", tensor)]))
        XCTAssertEqual(single.reports.map(\.fit?.fit.alpha), whole.reports.map(\.fit?.fit.alpha))
        XCTAssertThrowsError(try ModelAnalysis.analyze(tensor: tensor, cancellation: Cancellation { true })) {
            XCTAssertEqual($0 as? SpectralError, .interrupted)
        }
        XCTAssertThrowsError(try ModelAnalysis.analyze(tensor: Tensor([1.0, 2, 3]))) {
            XCTAssertEqual($0 as? SpectralError, .notAMatrix(name: "W", shape: [3]))
        }
    }

    func testPooledSpectrumIsTheAnalysisSpectrum() throws {
        let conv = try gaussian([16, 8, 3, 3], seed: 6)
        let geometry = try XCTUnwrap(LayerGeometry(shape: conv.shape))
        var options = AnalysisOptions(); options.keepEigenvalues = true
        let analysed = try ModelAnalysis.analyze(NamedTensors(source: "m", [("conv.weight", conv)]), options: options)
        let pooled = try LayerSpectrum.pooled(conv, geometry: geometry)
        XCTAssertEqual(pooled.eigenvalues, analysed.reports.first?.spectrum?.eigenvalues)
        // conv2d_norm halves a pooled convolution's eigenvalues (weights scaled by sqrt(1/2)).
        let raw = try LayerSpectrum.pooled(conv, geometry: geometry, conv2dNorm: false)
        for (x, y) in zip(pooled.eigenvalues, raw.eigenvalues) { XCTAssertEqual(x, y / 2, accuracy: 1e-12 * y) }
    }

    func testWeightWatcherScale() throws {
        let conv = try XCTUnwrap(LayerGeometry(shape: [4, 2, 3, 3])), dense = try XCTUnwrap(LayerGeometry(shape: [4, 2]))
        XCTAssertEqual(conv.weightWatcherScale(conv2dNorm: true, pooled: true), (0.5).squareRoot())
        XCTAssertEqual(conv.weightWatcherScale(conv2dNorm: true, pooled: false), (4.5).squareRoot())
        XCTAssertEqual(conv.weightWatcherScale(conv2dNorm: false, pooled: true), 1)
        XCTAssertEqual(dense.weightWatcherScale(conv2dNorm: true, pooled: false), 1)
    }

    func testNonFiniteWeightsHaveNoSpectrum() throws {
        let bad = try Tensor(shape: [3, 2], values: [1.0, .nan, 0, 1, 2, 3])
        XCTAssertThrowsError(try LayerSpectrum.pooled(bad, geometry: XCTUnwrap(LayerGeometry(shape: bad.shape)))) {
            XCTAssertEqual("\($0)", "the weights hold NaN or infinity: they have no spectrum")
        }
    }
}
