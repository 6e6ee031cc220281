import Foundation
import XCTest
@testable import WWPowerLaw

final class PowerLawPackageTests: XCTestCase {
    /// The spec's reference values: powerlaw on blackouts.txt / 1000.
    func testBlackoutsReferenceValues() throws {
        let data = try PowerLawFixtures.blackouts()
        XCTAssertEqual(data.count, 211)
        for options in [PowerLawPackageOptions(), .powerlaw2, .powerlaw1] {
            let fit = try PowerLawPackageFit(data: data, options: options)
            XCTAssertEqual(fit.xmin, 230)
            XCTAssertEqual(fit.nTail, 59)
            XCTAssertEqual(fit.alpha, 2.272637219830288, accuracy: 1e-13)
            XCTAssertEqual(fit.D, 0.0606737962944, accuracy: 1e-12)
            XCTAssertEqual(fit.sigma, (fit.alpha - 1) / 59.0.squareRoot(), accuracy: 1e-15)
            let exponential = fit.compare(to: .exponential)
            XCTAssertEqual(exponential.R, 12.7546, accuracy: 5e-5)
            XCTAssertEqual(exponential.p, 0.15229, accuracy: 5e-6)
            XCTAssertFalse(exponential.nested)
            let lognormal = fit.compare(to: .lognormal)
            XCTAssertEqual(lognormal.R, -0.24089, accuracy: 5e-6)
            XCTAssertEqual(lognormal.p, 0.67762, accuracy: 5e-6)
            let truncated = fit.compare(to: .truncatedPowerLaw)
            XCTAssertTrue(truncated.nested)
            XCTAssertEqual(truncated.R, -0.38182, accuracy: 5e-6)
            XCTAssertEqual(truncated.p, 0.38219, accuracy: 5e-6)
        }
    }

    /// powerlaw 2.0 on every fixture sample, with wwn set to reproduce it exactly.
    func testMatchesPowerlaw2OnSamples() throws {
        for sample in try PowerLawFixtures.samples() {
            let name = sample["name"] as? String ?? "?"
            let data = (sample["data"] as? [Any] ?? []).compactMap(number)
            let reference = try XCTUnwrap(sample["powerlaw2"] as? [String: Any], name)
            let fit = try PowerLawPackageFit(data: data, options: .powerlaw2)
            checkPowerLaw(fit, reference, name: name)
            checkAlternatives(fit, reference, name: name)
        }
    }

    private func checkPowerLaw(_ fit: PowerLawPackageFit, _ reference: [String: Any], name: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(fit.xmin, number(reference["xmin"]), "\(name): xmin", file: file, line: line)
        XCTAssertEqual(Double(fit.nTail), number(reference["n_tail"]), "\(name): n_tail", file: file, line: line)
        let tolerance = 1e-9
        assertClose(fit.alpha, number(reference["alpha"]), relative: tolerance, "\(name): alpha", file: file, line: line)
        assertClose(fit.sigma, number(reference["sigma"]), relative: tolerance, "\(name): sigma", file: file, line: line)
        assertClose(fit.D, number(reference["D"]), relative: tolerance, "\(name): D", file: file, line: line)
        assertClose(fit.V, number(reference["V"]), relative: tolerance, "\(name): V", file: file, line: line)
        assertClose(fit.Asquare, number(reference["Asquare"]), relative: tolerance, "\(name): Asquare", file: file, line: line)
        assertClose(fit.distance.kappa, number(reference["Kappa"]), relative: tolerance, "\(name): Kappa", file: file, line: line)
        assertClose(fit.powerLaw.loglikelihood, number(reference["loglikelihood"]), relative: tolerance,
                    "\(name): power-law log-likelihood", file: file, line: line)
        XCTAssertEqual(!fit.foundValidXmin, reference["noise_flag"] as? Bool, "\(name): noise flag", file: file, line: line)
    }

    private func checkAlternatives(_ fit: PowerLawPackageFit, _ reference: [String: Any], name: String) {
        let distributions = reference["distributions"] as? [String: [String: Any]] ?? [:]
        for kind in [TailDistribution.exponential, .lognormal, .truncatedPowerLaw] {
            let expected = distributions[kind.rawValue] ?? [:]
            let parameters = expected["parameters"] as? [String: Any] ?? [:]
            let fitted = fit[kind]
            for parameter in kind.parameterNames {
                assertClose(fitted.parameter(parameter) ?? .nan, number(parameters[parameter]), relative: 1e-6,
                            "\(name): \(kind.rawValue).\(parameter)")
            }
            assertClose(fitted.loglikelihood, number(expected["loglikelihood"]), relative: 1e-6, "\(name): \(kind.rawValue) log-likelihood")
            if let d = number(expected["D"]), d.isNaN {
                // powerlaw's lognormal CDF is 0/0 once scipy's erfc underflows at xmin (a
                // lognormal drifted to mu << 0); wwn computes the ratio in log space instead.
                XCTAssertEqual(kind, .lognormal, "\(name): only the lognormal's D may be NaN in powerlaw")
                XCTAssertTrue(fitted.distance.ks >= 0 && fitted.distance.ks <= 1, "\(name): \(kind.rawValue) D \(fitted.distance.ks)")
            } else {
                assertClose(fitted.distance.ks, number(expected["D"]), relative: 1e-6, "\(name): \(kind.rawValue) D")
            }
            XCTAssertEqual(fitted.isNoisy, expected["noise_flag"] as? Bool, "\(name): \(kind.rawValue) noise flag")
        }
        for comparison in reference["comparisons"] as? [[String: Any]] ?? [] {
            guard let first = (comparison["first"] as? String).flatMap(TailDistribution.init(name:)),
                  let second = (comparison["second"] as? String).flatMap(TailDistribution.init(name:)) else {
                XCTFail("\(name): unreadable comparison \(comparison)")
                continue
            }
            let result = fit.compare(first, to: second)
            let label = "\(name): \(first.rawValue) vs \(second.rawValue)"
            assertClose(result.R, number(comparison["R"]), relative: 1e-6, "\(label) R")
            assertClose(result.p, number(comparison["p"]), relative: 1e-6, "\(label) p")
            assertClose(fit.compare(first, to: second, normalizedRatio: true).R, number(comparison["normalized_R"]),
                        relative: 1e-6, "\(label) normalized R")
        }
    }
}
