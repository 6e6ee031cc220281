import XCTest
@testable import WWTables

/// The rows of a table as plain arrays, for comparing whole tables at once.
func rows(of table: DataTable) -> [[Cell]] {
    table.rowIndices.map { table.row(at: $0).map(\.1) }
}

/// The message a thrown `TableError` shows to users, or a failure.
func errorMessage(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) -> String? {
    do {
        try body()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch let error as TableError {
        return error.description
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}
