import WWTables
import XCTest
import WWStatistics

/// ANOVA of a long-form table: groups from a column, small groups skipped and listed.
final class GroupedANOVATests: XCTestCase {
    private func table(_ rows: [(String, Double?)]) -> DataTable {
        DataTable(records: rows.map { [("kind", .string($0.0)), ("delta", $0.1.map(Cell.number) ?? .null)] })
    }

    /// The same F as the samples given one by one, with the small group left out and named.
    func testGroupsByColumnAndSkipsGroupsWithTooFewUsableValues() throws {
        let data = table([("d", 0.1), ("d", 0.2), ("w", 0.5), ("w", 0.4), ("w", 0.6), ("a", 9), ("n", nil), ("n", 3)])
        let grouped = try StatisticalTests.oneWayANOVA(table: data, value: "delta", group: "kind")
        XCTAssertEqual(grouped.groups, [.string("d"), .string("w")])
        XCTAssertEqual(grouped.skipped.map(\.description), ["a (1 usable value)", "n (1 usable value)"])
        XCTAssertEqual(grouped.skipped.map(\.usableValues), [1, 1])
        XCTAssertEqual(grouped.result, try StatisticalTests.oneWayANOVA([[0.1, 0.2], [0.5, 0.4, 0.6]], names: ["group \"d\"", "group \"w\""]))
        XCTAssertEqual(grouped.result.statistic, 17.64, accuracy: 1e-9)
    }

    /// A group that keeps enough values counts its missing ones as dropped, like any sample.
    func testMissingValuesInKeptGroupsAreDropped() throws {
        let data = table([("x", 1), ("x", 2), ("x", nil), ("y", 4), ("y", 6)])
        let grouped = try StatisticalTests.oneWayANOVA(table: data, value: "delta", group: "kind")
        XCTAssertEqual(grouped.result.counts, [2, 2])
        XCTAssertEqual(grouped.result.dropped, 1)
        XCTAssertEqual(grouped.skipped, [])
    }

    /// Fewer than 2 groups left after skipping is the plain ANOVA's error; messages name the
    /// groups by their quoted keys; "0 usable values" is plural.
    func testErrorsAndLabels() throws {
        let data = table([("only", 1), ("only", 2), ("empty", nil)])
        XCTAssertThrowsError(try StatisticalTests.oneWayANOVA(table: data, value: "delta", group: "kind")) {
            XCTAssertEqual("\($0)", "ANOVA compares at least 2 groups, got 1")
        }
        let constant = table([("p", 1), ("p", 1), ("q", 2), ("q", 2), ("r", nil)])
        XCTAssertThrowsError(try StatisticalTests.oneWayANOVA(table: constant, value: "delta", group: "kind")) {
            XCTAssertEqual("\($0)", "every group is constant, so the within-group variance is 0 and F is undefined")
        }
        XCTAssertEqual(GroupedANOVA.SkippedGroup(key: .string("r"), usableValues: 0).description, "r (0 usable values)")
        XCTAssertThrowsError(try StatisticalTests.oneWayANOVA(table: data, value: "kind", group: "delta")) {
            XCTAssertTrue("\($0)".hasPrefix("column 'kind' must hold numbers, but row 0 holds"), "\($0)")
        }
        XCTAssertThrowsError(try StatisticalTests.oneWayANOVA(table: data, value: "delta", group: "missing"))
    }
}
