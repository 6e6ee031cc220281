import Foundation
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// wwn against WeightWatcher 0.7.7 on the committed fixtures, within the spec's tolerances:
/// eigenvalues 1e-9 (those above 1e-5 lambda_max), fit results 1e-6 with the same xmin,
/// norms/entropy/ranks 1e-9. The documented deviations have their own tests
/// (DeviationTests); this file skips exactly those columns.
final class ParityTests: XCTestCase {
    static let fitColumns = ["alpha", "D", "xmin", "sigma"]
    static let normColumns = ["norm", "log_norm", "lambda_max", "spectral_norm", "log_spectral_norm", "stable_rank",
                              "entropy", "sv_max", "alpha_weighted", "log_alpha_norm", "xmax"]
    static let countColumns = ["matrix_rank", "num_evals", "num_pl_spikes", "rank_loss", "weak_rank_loss", "layer_id", "rf"]

    static let fitDependent: Set<String> = ["alpha", "D", "xmin", "xmax", "sigma", "num_pl_spikes", "alpha_weighted",
                                            "log_alpha_norm", "raw_alpha", "num_fingers"]
    static let qDependent: Set<String> = ["N", "M", "Q", "sigma_mp", "mp_softrank", "bulk_max", "bulk_min", "num_spikes"]

    func analysis(_ group: String, configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> ModelAnalysis {
        var options = AnalysisOptions()
        options.keepEigenvalues = true
        configure(&options)
        return try ModelAnalysis.analyze(try SpectralFixtures.collection(group), options: options)
    }

    func testDefaultAnalysisMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        let result = try analysis("matrices")
        try compare("default", result, columns: Self.fitColumns, tolerance: 1e-6, ledger: ledger)
        try compare("default", result, columns: Self.normColumns + Self.countColumns, tolerance: 1e-9, ledger: ledger)
        let reference = try SpectralFixtures.run("default")
        for row in reference.rows.values {
            let name = row["name"] as? String ?? ""
            guard let mine = rows(result)[name] else { continue }
            XCTAssertEqual(mine["status"], .string(row["status"] as? String ?? ""), name)
            if row["status"] as? String != "failed" {
                XCTAssertEqual(mine["warning"], .string(row["warning"] as? String ?? ""), name)
            }
            // N, M, Q agree except where WeightWatcher swaps them (DeviationTests).
            if name != "conv_even" && row["status"] as? String != "failed" {
                for column in ["N", "M", "Q"] {
                    ledger.record("default.\(column)", name, ours: mine[column]?.numberValue ?? .nan,
                                  theirs: jsonNumber(row[column]) ?? .nan, tolerance: 0)
                }
            }
        }
        print("parity (default):\n" + ledger.report)
    }

    func testEigenvaluesMatchWeightWatcherSVD() throws {
        let result = try analysis("matrices")
        let reference = try SpectralFixtures.run("default")
        var worst = 0.0
        for report in result.reports {
            guard let theirs = reference.eigenvalues[report.entry.name], let mine = report.spectrum?.eigenvalues else {
                XCTFail("no eigenvalues for \(report.entry.name)"); continue
            }
            XCTAssertEqual(mine.count, theirs.count, report.entry.name)
            let top = theirs.max() ?? 0
            for (a, b) in zip(mine, theirs) where b > 1e-5 * top {
                worst = max(worst, relativeError(a, b))
                XCTAssertLessThanOrEqual(relativeError(a, b), 1e-9, "\(report.entry.name): \(a) vs \(b)")
            }
        }
        print(String(format: "parity eigenvalues: max relative error %.2e", worst))
    }

    func testUnpooledSlicesMatchWeightWatcher() throws {
        let ledger = ParityLedger()
        let result = try analysis("matrices") { $0.pool = false }
        try compare("no_pool", result, columns: Self.fitColumns, tolerance: 1e-6, ledger: ledger)
        try compare("no_pool", result, columns: Self.normColumns + Self.countColumns + ["slice_id"], tolerance: 1e-9, ledger: ledger)
        print("parity (pool = false):\n" + ledger.report)
    }

    func testWithoutConv2DNormMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        let result = try analysis("matrices") { $0.conv2dNorm = false }
        try compare("no_conv2d_norm", result, columns: Self.fitColumns, tolerance: 1e-6, ledger: ledger)
        try compare("no_conv2d_norm", result, columns: Self.normColumns + Self.countColumns, tolerance: 1e-9, ledger: ledger)
    }

    func testXmaxClipMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        let result = try analysis("matrices") { $0.powerLaw.clipTop = 3 }
        try compare("xmax_clip", result, columns: Self.fitColumns + ["num_pl_spikes", "xmax"], tolerance: 1e-6, ledger: ledger)
    }

    func testClipXmaxFingerFixMatchesWeightWatcherExceptTheFingerCount() throws {
        let ledger = ParityLedger()
        let result = try analysis("matrices") { $0.powerLaw.fingerFix = .clipXmax }
        try compare("clip_xmax", result, columns: Self.fitColumns + ["raw_alpha", "xmax", "num_pl_spikes"], tolerance: 1e-6, ledger: ledger)
        print("parity (clip_xmax):\n" + ledger.report)
    }

    func testMPFitMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        let result = try analysis("matrices") { $0.mpFit = true }
        try compare("mp_fit", result, columns: ["sigma_mp", "mp_softrank", "bulk_max", "bulk_min", "W_scale", "num_spikes"],
                    tolerance: 1e-6, ledger: ledger, skipping: [])
        print("parity (mp_fit):\n" + ledger.report)
    }

    func testLayerSelectionMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        let byID = try analysis("matrices") { $0.selection = try! LayerSelection(items: [.id(1), .id(3), .id(7)]) }
        try compare("layers_ids", byID, columns: ["alpha", "layer_id"], tolerance: 1e-6, ledger: ledger)
        let excluding = try analysis("matrices") { $0.selection = try! LayerSelection(items: [.name("-heavy_t"), .name("-tiny")]) }
        try compare("layers_exclude", excluding, columns: ["alpha", "layer_id"], tolerance: 1e-6, ledger: ledger)
    }

    func testTorchModelMatchesWeightWatcher() throws {
        let ledger = ParityLedger()
        let result = try analysis("model") { $0.mpFit = true }
        try compare("model", result, columns: Self.fitColumns + ["sigma_mp", "mp_softrank", "bulk_max", "num_spikes"], tolerance: 1e-6, ledger: ledger)
        try compare("model", result, columns: Self.normColumns + Self.countColumns + ["N", "M", "Q"], tolerance: 1e-9, ledger: ledger)
        let summary = try SpectralSummary(details: result.details)
        let reference = try SpectralFixtures.run("model").summary
        for (key, value) in reference {
            guard let mine = summary.value(key) else { XCTFail("summary has no \(key)"); continue }
            ledger.record("model.summary.\(key)", "model", ours: mine, theirs: value, tolerance: 1e-6)
        }
        print("parity (model):\n" + ledger.report)
    }

    func testRandomizedMetricsAreCloseToWeightWatchersUnseededDraws() throws {
        // WeightWatcher's shuffles are unseeded, so only the scale can be compared.
        let result = try analysis("matrices") { $0.randomize = true; $0.seed = 1 }
        let reference = try SpectralFixtures.run("randomize")
        let ours = rows(result)
        for (key, theirs) in reference.rows where (jsonNumber(theirs["num_evals"]) ?? 0) >= 48 {
            guard let mine = ours[key] else { XCTFail(key); continue }
            for column in ["max_rand_eval", "ww_softrank"] {
                let a = mine[column]?.numberValue ?? .nan, b = jsonNumber(theirs[column]) ?? .nan
                XCTAssertLessThan(relativeError(a, b), 0.25, "\(key).\(column): \(a) vs \(b)")
            }
            let a = mine["rand_distance"]?.numberValue ?? .nan, b = jsonNumber(theirs["rand_distance"]) ?? .nan
            XCTAssertLessThan(abs(a - b), 0.1, "\(key).rand_distance: \(a) vs \(b)")
        }
    }
}

/// The comparison helpers, for every parity test (ParityTests on in-memory fixtures,
/// ModelFileParityTests on the same tensors read through WWModelFormats).
extension XCTestCase {
    func rows(_ analysis: ModelAnalysis) -> [String: [String: Cell]] {
        let table = analysis.details
        var rows: [String: [String: Cell]] = [:]
        for index in table.rowIndices {
            let row = Dictionary(uniqueKeysWithValues: table.row(at: index))
            guard case .string(let name)? = row["name"] else { continue }
            let key = row["slice_id"].flatMap { $0.numberValue }.map { "\(name):\(Int($0))" } ?? name
            rows[key] = row
        }
        return rows
    }

    /// Compares every row and the listed columns; layers whose true N/M differ from
    /// WeightWatcher's swapped ones skip N, M, Q (and the MP columns that depend on Q).
    func compare(_ label: String, _ analysis: ModelAnalysis, columns: [String], tolerance: Double,
                 ledger: ParityLedger, skipping skip: Set<String> = []) throws {
        let reference = try SpectralFixtures.run(label)
        let ours = rows(analysis)
        XCTAssertEqual(Set(ours.keys), Set(reference.rows.keys), "\(label): analysed layers differ")
        for (key, theirs) in reference.rows {
            guard let mine = ours[key] else { continue }
            // WeightWatcher swaps N and M of conv_even (DeviationTests), so its Q, and the MP
            // fit that depends on Q, differ there by design.
            let swapped = key.hasPrefix("conv_even")
            // A failed WeightWatcher fit reports -1 for the fit columns; wwn reports none
            // (DeviationTests.testFailedFitHasNoAlphaAndIsNotAveraged).
            let failed = theirs["status"] as? String == "failed"
            if failed { XCTAssertEqual(mine["status"], .string("failed"), "\(label) \(key)") }
            for column in columns where !skip.contains(column) && !(swapped && ParityTests.qDependent.contains(column))
                && !(failed && ParityTests.fitDependent.contains(column)) {
                guard let theirValue = jsonNumber(theirs[column]) else { continue }
                guard let myValue = mine[column]?.numberValue else {
                    XCTFail("\(label) \(key): wwn has no \(column) (WeightWatcher \(theirValue))"); continue
                }
                ledger.record("\(label).\(column)", key, ours: myValue, theirs: theirValue, tolerance: tolerance)
            }
        }
    }
}
