import Foundation
import WWNumerics
@testable import WWSpectral
import WWTables
import XCTest

final class SummaryDeltaPlotTests: XCTestCase {
    func model(scale: Float, extra: Bool = false) throws -> NamedTensors {
        var random = SeededRandom(seed: 21)
        func matrix(_ r: Int, _ c: Int) throws -> Tensor {
            try Tensor(shape: [r, c], values: (0..<(r * c)).map { _ in Float(random.nextNormal()) * scale })
        }
        var entries = [("a.weight", try matrix(120, 40)), ("b.weight", try matrix(90, 60))]
        if extra { entries.append(("c.weight", try matrix(50, 30))) }
        return NamedTensors(source: "m", entries)
    }

    func testDeltaMatchesLayersByNameAndSubtractsABaseline() throws {
        let before = try ModelAnalysis.analyze(try model(scale: 1)).details
        let after = try ModelAnalysis.analyze(try model(scale: 3, extra: true)).details
        let delta = try SpectralDelta(before: before, after: after)
        XCTAssertEqual(delta.layers.rowCount, 2)
        XCTAssertEqual(delta.onlyAfter, ["c.weight"])
        let logNorm = try delta.layers.column(named: "delta_log_norm").compactMap(\.numberValue)
        for value in logNorm { XCTAssertEqual(value, 2 * log10(3), accuracy: 1e-6) }
        let average = try XCTUnwrap(delta.averages.first { $0.name == "delta_alpha" }?.value)
        XCTAssertEqual(average, 0, accuracy: 1e-6)  // float32 rounding of the scaled weights
        let relative = try SpectralDelta(before: before, after: after, baseline: delta.layers)
        for value in try relative.layers.column(named: "delta_log_norm_vs_baseline").compactMap(\.numberValue) {
            XCTAssertEqual(value, 0, accuracy: 1e-12)
        }
        XCTAssertThrowsError(try SpectralDelta(before: DataTable(), after: after))
    }

    func testSummaryNeedsADetailsTable() {
        XCTAssertThrowsError(try SpectralSummary(details: DataTable()))
    }

    func testPlotTablesAreConsistentWithTheFit() throws {
        var random = SeededRandom(seed: 3)
        let values = (0..<500).map { _ in pow(1 - random.nextDouble(), -1 / 1.2) }.sorted()
        let result = try PowerLawAnalysis.fit(eigenvalues: values)
        let tail = SpectralPlotData.tailDensity(fittedValues: result.fittedValues, fit: result.fit)
        XCTAssertGreaterThan(tail.rowCount, 3)
        let xs = try tail.column(named: "x").compactMap(\.numberValue)
        XCTAssertTrue(xs.allSatisfy { $0 >= result.fit.xmin })
        let histogram = SpectralPlotData.linearHistogram(eigenvalues: values, xmin: result.fit.xmin)
        let counts = try histogram.column(named: "count").compactMap(\.numberValue)
        XCTAssertEqual(counts.reduce(0, +), Double(values.filter { $0 > result.fit.xmin / 100 }.count))
        let scan = SpectralPlotData.xminScan(fittedValues: result.fittedValues)
        let distances = try scan.column(named: "D").compactMap(\.numberValue)
        XCTAssertEqual(distances.firstIndex(of: distances.min()!), result.fit.xminIndex)
    }

    func testNumPyHistogramConventions() {
        let histogram = Histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], bins: 5)
        XCTAssertEqual(histogram.counts, [2, 2, 2, 2, 3])  // last bin closed
        XCTAssertEqual(Histogram([3, 3], bins: 2).edges, [2.5, 3, 3.5])  // degenerate range widened
    }

    func testDescribeListsEveryTensor() throws {
        let table = ModelDescription.table(try model(scale: 1).weights)
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(try table.cell(row: 0, column: "shape"), .string("120x40"))
        XCTAssertEqual(try table.cell(row: 1, column: "analysed"), .bool(true))
    }
}
