import Foundation
import XCTest
@testable import WWPlot

/// x tick steps chosen so the labels fit their panel (`TickSpacing`).
final class TickSpacingTests: XCTestCase {
    func testTicksAreSpacedToFitTheirLabels() throws {
        XCTAssertEqual(TickSpacing.gnuplotStep(197_000), 20_000, "gnuplot's own step, as the overprinted ESD showed")
        XCTAssertNil(TickSpacing.linearStep(lower: 0, upper: 197_000, width: 200), "room enough: gnuplot's ticks stay")
        let step = try XCTUnwrap(TickSpacing.linearStep(lower: 0, upper: 197_000, width: 40))
        XCTAssertEqual(step, 50_000)
        XCTAssertLessThanOrEqual(TickSpacing.labelsWidth(lower: 0, upper: 197_000, step: step), 40)
        XCTAssertNil(TickSpacing.logFactor(lower: 1, upper: 1e4, width: 60))
        // Eleven decades, labels up to six characters and a gap of two: every third decade fits 40.
        XCTAssertEqual(TickSpacing.logFactor(lower: 1e-5, upper: 1e6, width: 40), 1000)
        XCTAssertEqual(TickSpacing.logFactor(lower: 1e-5, upper: 1e6, width: 50), 100)

        // A heavy tail in a third of a grid: the lin-lin panel gets a coarser step than gnuplot's.
        var esd = Samples.esd()
        esd.eigenvalues = esd.eigenvalues.map { $0 * 10_000 }
        esd.xmin *= 10_000
        esd.xmax *= 10_000
        esd.candidateXmins = esd.candidateXmins.map { $0 * 10_000 }
        esd.marchenkoPastur = nil
        let text = FigureScript(figure: try Figure.esdPanel(esd), format: .png, outputPath: "/tmp/out").render()
        let steps = text.split(separator: "\n").filter { $0.hasPrefix("set xtics ") && !$0.contains("(") }
        XCTAssertFalse(steps.isEmpty, "no panel got a coarser step:\n\(text)")
    }
}
