import Foundation
import XCTest
@testable import WWNumerics

/// Incomplete gamma, chi-squared and log-erfc against mpmath/scipy values in
/// Tests/Fixtures/powerlaw/incomplete-gamma.json (tools/make-powerlaw-fixtures.py).
final class SpecialFunctionsGammaTests: XCTestCase {
    private func fixture() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/powerlaw/incomplete-gamma.json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private func value(_ any: Any?) -> Double? {
        if let x = any as? Double { return x }
        if let x = any as? Int { return Double(x) }
        return (any as? String).flatMap(Double.init)
    }

    func testUpperIncompleteGammaMatchesMpmath() throws {
        let rows = try XCTUnwrap(try fixture()["upper"] as? [[String: Any]])
        XCTAssertGreaterThan(rows.count, 200)
        var worst = 0.0
        for row in rows {
            let s = try XCTUnwrap(value(row["s"])), x = try XCTUnwrap(value(row["x"]))
            let expectedLog = try XCTUnwrap(value(row["log"]))
            let log = SpecialFunctions.logUpperIncompleteGamma(s, x)
            // ln Γ crosses 0, so compare the logarithm absolutely relative to max(1, |ln Γ|):
            // that is the relative error of Γ itself.
            let error = abs(log - expectedLog) / max(1, abs(expectedLog))
            worst = max(worst, error)
            XCTAssertLessThan(error, 1e-12, "ln Γ(\(s), \(x)) = \(log), mpmath \(expectedLog)")
            let expected = try XCTUnwrap(value(row["value"]))
            if expected > 1e-300 {
                let direct = SpecialFunctions.upperIncompleteGamma(s, x)
                XCTAssertLessThan(abs(direct - expected) / expected, 1e-12, "Γ(\(s), \(x)) = \(direct), mpmath \(expected)")
            }
        }
        XCTAssertLessThan(worst, 1e-12)
    }

    func testRegularizedGammaAndChiSquaredMatchScipy() throws {
        let data = try fixture()
        for row in try XCTUnwrap(data["regularized"] as? [[String: Any]]) {
            let a = try XCTUnwrap(value(row["a"])), x = try XCTUnwrap(value(row["x"]))
            let p = try XCTUnwrap(value(row["P"])), q = try XCTUnwrap(value(row["Q"]))
            XCTAssertEqual(SpecialFunctions.regularizedLowerGamma(a, x), p, accuracy: 1e-14 + 1e-12 * p, "P(\(a), \(x))")
            XCTAssertEqual(SpecialFunctions.regularizedUpperGamma(a, x), q, accuracy: 1e-14 + 1e-12 * q, "Q(\(a), \(x))")
        }
        for row in try XCTUnwrap(data["chi2"] as? [[String: Any]]) {
            let k = try XCTUnwrap(value(row["df"])), x = try XCTUnwrap(value(row["x"]))
            let cdf = try XCTUnwrap(value(row["cdf"]))
            XCTAssertEqual(ProbabilityDistribution.chiSquaredCDF(x, degreesOfFreedom: k), cdf, accuracy: 1e-14, "chi2(\(k)).cdf(\(x))")
        }
    }

    func testDomainEdges() {
        XCTAssertTrue(SpecialFunctions.upperIncompleteGamma(1, -1).isNaN)
        XCTAssertTrue(SpecialFunctions.upperIncompleteGamma(-1, 0).isNaN)
        XCTAssertEqual(SpecialFunctions.upperIncompleteGamma(2.5, 0), Foundation.tgamma(2.5), accuracy: 1e-14)
        XCTAssertEqual(SpecialFunctions.upperIncompleteGamma(1, 3), Foundation.exp(-3), accuracy: 1e-16)
        XCTAssertEqual(SpecialFunctions.logUpperIncompleteGamma(0.5, .infinity), -.infinity)
        XCTAssertEqual(ProbabilityDistribution.chiSquaredCDF(-1, degreesOfFreedom: 1), 0)
        XCTAssertTrue(ProbabilityDistribution.chiSquaredCDF(1, degreesOfFreedom: 0).isNaN)
    }

    /// ln erfc(x) for x where erfc is subnormal or 0 (values from mpmath at 40 digits).
    func testLogErfcInTheTail() {
        XCTAssertEqual(SpecialFunctions.logErfc(1), Foundation.log(Foundation.erfc(1)), accuracy: 1e-15)
        XCTAssertEqual(SpecialFunctions.logErfc(26.929315729155732), -729.05431437265847474, accuracy: 1e-9)
        XCTAssertEqual(SpecialFunctions.logErfc(30), -903.97411711064387808, accuracy: 1e-9)
        XCTAssertEqual(SpecialFunctions.logErfc(1e4), -100000009.7827053199, accuracy: 1e-6)
        // Continuity across the switch to the asymptotic form.
        XCTAssertEqual(SpecialFunctions.logErfc(25.0 - 1e-12), SpecialFunctions.logErfc(25.0), accuracy: 1e-9)
    }
}
