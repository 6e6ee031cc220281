import WWStatistics
import XCTest

/// Every correlation, regression and test against SciPy on seeded samples (normal data of
/// n = 3 ... 200, integer data with ties, random walks, large magnitudes).
final class StatisticsParityTests: XCTestCase {
    func testCorrelationsMatchSciPy() throws {
        for item in try StatsFixture.items("tests", "pairs") {
            let name = item["name"] as? String ?? "?"
            let (x, y) = (numbers(item["x"]), numbers(item["y"]))
            for method in CorrelationMethod.allCases {
                let expected = item[method.rawValue] as? [String: Any] ?? [:]
                let result = try Correlation.compute(method, x, y)
                XCTAssertEqual(result.n, x.count)
                assertClose(result.r, number(expected["r"]), relative: statisticTolerance, "\(method) r of \(name)")
                if x.count == 3 && method == .spearman {
                    // n = 3: SciPy's t has one degree of freedom; still compared.
                }
                assertClose(result.p, number(expected["p"]), relative: pValueTolerance, "\(method) p of \(name)")
            }
        }
    }

    func testRegressionMatchesSciPyLinregress() throws {
        for item in try StatsFixture.items("tests", "pairs") {
            let name = item["name"] as? String ?? "?"
            let expected = item["linregress"] as? [String: Any] ?? [:]
            let fit = try LinearRegression.fit(numbers(item["x"]), numbers(item["y"]))
            assertClose(fit.slope, number(expected["slope"]), relative: statisticTolerance, "slope of \(name)")
            assertClose(fit.intercept, number(expected["intercept"]), relative: 1e-8, "intercept of \(name)")
            assertClose(fit.r, number(expected["r"]), relative: statisticTolerance, "r of \(name)")
            assertClose(fit.rSquared, number(expected["r"]) * number(expected["r"]), relative: statisticTolerance, "R² of \(name)")
            assertClose(fit.p, number(expected["p"]), relative: pValueTolerance, "p of \(name)")
            assertClose(fit.slopeStandardError, number(expected["stderr"]), relative: statisticTolerance, "stderr of \(name)")
            assertClose(fit.interceptStandardError, number(expected["intercept_stderr"]), relative: statisticTolerance, "intercept stderr of \(name)")
            assertClose(fit.rmse, number(expected["rmse"]), relative: statisticTolerance, "rmse of \(name)")
        }
    }

    func testTTestsMatchSciPy() throws {
        for item in try StatsFixture.items("tests", "pairs") {
            let name = item["name"] as? String ?? "?"
            let (x, y) = (numbers(item["x"]), numbers(item["y"]))
            let welch = item["welch"] as? [String: Any] ?? [:]
            let w = try StatisticalTests.welchT(x, y)
            assertClose(w.statistic, number(welch["t"]), relative: statisticTolerance, "Welch t of \(name)")
            assertClose(w.degreesOfFreedom, number(welch["df"]), relative: statisticTolerance, "Welch df of \(name)")
            assertClose(w.p, number(welch["p"]), relative: pValueTolerance, "Welch p of \(name)")
            let paired = item["paired"] as? [String: Any] ?? [:]
            let t = try StatisticalTests.pairedT(x, y)
            assertClose(t.statistic, number(paired["t"]), relative: statisticTolerance, "paired t of \(name)")
            assertClose(t.p, number(paired["p"]), relative: pValueTolerance, "paired p of \(name)")
            XCTAssertEqual(t.degreesOfFreedom, number(paired["df"]))
            guard x.count >= StatisticalTests.minimumAdjustedPairs else { continue }
            let adjusted = item["adjusted"] as? [String: Any] ?? [:]
            let a = try StatisticalTests.autocorrelationAdjustedT(x, y)
            assertClose(a.statistic, number(adjusted["t"]), relative: statisticTolerance, "adjusted t of \(name)")
            assertClose(a.p, number(adjusted["p"]), relative: pValueTolerance, "adjusted p of \(name)")
            assertClose(a.degreesOfFreedom, number(adjusted["df"]), relative: statisticTolerance, "adjusted df of \(name)")
            assertClose(a.detail("r1"), number(adjusted["r1"]), relative: statisticTolerance, "r1 of \(name)")
        }
    }

    func testANOVAMatchesSciPy() throws {
        for item in try StatsFixture.items("tests", "anova") {
            let name = item["name"] as? String ?? "?"
            let groups = (item["groups"] as? [Any] ?? []).map(numbers)
            let result = try StatisticalTests.oneWayANOVA(groups)
            assertClose(result.statistic, number(item["f"]), relative: statisticTolerance, "F of \(name)")
            assertClose(result.p, number(item["p"]), relative: pValueTolerance, "p of \(name)")
            XCTAssertEqual(result.degreesOfFreedom, Double(groups.count - 1))
            XCTAssertEqual(result.denominatorDegreesOfFreedom, Double(groups.map(\.count).reduce(0, +) - groups.count))
        }
    }
}
