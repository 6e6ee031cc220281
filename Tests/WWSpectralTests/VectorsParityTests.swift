import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// `vectors` against WeightWatcher 0.7.7 (tools/make-vectors-fixtures.py) on the spectral
/// fixtures' trained model and test matrices.
final class VectorsParityTests: XCTestCase {
    static let fixtures = SpectralFixtures.directory.deletingLastPathComponent()
    static let columns = ["vec_entropy", "loc_ratio", "part_ratio"].flatMap { metric in
        ["bulk_mean", "bulk_var", "tail_mean", "tail_var"].map { "\($0)_\(metric)" }
    }

    /// WeightWatcher's split (the bulk counts its comparison with xmin gave, recorded by the
    /// script) given to wwn: every column agrees. Where WeightWatcher's split is the rank split
    /// (the xmin eigenvector in the tail), `analyze(vectors: true)` gives the same rows.
    func testLocalizationColumnsMatchWeightWatcherGivenItsSplit() throws {
        let ledger = ParityLedger()
        let file = Self.fixtures.appendingPathComponent("vectors/details.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        for model in ["model", "matrices"] {
            let bulkCounts = try XCTUnwrap(json["\(model)_bulk_counts"] as? [String: Int])
            let weights = try ModelFile.open(Self.fixtures.appendingPathComponent("spectral/\(model).pt").path)
            var options = AnalysisOptions()
            options.vectors = true
            let analysis = try ModelAnalysis.analyze(weights, options: options)
            var theirs = try referenceRows(file, run: model)
            // WeightWatcher cuts a Keras-layout kernel into other matrices (DeviationTests).
            theirs["conv_keras"] = nil
            // Half of this matrix's eigenvalues are zero: any basis of that null space is an
            // answer, so its bulk eigenvectors (and their numbers) are solver-dependent.
            for column in Self.columns where column.hasPrefix("bulk") { theirs["rank_deficient"]?[column] = nil }
            var given: [String: [String: Cell]] = [:], rankSplit: [String: [String: Any]] = [:]
            let ours = rows(analysis)
            for report in analysis.reports where theirs[report.entry.name] != nil {
                let name = report.entry.name
                let tensor = try weights.float64Tensor(named: report.entry.tensorName)
                let scale = report.geometry.weightWatcherScale(conv2dNorm: true, pooled: true, glorotFix: false)
                let matrices = try report.geometry.matrices(of: tensor, scale: scale)
                let count = try XCTUnwrap(report.spectrum?.eigenvalueCount)
                let bulk = try XCTUnwrap(bulkCounts[name], name)
                let localization = try EigenvectorLocalization(matrices: matrices, tailCount: count - bulk)
                given[name] = Dictionary(uniqueKeysWithValues: Self.cells(localization))
                if count - bulk == report.fit?.spikeCount ?? count { rankSplit[name] = theirs[name] }
            }
            compareRows(given, theirs, run: model, tolerances: [(Self.columns, 1e-9)], ledger: ledger)
            XCTAssertFalse(rankSplit.isEmpty)
            compareRows(ours.filter { rankSplit[$0.key] != nil }, rankSplit, run: "\(model) (analyze)",
                        tolerances: [(Self.columns, 1e-9)], ledger: ledger)
            // A failed fit (WeightWatcher's xmin -1) puts every eigenvector in the tail.
            if model == "matrices" {
                for column in Self.columns where column.hasPrefix("bulk") { XCTAssertNil(ours["vanishing"]?[column]?.numberValue, column) }
            }
        }
        print("parity (vectors):\n" + ledger.report)
    }

    private static func cells(_ localization: EigenvectorLocalization) -> [(String, Cell)] {
        let parts: [(String, EigenvectorLocalization.Part?)] = [("bulk", localization.bulk), ("tail", localization.tail)]
        return parts.flatMap { label, part -> [(String, Cell)] in
            let metrics: [(String, EigenvectorLocalization.Moments?)] = [
                ("vec_entropy", part?.entropy), ("loc_ratio", part?.localizationRatio), ("part_ratio", part?.participationRatio),
            ]
            return metrics.flatMap { name, moments -> [(String, Cell)] in
                [("\(label)_mean_\(name)", moments.map { .number($0.mean) } ?? .null),
                 ("\(label)_var_\(name)", moments.map { .number($0.variance) } ?? .null)]
            }
        }
    }

    func testVectorMetricsOfKnownVectors() {
        // A vector on one axis is fully localised; a flat one is spread over all n components.
        let n = 16.0
        XCTAssertEqual(EigenvectorLocalization.localizationRatio([0, 1, 0, 0]), 1)
        XCTAssertEqual(EigenvectorLocalization.participationRatio([0, -1, 0, 0]), 1)
        let flat = [Double](repeating: 1 / n.squareRoot(), count: Int(n))
        XCTAssertEqual(EigenvectorLocalization.localizationRatio(flat), n, accuracy: 1e-12)
        XCTAssertEqual(EigenvectorLocalization.participationRatio(flat), pow(n, 0.25), accuracy: 1e-12)
        // Equal magnitudes centre to 0: NumPy widens the empty range to [-0.5, 0.5], so one bin
        // of width 0.01 holds everything (density 100) and 99 hold only the 1e-10 floor.
        let p = (100 + 1e-10) / (100 + 100e-10), q = 1e-10 / (100 + 100e-10)
        XCTAssertEqual(EigenvectorLocalization.discreteEntropy(flat), -(p * log(p) + 99 * q * log(q)), accuracy: 1e-12)
    }

    func testTailIsTheEigenvectorsAtOrAboveXmin() throws {
        let matrix = LayerMatrix(rows: 3, columns: 3, values: [3, 0, 0, 0, 2, 0, 0, 0, 1])
        let all = try EigenvectorLocalization(matrices: [matrix], tailCount: 3)
        XCTAssertNil(all.bulk)
        XCTAssertEqual(all.tail?.localizationRatio.mean, 1)
        let split = try EigenvectorLocalization(matrices: [matrix], tailCount: 1)
        XCTAssertEqual(split.bulk?.entropy.variance, 0)
        XCTAssertNotNil(split.tail)
    }
}
