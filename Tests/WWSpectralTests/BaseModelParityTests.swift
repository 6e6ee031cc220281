import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// `base_model` against WeightWatcher 0.7.7 on tools/make-base-model-fixtures.py's files: a
/// tuned model (base + a rank-4 update and noise, plus a new `head`) analysed as W - W_base.
final class BaseModelParityTests: XCTestCase {
    static let directory = SpectralFixtures.directory.deletingLastPathComponent().appendingPathComponent("base-model")

    func open(_ name: String) throws -> WeightCollection {
        try ModelFile.open(Self.directory.appendingPathComponent(name).path)
    }

    func compare(_ analysis: ModelAnalysis, with run: String, ledger: ParityLedger) throws {
        let theirs = try referenceRows(Self.directory.appendingPathComponent("details.json"), run: run)
        let tolerances: ColumnTolerances = [
            (ParityTests.fitColumns + ["num_pl_spikes", "alpha_weighted", "log_alpha_norm"], 1e-6),
            (["norm", "log_norm", "lambda_max", "spectral_norm", "log_spectral_norm", "stable_rank", "entropy", "xmax",
              "N", "M", "rf", "num_evals", "matrix_rank", "layer_id"], 1e-9),
        ]
        compareRows(rows(analysis), theirs, run: run, tolerances: tolerances, ledger: ledger)
    }

    func testTunedMinusBaseMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        let tuned = try open("tuned.safetensors")
        let delta = try BaseModelDelta(model: tuned, base: try open("base.safetensors"), options: AnalysisOptions())
        // Five layers pair by name; the head the base lacks is analysed as it is.
        XCTAssertEqual(delta.partners.count, 5)
        XCTAssertNil(delta.partners["head.weight"])
        try compare(try ModelAnalysis.analyze(delta), with: "with_base", ledger: ledger)
        try compare(try ModelAnalysis.analyze(tuned), with: "without_base", ledger: ledger)
        print("parity (base_model):\n" + ledger.report)
    }

    func testAModelAgainstItselfHasNothingToFit() throws {
        let tuned = try open("tuned.safetensors")
        let delta = try BaseModelDelta(model: tuned, base: tuned, options: AnalysisOptions())
        let zero = try delta.float64Tensor(named: "layers.5.weight")
        XCTAssertTrue(zero.doubleValues.allSatisfy { $0 == 0 })
    }

    func testATransposedBaseIsTransposedAndOtherShapesAreAnError() throws {
        let w = try Tensor(shape: [12, 10], values: (0..<120).map { Double($0) / 7 })
        let model = NamedTensors(source: "m", [("fc.weight", w)])
        let transposedBase = NamedTensors(source: "b", [("fc.weight", try w.transposed())])
        let delta = try BaseModelDelta(model: model, base: transposedBase, options: AnalysisOptions())
        XCTAssertTrue(try delta.float64Tensor(named: "fc.weight").doubleValues.allSatisfy { $0 == 0 })
        let other = NamedTensors(source: "b", [("fc.weight", try Tensor(shape: [12, 11], values: Array(repeating: 0.5, count: 132)))])
        XCTAssertThrowsError(try BaseModelDelta(model: model, base: other, options: AnalysisOptions())) { error in
            XCTAssertTrue("\(error)".contains("fc.weight"), "\(error)")
        }
    }

    /// A Keras checkpoint's kernels are cut in Keras layout; its W - W_base and its LoRA view
    /// must keep saying so, or a 3x3 kernel from 3 to 3 channels is cut the PyTorch way.
    func testWrappersKeepTheKerasKernelLayout() throws {
        let narrow = try ModelFile.open(Self.directory.deletingLastPathComponent().appendingPathComponent("keras/narrow.keras").path)
        XCTAssertTrue(narrow.storesKerasKernelLayout)
        XCTAssertTrue(try BaseModelDelta(model: narrow, base: narrow, options: AnalysisOptions()).storesKerasKernelLayout)
        XCTAssertTrue(try LoRAAdapters(model: narrow, mode: .adapters, order: .automatic).storesKerasKernelLayout)
    }
}
