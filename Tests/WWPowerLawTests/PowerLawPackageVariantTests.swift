import Foundation
import XCTest
@testable import WWPowerLaw

/// The selectable variants (candidates, alpha rule, distance, optimiser), the documented
/// difference from powerlaw 2.0, and input errors.
final class PowerLawPackageVariantTests: XCTestCase {
    private func sample(_ name: String) throws -> (data: [Double], entry: [String: Any]) {
        let entry = try XCTUnwrap(try PowerLawFixtures.samples().first { $0["name"] as? String == name }, name)
        return ((entry["data"] as? [Any] ?? []).compactMap(number), entry)
    }

    /// Every candidate's alpha and D equal powerlaw 2.0's `xmin_fitting_results`.
    func testFullScanMatchesPowerlaw2() throws {
        for name in ["pareto_2_5", "esd_student_t3", "blackouts"] {
            let (data, entry) = try sample(name)
            let reference = try XCTUnwrap((entry["powerlaw2"] as? [String: Any])?["scan"] as? [String: Any])
            var options = PowerLawPackageOptions.powerlaw2
            options.keepScan = true
            let scan = try XCTUnwrap(try PowerLawPackageFit(data: data, options: options).scan)
            let xmins = (reference["xmins"] as? [Any] ?? []).compactMap(number)
            XCTAssertEqual(scan.xmins, xmins, "\(name): candidates")
            let alphas = (reference["alphas"] as? [Any] ?? []).compactMap(number)
            let distances = (reference["distances"] as? [Any] ?? []).compactMap(number)
            XCTAssertEqual(scan.valid, reference["valid"] as? [Bool], "\(name): valid candidates")
            var worstAlpha = 0.0, worstD = 0.0
            for k in scan.xmins.indices where k < alphas.count {
                worstAlpha = max(worstAlpha, relativeDifference(scan.alphas[k], alphas[k]))
                worstD = max(worstD, abs(scan.distances[k] - distances[k]))
            }
            XCTAssertLessThan(worstAlpha, 1e-9, "\(name): alpha over the scan")
            XCTAssertLessThan(worstD, 1e-9, "\(name): D over the scan (absolute)")
        }
    }

    /// powerlaw 1.x's candidates (every distinct value but the largest) and alpha > 1 rule.
    func testPowerlaw1Variant() throws {
        for entry in try PowerLawFixtures.samples() {
            let name = entry["name"] as? String ?? "?"
            guard let reference = entry["powerlaw1"] as? [String: Any] else { continue }
            let fit = try PowerLawPackageFit(data: (entry["data"] as? [Any] ?? []).compactMap(number), options: .powerlaw1)
            XCTAssertEqual(fit.xmin, number(reference["xmin"]), "\(name): xmin")
            XCTAssertEqual(Double(fit.nTail), number(reference["n_tail"]), "\(name): n_tail")
            assertClose(fit.alpha, number(reference["alpha"]), relative: 1e-9, "\(name): alpha")
            assertClose(fit.D, number(reference["D"]), relative: 1e-9, "\(name): D")
            assertClose(fit.sigma, number(reference["sigma"]), relative: 1e-9, "\(name): sigma")
        }
    }

    /// powerlaw 2.0 caps alpha below 3 and silently drops steeper candidates; on a Pareto sample
    /// with alpha 3.5 it reports alpha 2.92 at xmin 7.4 with D 0.24. wwn keeps the exact
    /// estimate: alpha 3.49 at xmin 1.006 with D 0.021 (what powerlaw 1.5 reports).
    func testAlphaAboveThreeIsNotInvalidated() throws {
        let (data, entry) = try sample("pareto_3_5")
        let powerlaw2 = try XCTUnwrap(entry["powerlaw2"] as? [String: Any])
        let powerlaw1 = try XCTUnwrap(entry["powerlaw1"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(number(powerlaw2["alpha"])), 2.919134324065798, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(number(powerlaw2["xmin"])), 7.39815078315707, accuracy: 1e-12)
        let restricted = try PowerLawPackageFit(data: data, options: .powerlaw2)
        XCTAssertEqual(restricted.xmin, number(powerlaw2["xmin"]))
        let fit = try PowerLawPackageFit(data: data)
        XCTAssertEqual(fit.xmin, number(powerlaw1["xmin"]))
        XCTAssertEqual(fit.alpha, 3.492767704657423, accuracy: 1e-9)
        assertClose(fit.alpha, number(powerlaw1["alpha"]), relative: 1e-9, "alpha")
        assertClose(fit.D, number(powerlaw1["D"]), relative: 1e-9, "D")
        XCTAssertLessThan(fit.D, restricted.D / 5)
        XCTAssertTrue(fit.foundValidXmin)
    }

    /// Where powerlaw 2.0's restriction changes the answer (steep tails, eigenvalue spectra), the
    /// default fit agrees with powerlaw 1.5 (which has no upper bound on alpha) and not with 2.0.
    func testDefaultAgreesWithUnrestrictedPowerlawWhereTheRestrictionBites() throws {
        for name in ["pareto_3_5", "esd_student_t3", "esd_gaussian", "exponential"] {
            let (data, entry) = try sample(name)
            let powerlaw1 = try XCTUnwrap(entry["powerlaw1"] as? [String: Any])
            let powerlaw2 = try XCTUnwrap(entry["powerlaw2"] as? [String: Any])
            let fit = try PowerLawPackageFit(data: data)
            XCTAssertEqual(fit.xmin, number(powerlaw1["xmin"]), name)
            XCTAssertNotEqual(fit.xmin, number(powerlaw2["xmin"]), name)
            XCTAssertGreaterThan(fit.alpha, 3, name)
            assertClose(fit.alpha, number(powerlaw1["alpha"]), relative: 1e-9, "\(name): alpha")
            assertClose(fit.D, number(powerlaw1["D"]), relative: 1e-9, "\(name): D")
        }
    }

    /// Where no candidate has alpha >= 3 or an optimiser path (alpha <= 1.5), the default (exact)
    /// rule and powerlaw 2.0 choose the same xmin and alpha.
    func testDefaultAgreesWithPowerlaw2WhenAlphaStaysBelowThree() throws {
        for name in ["pareto_2_5", "lognormal", "esd_mixed", "blackouts"] {
            let (data, entry) = try sample(name)
            let reference = try XCTUnwrap(entry["powerlaw2"] as? [String: Any])
            let fit = try PowerLawPackageFit(data: data)
            XCTAssertEqual(fit.xmin, number(reference["xmin"]), name)
            assertClose(fit.alpha, number(reference["alpha"]), relative: 1e-9, "\(name): alpha")
            assertClose(fit.D, number(reference["D"]), relative: 1e-9, "\(name): D")
        }
    }

    /// The pruned scan chooses exactly what the full scan chooses, for every distance.
    func testPrunedScanChoosesLikeFullScan() throws {
        let (data, _) = try sample("esd_student_t3")
        for distance in [PowerLawPackageOptions.Distance.ks, .kuiper, .andersonDarling] {
            var options = PowerLawPackageOptions(distance: distance)
            let pruned = try PowerLawPackageFit(data: data, options: options)
            options.keepScan = true
            let full = try PowerLawPackageFit(data: data, options: options)
            XCTAssertEqual(pruned.xmin, full.xmin, distance.rawValue)
            let scan = try XCTUnwrap(full.scan)
            let chosen = try XCTUnwrap(scan.xmins.firstIndex(of: full.xmin))
            let eligible = scan.distances.indices.filter { scan.valid[$0] }
            XCTAssertEqual(eligible.min { scan.distances[$0] < scan.distances[$1] }, chosen, distance.rawValue)
        }
    }

    func testFixedXminGivesTheScannedFit() throws {
        let data = try PowerLawFixtures.blackouts()
        let fit = try PowerLawPackageFit(data: data, options: PowerLawPackageOptions(xmin: 230))
        XCTAssertEqual(fit.nTail, 59)
        XCTAssertEqual(fit.alpha, 2.272637219830288, accuracy: 1e-13)
        XCTAssertEqual(fit.D, 0.0606737962944, accuracy: 1e-12)
    }

    /// The refined optimiser finds a likelihood at least as high as powerlaw's tolerance-1e-4 search.
    func testRefinedOptimizerImprovesLikelihoods() throws {
        let data = try PowerLawFixtures.blackouts()
        let compatible = try PowerLawPackageFit(data: data)
        let refined = try PowerLawPackageFit(data: data, options: PowerLawPackageOptions(optimizer: .refined))
        for kind in [TailDistribution.exponential, .lognormal, .truncatedPowerLaw] {
            XCTAssertGreaterThanOrEqual(refined[kind].loglikelihood, compatible[kind].loglikelihood - 1e-12, kind.rawValue)
            // Compatible estimates are within the package's tolerance of the optimum.
            for (a, b) in zip(refined[kind].values, compatible[kind].values) {
                XCTAssertLessThan(relativeDifference(a, b), 1e-2, kind.rawValue)
            }
        }
        // The exponential's MLE is closed-form: 1 / (mean - xmin).
        let tail = refined.tail
        let exact = 1 / (tail.reduce(0, +) / Double(tail.count) - refined.xmin)
        XCTAssertEqual(refined.exponential.values[0], exact, accuracy: exact * 1e-8)
    }

    func testNestedComparisonIsSymmetricInItsTest() throws {
        let fit = try PowerLawPackageFit(data: try PowerLawFixtures.blackouts())
        let forward = fit.compare(.powerLaw, to: .truncatedPowerLaw)
        let backward = fit.compare(.truncatedPowerLaw, to: .powerLaw)
        XCTAssertEqual(forward.R, -backward.R, accuracy: 1e-12)
        XCTAssertEqual(forward.p, backward.p, accuracy: 1e-12)
        XCTAssertFalse(fit.compare(.powerLaw, to: .truncatedPowerLaw, nested: false).nested)
    }

    func testBadInputErrors() {
        XCTAssertThrowsError(try PowerLawPackageFit(data: [1, 2, .nan, 4])) { error in
            XCTAssertEqual(error as? PowerLawPackageError, .nonFiniteValue(index: 2))
            XCTAssertEqual("\(error)", "value 2 is not a finite number")
        }
        XCTAssertThrowsError(try PowerLawPackageFit(data: [1, 1, 2, 0, -3])) { error in
            XCTAssertEqual(error as? PowerLawPackageError, .tooFewDistinctValues(found: 2, needed: 4))
        }
        XCTAssertThrowsError(try PowerLawPackageFit(data: [1, 2, 3], options: PowerLawPackageOptions(xmin: 3)))
        XCTAssertThrowsError(try PowerLawPackageFit(data: [1, 2, 3], options: PowerLawPackageOptions(xmin: -1)))
        XCTAssertThrowsError(try PowerLawPackageFit(data: [], options: .powerlaw1))
        XCTAssertNoThrow(try PowerLawPackageFit(data: [1, 2], options: .powerlaw1))
    }

    /// Cancelling stops the scan.
    func testProgressCanCancel() {
        struct Stop: Error {}
        let data = (1...600).map { Double($0) }
        var polls = 0
        XCTAssertThrowsError(try PowerLawPackageFit(data: data, cancellation: .init({ polls += 1; return polls > 1 }, error: { Stop() })))
    }
}
