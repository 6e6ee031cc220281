import Foundation
import XCTest
@testable import WWPlot

/// The shared plot options (`PlotOptions`) and the plots built on them, checked on the
/// generated gnuplot script: what each option must write, and what it must refuse.
final class PlotOptionsTests: XCTestCase {
    private func script(_ figure: Figure, _ format: FigureFormat = .png) -> String {
        FigureScript(figure: figure, format: format, outputPath: "/tmp/out").render()
    }

    private func assertError(_ expression: @autoclosure () throws -> Figure, contains text: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(text), "\(error)", file: file, line: line)
        }
    }

    private let points = ScatterInput(x: [1, 10, 100, 1000], y: [2, 3, 5, 8])

    func testLogAxesAndLimitsReachTheScript() throws {
        let figure = try Figure.scatter(points, options: PlotOptions(logX: true, logY: true, xLimits: AxisLimits(0.5, 2000),
                                                                     yLimits: AxisLimits(1, 10)))
        let text = script(figure)
        XCTAssertTrue(text.contains("set logscale x 10"), text)
        XCTAssertTrue(text.contains("set logscale y 10"), text)
        XCTAssertTrue(text.contains("set xrange [0.5:2000]"), text)
        XCTAssertTrue(text.contains("set yrange [1:10]"), text)
        // Linear when asked, even where the automatic scale would choose log (three decades).
        let linear = script(try Figure.scatter(ScatterInput(x: [0.01, 1, 100], y: [1, 2, 3]), options: PlotOptions(logX: false)))
        XCTAssertFalse(linear.contains("set logscale x"), linear)
        XCTAssertTrue(script(try Figure.scatter(ScatterInput(x: [0.01, 1, 100], y: [1, 2, 3]))).contains("set logscale x 10"))
    }

    func testALogAxisRefusesThePlotsOwnNonPositiveValues() {
        let input = ScatterInput(x: [1, 2, 3], y: [-1, 0, 4])
        assertError(try Figure.scatter(input, options: PlotOptions(logY: true)),
                    contains: "logy: true needs positive y values, but 2 of the 3 are zero or negative (the first: -1)")
        assertError(try Figure.lines(LinePlotInput(x: [0, 1], y: [1, 2]), options: PlotOptions(logX: true)), contains: "logx: true")
        assertError(try Figure.histogram(HistogramInput(values: [0, 1, 2]), options: PlotOptions(logX: true)),
                    contains: "logx: true needs positive values, but 1 of the 3")
        assertError(try Figure.survival(SurvivalInput(values: [0, 1, 2])), contains: "logx: true needs positive x values")
        assertError(try Figure.bars(BarInput(labels: ["a", "b"], values: [0, 1]), options: PlotOptions(logY: true)), contains: "logy: true")
    }

    func testLimitsAreCheckedAndNamed() {
        assertError(try Figure.scatter(points, options: PlotOptions(xLimits: AxisLimits(3, 1))),
                    contains: "xlim must be [lower, upper] with finite numbers and lower < upper, got [3, 1]")
        assertError(try Figure.scatter(points, options: PlotOptions(yLimits: AxisLimits(1, .infinity))), contains: "ylim must be")
        assertError(try Figure.scatter(points, options: PlotOptions(logX: true, xLimits: AxisLimits(0, 10))),
                    contains: "xlim [0, 10] must be positive on the logarithmic x axis")
        // The CCDF's axes are logarithmic by default, so its limits must be positive too.
        assertError(try Figure.survival(SurvivalInput(values: [1, 2, 3]), options: PlotOptions(yLimits: AxisLimits(0, 1))),
                    contains: "ylim [0, 1] must be positive")
        // On an automatic axis, limits through 0 make it linear rather than an error.
        XCTAssertNoThrow(try Figure.scatter(ScatterInput(x: [0.01, 1, 100], y: [1, 2, 3]), options: PlotOptions(xLimits: AxisLimits(-1, 200))))
        assertError(try Figure.lines(LinePlotInput(x: [1, 2], y: [1, 2], zoomBand: 1), options: PlotOptions(logY: true)),
                    contains: "zoom draws its second panel's y axis")
        XCTAssertNoThrow(try Figure.lines(LinePlotInput(x: [1, 2], y: [1, 2], zoomBand: 1), options: PlotOptions(logY: false)),
                         "logy: false is what zoom draws anyway")
        assertError(try Figure.bars(BarInput(labels: ["a"], values: [1]), options: PlotOptions(logX: true)), contains: "takes no logx or xlim")
    }

    func testFigsizeSetsTheTerminalSize() throws {
        let figure = try Figure.histogram(HistogramInput(values: [1, 2, 3]), options: PlotOptions(size: FigureSize(width: 900, height: 300)))
        XCTAssertTrue(script(figure).contains("set terminal pngcairo size 900,300 "), script(figure))
        XCTAssertTrue(script(figure, .svg).contains("set terminal svg size 900,300 "))
        XCTAssertTrue(script(figure, .pdf).contains("set terminal pdfcairo size 8.44in,2.81in "), script(figure, .pdf))
        for size in [FigureSize(width: PlotLimits.minFigureSide - 1, height: 300), FigureSize(width: 300, height: PlotLimits.maxFigureSide + 1)] {
            assertError(try Figure.histogram(HistogramInput(values: [1, 2, 3]), options: PlotOptions(size: size)),
                        contains: "figsize must be [width, height] in pixels, each between 100 and 10000")
        }
    }

    func testOverlayDrawsACurveOverTheDensityHistogram() throws {
        let curve = Curve(x: [0, 1, 2, 3], y: [0, 0.5, 0.25, 0], label: "MP density")
        let figure = try Figure.histogram(HistogramInput(values: [0.5, 1, 1.5, 2, 2.5], bins: 5, density: true),
                                          options: PlotOptions(overlays: [curve]))
        let text = script(figure)
        XCTAssertTrue(text.contains("$d1 << WWN_END_OF_DATA\n0 0\n1 0.5\n2 0.25\n3 0\nWWN_END_OF_DATA"), text)
        XCTAssertTrue(text.contains("$d1 using 1:2 with lines lw 2 dt 1 lc rgb '\(Palette.color(1).hex)' title 'MP density' noenhanced"), text)
        XCTAssertTrue(text.contains("set key top right"), "a labelled overlay shows the legend: \(text)")
        XCTAssertEqual(figure.panels[0].y.label, "density")

        // On a log y axis the curve's zero points are left out, and so are empty bins.
        let logged = try Figure.histogram(HistogramInput(values: [1, 1, 3], bins: 3, density: true), options: PlotOptions(logY: true, overlays: [curve]))
        XCTAssertEqual(logged.panels[0].series[1].x, [1, 2])
        XCTAssertEqual(logged.panels[0].series[0].y.filter { $0 <= 0 }, [])
        XCTAssertEqual(logged.panels[0].series[0].barWidths?.count, logged.panels[0].series[0].x.count)
        XCTAssertNil(logged.panels[0].y.lower, "the histogram's floor of 0 is dropped on a log axis")

        assertError(try Figure.histogram(HistogramInput(values: [1]), options: PlotOptions(overlays: [Curve(x: [1, 2], y: [1])])),
                    contains: "overlay has 2 x values but 1 y values")
        assertError(try Figure.histogram(HistogramInput(values: [1]), options: PlotOptions(overlays: [Curve(x: [.nan], y: [1])])),
                    contains: "overlay needs at least one point with finite x and y")
        let many = [Curve](repeating: curve, count: PlotLimits.maxOverlays + 1)
        assertError(try Figure.histogram(HistogramInput(values: [1]), options: PlotOptions(overlays: many)), contains: "overlay has 13 curves")
    }

    func testHistogramBinsSpanXlimAndStayTheSamplesDensity() throws {
        // Four values in [0, 2], one far out at 100: two bins over xlim [0, 2], density over all five.
        let figure = try Figure.histogram(HistogramInput(values: [0.5, 0.5, 1.5, 1.5, 100], bins: 2, density: true),
                                          options: PlotOptions(xLimits: AxisLimits(0, 2)))
        let bars = figure.panels[0].series[0]
        XCTAssertEqual(bars.x, [0.5, 1.5])
        XCTAssertEqual(bars.y, [0.4, 0.4], "2 of 5 values per unit-wide bin")
        XCTAssertEqual(figure.panels[0].x.upper, 2)
        assertError(try Figure.histogram(HistogramInput(values: [1, 2]), options: PlotOptions(xLimits: AxisLimits(2, 1))), contains: "xlim must be")
    }

    func testLogSpacedHistogramBins() throws {
        let values = (0..<1000).map { pow(10, Double($0) / 333.0) }
        let histogram = Binning.logSpaced(values, bins: 9, range: 1...1000, density: true)
        XCTAssertEqual(histogram.centers.count, 9)
        XCTAssertEqual(zip(histogram.heights, histogram.widths).reduce(0) { $0 + $1.0 * $1.1 }, 1, accuracy: 1e-9)
        // Bars centred on the arithmetic midpoints span exactly their bins.
        XCTAssertEqual(histogram.centers[0] - histogram.widths[0] / 2, 1, accuracy: 1e-12)
        XCTAssertEqual(histogram.centers[8] + histogram.widths[8] / 2, 1000, accuracy: 1e-9)
        XCTAssertEqual(histogram.widths[1] / histogram.widths[0], pow(10, 1.0 / 3), accuracy: 1e-9)

        let figure = try Figure.histogram(HistogramInput(values: values, bins: 9), options: PlotOptions(logX: true))
        let text = script(figure)
        XCTAssertTrue(text.contains("set logscale x 10"), "bars on an explicit log axis: \(text)")
    }

    func testBarChartQuotesItsLabels() throws {
        let figure = try Figure.bars(BarInput(labels: ["fc1", "it's", "50%"], values: [3, .nan, -1], title: "bars"))
        let text = script(figure)
        XCTAssertTrue(text.contains(#"set xtics ('fc1' 0, 'it' . "\047" . 's' 1, '50%%' 2)"#), text)
        XCTAssertTrue(text.contains("with boxes"), text)
        XCTAssertTrue(text.contains("set arrow from graph 0, first 0 to graph 1, first 0"), "a zero line between up and down bars: \(text)")
        XCTAssertFalse(text.contains("set logscale"), text)
        let rotated = try Figure.bars(BarInput(labels: (0..<9).map { "layer \($0)" }, values: (0..<9).map(Double.init)))
        XCTAssertTrue(script(rotated).contains("rotate by 45 right"))
        XCTAssertTrue(script(try Figure.bars(BarInput(labels: ["a"], values: [5]), options: PlotOptions(logY: true))).contains("set logscale y 10"))
        assertError(try Figure.bars(BarInput(labels: ["a"], values: [1, 2])), contains: "labels and values must have the same length, got 1 and 2")
        assertError(try Figure.bars(BarInput(labels: [], values: [])), contains: "at least one label")
        assertError(try Figure.bars(BarInput(labels: ["a"], values: [.nan])), contains: "at least one finite value")
    }

    func testEmpiricalSurvivalIsTheFractionAtOrAbove() {
        // powerlaw.ccdf([1, 2, 2, 3, nan]) gives ([1, 2, 3], [1, 0.75, 0.25]).
        let survival = EmpiricalSurvival([2, 3, 1, 2, .nan])
        XCTAssertEqual(survival.x, [1, 2, 3])
        XCTAssertEqual(survival.probability, [1, 0.75, 0.25])
    }

    func testSurvivalPlotDrawsTheFitFromXminScaledByTheTailFraction() throws {
        let values = (1...10).map(Double.init)
        let figure = try Figure.survival(SurvivalInput(values: values, fit: PowerLawLine(alpha: 3, xmin: 4)))
        let text = script(figure)
        XCTAssertTrue(text.contains("set logscale x 10") && text.contains("set logscale y 10"), "log-log by default: \(text)")
        let panel = figure.panels[0]
        XCTAssertEqual(panel.y.label, "P(X ≥ x)")
        let line = panel.series[1]
        XCTAssertEqual(line.x, [4, 5, 6, 7, 8, 9, 10], "drawn at the values from xmin up")
        // P(X >= 4) = 0.7 of the sample, so the line starts on the empirical curve.
        XCTAssertEqual(line.y[0], 0.7, accuracy: 1e-15)
        XCTAssertEqual(line.y[4], 0.7 * pow(8.0 / 4, -2), accuracy: 1e-15)
        XCTAssertEqual(panel.referenceLines.map(\.value), [4])
        XCTAssertFalse(script(try Figure.survival(SurvivalInput(values: values), options: PlotOptions(logX: false))).contains("set logscale x"))

        assertError(try Figure.survival(SurvivalInput(values: values, fit: PowerLawLine(alpha: 1, xmin: 4))), contains: "alpha must be a number above 1")
        assertError(try Figure.survival(SurvivalInput(values: values, fit: PowerLawLine(alpha: 2, xmin: 11))), contains: "xmin 11 is above every value")
        assertError(try Figure.survival(SurvivalInput(values: [.nan])), contains: "at least one finite value")
    }

    func testPointLabelsAreQuotedSetLabelCommands() throws {
        var input = points
        input.pointLabels = ["a", "", "it's @x", "b"]
        let text = script(try Figure.scatter(input))
        XCTAssertTrue(text.contains("set label 1 'a' at first 1, first 2 offset character 0.6, 0.5 left front noenhanced"), text)
        XCTAssertTrue(text.contains(#"set label 2 'it' . "\047" . 's ' . "\100" . 'x' at first 100, first 5"#), text)
        XCTAssertEqual(text.components(separatedBy: "set label ").count - 1, 3, "an empty label writes nothing")
        input.pointLabels = ["a"]
        assertError(try Figure.scatter(input), contains: "labels has 1 texts for 4 points")
        let many = ScatterInput(x: (0...PlotLimits.maxPointLabels).map(Double.init), y: (0...PlotLimits.maxPointLabels).map(Double.init))
        var crowded = many
        crowded.pointLabels = many.x.map { "p\($0)" }
        assertError(try Figure.scatter(crowded), contains: "labels has 501 texts, more than the 500")
    }

    func testTheMarchenkoPasturPanelShowsSigmaInTheFitsUnits() throws {
        var input = Samples.esd()
        // A fit on the spectrum rescaled by W_scale² = 4: sigma_mp 1.1 is 0.55 in the eigenvalues' units.
        input.marchenkoPastur = MarchenkoPasturOverlay(fittedSigma: 1.1, scale: 2, q: 2, bulkEdge: 1.2)
        let figure = try Figure.esdPanel(input)
        let panel = try XCTUnwrap(figure.panels.first { $0.title?.hasPrefix("MP fit") == true })
        XCTAssertEqual(panel.title, "MP fit as mp_fit: σ_mp = 1.1 on λ·W_scale², Q = 2")
        let curve = try XCTUnwrap(panel.series.first { $0.title == "MP density" })
        let same = MarchenkoPasturOverlay(sigma: 0.55, q: 2).support
        XCTAssertEqual(curve.x.first ?? 0, same.lower, accuracy: 1e-12)
        XCTAssertEqual(curve.x.last ?? 0, same.upper, accuracy: 1e-12)
        input.title = "my layer"
        XCTAssertEqual(try Figure.esdPanel(input).title, "my layer")
        input.marchenkoPastur = MarchenkoPasturOverlay(fittedSigma: 1.1, scale: 0, q: 2)
        assertError(try Figure.esdPanel(input), contains: "the Marchenko-Pastur sigma and Q must be positive")
    }
}

/// Each new kind of figure drawn by the real gnuplot, as PNG and SVG: it must draw, and say
/// nothing on standard error (no warning about an empty range, a bad tick or a log of 0).
final class PlotOptionsRenderingTests: XCTestCase {
    static func figures() throws -> [(String, Figure)] {
        let heavy = (1...400).map { pow(Double($0) / 401, -1 / 1.5) }
        var labelled = ScatterInput(x: [1, 10, 100, 1000], y: [2, 30, 5, 800], title: "labelled")
        labelled.pointLabels = ["it's", "\"two\" \\ back", "@{x}^_y & z", "line\nbreak"]
        let mp = MarchenkoPasturOverlay(sigma: 1, q: 2)
        let xs = (0..<100).map { 0.05 * Double($0) }
        var esd = Samples.esd()
        esd.marchenkoPastur = MarchenkoPasturOverlay(fittedSigma: 1.1, scale: 2, q: 2)
        return [
            ("scatter log labels", try Figure.scatter(labelled, options: PlotOptions(logX: true, logY: true, xLimits: AxisLimits(0.5, 2000),
                                                                                    size: FigureSize(width: 500, height: 400)))),
            ("line limits", try Figure.lines(LinePlotInput(x: [1, 2, 3], y: [1, 4, 9]), options: PlotOptions(logY: true, yLimits: AxisLimits(0.5, 20)))),
            ("density histogram with overlay", try Figure.histogram(HistogramInput(values: heavy, bins: 40, density: true),
                                                                    options: PlotOptions(overlays: [Curve(x: xs, y: xs.map(mp.density), label: "MP density")]))),
            ("log histogram", try Figure.histogram(HistogramInput(values: heavy, bins: 30, density: true),
                                                   options: PlotOptions(logX: true, logY: true,
                                                                        overlays: [Curve(x: xs, y: xs.map(mp.density), label: "MP")]))),
            ("bar", try Figure.bars(BarInput(labels: ["fc1", "it's", "50%", "a&b{c}^_d"], values: [3, 1, -2, 0.5], title: "bars"))),
            ("bar log", try Figure.bars(BarInput(labels: ["a", "b"], values: [3, 3000]), options: PlotOptions(logY: true))),
            ("ccdf with fit", try Figure.survival(SurvivalInput(values: heavy, fit: PowerLawLine(alpha: 2.5, xmin: 2)))),
            ("esd with mp units", try Figure.esdPanel(esd)),
        ]
    }

    func testNewPlotsDrawWithoutGnuplotWarnings() throws {
        let gnuplot = try Gnuplot.locate()
        for (name, figure) in try Self.figures() {
            try figure.validate()
            for format in [FigureFormat.png, .svg] {
                let scratch = try ScratchDirectory()
                let output = scratch.path("figure.\(format.fileExtension)")
                let warnings = try gnuplot.run(FigureScript(figure: figure, format: format, outputPath: output).render(), in: scratch.url)
                XCTAssertEqual(warnings.trimmingCharacters(in: .whitespacesAndNewlines), "", "\(name) as \(format.fileExtension)")
                let data = try Data(contentsOf: URL(fileURLWithPath: output))
                if format == .png {
                    try assertRealPNG(data, minimumColors: 4)
                    XCTAssertEqual(try PNGImage.size(of: data).width, figure.size.width, name)
                } else {
                    XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("<svg"), name)
                }
            }
        }
    }
}
