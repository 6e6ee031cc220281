import Foundation
import XCTest
@testable import WWTables

/// group_by, pivot and join against pandas (`tools/make-stats-fixtures.py`), and their errors.
final class GroupingJoiningTests: XCTestCase {
    private func fixture() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/stats/tables.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    /// Fixture records as a table; "nan" (pandas' missing value) becomes null.
    private func table(_ value: Any?) -> DataTable {
        let records = (value as? [[String: Any]] ?? []).map { record in
            record.keys.sorted().map { key -> (String, Cell) in (key, cell(record[key])) }
        }
        return DataTable(records: records)
    }

    private func cell(_ value: Any?) -> Cell {
        // JSON numbers and booleans both arrive as NSNumber; only a boolean's type is "c".
        if let n = value as? NSNumber, String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
        switch value {
        case let x as Double: return .number(x)
        case let x as Int: return .number(Double(x))
        case let s as String: return s == "nan" ? .null : .string(s)
        default: return .null
        }
    }

    private func assertSameRows(_ actual: DataTable, _ expected: DataTable, columns: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(actual.rowCount, expected.rowCount, "row count", file: file, line: line)
        for name in columns {
            let a = try actual.column(named: name), e = try expected.column(named: name)
            for (row, (x, y)) in zip(a, e).enumerated() {
                if case .number(let u) = x, case .number(let v) = y {
                    XCTAssertEqual(u, v, accuracy: 1e-12 * max(1, abs(v)), "\(name) row \(row)", file: file, line: line)
                } else {
                    XCTAssertEqual(x, y, "\(name) row \(row)", file: file, line: line)
                }
            }
        }
    }

    func testGroupByMatchesPandas() throws {
        let f = try fixture()
        let data = table(f["data"])
        let grouped = try data.grouped(by: ["depth"], aggregations: [
            .count, Aggregation(.mean, of: "alpha"), Aggregation(.median, of: "alpha"), Aggregation(.std, of: "alpha"),
            Aggregation(.min, of: "alpha"), Aggregation(.max, of: "alpha"), Aggregation(.sum, of: "alpha"),
            Aggregation(.mean, of: "acc"), Aggregation(.first, of: "acc"),
        ])
        XCTAssertEqual(grouped.columnNames, ["depth", "count", "alpha_mean", "alpha_median", "alpha_std", "alpha_min",
                                             "alpha_max", "alpha_sum", "acc_mean", "acc_first"])
        try assertSameRows(grouped, table(f["group_depth"]), columns: grouped.columnNames)
        let two = try data.grouped(by: ["depth", "kind"], aggregations: [Aggregation(.mean, of: "acc"), .count])
        try assertSameRows(two, table(f["group_depth_kind"]), columns: ["depth", "kind", "acc_mean", "count"])
    }

    func testPivotMatchesPandas() throws {
        let f = try fixture()
        let pivot = try table(f["data"]).pivoted(index: "depth", columns: "kind", values: "acc")
        XCTAssertEqual(pivot.columnNames, f["pivot_columns"] as? [String])
        try assertSameRows(pivot, table(f["pivot"]), columns: pivot.columnNames)
    }

    func testJoinsMatchPandas() throws {
        let f = try fixture()
        let left = DataTable(records: [[("k", 1), ("a", "w"), ("v", 10)], [("k", 2), ("a", "x"), ("v", 20)],
                                       [("k", 3), ("a", "y"), ("v", 30)], [("k", 4), ("a", "z"), ("v", 40)]])
        let right = DataTable(records: [[("k", 2), ("b", true), ("v", 0.5)], [("k", 4), ("b", false), ("v", 1.5)],
                                        [("k", 4), ("b", true), ("v", 2.5)], [("k", 5), ("b", false), ("v", 3.5)]])
        let joins = f["joins"] as? [String: [String: Any]] ?? [:]
        for kind in [JoinKind.inner, .left, .outer] {
            let joined = try left.joined(with: right, on: ["k"], kind: kind)
            let expected = joins[kind.rawValue] ?? [:]
            XCTAssertEqual(joined.columnNames, expected["columns"] as? [String], "\(kind)")
            try assertSameRows(joined, table(expected["rows"]), columns: joined.columnNames)
        }
        let rightJoin = try left.joined(with: right, on: ["k"], kind: .right)
        XCTAssertEqual(try rightJoin.column(named: "k"), [2, 4, 4, 5])
        XCTAssertEqual(try rightJoin.column(named: "a"), ["x", "z", "z", .null])
    }

    func testJoinOnTwoKeysWithNullKeysAndCustomSuffixes() throws {
        let left = DataTable(records: [[("d", 2), ("s", 1), ("m", 0.1)], [("d", 2), ("s", 2), ("m", 0.2)], [("d", .null), ("s", 1), ("m", 0.3)]])
        let right = DataTable(records: [[("d", 2), ("s", 2), ("m", 9)], [("d", .null), ("s", 1), ("m", 8)]])
        let joined = try left.joined(with: right, on: ["d", "s"], kind: .left, suffixes: ("_a", "_b"))
        XCTAssertEqual(joined.columnNames, ["d", "s", "m_a", "m_b"])
        // The null key matches nothing, but the left join keeps its row.
        XCTAssertEqual(try joined.column(named: "m_b"), [.null, 9, .null])
    }

    func testGroupingErrorsNameTheProblem() {
        let t = DataTable(records: [[("g", "a"), ("x", 1), ("s", "text")], [("g", "b"), ("x", .null), ("s", "more")]])
        XCTAssertEqual(errorMessage { _ = try t.grouped(by: ["nope"], aggregations: []) }?.contains("the columns are \"g\", \"x\", \"s\""), true)
        XCTAssertEqual(errorMessage { _ = try t.grouped(by: ["g"], aggregations: [Aggregation(.mean, of: "s")]) },
                       "mean needs numbers, but column \"s\" holds \"text\"")
        XCTAssertEqual(errorMessage { _ = try t.grouped(by: ["g"], aggregations: [Aggregation(.mean, of: "x"), Aggregation(.mean, of: "x")]) },
                       "duplicate column name \"x_mean\"; column names must be unique")
        XCTAssertNotNil(errorMessage { _ = try t.joined(with: t, on: [], kind: .inner) })
        XCTAssertNotNil(errorMessage { _ = try t.joined(with: t, on: ["g"], kind: .inner, suffixes: ("", "")) })
    }

    func testAggregatesOfMissingValues() throws {
        let t = DataTable(records: [[("g", 1), ("x", .null)], [("g", 1), ("x", .number(.nan))], [("g", 2), ("x", 5)]])
        let grouped = try t.grouped(by: ["g"], aggregations: [Aggregation(.mean, of: "x"), Aggregation(.sum, of: "x"),
                                                             Aggregation(.std, of: "x"), .count, Aggregation(.first, of: "x")])
        XCTAssertEqual(try grouped.column(named: "x_mean"), [.null, 5])
        XCTAssertEqual(try grouped.column(named: "x_sum"), [0, 5])
        XCTAssertEqual(try grouped.column(named: "x_std"), [.null, .null])
        XCTAssertEqual(try grouped.column(named: "count"), [2, 1])
        XCTAssertEqual(try grouped.column(named: "x_first"), [.null, 5])
        // No aggregations: keys and counts.
        XCTAssertEqual(try t.grouped(by: ["g"], aggregations: []).columnNames, ["g", "count"])
    }
}
