import Foundation
import WWNumerics
@testable import WWSpectral
import XCTest

/// WWFit against WeightWatcher's `WW_powerlaw.WWFit` on synthetic samples (wwfit.json), and
/// its selection semantics on hand-made cases.
final class WWFitTests: XCTestCase {
    func testMatchesWeightWatchersWWFitOnSamples() throws {
        let cases = try SpectralFixtures.json("wwfit.json")["cases"] as? [[String: Any]] ?? []
        XCTAssertEqual(cases.count, 5)
        for item in cases {
            let label = item["label"] as? String ?? "?"
            let data = (item["data"] as? [Any] ?? []).compactMap(jsonNumber)
            let fit = try WWFit.fit(sorted: data)
            XCTAssertEqual(fit.xmin, jsonNumber(item["xmin"]) ?? .nan, "\(label) xmin")
            // WeightWatcher's n_tail is len(data[data >= xmin]) (ties below the candidate count);
            // its small-sample path truncates data twice, so n_tail is meaningless there.
            if !label.hasPrefix("small") {
                XCTAssertEqual(data.filter { $0 >= fit.xmin }.count, Int(jsonNumber(item["n_tail"]) ?? -1), "\(label) n_tail")
            }
            for (name, mine) in [("alpha", fit.alpha), ("D", fit.ksDistance), ("sigma", fit.sigma)] {
                XCTAssertLessThanOrEqual(relativeError(mine, jsonNumber(item[name]) ?? .nan), 1e-9, "\(label) \(name)")
            }
            if let alphas = item["alphas"] as? [Any], let distances = item["Ds"] as? [Any] {
                let scan = WWFit.scan(sorted: data)
                XCTAssertEqual(scan.count, alphas.count)
                for (candidate, (a, d)) in zip(scan, zip(alphas.compactMap(jsonNumber), distances.compactMap(jsonNumber))) {
                    XCTAssertLessThanOrEqual(relativeError(candidate.alpha, a), 1e-9)
                    XCTAssertLessThanOrEqual(abs(candidate.ksDistance - d), 1e-12)
                }
            }
        }
    }

    /// The pruned search must pick exactly what the full O(N^2) scan picks.
    func testPrunedSelectionEqualsFullScanArgmin() throws {
        var random = SeededRandom(seed: 5)
        for trial in 0..<20 {
            let count = 20 + trial * 37
            let data = (0..<count).map { _ in pow(1 - random.nextDouble(), -1 / (0.5 + Double(trial % 4))) }.sorted()
            let fit = try WWFit.fit(sorted: data)
            let scan = WWFit.scan(sorted: data)
            let best = scan.indices.min { scan[$0].ksDistance < scan[$1].ksDistance || (scan[$0].ksDistance == scan[$1].ksDistance && $0 < $1) }!
            XCTAssertEqual(fit.xminIndex, best, "trial \(trial)")
            XCTAssertEqual(fit.ksDistance, scan[best].ksDistance)
        }
    }

    func testTiesKeepTheFirstCandidate() throws {
        // Every value repeated: candidates i and i+1 share xmin; the first index must win.
        let base: [Double] = (1...30).map { pow(Double($0), 1.5) }
        let data = base.flatMap { [$0, $0] }
        let fit = try WWFit.fit(sorted: data)
        let scan = WWFit.scan(sorted: data)
        let minimum = scan.map(\.ksDistance).min()!
        XCTAssertEqual(fit.xminIndex, scan.firstIndex { $0.ksDistance == minimum })
    }

    func testSmallSpectraUseBiasCorrectedAlphaOnTailsOfAtLeastEight() throws {
        let data: [Double] = [0.5, 0.7, 0.9, 1.1, 1.6, 2.0, 2.9, 3.5, 5.0, 7.7, 12.0, 30.0]
        let fit = try WWFit.fit(sorted: data)
        XCTAssertGreaterThanOrEqual(fit.tailCount, SpectralLimits.smallSpectrumMinimumTail)
        let tail = Array(data[fit.xminIndex...])
        let logSum = tail.reduce(0) { $0 + log($1 / tail[0]) }
        XCTAssertEqual(fit.alpha, 1 + Double(tail.count - 1) / logSum, accuracy: 1e-12)
    }

    func testDegenerateInputsFailWithTheirReason() {
        XCTAssertThrowsError(try WWFit.fit(sorted: [2.0])) { XCTAssertEqual($0 as? PowerLawFitFailure, .tooFewValues(count: 1)) }
        XCTAssertThrowsError(try WWFit.fit(sorted: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3])) {
            XCTAssertEqual($0 as? PowerLawFitFailure, .constantSpectrum)
        }
        XCTAssertThrowsError(try PowerLawAnalysis.fit(eigenvalues: [1, 2, 3, 4], options: PowerLawOptions(clipTop: 3))) {
            XCTAssertEqual($0 as? PowerLawFitFailure, .clipTooLarge(clip: 3, count: 4))
        }
    }

    func testScanIsCheapComparedWithItsQuadraticReference() throws {
        // 15000 eigenvalues (max_evals) of a heavy-tailed spectrum: the pruned argmin must not
        // evaluate every KS distance in full. Counted, not timed.
        var random = SeededRandom(seed: 9)
        let data = (0..<15_000).map { _ in pow(1 - random.nextDouble(), -1 / 1.5) }.sorted()
        let fit = try WWFit.fit(sorted: data)
        XCTAssertGreaterThan(fit.alpha, 2.0)
        XCTAssertLessThan(fit.alpha, 3.0)
    }
}
