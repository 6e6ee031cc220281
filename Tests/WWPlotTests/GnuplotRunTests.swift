import Foundation
import XCTest
@testable import WWPlot

final class GnuplotRunTests: XCTestCase {
    func testMissingGnuplotSaysHowToInstallIt() {
        XCTAssertThrowsError(try Gnuplot.locate(environment: ["PATH": "/nonexistent-a:/nonexistent-b"])) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("sudo apt-get install gnuplot-nox"), message)
            XCTAssertTrue(message.contains("WWN_GNUPLOT"), message)
        }
        XCTAssertThrowsError(try Gnuplot.locate(environment: ["WWN_GNUPLOT": "/nonexistent/gnuplot"])) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/gnuplot"), "\(error)")
        }
    }

    func testGnuplotErrorNamesTheOffendingLine() throws {
        let gnuplot = try Gnuplot.locate()
        let scratch = try ScratchDirectory()
        let script = "set terminal dumb\nset output 'x.txt'\nplot x with nosuchstyle\n"
        XCTAssertThrowsError(try gnuplot.run(script, in: scratch.url)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("plot x with nosuchstyle"), message)
            XCTAssertTrue(message.contains("(line 3)"), message)
        }
    }

    func testWarningsDoNotFailARun() throws {
        let gnuplot = try Gnuplot.locate()
        let scratch = try ScratchDirectory()
        let warnings = try gnuplot.run("set terminal dumb\nset output 'x.txt'\nset datafile missing 'NaN'\n$d << E\nNaN NaN\nE\nplot $d using 1:2, x\n", in: scratch.url)
        XCTAssertTrue(warnings.lowercased().contains("warning"), warnings)
    }

    func testAHungGnuplotIsStoppedAfterTheTimeout() throws {
        let gnuplot = try Gnuplot.locate()
        let scratch = try ScratchDirectory()
        let start = Date()
        XCTAssertThrowsError(try gnuplot.run("pause 30\n", in: scratch.url, timeout: 0.5)) { error in
            XCTAssertTrue("\(error)".contains("did not finish within"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testAGnuplotThatDiesEarlyDoesNotHangOrKillTheWriter() throws {
        // `exit` stops reading while a large script is still being written into the pipe.
        let gnuplot = try Gnuplot.locate()
        let scratch = try ScratchDirectory()
        let filler = String(repeating: "# padding padding padding padding padding padding\n", count: 40_000)
        XCTAssertNoThrow(try gnuplot.run("exit\n" + filler, in: scratch.url))
    }
}

final class SavingTests: XCTestCase {
    private let figure = try? Figure.histogram(HistogramInput(values: [1, 2, 2, 3, 3, 3], bins: 3, title: "h"))

    func testSaveUsesTheExtensionAndRefusesToOverwrite() throws {
        let renderer = try makeRenderer()
        let scratch = try ScratchDirectory()
        let figure = try XCTUnwrap(figure)
        for ext in ["png", "svg", "pdf", "txt"] {
            try renderer.save(figure, to: scratch.path("f.\(ext)"))
        }
        try assertRealPNG(try Data(contentsOf: URL(fileURLWithPath: scratch.path("f.png"))))
        XCTAssertTrue(try String(contentsOfFile: scratch.path("f.svg"), encoding: .utf8).contains("<svg"))
        XCTAssertTrue(try String(contentsOfFile: scratch.path("f.pdf"), encoding: .isoLatin1).hasPrefix("%PDF-"))
        XCTAssertTrue(try String(contentsOfFile: scratch.path("f.txt"), encoding: .utf8).contains("h"))

        try "mine".write(toFile: scratch.path("keep.png"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try renderer.save(figure, to: scratch.path("keep.png"))) { error in
            XCTAssertTrue("\(error)".contains("already exists; pass overwrite: true"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: scratch.path("keep.png"), encoding: .utf8), "mine")
        try renderer.save(figure, to: scratch.path("keep.png"), overwrite: true)
        try assertRealPNG(try Data(contentsOf: URL(fileURLWithPath: scratch.path("keep.png"))))
        // No temporary files are left beside the output.
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
        XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") }, [])
    }

    func testSaveErrorsNameTheProblem() throws {
        let renderer = try makeRenderer()
        let scratch = try ScratchDirectory()
        let figure = try XCTUnwrap(figure)
        XCTAssertThrowsError(try renderer.save(figure, to: scratch.path("f.bmp"))) { XCTAssertTrue("\($0)".contains(".png, .svg, .pdf, .txt"), "\($0)") }
        XCTAssertThrowsError(try renderer.save(figure, to: scratch.path("missing/f.png"))) { XCTAssertTrue("\($0)".contains("does not exist"), "\($0)") }
        XCTAssertThrowsError(try renderer.save(figure, to: scratch.url.path)) { XCTAssertTrue("\($0)".contains("is a directory") || "\($0)".contains("format"), "\($0)") }
    }
}

final class FigureDataTests: XCTestCase {
    func testLinearHistogramDensityIntegratesToOne() {
        let h = Binning.linear([0, 1, 1, 2, 3, 3, 3, 4], bins: 4)
        XCTAssertEqual(h.centers, [0.5, 1.5, 2.5, 3.5])
        XCTAssertEqual(zip(h.heights, h.widths).reduce(0) { $0 + $1.0 * $1.1 }, 1, accuracy: 1e-12)
        // The maximum falls in the last bin, as numpy's closed last bin.
        XCTAssertEqual(Binning.linear([0, 1, 1, 2, 3, 3, 3, 4], bins: 4, density: false).heights, [1, 2, 1, 4])
    }

    func testLogarithmicBinsCoverThePositiveValues() {
        let values = (0..<1000).map { pow(10, Double($0) / 333.0) }
        let h = Binning.logarithmic(values, binsPerDecade: 10)
        XCTAssertEqual(h.centers.count, 30)
        XCTAssertEqual(zip(h.heights, h.widths).reduce(0) { $0 + $1.0 * $1.1 }, 1, accuracy: 1e-9)
        XCTAssertEqual(Binning.logarithmic([-1, 0, 5]).centers, [])
    }

    func testLinearFit() throws {
        let fit = try XCTUnwrap(LinearFit(x: [1, 2, 3, 4], y: [3, 5, 7, 9]))
        XCTAssertEqual(fit.slope, 2, accuracy: 1e-12)
        XCTAssertEqual(fit.intercept, 1, accuracy: 1e-12)
        XCTAssertNil(LinearFit(x: [1, 1], y: [1, 2]))
        XCTAssertNil(LinearFit(x: [1], y: [1]))
    }

    func testMarchenkoPasturDensityIntegratesToOne() {
        for q in [1.0, 2.0, 4.0] {
            let mp = MarchenkoPasturOverlay(sigma: 0.8, q: q)
            let (a, b) = mp.support
            let steps = 200_000
            let dx = (b - a) / Double(steps)
            let area = (0..<steps).reduce(0.0) { $0 + mp.density(a + (Double($1) + 0.5) * dx) * dx }
            XCTAssertEqual(area, 1, accuracy: 2e-3, "Q = \(q)")
        }
    }

    func testQuotingNeverLeavesARawQuoteBacktickOrAt() {
        let text = "it's \"x\" `y` @z '''' \n end"
        let quoted = GnuplotText.quoted(text)
        XCTAssertEqual(quoted, #"'it' . "\047" . 's ' . "\042" . 'x' . "\042" . ' ' . "\140" . 'y' . "\140" . ' ' . "\100" . 'z ' . "\047" . "\047" . "\047" . "\047" . '   end'"#)
        XCTAssertEqual(GnuplotText.quoted(""), "''")
        XCTAssertEqual(GnuplotText.tickLabel("50%"), "'50%%'")
        XCTAssertEqual(GnuplotText.quoted(String(repeating: "a", count: 400)).count, PlotLimits.maxTextLength + 3)
        XCTAssertEqual(GnuplotText.number(.nan), "NaN")
        XCTAssertEqual(GnuplotText.number(.infinity), "NaN")
        XCTAssertEqual(GnuplotText.number(3), "3")
        XCTAssertEqual(Double(GnuplotText.number(0.1 + 0.2)), 0.1 + 0.2)
    }

    func testTickLabelsWithPercentAreCutToWhatGnuplotKeeps() {
        // 30 two-byte letters and " 50%": 64 bytes, cut to 46 bytes and "…" (49 in all).
        XCTAssertEqual(GnuplotText.tickLabel(String(repeating: "é", count: 30) + " 50%"), "'" + String(repeating: "é", count: 23) + "…'")
        XCTAssertEqual(GnuplotText.tickLabel("50% done"), "'50%% done'")
        // Without "%" gnuplot copies the label whole, so it is not cut.
        XCTAssertEqual(GnuplotText.tickLabel(String(repeating: "a", count: 80)), "'" + String(repeating: "a", count: 80) + "'")
    }

    func testALongTickLabelWithPercentShowsItsCut() throws {
        let label = String(repeating: "x", count: 60) + " 100%"
        let figure = try Figure.heatmap(HeatmapInput(values: [[1, 0], [0, 1]], rowLabels: ["a", "b"], columnLabels: [label, "b"]))
        let svg = String(decoding: try makeRenderer().render(figure, as: .svg), as: UTF8.self)
        XCTAssertTrue(svg.contains(">" + String(repeating: "x", count: 46) + "…<"), "the label is cut where wwn cut it, with an ellipsis")
    }

    func testBuildersRejectMismatchedInput() {
        XCTAssertThrowsError(try Figure.scatter(ScatterInput(x: [1, 2], y: [1])))
        XCTAssertThrowsError(try Figure.heatmap(HeatmapInput(values: [[1, 2], [3]], rowLabels: ["a", "b"], columnLabels: ["a", "b"])))
        XCTAssertThrowsError(try Figure.histogram(HistogramInput(values: [.nan])))
        XCTAssertThrowsError(try Figure.esdPanel(ESDPlotInput(eigenvalues: [1, 2], alpha: 2, xmin: 0, xmax: 2, distance: 0.1)))
        XCTAssertThrowsError(try Figure.lines(LinePlotInput(x: [1], y: [1], zoomBand: -1)))
        XCTAssertThrowsError(try Figure.trainingCurves(TrainingHistory(epochs: [1, 2], losses: [("l", [1])], accuracies: [])))
    }

    func testAutomaticLogScaleNeedsThreeDecadesOfPositiveData() {
        XCTAssertTrue(AxisScaling.isLogarithmic(.automatic, values: [0.01, 1, 100]))
        XCTAssertFalse(AxisScaling.isLogarithmic(.automatic, values: [1, 10, 100]))
        XCTAssertFalse(AxisScaling.isLogarithmic(.automatic, values: [-1, 1, 1e6]))
    }
}
