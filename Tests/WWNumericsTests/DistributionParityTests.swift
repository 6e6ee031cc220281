import Foundation
import XCTest
@testable import WWNumerics

/// `Distribution` against SciPy: Tests/Fixtures/distributions/distributions.json, written by
/// tools/make-distribution-fixtures.py (SciPy 1.17), holds for each wwn constructor and its
/// arguments SciPy's mean, variance, excess kurtosis, quantiles, densities at the quantiles, and
/// CDF and survival values.
///
/// Two kinds of check:
/// - exact functions (`cdf`, `survival`, `quantile`, `mean`, `variance`) agree with SciPy to
///   1e-12 relative (both sides compute the same closed forms or invert accurate tails);
/// - draws: `sampleSize` seeded draws are compared with SciPy's numbers statistically, each
///   within 5 standard errors, so a correct sampler fails a check with probability below 6e-7,
///   and the fixed seed makes the outcome reproducible anyway:
///   * the sample p-quantile has asymptotic standard error `sqrt(p (1 - p) / n) / f(x_p)`,
///     with `f` SciPy's density at SciPy's quantile;
///   * the sample mean, where the variance is finite, `sqrt(variance / n)`;
///   * the sample variance, where the fourth moment is finite, `variance * sqrt((kurtosis + 2) / n)`
///     (kurtosis in excess of 3);
///   * the Kolmogorov-Smirnov statistic (with our CDF, itself checked against SciPy's) stays below
///     the asymptotic 0.001 critical value `sqrt(-ln(0.0005) / 2) / sqrt(n)` (continuous families).
///   Heavy tails without a finite variance (Cauchy, Pareto with alpha <= 2, t with df <= 2) get
///   the quantile and KS checks only.
/// `testWrongParameterisationsAreCaught` shows the checks have power: a sampler off by the usual
/// mistakes (scale for rate, a 7% wrong exponent) fails them.
final class DistributionParityTests: XCTestCase {
    static let sampleSize = 100_000
    static let standardErrors = 5.0
    static let exactTolerance = 1e-12

    struct Case: Decodable {
        let constructor: String
        let arguments: [String: Double]
        let scipy: String
        let mean: Double, variance: Double, excess_kurtosis: Double
        let exact_levels: [Double], exact_quantiles: [Double]
        let sample_levels: [Double], sample_quantiles: [Double]
        let densities: [Double]?
        let points: [Double], cdf: [Double], sf: [Double]
    }
    struct DirichletCase: Decodable {
        let arguments: [String: [Double]]
        let mean: [Double], variance: [Double]
        let marginals: [Case]
    }
    struct Fixture: Decodable {
        let cases: [Case]
        let dirichlet: [DirichletCase]
    }

    static let fixture: Result<Fixture, Error> = Result {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/distributions/distributions.json")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The distribution a fixture case describes, built through the constructors wwn calls.
    static func distribution(_ c: Case) throws -> Distribution {
        let a = c.arguments
        func arg(_ name: String) throws -> Double {
            guard let value = a[name] else { throw NumericsError.invalidArgument(name: name, reason: "missing in \(c.scipy)") }
            return value
        }
        switch c.constructor {
        case "uniform": return try .uniform(low: arg("low"), high: arg("high"))
        case "normal": return try .normal(mean: arg("mean"), sd: arg("sd"))
        case "pareto": return try .pareto(alpha: arg("alpha"), xmin: arg("xmin"))
        case "student_t": return try .studentT(df: arg("df"))
        case "cauchy": return try .cauchy(loc: arg("loc"), scale: arg("scale"))
        case "lognormal": return try .lognormal(mu: arg("mu"), sigma: arg("sigma"))
        case "exponential": return try .exponential(rate: arg("rate"))
        case "gamma_dist": return try .gamma(shape: arg("shape"), scale: arg("scale"))
        case "beta_dist": return try .beta(a: arg("a"), b: arg("b"))
        case "bernoulli": return try .bernoulli(p: arg("p"))
        default: throw NumericsError.invalidArgument(name: "constructor", reason: c.constructor)
        }
    }

    func cases(_ constructor: String) throws -> [Case] {
        let found = try Self.fixture.get().cases.filter { $0.constructor == constructor }
        XCTAssertFalse(found.isEmpty, "no fixture case for \(constructor)")
        return found
    }

    // MARK: Exact functions

    /// Relative difference, with an absolute floor of the tolerance for values near 0 (the
    /// median of a symmetric distribution) and equality for matching infinities and NaNs.
    static func close(_ actual: Double, _ expected: Double, tolerance: Double = exactTolerance) -> Bool {
        if expected.isNaN { return actual.isNaN }
        if expected.isInfinite { return actual == expected }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-300) || abs(actual - expected) <= tolerance * 1e-3
    }

    func testCDFSurvivalAndQuantilesMatchSciPy() throws {
        let fixture = try Self.fixture.get()
        for c in fixture.cases + fixture.dirichlet.flatMap(\.marginals) {
            let d = try Self.distribution(c)
            for (x, (cdf, sf)) in zip(c.points, zip(c.cdf, c.sf)) {
                let (ours, oursSF) = (try d.cdf(x), try d.survival(x))
                XCTAssertTrue(Self.close(ours, cdf), "\(c.scipy).cdf(\(x)): \(ours) vs SciPy \(cdf)")
                XCTAssertTrue(Self.close(oursSF, sf), "\(c.scipy).sf(\(x)): \(oursSF) vs SciPy \(sf)")
            }
            for (q, x) in zip(c.exact_levels, c.exact_quantiles) {
                let ours = try d.quantile(q)
                XCTAssertTrue(Self.close(ours, x), "\(c.scipy).ppf(\(q)): \(ours) vs SciPy \(x)")
            }
        }
    }

    /// Means and variances as SciPy states them, except where SciPy reports `inf` for a mean
    /// that does not exist (Student's t with df <= 1, like Cauchy's): wwn says NaN there.
    func testMeansAndVariancesMatchSciPy() throws {
        let fixture = try Self.fixture.get()
        for c in fixture.cases {
            let d = try Self.distribution(c)
            let expectedMean = c.constructor == "student_t" && c.arguments["df"]! <= 1 ? Double.nan : c.mean
            XCTAssertTrue(Self.close(d.mean[0], expectedMean), "\(c.scipy).mean(): \(d.mean) vs SciPy \(c.mean)")
            XCTAssertTrue(Self.close(d.variance[0], c.variance), "\(c.scipy).var(): \(d.variance) vs SciPy \(c.variance)")
        }
        for c in fixture.dirichlet {
            let d = try Distribution.dirichlet(alpha: c.arguments["alpha"]!)
            XCTAssertEqual(d.dimension, c.mean.count)
            for (ours, theirs) in zip(d.mean + d.variance, c.mean + c.variance) {
                XCTAssertTrue(Self.close(ours, theirs), "dirichlet moments \(d.mean) \(d.variance) vs SciPy \(c.mean) \(c.variance)")
            }
        }
    }

    // MARK: Draws

    /// The statistical checks of `draws` (a sample of the distribution `d` claims to be) against
    /// the SciPy case; returns the failures, one line each.
    static func failures(of draws: [Double], as c: Case, cdf: (Double) throws -> Double) rethrows -> [String] {
        let n = Double(draws.count)
        let sorted = sortedFast(draws)
        var failures: [String] = []
        let k = standardErrors
        if let densities = c.densities {
            let observed = c.sample_levels.map { linearQuantile(sorted, $0) }
            for (i, p) in c.sample_levels.enumerated() {
                let error = (p * (1 - p) / n).squareRoot() / densities[i]
                if abs(observed[i] - c.sample_quantiles[i]) > k * error {
                    failures.append("\(c.scipy): sample \(p)-quantile \(observed[i]) vs SciPy \(c.sample_quantiles[i]) (5 SE = \(k * error))")
                }
            }
            let critical = (-log(0.0005) / 2).squareRoot() / n.squareRoot()
            var statistic = 0.0
            for (i, x) in sorted.enumerated() {
                let f = try cdf(x)
                statistic = max(statistic, Double(i + 1) / n - f, f - Double(i) / n)
            }
            if statistic > critical { failures.append("\(c.scipy): KS statistic \(statistic) > \(critical)") }
        }
        if c.variance.isFinite {
            let mean = Statistics.compensatedSum(draws) / n
            let meanError = (c.variance / n).squareRoot()
            if abs(mean - c.mean) > k * meanError {
                failures.append("\(c.scipy): sample mean \(mean) vs SciPy \(c.mean) (5 SE = \(k * meanError))")
            }
            if c.excess_kurtosis.isFinite {
                let variance = Statistics.compensatedSum(draws.map { ($0 - mean) * ($0 - mean) }) / (n - 1)
                let varianceError = c.variance * ((c.excess_kurtosis + 2) / n).squareRoot()
                if abs(variance - c.variance) > k * varianceError {
                    failures.append("\(c.scipy): sample variance \(variance) vs SciPy \(c.variance) (5 SE = \(k * varianceError))")
                }
            }
        }
        return failures
    }

    /// NumPy's default ("linear") quantile of sorted values: position (n - 1) p, interpolated.
    static func linearQuantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = Double(sorted.count - 1) * p
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    /// The C library's qsort: a debug build's unspecialised generic `sorted()` takes a third
    /// of a second for 100,000 doubles, which this test does twenty times.
    static func sortedFast(_ values: [Double]) -> [Double] {
        var copy = values
        copy.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            qsort(base, buffer.count, MemoryLayout<Double>.stride) { a, b in
                let x = a!.load(as: Double.self), y = b!.load(as: Double.self)
                return x < y ? -1 : x > y ? 1 : 0
            }
        }
        return copy
    }

    static func draws(_ d: Distribution, seed: UInt64 = 17, count: Int = sampleSize) throws -> [Double] {
        var random = SeededRandom(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(count * d.dimension)
        for _ in 0..<count { try d.sample(into: &values, using: &random) }
        return values
    }

    func checkDraws(_ constructor: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for c in try cases(constructor) {
            let d = try Self.distribution(c)
            let failures = try Self.failures(of: try Self.draws(d), as: c, cdf: d.cdf)
            XCTAssertEqual(failures, [], file: file, line: line)
        }
    }

    func testUniformDraws() throws { try checkDraws("uniform") }
    func testNormalDraws() throws { try checkDraws("normal") }
    func testParetoDraws() throws { try checkDraws("pareto") }
    func testStudentTDraws() throws { try checkDraws("student_t") }
    func testCauchyDraws() throws { try checkDraws("cauchy") }
    func testLognormalDraws() throws { try checkDraws("lognormal") }
    func testExponentialDraws() throws { try checkDraws("exponential") }
    func testGammaDraws() throws { try checkDraws("gamma_dist") }
    func testBetaDraws() throws { try checkDraws("beta_dist") }
    func testBernoulliDraws() throws { try checkDraws("bernoulli") }

    /// Each component of a Dirichlet draw is Beta(alpha_i, alpha_0 - alpha_i), and a draw sums to 1.
    func testDirichletMarginals() throws {
        for c in try Self.fixture.get().dirichlet {
            let d = try Distribution.dirichlet(alpha: c.arguments["alpha"]!)
            let k = d.dimension
            let count = Self.sampleSize / k
            let values = try Self.draws(d, count: count)
            XCTAssertEqual(values.count, count * k)
            for row in stride(from: 0, to: values.count, by: k) {
                XCTAssertEqual(values[row..<(row + k)].reduce(0, +), 1, accuracy: 1e-12)
            }
            for (i, marginal) in c.marginals.enumerated() {
                let component = stride(from: i, to: values.count, by: k).map { values[$0] }
                let beta = try Self.distribution(marginal)
                XCTAssertEqual(try Self.failures(of: component, as: marginal, cdf: beta.cdf), [])
            }
        }
    }

    /// The checks have power: the classic mistakes fail them.
    func testWrongParameterisationsAreCaught() throws {
        let all = try Self.fixture.get().cases
        func failures(_ wrong: Distribution, against constructor: String, _ arguments: [String: Double]) throws -> [String] {
            let c = try XCTUnwrap(all.first { $0.constructor == constructor && $0.arguments == arguments })
            return try Self.failures(of: try Self.draws(wrong), as: c, cdf: try Self.distribution(c).cdf)
        }
        // Gamma's scale taken as a rate.
        XCTAssertFalse(try failures(.gamma(shape: 2.5, scale: 0.5), against: "gamma_dist", ["shape": 2.5, "scale": 2]).isEmpty)
        // NumPy's Pareto (Lomax, support from 0) for SciPy's.
        var random = SeededRandom(seed: 17)
        let lomax = try (0..<Self.sampleSize).map { _ in try Distribution.pareto(alpha: 1.5).sample(using: &random) - 1 }
        let pareto = try XCTUnwrap(all.first { $0.constructor == "pareto" && $0.arguments["alpha"] == 1.5 })
        XCTAssertFalse(try Self.failures(of: lomax, as: pareto, cdf: try Self.distribution(pareto).cdf).isEmpty)
        // A tail exponent 7% off.
        XCTAssertFalse(try failures(.pareto(alpha: 1.6, xmin: 1), against: "pareto", ["alpha": 1.5, "xmin": 1]).isEmpty)
        // The log-normal's sigma taken as its variance.
        XCTAssertFalse(try failures(.lognormal(mu: 1, sigma: 0.25), against: "lognormal", ["mu": 1, "sigma": 0.5]).isEmpty)
        // Student's t from a chi-squared with df / 2 degrees of freedom.
        XCTAssertFalse(try failures(.studentT(df: 5), against: "student_t", ["df": 10]).isEmpty)
    }

    // MARK: Streams and validation

    /// The documented consumption: inversion families take exactly one uniform per draw.
    func testInversionDrawsConsumeOneUniformEach() throws {
        let cases: [(Distribution, (Double) -> Double)] = [
            (try .pareto(alpha: 1.5, xmin: 2), { 2 * pow(1 - $0, -1 / 1.5) }),
            (try .cauchy(loc: 1, scale: 3), { 1 + 3 * tan(Double.pi * $0 - Double.pi / 2) }),
            (try .exponential(rate: 4), { -log1p(-$0) / 4 }),
            (try .uniform(low: -2, high: 6), { -2 + 8 * $0 }),
            (try .bernoulli(p: 0.25), { $0 < 0.25 ? 1 : 0 }),
        ]
        for (d, inverse) in cases {
            var stream = SeededRandom(seed: 5), reference = SeededRandom(seed: 5)
            for _ in 0..<100 { XCTAssertEqual(try d.sample(using: &stream), inverse(reference.nextDouble()), "\(d.family)") }
            XCTAssertEqual(stream, reference)
        }
        var stream = SeededRandom(seed: 6), reference = SeededRandom(seed: 6)
        let normal = try Distribution.normal(mean: 0, sd: 2)
        for _ in 0..<5 { XCTAssertEqual(try normal.sample(using: &stream), 2 * reference.nextNormal()) }
        XCTAssertEqual(stream, reference)
    }

    func testInvalidParametersNameTheArgument() {
        func name(_ make: @autoclosure () throws -> Distribution) -> String? {
            do { _ = try make(); return nil } catch let NumericsError.invalidArgument(name, _) { return name } catch { return "?" }
        }
        XCTAssertEqual(name(try .pareto(alpha: 0)), "alpha")
        XCTAssertEqual(name(try .pareto(alpha: 1, xmin: -1)), "xmin")
        XCTAssertEqual(name(try .studentT(df: -1)), "df")
        XCTAssertEqual(name(try .studentT(df: .nan)), "df")
        XCTAssertEqual(name(try .cauchy(scale: 0)), "scale")
        XCTAssertEqual(name(try .lognormal(sigma: .infinity)), "sigma")
        XCTAssertEqual(name(try .exponential(rate: 0)), "rate")
        XCTAssertEqual(name(try .gamma(shape: 0)), "shape")
        XCTAssertEqual(name(try .beta(a: 1, b: 0)), "b")
        XCTAssertEqual(name(try .bernoulli(p: 1.5)), "p")
        XCTAssertEqual(name(try .bernoulli(p: .nan)), "p")
        XCTAssertEqual(name(try .uniform(low: 1, high: 1)), "high")
        XCTAssertEqual(name(try .normal(sd: 0)), "sd")
        XCTAssertEqual(name(try .dirichlet(alpha: [1])), "alpha")
        XCTAssertEqual(name(try .dirichlet(alpha: [1, -1])), "alpha")
        XCTAssertNil(name(try .bernoulli(p: 0)))
        XCTAssertNil(name(try .bernoulli(p: 1)))
    }

    func testDirichletRefusesScalarFunctions() throws {
        let d = try Distribution.dirichlet(alpha: [1, 2])
        var random = SeededRandom(seed: 1)
        XCTAssertThrowsError(try d.sample(using: &random))
        XCTAssertThrowsError(try d.cdf(0.5))
        XCTAssertThrowsError(try d.quantile(0.5))
        XCTAssertThrowsError(try Distribution.normal().quantile(1.5))
    }

    func testQuantilesAtTheEndsAreTheSupport() throws {
        XCTAssertEqual(try Distribution.studentT(df: 3).quantile(0), -.infinity)
        XCTAssertEqual(try Distribution.gamma(shape: 2).quantile(1), .infinity)
        XCTAssertEqual(try Distribution.beta(a: 2, b: 3).quantile(1), 1)
        XCTAssertEqual(try Distribution.pareto(alpha: 2, xmin: 3).quantile(0), 3)
        XCTAssertEqual(try Distribution.normal().quantile(0.5), 0, accuracy: 1e-15)
    }
}
