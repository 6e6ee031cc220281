import Foundation
import XCTest
@testable import WWPlot

/// gnuplot runs shell commands from several constructs (platform.md): every case below puts
/// one of them into every place user text reaches a figure (titles, axis labels, legend
/// entries, legend title, colour-bar label, tick labels such as column names) and into file
/// names, then checks that the command did not run (its marker file is absent) and that the
/// figure shows the text literally.
final class InjectionTests: XCTestCase {
    /// Payloads with `MARKER` standing for a marker file's absolute path.
    static let payloads: [(name: String, text: String)] = [
        ("backticks", "a `touch MARKER` b"),
        ("backticks in double quotes", "\"`touch MARKER`\""),
        ("system() after a single quote", "x' . system('touch MARKER') . 'y"),
        ("system() after a double quote", "x\" . system(\"touch MARKER\") . \"y"),
        ("set output pipe after a newline", "t'\nset output '|touch MARKER'\nplot 1\n'"),
        ("shell escape after a newline", "t\n!touch MARKER\n"),
        ("shell escape after a carriage return", "t\r!touch MARKER\r"),
        ("load from a pipe", "t'\nload '<touch MARKER'\n#"),
        ("plot from a pipe", "t'\nplot '<touch MARKER' with lines\n#"),
        ("macro", "t'\nm = \"system('touch MARKER')\"\n@m\n'"),
        ("macro after a stray quote", "a\"b' @GPVAL_TERM @m"),
        ("vertical tab and form feed", "t'\u{0B}!touch MARKER\u{0C}'"),
        ("unicode line separator", "t'\u{2028}!touch MARKER\u{2029}'"),
        ("datablock terminator", "t'\nWWN_END_OF_DATA\n!touch MARKER\n'"),
        ("quotes of both kinds", "it's \"quoted\" 'twice' ''"),
        ("doubled apostrophes closing the string", "a '''' b'';!touch MARKER\n'''"),
        ("doubled apostrophes then system()", "''''.system('touch MARKER').''''"),
        ("percent formats in tick labels", "100% %s %d %%"),
        ("enhanced-text markup", "x^{2}_{i} @{/Symbol a} &{gap} ~a{.8-} {/:Bold b}"),
    ]

    private func marker(in scratch: ScratchDirectory, _ index: Int) -> String { scratch.path("marker-\(index)") }

    /// A figure with `text` in every place user text can go.
    private func figure(with text: String) -> Figure {
        var panel = Panel(title: "panel " + text)
        panel.x = Axis(label: "x " + text)
        panel.y = Axis(label: "y " + text)
        panel.legendTitle = "legend " + text
        var series = Series(title: "series " + text, x: [1, 2, 3], y: [2, 1, 3], style: .points(.circle, size: 1))
        series.color = .scale([0, 0.5, 1])
        panel.series = [series]
        panel.colorBar = ColorBar(label: "bar " + text)
        panel.referenceLines = [ReferenceLine(.vertical, at: 2, title: "line " + text)]
        var heatmapPanel = Panel(title: "heatmap")
        heatmapPanel.heatmap = Heatmap(values: [[1, 0.5], [0.5, 1]], rowLabels: ["row " + text, "r2"], columnLabels: ["column " + text, "c2"])
        heatmapPanel.x.ticks = [(0, "column " + text), (1, "c2")]
        heatmapPanel.y.ticks = [(0, "row " + text), (1, "r2")]
        heatmapPanel.colorBar = ColorBar(label: nil, scale: .diverging, lower: -1, upper: 1)
        return Figure(kind: "test", title: "figure " + text, panels: [panel, heatmapPanel], columns: 2,
                      size: FigureSize(width: 1400, height: 600))
    }

    /// The text as it must appear in the SVG: line breaks and vertical spacing shown as
    /// spaces, XML-escaped.
    private func expectedSVGText(_ text: String) -> String {
        var literal = text
        for breaking in ["\n", "\r", "\u{0B}", "\u{0C}", "\u{2028}", "\u{2029}"] {
            literal = literal.replacingOccurrences(of: breaking, with: " ")
        }
        return literal.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    func testNoPayloadRunsAndEveryTextIsShownLiterally() throws {
        let renderer = try makeRenderer()
        let scratch = try ScratchDirectory()
        for (index, payload) in Self.payloads.enumerated() {
            let markerPath = marker(in: scratch, index)
            let text = payload.text.replacingOccurrences(of: "MARKER", with: markerPath)
            let svg = String(decoding: try renderer.render(figure(with: text), as: .svg), as: UTF8.self)
            let png = try renderer.render(figure(with: text), as: .png)
            XCTAssertFalse(FileManager.default.fileExists(atPath: markerPath), "\(payload.name): the injected command ran")
            let size = try PNGImage.size(of: png)
            XCTAssertEqual(size.width, 1400, payload.name)
            let shown = expectedSVGText(text)
            for place in ["figure", "panel", "x", "y", "legend", "series", "bar", "line", "row", "column"] {
                XCTAssertTrue(svg.contains("\(place) \(shown)"), "\(payload.name): \(place) text not shown literally")
            }
        }
    }

    func testPayloadsInGroupNamesOfEveryPlotKind() throws {
        let renderer = try makeRenderer()
        let scratch = try ScratchDirectory()
        for (index, payload) in Self.payloads.enumerated() {
            let markerPath = marker(in: scratch, index)
            let text = payload.text.replacingOccurrences(of: "MARKER", with: markerPath)
            let groups = [text, "b", text, "b"]
            let figures = [
                try Figure.scatter(ScatterInput(x: [1, 2, 3, 4], y: [1, 3, 2, 4], shapeGroups: groups, color: .categories(groups.reversed()),
                                                title: text, xLabel: text, yLabel: text)),
                try Figure.lines(LinePlotInput(x: [1, 2, 1, 2], y: [1, 2, 2, 1], groups: groups, zoomBand: 1, title: text, yLabel: text)),
                try Figure.histogram(HistogramInput(values: [1, 2, 3, 4], groups: groups, bins: 3, title: text, markers: [(2, text)])),
                try Figure.heatmap(HeatmapInput(values: [[1, 0], [0, 1]], rowLabels: [text, "b"], columnLabels: ["a", text], title: text)),
                try Figure.metricVersusAccuracy(MetricAccuracyInput(metric: [1, 2, 3, 4], accuracy: [0.5, 0.6, 0.7, 0.9], groups: groups,
                                                                    title: text, metricLabel: text, groupLabel: text)),
                try Figure.trainingCurves(TrainingHistory(epochs: [1, 2], losses: [(text, [1, 0.5])], accuracies: [("acc", [0.5, 0.7])], title: text)),
                try Figure.esdPanel(ESDPlotInput(eigenvalues: [0.1, 0.5, 1, 2, 4, 8], alpha: 2, xmin: 1, xmax: 8, distance: 0.1,
                                                 layerName: text)),
            ]
            for figure in figures {
                let svg = String(decoding: try renderer.render(figure, as: .svg), as: UTF8.self)
                XCTAssertTrue(svg.contains(expectedSVGText(text)), "\(payload.name) in \(figure.kind): text not shown literally")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: markerPath), "\(payload.name): the injected command ran")
        }
    }

    /// Point labels (scatter) and bar labels (tick labels) are user text too: every payload, and
    /// one string of every character gnuplot treats specially, runs nothing and shows as given.
    func testPayloadsInPointAndBarLabels() throws {
        let renderer = try makeRenderer()
        let scratch = try ScratchDirectory()
        // Shorter than the 49 bytes gnuplot keeps of a tick label holding "%" (see GnuplotText).
        let specials = "'q\" b\\s\nn @m &a {b} x^2_i ~c{.8-} %d `x`"
        let texts = Self.payloads.map(\.text) + [specials]
        for (index, payload) in texts.enumerated() {
            let markerPath = marker(in: scratch, index)
            let text = payload.replacingOccurrences(of: "MARKER", with: markerPath)
            var scatter = ScatterInput(x: [1, 2], y: [1, 2], title: "t")
            scatter.pointLabels = [text, "plain"]
            let figures = [try Figure.scatter(scatter), try Figure.bars(BarInput(labels: [text, "plain"], values: [1, 2]))]
            for figure in figures {
                let svg = String(decoding: try renderer.render(figure, as: .svg), as: UTF8.self)
                XCTAssertTrue(svg.contains(expectedSVGText(text)), "\(figure.kind) label \(index): text not shown literally")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: markerPath), "label \(index): the injected command ran")
        }
    }

    func testPayloadsInFileNamesAreOnlyNames() throws {
        let renderer = try makeRenderer()
        let scratch = try ScratchDirectory()
        let figure = try Figure.histogram(HistogramInput(values: [1, 2, 2, 3], bins: 3))
        for (index, payload) in Self.payloads.enumerated() where !payload.text.contains("\n") && !payload.text.contains("\r") {
            let markerPath = marker(in: scratch, index)
            // A file name cannot hold "/", so the marker is relative to gnuplot's directory and ours.
            let name = payload.text.replacingOccurrences(of: "MARKER", with: "marker-\(index)").replacingOccurrences(of: "/", with: "_") + ".png"
            let path = scratch.path(name)
            try renderer.save(figure, to: path)
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(payload.name): no file at the given name")
            XCTAssertEqual(try PNGImage.size(of: try Data(contentsOf: URL(fileURLWithPath: path))).width, 640)
            XCTAssertFalse(FileManager.default.fileExists(atPath: markerPath), "\(payload.name): the injected command ran")
            XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/marker-\(index)"))
        }
    }

    /// The control: the same payloads, passed to gnuplot unescaped, do run. Without it the
    /// tests above could pass because the payloads were harmless.
    func testUnescapedPayloadsDoRunCommands() throws {
        let gnuplot = try Gnuplot.locate()
        let scratch = try ScratchDirectory()
        let cases = [
            "set title \"`touch MARKER`\"",
            "set title \"x\" . system(\"touch MARKER\") . \"y\"",
            "set output '|touch MARKER'",
            "!touch MARKER",
        ]
        for (index, line) in cases.enumerated() {
            let markerPath = scratch.path("control-\(index)")
            let script = "set terminal dumb\n\(line.replacingOccurrences(of: "MARKER", with: markerPath))\nplot x\n"
            _ = try? gnuplot.run(script, in: scratch.url)
            XCTAssertTrue(FileManager.default.fileExists(atPath: markerPath), "control \(index) did not run: \(line)")
        }
    }
}
