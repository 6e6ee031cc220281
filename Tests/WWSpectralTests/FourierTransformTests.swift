import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// `fft` (tools/make-fft-fixtures.py): NumPy's real 2-D FFT of a matrix, and WeightWatcher
/// 0.7.7's analyze(fft=True) with its one typo (`skippe`) patched, since unpatched it stops
/// with an AttributeError.
final class FourierTransformTests: XCTestCase {
    static let fixtures = SpectralFixtures.directory.deletingLastPathComponent()
    static let file = fixtures.appendingPathComponent("fft/details.json")

    func testRealPartOfTheTransformMatchesNumPy() throws {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let transform = try XCTUnwrap(json["transform"] as? [String: Any])
        let w = try XCTUnwrap(transform["W"] as? [[Double]])
        let expected = try XCTUnwrap(transform["real_fft2"] as? [[Double]]).flatMap { $0 }
        let matrix = LayerMatrix(rows: w.count, columns: w[0].count, values: w.flatMap { $0 })
        let scale = expected.map(abs).max() ?? 1
        for (mine, theirs) in zip(matrix.fourierRealPart().values, expected) {
            XCTAssertEqual(mine, theirs, accuracy: 1e-14 * scale)
        }
    }

    func testAnalysisOfTheTransformMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        for model in ["model", "matrices"] {
            var options = AnalysisOptions()
            options.fft = true
            let analysis = try ModelAnalysis.analyze(try ModelFile.open(Self.fixtures.appendingPathComponent("spectral/\(model).pt").path), options: options)
            var ours = rows(analysis)
            // WeightWatcher cuts a Keras-layout kernel into other matrices (DeviationTests) and
            // analyses no such layer here.
            ours["conv_keras"] = nil
            var theirs = try referenceRows(Self.file, run: model)
            // A failed fit: WeightWatcher's -1 against wwn's empty fit columns (DeviationTests).
            for (name, row) in theirs where jsonNumber(row["alpha"]) == -1 {
                XCTAssertNil(ours[name]?["alpha"]?.numberValue, name)
                for column in ["alpha", "D", "xmin", "sigma", "num_pl_spikes", "alpha_weighted", "log_alpha_norm"] { theirs[name]?[column] = nil }
            }
            // WeightWatcher swaps N and M of conv_even (DeviationTests).
            theirs["conv_even"]?["N"] = nil
            theirs["conv_even"]?["M"] = nil
            // NumPy 2 transforms float32 weights in single precision (complex64), wwn in double:
            // measured, alpha within 1.2e-7 and lambda_max within 2.7e-8, inside the spec's 1e-6.
            compareRows(ours, theirs, run: model, tolerances: [
                (ParityTests.fitColumns + ["alpha_weighted", "log_alpha_norm"], 1e-6),
                (["norm", "log_norm", "lambda_max", "log_spectral_norm", "stable_rank", "entropy", "xmax"], 1e-6),
                (["N", "M", "num_evals", "num_pl_spikes"], 0),
            ], ledger: ledger)
        }
        print("parity (fft):\n" + ledger.report)
    }
}
