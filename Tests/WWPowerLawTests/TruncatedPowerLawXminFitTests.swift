import Foundation
import WWPowerLaw
import XCTest

/// `TruncatedPowerLawXminFit` against powerlaw 1.5's
/// `Fit(data, xmin_distribution='truncated_power_law')` on seeded samples
/// (Tests/Fixtures/tpl/samples.json, made by tools/make-tpl-fixtures.py), every candidate included.
final class TruncatedPowerLawXminFitTests: XCTestCase {
    static let file = PowerLawFixtures.directory.deletingLastPathComponent().appendingPathComponent("tpl/samples.json")

    func testMatchesPowerlaw15() throws {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        var worst: [String: Double] = [:]
        func record(_ name: String, _ ours: Double, _ theirs: Double, tolerance: Double, _ label: String) {
            let error = ours == theirs ? 0 : abs(ours - theirs) / abs(theirs)
            worst[name] = max(worst[name] ?? 0, error)
            XCTAssertLessThanOrEqual(error, tolerance, "\(label) \(name): wwn \(ours), powerlaw \(theirs)")
        }
        for (label, value) in json.sorted(by: { $0.key < $1.key }) {
            guard let run = value as? [String: Any] else { continue }
            let data = try XCTUnwrap(run["data"] as? [Double])
            let range = (run["range"] as? [Double]).map { $0[0]...$0[1] }
            let fit = try TruncatedPowerLawXminFit(data: data, candidateRange: range)
            let xmins = try XCTUnwrap(run["xmins"] as? [Any]).compactMap(number)
            XCTAssertEqual(fit.candidates.map(\.xmin), xmins, "\(label): candidates")
            let ds = try XCTUnwrap(run["Ds"] as? [Any]).compactMap(number)
            let alphas = try XCTUnwrap(run["alphas"] as? [Any]).compactMap(number)
            XCTAssertEqual(fit.candidates.map(\.inRange), try XCTUnwrap(run["in_ranges"] as? [Bool]), "\(label): in range")
            for (candidate, (d, alpha)) in zip(fit.candidates, zip(ds, alphas)) {
                // A tail of 2 points has a flat likelihood valley (alpha 46 in one sample): there
                // the search path splits on rounding and ends 2.5e-6 away. D is 1 either way.
                let degenerate = data.filter { $0 >= candidate.xmin }.count <= 2
                record(degenerate ? "candidate alpha (2-point tail)" : "candidate alpha", candidate.alpha, alpha,
                       tolerance: degenerate ? Self.degenerateTolerance : Self.tolerance, "\(label) xmin \(candidate.xmin)")
                record("candidate D", candidate.D, d, tolerance: Self.tolerance, "\(label) xmin \(candidate.xmin)")
            }
            XCTAssertEqual(fit.xmin, try XCTUnwrap(number(run["xmin"])), "\(label): xmin")
            XCTAssertEqual(fit.nTail, try XCTUnwrap(run["n_tail"] as? Int), "\(label): n_tail")
            record("alpha", fit.alpha, try XCTUnwrap(number(run["alpha"])), tolerance: Self.tolerance, label)
            record("Lambda", fit.lambda, try XCTUnwrap(number(run["Lambda"])), tolerance: Self.tolerance, label)
            record("D", fit.D, try XCTUnwrap(number(run["D"])), tolerance: Self.tolerance, label)
        }
        print("parity (truncated power law, powerlaw 1.5): " + worst.keys.sorted().map { String(format: "%@ %.1e", $0, worst[$0]!) }.joined(separator: ", "))
    }

    /// Relative; SciPy's Nelder-Mead is followed step for step, so only rounding differs.
    static let tolerance = 1e-9
    static let degenerateTolerance = 1e-5

    func testRejectsDataWithoutCandidates() {
        XCTAssertThrowsError(try TruncatedPowerLawXminFit(data: [2, 2, 2]))
        XCTAssertThrowsError(try TruncatedPowerLawXminFit(data: [1, 2, 3, 4], candidateRange: 10...20))
        XCTAssertThrowsError(try TruncatedPowerLawXminFit(data: [1, .nan, 3]))
    }
}
