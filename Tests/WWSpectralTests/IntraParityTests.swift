import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import XCTest

/// `intra` against WeightWatcher 0.7.7 (tools/make-intra-fixtures.py) on the spectral fixtures'
/// trained model (64 -> 96 -> 80 -> 24): without the mask, and with the masks WeightWatcher drew
/// (recorded by the script) given to wwn.
final class IntraParityTests: XCTestCase {
    static let fixtures = SpectralFixtures.directory.deletingLastPathComponent()
    static let reference = fixtures.appendingPathComponent("intra/details.json")
    /// WeightWatcher forms the unmasked product in float32 (NumPy keeps the float32 weights),
    /// so its eigenvalues carry float32 rounding that wwn's float32 product reproduces only up
    /// to the order of the sums.
    static let float32Tolerance = 1e-5
    /// The masked product is float64 on both sides (an integer mask promotes the weights), but
    /// its scale is not: NumPy's norm of a float32 matrix is a float32 dot product (BLAS sdot,
    /// several float32 accumulators), whose rounding wwn's float64 sum does not reproduce; every
    /// value of a pair then differs by the same factor (6.9e-8 on the first pair here).
    static let maskedTolerance = 1e-6

    private var model: WeightCollection {
        get throws { try ModelFile.open(Self.fixtures.appendingPathComponent("spectral/model.pt").path) }
    }

    /// WeightWatcher's names end in a space ("1 X 3 ").
    private func theirRows(_ run: String) throws -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: try referenceRows(Self.reference, run: run).map {
            ($0.key.trimmingCharacters(in: .whitespaces), $0.value)
        })
    }

    private func compare(_ analysis: ModelAnalysis, run: String, tolerance: Double, ledger: ParityLedger) throws {
        compareRows(rows(analysis), try theirRows(run), run: run, tolerances: [
            (["layer_id", "N", "M", "num_evals", "num_pl_spikes"], 0),
            (["lambda_max", "norm", "spectral_norm", "stable_rank", "entropy", "alpha", "D", "xmin", "xmax",
              "sigma", "alpha_weighted", "log_alpha_norm", "log_norm", "log_spectral_norm"], tolerance),
        ], ledger: ledger)
    }

    func testDirectProductsMatchWeightWatcher() throws {
        var options = AnalysisOptions()
        options.intra = true
        options.sparsify = false
        let ledger = ParityLedger()
        try compare(try ModelAnalysis.analyze(try model, options: options), run: "direct", tolerance: Self.float32Tolerance, ledger: ledger)
        print("parity (intra, sparsify false):\n" + ledger.report)
    }

    func testMaskedProductsMatchWeightWatcherGivenItsMasks() throws {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.reference)) as? [String: Any])
        let masks = try XCTUnwrap(json["masks"] as? [String]).map { $0.map { $0 == "1" ? 1.0 : 0.0 } }
        var options = AnalysisOptions()
        options.intra = true
        let products = try IntraLayerProducts(model: try model, options: options, sparsify: true, masks: masks)
        let ledger = ParityLedger()
        try compare(try ModelAnalysis.analyze(products: products, options: options), run: "sparsified", tolerance: Self.maskedTolerance, ledger: ledger)
        print("parity (intra, sparsify true, WeightWatcher's masks):\n" + ledger.report)
    }

    func testSeededMasksRepeatAndDifferBySeed() throws {
        var options = AnalysisOptions()
        options.intra = true
        options.seed = 3
        let first = try ModelAnalysis.analyze(try model, options: options)
        let again = try ModelAnalysis.analyze(try model, options: options)
        options.seed = 4
        let other = try ModelAnalysis.analyze(try model, options: options)
        let alphas = { (analysis: ModelAnalysis) in analysis.reports.map { $0.fit?.fit.alpha ?? .nan } }
        XCTAssertEqual(first.reports.map(\.entry.name), ["1 X 3", "3 X 4"])
        XCTAssertEqual(first.reports.map(\.entry.id), [3, 4])
        XCTAssertEqual(alphas(first), alphas(again))
        XCTAssertNotEqual(alphas(first), alphas(other))
    }

    func testPairsThatShareNoDimensionOrHoldAConvolutionAreLeftOut() throws {
        let weights = NamedTensors(source: "pairs", [
            ("a.weight", try Tensor(shape: [20, 30], values: (0..<600).map { sin(Double($0)) })),
            ("b.weight", try Tensor(shape: [40, 50], values: (0..<2000).map { cos(Double($0)) })),
            ("c.weight", try Tensor(shape: [16, 40, 3, 3], values: (0..<5760).map { sin(Double($0) * 0.3) })),
        ])
        var options = AnalysisOptions()
        options.minEigenvalues = 1
        let products = try IntraLayerProducts(model: weights, options: options, sparsify: false)
        XCTAssertTrue(products.weights.isEmpty)
        XCTAssertEqual(products.leftOut.map(\.pair), ["1 X 2", "2 X 3"])
        XCTAssertTrue(products.leftOut[0].reason.contains("share no dimension"), products.leftOut[0].reason)
        XCTAssertTrue(products.leftOut[1].reason.contains("conv2d"), products.leftOut[1].reason)
    }

    func testAlignmentIsWeightWatchersRule() {
        // Linear(64 -> 96) then Linear(96 -> 80), stored (out, in): both transposed.
        XCTAssertTrue(IntraLayerProducts.alignment([96, 64], [80, 96]) == (96, true, true))
        // Already aligned (in, out) Keras kernels: neither.
        XCTAssertTrue(IntraLayerProducts.alignment([64, 96], [96, 80]) == (96, false, false))
        // No repeated size: nothing to align on.
        XCTAssertTrue(IntraLayerProducts.alignment([2, 3], [4, 5]) == (0, false, false))
    }

    func testIntraRefusesOptionsWeightWatcherRefuses() throws {
        var options = AnalysisOptions()
        options.intra = true
        options.randomize = true
        XCTAssertThrowsError(try ModelAnalysis.analyze(try model, options: options)) { error in
            XCTAssertTrue("\(error)".contains("randomize"), "\(error)")
        }
    }
}
