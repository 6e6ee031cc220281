import XCTest
@testable import WWTables

final class DataTableConstructionTests: XCTestCase {
    func testEmptyTable() {
        let table = DataTable()
        XCTAssertEqual(table.rowCount, 0)
        XCTAssertEqual(table.columnNames, [])
    }

    func testRecordsWithMissingKeysUnionColumnsInFirstSeenOrder() {
        let table = DataTable(records: [
            [("name", "fc1"), ("size", 10)],
            [("size", 20), ("bias", true)],
            [("name", "fc3")],
        ])
        XCTAssertEqual(table.columnNames, ["name", "size", "bias"])
        XCTAssertEqual(table.rowCount, 3)
        XCTAssertEqual(rows(of: table), [
            ["fc1", 10, .null],
            [.null, 20, true],
            ["fc3", .null, .null],
        ])
    }

    func testAddRowAddsColumnsFilledWithNullForEarlierRows() throws {
        let table = try DataTable(columns: ["a"])
        table.addRow([("a", 1)])
        table.addRow([("a", 2)])
        table.addRow([("b", "x"), ("a", 3)])
        XCTAssertEqual(table.columnNames, ["a", "b"])
        XCTAssertEqual(try table.column(named: "b"), [.null, .null, "x"])
        XCTAssertEqual(try table.column(named: "a"), [1, 2, 3])
        table.addRow([])
        XCTAssertEqual(table.rowCount, 4)
        XCTAssertEqual(table.row(at: 3).map(\.1), [.null, .null])
    }

    func testRepeatedKeyInOneRecordKeepsLastValue() {
        let table = DataTable(records: [[("a", 1), ("a", 2)]])
        XCTAssertEqual(table.columnNames, ["a"])
        XCTAssertEqual(rows(of: table), [[2]])
    }

    func testRowAndCellAccess() throws {
        let table = DataTable(records: [[("x", 1), ("y", "p")], [("x", 2), ("y", "q")]])
        let row = table.row(at: 1)
        XCTAssertEqual(row.map(\.0), ["x", "y"])
        XCTAssertEqual(row.map(\.1), [2, "q"])
        XCTAssertEqual(try table.cell(row: 0, column: "y"), "p")
        XCTAssertEqual(table.rowIndices, 0..<2)
        XCTAssertEqual(try table.columnIndex(named: "y"), 1)
        XCTAssertTrue(table.hasColumn(named: "x"))
        XCTAssertFalse(table.hasColumn(named: "z"))
    }

    func testUnknownColumnErrorListsExistingColumns() {
        let table = DataTable(records: [[("loss", 1), ("step", 2)]])
        XCTAssertEqual(
            errorMessage { _ = try table.column(named: "acc") },
            #"no column named "acc"; the columns are "loss", "step""#)
        XCTAssertEqual(
            errorMessage { _ = try table.cell(row: 0, column: "Loss") },
            #"no column named "Loss"; the columns are "loss", "step" (did you mean "loss"?)"#)
        XCTAssertEqual(
            errorMessage { _ = try DataTable().column(named: "a") },
            #"no column named "a"; the table has no columns"#)
    }

    func testUnknownColumnErrorCapsTheList() throws {
        let names = (0..<25).map { "c\($0)" }
        let table = try DataTable(columns: names)
        let message = errorMessage { _ = try table.column(named: "zz") } ?? ""
        XCTAssertTrue(message.contains(#""c19" and 5 more"#), message)
        XCTAssertFalse(message.contains(#""c20""#), message)
    }

    func testDuplicateColumnsAreRejected() {
        XCTAssertEqual(
            errorMessage { _ = try DataTable(columns: ["a", "b", "a"]) },
            #"duplicate column name "a"; column names must be unique"#)
        let table = DataTable(records: [[("a", 1)]])
        XCTAssertThrowsError(try table.addColumn(name: "a", values: [2])) { error in
            XCTAssertEqual(error as? TableError, .duplicateColumn("a"))
        }
    }

    func testAddColumnChecksLength() throws {
        let table = DataTable(records: [[("a", 1)], [("a", 2)]])
        XCTAssertEqual(
            errorMessage { try table.addColumn(name: "b", values: [1]) },
            #"column "b" has 1 value, but the table has 2 rows"#)
        try table.addColumn(name: "b", values: ["x", "y"])
        XCTAssertEqual(rows(of: table), [[1, "x"], [2, "y"]])
    }

    func testFirstColumnOfAnEmptyTableSetsTheRowCount() throws {
        let table = DataTable()
        try table.addColumn(name: "a", values: [1, 2, 3])
        XCTAssertEqual(table.rowCount, 3)
        XCTAssertThrowsError(try table.addColumn(name: "b", values: []))
    }

    func testTablesAreSharedAndCopiesAreIndependent() throws {
        let table = DataTable(records: [[("a", 1)]])
        let alias = table
        let copy = table.copy()
        alias.addRow([("a", 2), ("b", 3)])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(copy.rowCount, 1)
        XCTAssertEqual(copy.columnNames, ["a"])
        XCTAssertEqual(rows(of: copy), [[1]])
    }
}
