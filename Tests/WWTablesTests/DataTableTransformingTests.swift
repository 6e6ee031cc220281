import XCTest
@testable import WWTables

final class DataTableTransformingTests: XCTestCase {
    private func sample() -> DataTable {
        DataTable(records: [
            [("name", "a"), ("layer", 1), ("norm", 0.5)],
            [("name", "b"), ("layer", 2), ("norm", 1.5)],
            [("name", "c"), ("layer", 3), ("norm", 2.5)],
            [("name", "d"), ("layer", 4), ("norm", 3.5)],
        ])
    }

    // MARK: selecting

    func testSelectingKeepsGivenOrderAndLeavesReceiverAlone() throws {
        let table = sample()
        let picked = try table.selecting(["norm", "name"])
        XCTAssertEqual(picked.columnNames, ["norm", "name"])
        XCTAssertEqual(rows(of: picked).first, [0.5, "a"])
        XCTAssertEqual(picked.rowCount, 4)
        XCTAssertEqual(table.columnNames, ["name", "layer", "norm"])
        picked.addRow([("name", "e")])
        XCTAssertEqual(table.rowCount, 4)
    }

    func testSelectingUnknownColumnListsColumns() {
        let table = sample()
        XCTAssertEqual(
            errorMessage { _ = try table.selecting(["name", "nrom"]) },
            #"no column named "nrom"; the columns are "name", "layer", "norm""#)
        XCTAssertThrowsError(try table.selecting(["name", "name"])) { error in
            XCTAssertEqual(error as? TableError, .duplicateColumn("name"))
        }
    }

    // MARK: filtering

    func testFilteringByIndex() {
        let evens = sample().filtering { (index: Int) in index % 2 == 0 }
        XCTAssertEqual(try evens.column(named: "name"), ["a", "c"])
        XCTAssertEqual(evens.columnNames, ["name", "layer", "norm"])
    }

    func testFilteringByRecord() {
        let big = sample().filtering { (row: [(String, Cell)]) in
            row.contains { $0.0 == "norm" && ($0.1.numberValue ?? 0) > 2 }
        }
        XCTAssertEqual(try big.column(named: "name"), ["c", "d"])
    }

    func testFilteringRethrows() {
        struct Stop: Error {}
        XCTAssertThrowsError(try sample().filtering { (index: Int) -> Bool in
            if index == 2 { throw Stop() }
            return true
        }) { XCTAssertTrue($0 is Stop) }
    }

    func testFilteringEverythingOutKeepsColumns() {
        let none = sample().filtering { (_: Int) in false }
        XCTAssertEqual(none.rowCount, 0)
        XCTAssertEqual(none.columnNames, ["name", "layer", "norm"])
    }

    // MARK: sorting

    func testSortIsStableAcrossMultipleKeysWithDescending() throws {
        let table = DataTable(records: [
            [("group", "b"), ("score", 1), ("id", 0)],
            [("group", "a"), ("score", 2), ("id", 1)],
            [("group", "b"), ("score", 2), ("id", 2)],
            [("group", "a"), ("score", 2), ("id", 3)],
            [("group", "a"), ("score", 1), ("id", 4)],
            [("group", "b"), ("score", 1), ("id", 5)],
        ])
        let sorted = try table.sorted(by: [(name: "group", descending: false), (name: "score", descending: true)])
        XCTAssertEqual(try sorted.column(named: "id"), [1, 3, 4, 2, 0, 5])
        // The receiver is untouched.
        XCTAssertEqual(try table.column(named: "id"), [0, 1, 2, 3, 4, 5])
    }

    func testSortStabilityOnAllEqualKeys() throws {
        let table = DataTable(records: (0..<50).map { [("k", 7), ("id", .number(Double($0)))] })
        let ascending = try table.sorted(by: [(name: "k", descending: false)])
        let descending = try table.sorted(by: [(name: "k", descending: true)])
        let ids = (0..<50).map { Cell.number(Double($0)) }
        XCTAssertEqual(try ascending.column(named: "id"), ids)
        XCTAssertEqual(try descending.column(named: "id"), ids)
    }

    func testSortPlacesNullsFirstAndNaNLastAscending() throws {
        let table = DataTable(records: [
            [("x", 3), ("id", 0)],
            [("x", .number(.nan)), ("id", 1)],
            [("id", 2)],
            [("x", -1), ("id", 3)],
            [("x", .number(.nan)), ("id", 4)],
            [("x", "s"), ("id", 5)],
            [("id", 6)],
        ])
        let ascending = try table.sorted(by: [(name: "x", descending: false)])
        XCTAssertEqual(try ascending.column(named: "id"), [2, 6, 3, 0, 1, 4, 5])
        let descending = try table.sorted(by: [(name: "x", descending: true)])
        XCTAssertEqual(try descending.column(named: "id"), [5, 1, 4, 0, 3, 2, 6])
    }

    func testSortByUnknownColumnThrows() {
        XCTAssertEqual(
            errorMessage { _ = try sample().sorted(by: [(name: "size", descending: false)]) },
            #"no column named "size"; the columns are "name", "layer", "norm""#)
    }

    func testSortWithNoKeysKeepsOrder() throws {
        XCTAssertEqual(try sample().sorted(by: []).column(named: "name"), ["a", "b", "c", "d"])
    }

    // MARK: head and tail

    func testHeadAndTail() throws {
        let table = sample()
        XCTAssertEqual(try table.head(2).column(named: "name"), ["a", "b"])
        XCTAssertEqual(try table.tail(2).column(named: "name"), ["c", "d"])
        XCTAssertEqual(table.head(10).rowCount, 4)
        XCTAssertEqual(table.tail(10).rowCount, 4)
        XCTAssertEqual(table.head(0).rowCount, 0)
        XCTAssertEqual(table.tail(-3).rowCount, 0)
        XCTAssertEqual(table.tail(0).columnNames, ["name", "layer", "norm"])
    }

    // MARK: appending

    func testAppendingUnionsColumns() {
        let first = DataTable(records: [[("a", 1), ("b", 2)]])
        let second = DataTable(records: [[("c", 3), ("a", 4), ("d", 6)], [("a", 5)]])
        let both = first.appending(rowsOf: second)
        XCTAssertEqual(both.columnNames, ["a", "b", "c", "d"])
        XCTAssertEqual(rows(of: both), [
            [1, 2, .null, .null],
            [4, .null, 3, 6],
            [5, .null, .null, .null],
        ])
        XCTAssertEqual(first.rowCount, 1)
        XCTAssertEqual(second.rowCount, 2)
    }
}
