import WWNumerics
import WWTables
import XCTest
@testable import WWStatistics

/// The documented policies for missing values, constant inputs, small samples and unknown columns.
final class BadInputPolicyTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testMissingValuesAreSkippedPairwiseAndCounted() throws {
        let x = [1, 2, .nan, 4, 5, 6.5]
        let y = [2, 1, 3, .nan, 7, 8.0]
        for method in CorrelationMethod.allCases {
            let result = try Correlation.compute(method, x, y)
            let clean = try Correlation.compute(method, [1, 2, 5, 6.5], [2, 1, 7, 8])
            XCTAssertEqual(result.n, 4)
            XCTAssertEqual(result.dropped, 2)
            XCTAssertEqual(result.r, clean.r)
            XCTAssertEqual(result.p, clean.p)
        }
        let fit = try LinearRegression.fit(x, y)
        XCTAssertEqual(fit.n, 4)
        XCTAssertEqual(fit.dropped, 2)
        let welch = try StatisticalTests.welchT([1, 2, .nan, 4], [3, 4, 5])
        XCTAssertEqual(welch.counts, [3, 3])
        XCTAssertEqual(welch.notes, ["1 missing value (NaN or nil) dropped"])
    }

    func testInfiniteValuesAreAnError() {
        XCTAssertEqual(message { _ = try Correlation.pearson([1, .infinity, 3], [1, 2, 3]) },
                       "x holds inf at position 1; statistics need finite numbers (NaN and nil count as missing)")
        XCTAssertEqual(message { _ = try StatisticalTests.oneWayANOVA([[1, 2], [3, -.infinity]]) }.hasPrefix("group 2 holds -inf"), true)
    }

    func testConstantInputsGiveReasonsNotNumbers() throws {
        let result = try Correlation.spearman([1, 2, 3], [4, 4, 4], names: ("alpha", "acc"))
        XCTAssertNil(result.r)
        XCTAssertNil(result.p)
        XCTAssertEqual(result.reason, "acc is constant (every value is 4), so the correlation is undefined")
        let few = try Correlation.kendall([1, .nan], [2, 3])
        XCTAssertEqual(few.reason, "only 1 complete pair (1 dropped as missing); a correlation needs at least 2")
        let flat = try LinearRegression.fit([1, 2, 3], [5, 5, 5])
        XCTAssertEqual(flat.slope, 0)
        XCTAssertNil(flat.rSquared)
        XCTAssertEqual(message { _ = try LinearRegression.fit([2, 2], [1, 3]) }, "x is constant (every value is 2), so no line can be fitted against it")
        XCTAssertEqual(message { _ = try StatisticalTests.oneWayANOVA([[1, 1], [2, 2]]) },
                       "every group is constant, so the within-group variance is 0 and F is undefined")
        XCTAssertEqual(message { _ = try StatisticalTests.pairedT([1, 2, 3], [0, 1, 2]) },
                       "every difference a - b is 1, so their variance is 0 and t is undefined")
    }

    func testSmallSamplesAreClearErrors() {
        XCTAssertEqual(message { _ = try StatisticalTests.welchT([1], [2, 3]) }, "a has 1 usable value; at least 2 are needed")
        XCTAssertEqual(message { _ = try StatisticalTests.oneWayANOVA([[1, 2, 3]]) }, "ANOVA compares at least 2 groups, got 1")
        XCTAssertEqual(message { _ = try StatisticalTests.autocorrelationAdjustedT([1, 2], [2, 3]) },
                       "the pairs of a and b has 2 usable values; at least 3 are needed")
        XCTAssertEqual(message { _ = try StatisticalTests.pairedT([1, 2], [2]) }, "a has 2 values but b has 1; they must pair up one to one")
    }

    func testUnknownColumnListsTheColumns() {
        let table = DataTable(records: [[("alpha", 1), ("acc", 2)], [("alpha", 2), ("acc", 1)]])
        XCTAssertEqual(message { _ = try CorrelationMatrix(table, columns: ["alpha", "Acc"]) },
                       "no column named \"Acc\"; the columns are \"alpha\", \"acc\" (did you mean \"acc\"?)")
        XCTAssertEqual(message { _ = try SimpsonReport(table, x: "alpha", y: "acc", group: "depth") }.hasPrefix("no column named \"depth\""), true)
    }

    func testAdjustedTestReducesToPairedTestWithoutAutocorrelation() throws {
        // Differences alternating around their mean have r1 < 0: n_eff is clamped to n and
        // the test is exactly the paired t-test.
        let a = [1.0, 3, 1.2, 3.1, 0.9, 2.8]
        let b = [0.0, 0, 0, 0, 0, 0]
        let adjusted = try StatisticalTests.autocorrelationAdjustedT(a, b)
        let paired = try StatisticalTests.pairedT(a, b)
        XCTAssertEqual(adjusted.detail("n_eff"), 6)
        XCTAssertEqual(adjusted.statistic, paired.statistic, accuracy: 1e-12)
        XCTAssertEqual(adjusted.p, paired.p, accuracy: 1e-12)
        // A trending difference is strongly autocorrelated: far fewer effective samples.
        let trend = try StatisticalTests.autocorrelationAdjustedT((1...20).map(Double.init), [Double](repeating: 0, count: 20))
        XCTAssertLessThan(trend.detail("n_eff") ?? 20, 4)
        XCTAssertGreaterThan(trend.p, paired.p)
    }
}

final class KendallAndTableStatisticsTests: XCTestCase {
    /// Knight's O(n log n) tau-b against the O(n²) definition on seeded samples with ties.
    func testKendallMatchesQuadraticDefinition() throws {
        var random = SeededRandom(seed: 42)
        for n in [2, 5, 40, 300] {
            let x = (0..<n).map { _ in Double(random.next() % 7) }
            let y = (0..<n).map { i in x[i] + Double(random.next() % 4) }
            var concordant = 0.0, discordant = 0.0, tiesX = 0.0, tiesY = 0.0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let s = (x[i] - x[j]) * (y[i] - y[j])
                    if s > 0 { concordant += 1 } else if s < 0 { discordant += 1 }
                    if x[i] == x[j] { tiesX += 1 }
                    if y[i] == y[j] { tiesY += 1 }
                }
            }
            let total = Double(n * (n - 1) / 2)
            let expected = (concordant - discordant) / ((total - tiesX) * (total - tiesY)).squareRoot()
            let result = try Correlation.kendall(x, y)
            if expected.isNaN { XCTAssertNil(result.r); continue }
            XCTAssertEqual(result.r ?? .nan, expected, accuracy: 1e-12, "n = \(n)")
        }
    }

    func testCorrelationMatrixIsSymmetricAndMatchesPairs() throws {
        let table = DataTable(records: (0..<12).map { i in
            let v = Double(i)
            return [("a", .number(v)), ("b", .number(v * v - 3 * v)), ("c", i == 4 ? .null : .number(sin(v))), ("name", .string("m\(i)"))]
        })
        XCTAssertEqual(table.numericColumnNames, ["a", "b", "c"])
        let matrix = try CorrelationMatrix(table, method: .spearman)
        let r = try matrix.table()
        XCTAssertEqual(r.columnNames, ["variable", "a", "b", "c"])
        let direct = try Correlation.spearman(table.numericColumn(named: "b"), table.numericColumn(named: "c"))
        XCTAssertEqual(try r.column(named: "c")[1], direct.r.map(Cell.number))
        XCTAssertEqual(try r.column(named: "b")[2], direct.r.map(Cell.number))
        XCTAssertEqual(try matrix.countTable().column(named: "c"), [11, 11, 11])
        XCTAssertThrowsError(try CorrelationMatrix(table, columns: ["a", "name"]))
    }

    func testSimpsonFindsReversalsAndSkipsTinyGroups() throws {
        var records: [[(String, Cell)]] = []
        for (depth, offset) in [(2.0, 0.0), (4, 3), (8, 6)] {
            for step in 0..<4 {
                let x = offset + Double(step)
                records.append([("depth", .number(depth)), ("x", .number(x)), ("y", .number(offset * 0.5 - 0.1 * Double(step)))])
            }
        }
        records.append([("depth", 16), ("x", 20), ("y", 9)])  // a group of one point
        let report = try SimpsonReport(DataTable(records: records), x: "x", y: "y", group: "depth")
        XCTAssertEqual(report.pooled.sign, 1)
        XCTAssertEqual(report.reversing, [2, 4, 8])
        XCTAssertEqual(report.skipped.map(\.key), [16])
        XCTAssertEqual(report.verdict, "Simpson's paradox: the pooled trend rises but it reverses in all 3 groups of 'depth'")
        let table = report.table()
        XCTAssertEqual(table.rowCount, 4)
        XCTAssertEqual(try table.column(named: "reverses"), [.null, true, true, true])
        XCTAssertEqual(try table.column(named: "tau")[1], -1)
    }

    func testRegressionOfVeryLargeOrSmallValuesIsTheScaledFit() throws {
        // Squares of 1e±200 overflow or underflow: the slope came out 0 or -inf with r = ±1.
        let y = [4, 3, 2.5, 1]
        let plain = try LinearRegression.fit([1, 2, 3, 4], y)
        for scale in [0x1p-660, 0x1p660] {  // powers of two, so the expected numbers are exact
            let fit = try LinearRegression.fit([1, 2, 3, 4].map { $0 * scale }, y)
            XCTAssertEqual(fit.slope, plain.slope / scale)
            XCTAssertEqual(fit.intercept, plain.intercept)
            XCTAssertEqual(fit.r, plain.r)
            XCTAssertEqual(fit.p, plain.p)
            XCTAssertEqual(fit.rmse, plain.rmse)
            XCTAssertEqual(fit.slopeStandardError, plain.slopeStandardError.map { $0 / scale })
            XCTAssertEqual(fit.interceptStandardError, plain.interceptStandardError)
            let flipped = try LinearRegression.fit([1, 2, 3, 4], y.map { $0 * scale })
            XCTAssertEqual(flipped.slope, plain.slope * scale)
            XCTAssertEqual(flipped.rmse, plain.rmse * scale)
        }
    }
}
