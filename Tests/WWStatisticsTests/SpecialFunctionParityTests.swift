import Foundation
import WWNumerics
import XCTest

/// The incomplete beta and gamma functions and the distributions built on them, against SciPy.
final class SpecialFunctionParityTests: XCTestCase {
    /// Special functions are compared tighter than p-values: 1e-12 relative.
    let tolerance = 1e-12

    func testIncompleteBetaMatchesSciPy() throws {
        for item in try StatsFixture.items("special", "betainc") {
            let (a, b, x) = (number(item["a"]), number(item["b"]), number(item["x"]))
            let pair = SpecialFunctions.incompleteBeta(a, b, x)
            assertClose(pair.lower, number(item["lower"]), relative: tolerance, "betainc(\(a), \(b), \(x))")
            assertClose(pair.upper, number(item["upper"]), relative: tolerance, "betaincc(\(a), \(b), \(x))")
        }
    }

    func testIncompleteGammaMatchesSciPy() throws {
        for item in try StatsFixture.items("special", "gammainc") {
            let (a, x) = (number(item["a"]), number(item["x"]))
            assertClose(SpecialFunctions.regularizedLowerGamma(a, x), number(item["lower"]), relative: tolerance, "gammainc(\(a), \(x))")
            assertClose(SpecialFunctions.regularizedUpperGamma(a, x), number(item["upper"]), relative: tolerance, "gammaincc(\(a), \(x))")
        }
    }

    func testDistributionsMatchSciPy() throws {
        for item in try StatsFixture.items("special", "t") {
            let (t, df) = (number(item["t"]), number(item["df"]))
            assertClose(ProbabilityDistribution.studentTCDF(t, degreesOfFreedom: df), number(item["cdf"]), relative: tolerance, "t.cdf(\(t), \(df))")
            assertClose(ProbabilityDistribution.studentTSurvival(t, degreesOfFreedom: df), number(item["sf"]), relative: tolerance, "t.sf(\(t), \(df))")
        }
        for item in try StatsFixture.items("special", "f") {
            let (f, d1, d2) = (number(item["f"]), number(item["d1"]), number(item["d2"]))
            assertClose(ProbabilityDistribution.fCDF(f, numerator: d1, denominator: d2), number(item["cdf"]), relative: tolerance, "f.cdf(\(f), \(d1), \(d2))")
            assertClose(ProbabilityDistribution.fSurvival(f, numerator: d1, denominator: d2), number(item["sf"]), relative: tolerance, "f.sf(\(f), \(d1), \(d2))")
        }
        for item in try StatsFixture.items("special", "chi2") {
            let (x, k) = (number(item["x"]), number(item["k"]))
            assertClose(ProbabilityDistribution.chiSquaredCDF(x, degreesOfFreedom: k), number(item["cdf"]), relative: tolerance, "chi2.cdf(\(x), \(k))")
            assertClose(ProbabilityDistribution.chiSquaredSurvival(x, degreesOfFreedom: k), number(item["sf"]), relative: tolerance, "chi2.sf(\(x), \(k))")
        }
        for item in try StatsFixture.items("special", "normal") {
            let z = number(item["z"])
            assertClose(ProbabilityDistribution.normalCDF(z), number(item["cdf"]), relative: tolerance, "norm.cdf(\(z))")
            assertClose(ProbabilityDistribution.normalSurvival(z), number(item["sf"]), relative: tolerance, "norm.sf(\(z))")
        }
    }

    func testOutOfDomainIsNaNAndEdgesAreExact() {
        XCTAssertTrue(SpecialFunctions.regularizedIncompleteBeta(-1, 2, 0.5).isNaN)
        XCTAssertTrue(SpecialFunctions.regularizedIncompleteBeta(1, 2, 1.5).isNaN)
        XCTAssertTrue(SpecialFunctions.regularizedIncompleteBeta(.nan, 2, 0.5).isNaN)
        XCTAssertEqual(SpecialFunctions.incompleteBeta(2, 3, 0), ProbabilityPair(lower: 0, upper: 1))
        XCTAssertEqual(SpecialFunctions.incompleteBeta(2, 3, 1), ProbabilityPair(lower: 1, upper: 0))
        XCTAssertTrue(SpecialFunctions.regularizedLowerGamma(0, 1).isNaN)
        XCTAssertTrue(SpecialFunctions.regularizedLowerGamma(1, -1).isNaN)
        XCTAssertEqual(SpecialFunctions.regularizedUpperGamma(3, .infinity), 0)
        XCTAssertTrue(ProbabilityDistribution.studentTSurvival(1, degreesOfFreedom: 0).isNaN)
        XCTAssertEqual(ProbabilityDistribution.studentTSurvival(.infinity, degreesOfFreedom: 3), 0)
        // Past |t| = 1e154, t^2 overflows; the tails stay 0 and 1 (they were NaN).
        XCTAssertEqual(ProbabilityDistribution.studentTSurvival(1e200, degreesOfFreedom: 3), 0)
        XCTAssertEqual(ProbabilityDistribution.studentTCDF(1e200, degreesOfFreedom: 3), 1)
        XCTAssertEqual(ProbabilityDistribution.studentTCDF(-1e200, degreesOfFreedom: 3), 0)
        XCTAssertEqual(ProbabilityDistribution.fSurvival(0, numerator: 2, denominator: 3), 1)
        // I_x(1, 1) = x exactly: the uniform distribution.
        XCTAssertEqual(SpecialFunctions.regularizedIncompleteBeta(1, 1, 0.25), 0.25, accuracy: 1e-15)
        // Q(1, x) = e^-x: the exponential tail, deep in the tail.
        XCTAssertEqual(SpecialFunctions.regularizedUpperGamma(1, 600) / exp(-600), 1, accuracy: 1e-12)
    }
}
