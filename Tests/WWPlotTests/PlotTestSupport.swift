import Foundation
import WWNumerics
import XCTest
@testable import WWPlot

extension SeededRandom {
    /// Uniform in (0, 1]: never 0, so Pareto draws `u^(-1/(alpha-1))` stay finite.
    mutating func uniform() -> Double { 1 - nextDouble() }
}

enum Samples {
    /// A bulk of small eigenvalues plus a Pareto tail of exponent `alpha`, with the candidate
    /// scan of a continuous power-law fit (Clauset MLE and KS distance), as an analysis gives.
    static func esd(alpha: Double = 2.5, count: Int = 400, seed: UInt64 = 7) -> ESDPlotInput {
        var random = SeededRandom(seed: seed)
        var values: [Double] = []
        for i in 0..<count {
            if i % 3 == 0 {
                values.append(1.0 * pow(random.uniform(), -1 / (alpha - 1)))
            } else {
                values.append(0.05 + 0.9 * random.uniform() * random.uniform())
            }
        }
        values.sort()
        var xmins: [Double] = [], distances: [Double] = [], alphas: [Double] = []
        for i in 0..<(values.count - 8) {
            let tail = values[i...]
            let n = Double(tail.count)
            let sumLog = tail.reduce(0) { $0 + log($1 / values[i]) }
            let a = 1 + n / sumLog
            var d = 0.0
            for (k, x) in tail.enumerated() {
                d = max(d, abs(1 - pow(x / values[i], 1 - a) - Double(k) / n))
            }
            xmins.append(values[i]); distances.append(d); alphas.append(a)
        }
        let best = distances.indices.min { distances[$0] < distances[$1] } ?? 0
        return ESDPlotInput(eigenvalues: values, alpha: alphas[best], xmin: xmins[best], xmax: values.last ?? 1,
                            distance: distances[best], candidateXmins: xmins, candidateDistances: distances,
                            candidateAlphas: alphas, marchenkoPastur: MarchenkoPasturOverlay(sigma: 0.55, q: 2),
                            randomizedEigenvalues: values.map { 0.5 + 0.2 * sin($0 * 37) }, layerName: "layer 3")
    }

    /// One figure of every kind, each with its name.
    static func everyKind() throws -> [(String, Figure)] {
        var random = SeededRandom(seed: 11)
        let kinds = ["baseline", "dropout", "weight decay", "augmentation"]
        let n = 40
        let x = (0..<n).map { _ in random.nextNormal() }
        let y = x.map { 0.5 * $0 + 0.3 * random.nextNormal() }
        let groups = (0..<n).map { kinds[$0 % kinds.count] }
        let strengths = (0..<n).map { Double($0 % 5) }
        let scores = (0..<n).map { _ in random.uniform() * 10 }
        let layers = (0..<n).map { Double($0 / kinds.count) }
        var scatter = ScatterInput(x: x, y: y, shapeGroups: groups, sizes: strengths, color: .values(scores),
                                   title: "scale against shape", xLabel: "Δ alpha", yLabel: "Δ log norm")
        scatter.shapeLabel = "kind"; scatter.sizeLabel = "strength"; scatter.colorLabel = "diversity"
        let correlation = [[1, 0.8, -0.3], [0.8, 1, -0.55], [-0.3, -0.55, 1]]
        let epochs = (1...10).map(Double.init)
        return [
            ("esd", try Figure.esdPanel(esd())),
            ("scatter", try Figure.scatter(scatter)),
            ("line", try Figure.lines(LinePlotInput(x: layers, y: y.map { $0 * 0.1 }, groups: groups, zoomBand: 0.05,
                                                     title: "Δ alpha across layers", xLabel: "layer", yLabel: "Δ alpha"))),
            ("histogram", try Figure.histogram(HistogramInput(values: x, groups: groups.map { $0 == "baseline" ? "a" : "b" }, bins: 12,
                                                              title: "values", xLabel: "x", markers: [(0, "zero")]))),
            ("heatmap", try Figure.heatmap(HeatmapInput(values: correlation, rowLabels: ["vendi", "accuracy", "Δ alpha"],
                                                        columnLabels: ["vendi", "accuracy", "Δ alpha"], title: "correlations"))),
            ("metric", try Figure.metricVersusAccuracy(MetricAccuracyInput(metric: x, accuracy: y.map { 0.8 + 0.05 * $0 }, groups: groups,
                                                                          title: "alpha against accuracy", metricLabel: "alpha"))),
            ("training", try Figure.trainingCurves(TrainingHistory(epochs: epochs,
                                                                   losses: [("train_loss", epochs.map { 2 / $0 }), ("test_loss", epochs.map { 2.2 / $0 + 0.02 * $0 })],
                                                                   accuracies: [("train_acc", epochs.map { 1 - 0.5 / $0 }), ("test_acc", epochs.map { 0.9 - 0.5 / $0 })]))),
        ]
    }
}

/// A fresh directory for one test's files, removed at the end.
final class ScratchDirectory {
    let url: URL
    init() throws {
        // Short, so paths in injected text keep tick labels short enough for gnuplot to draw them.
        url = FileManager.default.temporaryDirectory.appendingPathComponent("wwp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

extension XCTestCase {
    func makeRenderer() throws -> FigureRenderer {
        try FigureRenderer.locate()
    }

    /// Checks a PNG is a real picture: positive size and more than a couple of colours.
    func assertRealPNG(_ data: Data, minimumColors: Int = 3, file: StaticString = #filePath, line: UInt = #line) throws {
        let image = try PNGImage(data: data, rowLimit: 200)
        XCTAssertGreaterThan(image.width, 0, file: file, line: line)
        XCTAssertGreaterThan(image.height, 0, file: file, line: line)
        XCTAssertGreaterThanOrEqual(image.distinctColors, minimumColors, "a flat image", file: file, line: line)
    }
}
