import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// The WeightWatcher 0.7.7 defects wwn fixes (spec "fixes that wwn makes" and the documented
/// intended behaviours), each shown with WeightWatcher's value and wwn's.
final class DeviationTests: XCTestCase {
    func analysis(_ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> ModelAnalysis {
        var options = AnalysisOptions()
        configure(&options)
        return try ModelAnalysis.analyze(try SpectralFixtures.collection("matrices"), options: options)
    }

    func report(_ analysis: ModelAnalysis, _ name: String) throws -> LayerReport {
        try XCTUnwrap(analysis.reports.first { $0.entry.name == name })
    }

    func testFailedFitHasNoAlphaAndIsNotAveraged() throws {
        let reference = try SpectralFixtures.run("default")
        let theirs = try XCTUnwrap(reference.rows["vanishing"])
        // WeightWatcher: alpha -1, "over-trained", and the -1 enters the average.
        XCTAssertEqual(jsonNumber(theirs["alpha"]), -1)
        XCTAssertEqual(theirs["warning"] as? String, "over-trained")
        let result = try analysis()
        let mine = try report(result, "vanishing")
        XCTAssertNil(mine.fit)
        XCTAssertEqual(mine.status, .failed)
        XCTAssertEqual(mine.warning, "fit failed")
        XCTAssertTrue(mine.reason.contains("above 1e-05"), mine.reason)
        let details = result.details
        let row = try XCTUnwrap(details.rowIndices.first { try! details.cell(row: $0, column: "name") == .string("vanishing") })
        XCTAssertEqual(try details.cell(row: row, column: "alpha"), .null)
        let summary = try SpectralSummary(details: details)
        XCTAssertEqual(summary.failedFits, 1)
        let alphas = result.reports.compactMap { $0.fit?.fit.alpha }
        XCTAssertEqual(summary.value("alpha")!, alphas.reduce(0, +) / Double(alphas.count), accuracy: 1e-12)
        let theirMean = try XCTUnwrap(reference.summary["alpha"])
        XCTAssertEqual(theirMean, (alphas.reduce(0, +) - 1) / Double(alphas.count + 1), accuracy: 1e-9)
    }

    func testSvMinIsTheTrueMinimumOverSlices() throws {
        let reference = try SpectralFixtures.run("default")
        let result = try analysis()
        for name in ["conv_torch", "conv_even", "conv_keras"] {
            let mine = try report(result, name)
            let spectrum = try XCTUnwrap(mine.spectrum)
            let theirs = try XCTUnwrap(jsonNumber(reference.rows[name]?["sv_min"]))
            // WeightWatcher's value is the largest of the slices' minima; wwn keeps it for this test.
            XCTAssertLessThanOrEqual(relativeError(spectrum.weightWatcherSingularValueMin, theirs), 1e-9, name)
            XCTAssertLessThan(spectrum.singularValueMin, theirs, name)
            let entry = mine.entry
            let geometry = try XCTUnwrap(entry.geometry)
            let tensor = try SpectralFixtures.collection("matrices").tensor(named: entry.tensorName)
            let smallest = try geometry.matrices(of: tensor, scale: (0.5).squareRoot()).map {
                try gesdd($0.tensor).singularValues.min()!
            }.min()!
            XCTAssertLessThanOrEqual(relativeError(spectrum.singularValueMin, smallest), 1e-9, name)
        }
    }

    func testConvolutionWithEvenKernelAndFewerOutputsReportsTrueNM() throws {
        let reference = try SpectralFixtures.run("mp_fit")
        let theirs = try XCTUnwrap(reference.rows["conv_even"])
        // (16 out, 24 in, 2, 2): WeightWatcher swaps N and M once per slice, 4 times, so reports
        // N = 16 < M = 24 and fits MP with Q = 2/3.
        XCTAssertEqual(jsonNumber(theirs["N"]), 16)
        XCTAssertEqual(jsonNumber(theirs["M"]), 24)
        let result = try analysis { $0.mpFit = true }
        let mine = try report(result, "conv_even")
        XCTAssertEqual(mine.geometry.n, 24)
        XCTAssertEqual(mine.geometry.m, 16)
        XCTAssertEqual(mine.geometry.q, 1.5)
        XCTAssertNotEqual(mine.marchenkoPastur?.sigma, jsonNumber(theirs["sigma_mp"]))
        // Odd kernels swap an odd number of times and come out right in both.
        XCTAssertEqual(jsonNumber(reference.rows["conv_torch"]?["N"]), Double(try report(result, "conv_torch").geometry.n))
    }

    func testClipXmaxReportsTheTrueNumberOfFingers() throws {
        let reference = try SpectralFixtures.run("clip_xmax")
        let result = try analysis { $0.powerLaw.fingerFix = .clipXmax }
        var compared = 0
        for (name, row) in reference.rows {
            guard let theirs = jsonNumber(row["num_fingers"]), let mine = try report(result, name).fit?.fingerCount else { continue }
            // WeightWatcher clips idx eigenvalues but records idx - 1.
            XCTAssertEqual(Double(mine), theirs == 0 ? 0 : theirs + 1, name)
            if theirs > 0 { compared += 1 }
        }
        XCTAssertGreaterThan(compared, 2)
    }

    func testXminPeakRestrictsXminAroundThePeakInsteadOfFailing() throws {
        let reference = try SpectralFixtures.run("xmin_peak")
        XCTAssertTrue(reference.rows.values.allSatisfy { $0["status"] as? String == "failed" })
        let result = try analysis { $0.powerLaw.fingerFix = .xminPeak; $0.keepEigenvalues = true }
        let mine = try report(result, "heavy_t")
        let fit = try XCTUnwrap(mine.fit)
        let values = mine.spectrum!.eigenvalues.filter { $0 > SpectralLimits.fitThreshold }
        let range = try PowerLawAnalysis.peakRange(values, xminMax: nil)
        XCTAssertTrue(range.contains(fit.fit.xmin))
        XCTAssertEqual(range.upperBound / range.lowerBound, 1.5 / 0.95, accuracy: 1e-12)
    }

    func testRandomizationIsSeeded() throws {
        let first = try analysis { $0.randomize = true; $0.seed = 42 }
        let again = try analysis { $0.randomize = true; $0.seed = 42 }
        let other = try analysis { $0.randomize = true; $0.seed = 43 }
        for (a, b) in zip(first.reports, again.reports) {
            XCTAssertEqual(a.random?.maxRandomEigenvalue, b.random?.maxRandomEigenvalue)
            XCTAssertEqual(a.random?.distance, b.random?.distance)
        }
        XCTAssertNotEqual(first.reports.map { $0.random?.distance }, other.reports.map { $0.random?.distance })
    }

    func testKerasLayoutInAStateDictIsDetected() throws {
        // WeightWatcher's state-dict reader assumes (out, in, kh, kw) and cuts a (3, 3, 12, 24)
        // Keras kernel into 288 matrices of 3 x 3.
        let theirs = try XCTUnwrap(SpectralFixtures.run("keras_as_stored").rows["conv_keras"])
        XCTAssertEqual([jsonNumber(theirs["N"]), jsonNumber(theirs["M"]), jsonNumber(theirs["rf"])], [3, 3, 288])
        let result = try analysis { $0.selection = try! LayerSelection(items: [.name("conv_keras")]) }
        let mine = try report(result, "conv_keras")
        XCTAssertEqual(mine.geometry.layout, .kernelFirst)
        XCTAssertEqual([mine.geometry.n, mine.geometry.m, mine.geometry.receptiveField], [24, 12, 9])
        // ... and agrees with WeightWatcher on the same kernel given in PyTorch layout.
        let permuted = try XCTUnwrap(jsonNumber(SpectralFixtures.run("default").rows["conv_keras"]?["alpha"]))
        XCTAssertLessThanOrEqual(relativeError(try XCTUnwrap(mine.fit?.fit.alpha), permuted), 1e-9)
    }

    /// glorot_fix: WeightWatcher 0.7.7 stores the keyword under another key and analyses as
    /// usual (the fixture's two runs agree); wwn scales each layer by sqrt((N + M) / 2), which
    /// leaves alpha and moves log10(lambda_max) by log10((N + M) / 2).
    func testGlorotFixIsAppliedWhereWeightWatcherIgnoresIt() throws {
        let fixtures = SpectralFixtures.directory.deletingLastPathComponent()
        let file = fixtures.appendingPathComponent("glorot/details.json")
        let theirDefault = try referenceRows(file, run: "default")
        let theirGlorot = try referenceRows(file, run: "glorot_fix")
        for (name, row) in theirDefault {
            XCTAssertEqual(jsonNumber(theirGlorot[name]?["log_norm"]), jsonNumber(row["log_norm"]), "WeightWatcher ignores glorot_fix (\(name))")
        }
        let model = try ModelFile.open(fixtures.appendingPathComponent("spectral/model.pt").path)
        var options = AnalysisOptions()
        options.glorotFix = true
        let ours = rows(try ModelAnalysis.analyze(model, options: options))
        for (name, row) in theirDefault {
            let n = try XCTUnwrap(jsonNumber(row["N"])), m = try XCTUnwrap(jsonNumber(row["M"]))
            let alpha = try XCTUnwrap(ours[name]?["alpha"]?.numberValue)
            XCTAssertLessThanOrEqual(relativeError(alpha, try XCTUnwrap(jsonNumber(row["alpha"]))), 1e-9, name)
            let shift = try XCTUnwrap(ours[name]?["log_spectral_norm"]?.numberValue) - (try XCTUnwrap(jsonNumber(row["log_spectral_norm"])))
            XCTAssertEqual(shift, log10((n + m) / 2), accuracy: 1e-12, name)
        }
    }
}
