import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// `detX` against WeightWatcher 0.7.7 (tools/make-detx-fixtures.py) on the spectral fixtures'
/// trained model and test matrices.
final class DetXParityTests: XCTestCase {
    static let fixtures = SpectralFixtures.directory.deletingLastPathComponent()

    func testDetXColumnsMatchWeightWatcher() throws {
        let ledger = ParityLedger()
        for model in ["model", "matrices"] {
            var options = AnalysisOptions()
            options.detX = true
            let analysis = try ModelAnalysis.analyze(try ModelFile.open(Self.fixtures.appendingPathComponent("spectral/\(model).pt").path), options: options)
            var theirs = try referenceRows(Self.fixtures.appendingPathComponent("detx/details.json"), run: model)
            // WeightWatcher cuts a Keras-layout kernel into other matrices (DeviationTests).
            theirs["conv_keras"] = nil
            var ours = rows(analysis)
            ours["conv_keras"] = nil
            // A failed fit has no num_pl_spikes in wwn (WeightWatcher: -1), so no ERG_gap.
            for (name, row) in theirs where (row["num_pl_spikes"] as? Int) == -1 {
                XCTAssertNil(ours[name]?["ERG_gap"]?.numberValue, name)
                theirs[name]?["ERG_gap"] = nil
            }
            // The tail of a rank-deficient matrix starts at round-off (3e-14 of 1): its value
            // is noise in both; the counts must agree.
            theirs["rank_deficient"]?["detX_val"] = nil
            theirs["rank_deficient"]?["detX_val_unrescaled"] = nil
            compareRows(ours, theirs, run: model, tolerances: [
                (["detX_num", "num_ERG_spikes", "ERG_gap"], 0),
                (["detX_val", "detX_val_unrescaled"], 1e-9),
            ], ledger: ledger)
        }
        print("parity (detX):\n" + ledger.report)
    }

    func testConstraintEdges() {
        XCTAssertNil(DetXConstraint(eigenvalues: []))
        // A constant spectrum has no tail: WeightWatcher's (0, 0).
        let flat = DetXConstraint(eigenvalues: [2, 2, 2])
        XCTAssertEqual(flat?.count, 0)
        XCTAssertEqual(flat?.value, 2)
        // Mean-1 values [0.5, 0.5, 2]: the tail products 2 and 1 never fall below 1, and the
        // walk ends at index 1 (WeightWatcher's loop never visits index 0): all 3 count.
        let all = DetXConstraint(eigenvalues: [1, 1, 4])
        XCTAssertEqual(all?.count, 3)
        XCTAssertEqual(all?.index, 1)
    }
}
