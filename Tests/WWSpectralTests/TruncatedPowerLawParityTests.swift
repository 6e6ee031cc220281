import Foundation
import WWModelFormats
import WWSpectral
import WWTables
import XCTest

/// `analyze(fit: "TPL")` and `"E_TPL"` against WeightWatcher 0.7.7 with powerlaw 1.5
/// (tools/make-tpl-fixtures.py) on the spectral fixtures' trained model and test matrices.
final class TruncatedPowerLawParityTests: XCTestCase {
    static let fixtures = SpectralFixtures.directory.deletingLastPathComponent()

    func analysis(_ model: String, extended: Bool) throws -> ModelAnalysis {
        var options = AnalysisOptions()
        options.powerLaw.law = .truncatedPowerLaw
        if extended { options.powerLaw.fingerFix = .xminPeak }
        return try ModelAnalysis.analyze(try ModelFile.open(Self.fixtures.appendingPathComponent("spectral/\(model).pt").path), options: options)
    }

    func reference(_ model: String, _ fit: String) throws -> [String: [String: Any]] {
        var rows = try referenceRows(Self.fixtures.appendingPathComponent("tpl/details.json"), run: "\(model)_\(fit)")
        // WeightWatcher cuts a Keras-layout kernel into other matrices (DeviationTests).
        rows["conv_keras"] = nil
        return rows
    }

    func testTruncatedPowerLawMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        for model in ["model", "matrices"] {
            var ours = rows(try analysis(model, extended: false))
            ours["conv_keras"] = nil
            var theirs = try reference(model, "TPL")
            for (name, row) in ours where row["status"] == .string("success") {
                XCTAssertTrue(row["sigma"]?.numberValue?.isNaN ?? false, "\(name): sigma of a truncated power law is NaN")
            }
            // A failed fit (the vanishing matrix: too few eigenvalues above 1e-5) has no numbers
            // in wwn; WeightWatcher writes -1.
            for (name, row) in theirs where (row["status"] as? String) == "failed" {
                XCTAssertEqual(ours[name]?["status"], .string("failed"), name)
                XCTAssertNil(ours[name]?["alpha"]?.numberValue, name)
            }
            theirs = theirs.filter { ($0.value["status"] as? String) != "failed" }
            ours = ours.filter { theirs[$0.key] != nil }
            compareRows(ours, theirs, run: "\(model).TPL", tolerances: Self.tolerances, ledger: ledger)
        }
        print("parity (fit TPL):\n" + ledger.report)
    }

    /// `E_TPL` (TPL with `xmin_peak`). WeightWatcher passes powerlaw the xmin range
    /// (log10(0.95 p), 1.5 p), mixing log and linear units (docs/spectral.md, deviation 5); wwn
    /// searches [0.95 p, 1.5 p]. Given WeightWatcher's range, wwn's fit must give its numbers;
    /// with its own range, wwn's E_TPL is the TPL fit restricted to the intended range.
    func testExtendedTPLMatchesWeightWatcherGivenItsRange() throws {
        let ledger = ParityLedger()
        var deviating: [String] = []
        for model in ["model", "matrices"] {
            var options = AnalysisOptions()
            options.keepEigenvalues = true
            options.powerLaw.law = .truncatedPowerLaw
            options.powerLaw.fingerFix = .xminPeak
            let analysis = try ModelAnalysis.analyze(try ModelFile.open(Self.fixtures.appendingPathComponent("spectral/\(model).pt").path), options: options)
            let theirs = try reference(model, "E_TPL")
            let wwnRows = rows(analysis)
            for report in analysis.reports {
                let name = report.entry.name
                guard let reference = theirs[name], let eigenvalues = report.spectrum?.eigenvalues else { continue }
                let values = eigenvalues.filter { $0 > SpectralLimits.fitThreshold }.sorted()
                let intended = try? PowerLawAnalysis.peakRange(values, xminMax: nil)
                let fit = intended.flatMap { range -> PowerLawFit? in
                    let peak = range.lowerBound / SpectralLimits.peakLowerFactor
                    let weightWatchers = log10(SpectralLimits.peakLowerFactor * peak)...(SpectralLimits.peakUpperFactor * peak)
                    return try? PowerLawMethod.truncatedPowerLaw.fit(values, weightWatchers)
                }
                guard (reference["status"] as? String) == "success", let intended else {
                    XCTAssertNil(fit, "\(model) \(name): WeightWatcher's E_TPL failed")
                    XCTAssertEqual(wwnRows[name]?["status"], .string("failed"), "\(model) \(name): no candidate in the intended range either")
                    continue
                }
                let ours = try XCTUnwrap(fit, "\(model) \(name)")
                let spikes = eigenvalues.filter { $0 >= ours.xmin }.count
                ledger.record("\(model).E_TPL.num_pl_spikes", name, ours: Double(spikes), theirs: try XCTUnwrap(jsonNumber(reference["num_pl_spikes"])), tolerance: 0)
                for (column, value, tolerance) in [("xmin", ours.xmin, 1e-12), ("alpha", ours.alpha, 1e-9), ("Lambda", ours.truncationRate ?? .nan, 1e-9), ("D", ours.ksDistance, 1e-9)] {
                    ledger.record("\(model).E_TPL.\(column)", name, ours: value, theirs: try XCTUnwrap(jsonNumber(reference[column])), tolerance: tolerance)
                }
                // wwn's own E_TPL row: the same fit on the intended range.
                let own = try PowerLawMethod.truncatedPowerLaw.fit(values, intended)
                XCTAssertEqual(wwnRows[name]?["xmin"]?.numberValue, own.xmin, "\(model) \(name)")
                XCTAssertEqual(wwnRows[name]?["Lambda"]?.numberValue, own.truncationRate, "\(model) \(name)")
                if own.xmin != ours.xmin { deviating.append("\(model) \(name)") }
            }
        }
        print("parity (fit E_TPL, WeightWatcher's range):\n" + ledger.report)
        print("E_TPL rows whose xmin differs with the intended range: \(deviating)")
    }

    /// Tolerances (relative): the spike count is exact (the same candidate is chosen); xmin is
    /// that eigenvalue, equal to the eigenvalues' rounding (1e-12); alpha, Lambda and D follow
    /// SciPy's Nelder-Mead step for step and differ by rounding only.
    static let tolerances: ColumnTolerances = [
        (["num_pl_spikes"], 0),
        (["xmin"], 1e-12),
        (["alpha", "Lambda", "D"], 1e-9),
    ]
}
