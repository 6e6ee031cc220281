import Foundation
import WWModelFormats
import WWSpectral
import WWTables
import XCTest

/// Keras checkpoints analysed end to end against WeightWatcher 0.7.7 on the Keras model object
/// itself (`ww.WeightWatcher(model=keras_model).analyze()`, tools/make-keras-fixtures.py): the
/// legacy `.h5`, Keras 2's `save_weights` layout and the `.keras` zip give WeightWatcher's rows,
/// and `ww_layer_id` is its Keras `layer_id` (Sequential models and a functional one, whose
/// `model.layers` starts with its InputLayer). `narrow` holds a 3x3 kernel from 3 to 3 channels,
/// which the shape rule alone would take for PyTorch layout.
final class KerasParityTests: XCTestCase {
    static let directory = SpectralFixtures.directory.deletingLastPathComponent().appendingPathComponent("keras")

    static let tolerances: ColumnTolerances = [
        (ParityTests.fitColumns + ["alpha_weighted", "log_alpha_norm", "num_pl_spikes"], 1e-6),
        (["norm", "log_norm", "lambda_max", "spectral_norm", "log_spectral_norm", "stable_rank", "entropy", "sv_max", "xmax",
          "N", "M", "rf", "num_evals", "matrix_rank", "rank_loss", "weak_rank_loss"], 1e-9),
    ]

    /// wwn's rows keyed by WeightWatcher's layer name (the tensor name without `/kernel`).
    func kerasRows(_ analysis: ModelAnalysis) -> [String: [String: Cell]] {
        var rows: [String: [String: Cell]] = [:]
        let table = analysis.details
        for index in table.rowIndices {
            let row = Dictionary(uniqueKeysWithValues: table.row(at: index))
            guard case .string(let name)? = row["name"] else { continue }
            rows[name.hasSuffix("/kernel") ? String(name.dropLast("/kernel".count)) : name] = row
        }
        return rows
    }

    func testKerasFilesMatchWeightWatcherOnTheKerasModel() throws {
        let ledger = ParityLedger()
        for model in ["mlp", "cnn", "functional", "narrow"] {
            let theirs = try referenceRows(Self.directory.appendingPathComponent("\(model).json"), run: "details")
            for file in ["\(model).h5", "\(model)-weights.h5", "\(model).keras"] {
                let collection = try ModelFile.open(Self.directory.appendingPathComponent(file).path)
                let ours = kerasRows(try ModelAnalysis.analyze(collection, options: AnalysisOptions()))
                compareRows(ours, theirs, run: file, tolerances: Self.tolerances, ledger: ledger)
                for (name, reference) in theirs {
                    XCTAssertEqual(ours[name]?["ww_layer_id"]?.numberValue, jsonNumber(reference["layer_id"]), "\(file) \(name): WeightWatcher's Keras layer id")
                    XCTAssertEqual(ours[name]?["layer_type"].flatMap { if case .string(let s) = $0 { return s } else { return nil } },
                                   reference["layer_type"] as? String, "\(file) \(name): layer type")
                }
            }
        }
        print("parity (Keras):\n" + ledger.report)
    }
}
