import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// `peft` against WeightWatcher 0.7.7 on tools/make-peft-fixtures.py's file: PEFT-named LoRA
/// adapters (rank 8) on four 64 x 48 projections, and a head without one.
final class PeftParityTests: XCTestCase {
    static let directory = SpectralFixtures.directory.deletingLastPathComponent().appendingPathComponent("peft")

    func analysis(_ mode: PeftMode) throws -> ModelAnalysis {
        var options = AnalysisOptions()
        options.peft = mode
        return try ModelAnalysis.analyze(try ModelFile.open(Self.directory.appendingPathComponent("adapted").path), options: options)
    }

    func compare(_ mode: PeftMode, run: String, ledger: ParityLedger) throws {
        let theirs = try referenceRows(Self.directory.appendingPathComponent("details.json"), run: run)
        let ours = rows(try analysis(mode))
        // The products are float32 products as NumPy forms them; measured: every column within
        // 2.1e-14 (the spec's tolerances are asked).
        let tolerances: ColumnTolerances = [
            (ParityTests.fitColumns + ["alpha_weighted", "log_alpha_norm"], 1e-6),
            (["norm", "log_norm", "lambda_max", "spectral_norm", "log_spectral_norm", "stable_rank", "entropy", "xmax"], 1e-6),
            (["N", "M", "num_evals", "matrix_rank", "num_pl_spikes"], 0),
        ]
        for (name, reference) in theirs {
            XCTAssertEqual(ours[name]?["ww_layer_id"]?.numberValue, jsonNumber(reference["layer_id"]), "\(run) \(name): WeightWatcher's id")
        }
        compareRows(ours, theirs, run: run, tolerances: tolerances, ledger: ledger)
    }

    func testAdapterProductsAndMergedWeightsMatchWeightWatcher() throws {
        let ledger = ParityLedger()
        try compare(.adapters, run: "adapters", ledger: ledger)
        try compare(.withBase, run: "with_base", ledger: ledger)
        print("parity (peft):\n" + ledger.report)
    }

    func testTheProductKeepsTheAdaptersIDAndRank() throws {
        let result = try analysis(.adapters)
        let analysed = result.entries.filter(\.isAnalysed)
        XCTAssertEqual(analysed.map(\.tensorName).first, "model.layers.0.self_attn.q_proj.lora_BA.default.weight")
        XCTAssertEqual(Set(analysed.map(\.componentLimit)), [8])
        let skipped = result.entries.first { $0.tensorName == "model.layers.0.self_attn.q_proj.lora_B.default.weight" }
        XCTAssertEqual(skipped?.isAnalysed, false)
        XCTAssertTrue(skipped?.skipReason?.contains("lora_BA") == true)
    }
}
