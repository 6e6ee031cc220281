import XCTest
@testable import WWTables

final class TextRenderingTests: XCTestCase {
    /// The table shown in `renderText`'s documentation.
    static func documentedSample() -> DataTable {
        DataTable(records: [
            [("name", "alpha"), ("layer", 1), ("norm", 0.123456789), ("ok", true)],
            [("name", "beta"), ("layer", 12), ("ok", false)],
            [("name", "gamma"), ("layer", -3), ("norm", 1e-7)],
        ])
    }

    func testSmallTableExactOutput() {
        let expected = """
            name   layer      norm  ok
            ─────  ─────  ────────  ─────
            alpha      1  0.123457  true
            beta      12       nil  false
            gamma     -3     1e-07  nil
            3 rows × 4 columns
            """
        XCTAssertEqual(Self.documentedSample().renderText(), expected)
        XCTAssertEqual(Self.documentedSample().description, expected)
    }

    func testWideTableElidesMiddleColumns() {
        let table = DataTable(records: [(0..<8).map { ("column\($0)", .number(Double($0))) }])
        let expected = """
            column0  column1  …  column6  column7
            ───────  ───────  ─  ───────  ───────
                  0        1  …        6        7
            1 row × 8 columns
            """
        XCTAssertEqual(table.renderText(maxLineWidth: 40), expected)
        XCTAssertFalse(table.renderText().contains("…"), "a table that fits keeps every column")
        for line in table.renderText(maxLineWidth: 40).split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 40)
        }
    }

    private func hundredRows() -> DataTable {
        DataTable(records: (0..<100).map { [("i", .number(Double($0))), ("name", .string("row \($0)"))] })
    }

    func testLongTableIsElidedInTheMiddleByDefault() {
        let lines = hundredRows().renderText().components(separatedBy: "\n")
        let expected = [" i  name", "──  ──────"]
            + (0..<10).map { String(format: "%2d  row %d", $0, $0) }
            + [" …  …"]
            + (90..<100).map { "\($0)  row \($0)" }
            + ["100 rows × 2 columns"]
        XCTAssertEqual(lines, expected)
        XCTAssertEqual(lines.count, DataTable.defaultMaxTextRows + 4)
    }

    func testElisionWithOddLimitShowsTheExtraRowAtTheTop() {
        let expected = """
             i  name
            ──  ──────
             0  row 0
             1  row 1
             2  row 2
             …  …
            98  row 98
            99  row 99
            100 rows × 2 columns
            """
        XCTAssertEqual(hundredRows().renderText(maxRows: 5), expected)
    }

    func testZeroRowLimitShowsOnlyTheElisionMark() {
        let expected = """
            i  name
            ─  ────
            …  …
            100 rows × 2 columns
            """
        XCTAssertEqual(hundredRows().renderText(maxRows: 0), expected)
    }

    func testTableAtTheLimitIsNotElided() {
        let text = hundredRows().head(20).renderText(maxRows: 20)
        XCTAssertFalse(text.contains("…"))
        XCTAssertTrue(text.hasSuffix("\n19  row 19\n20 rows × 2 columns"))
    }

    func testLongTextAndHeadersAreTruncatedButNumbersAreNot() {
        let table = DataTable(records: [[("description", "abcdefgh"), ("n", 1234567)]])
        XCTAssertEqual(table.renderText(maxWidth: 5), """
            desc…        n
            ─────  ───────
            abcd…  1234567
            1 row × 2 columns
            """)
        XCTAssertEqual(table.renderText(maxWidth: 8), """
            descrip…        n
            ────────  ───────
            abcdefgh  1234567
            1 row × 2 columns
            """)
    }

    func testControlCharactersAreEscaped() {
        let table = DataTable(records: [[("text", "a\nb\tc\u{1B}[31m")]])
        XCTAssertEqual(table.renderText(), """
            text
            ─────────────────
            a\\nb\\tc\\u{1B}[31m
            1 row × 1 column
            """)
    }

    func testWideCharactersCountDouble() {
        let table = DataTable(records: [[("w", "日本"), ("n", 1)], [("w", "abc"), ("n", 22)]])
        XCTAssertEqual(table.renderText(), """
            w      n
            ────  ──
            日本   1
            abc   22
            2 rows × 2 columns
            """)
        XCTAssertEqual(DisplayWidth.truncate("日本語", toWidth: 4), "日…")
    }

    func testMixedColumnAlignsEachCellByKind() {
        let table = DataTable(records: [[("v", "text")], [("v", 7)], [("v", .null)]])
        XCTAssertEqual(table.renderText(), """
            v
            ────
            text
               7
            nil
            3 rows × 1 column
            """)
    }

    func testDegenerateTables() throws {
        XCTAssertEqual(DataTable().renderText(), "0 rows × 0 columns")
        XCTAssertEqual(try DataTable(columns: ["a", "bb"]).renderText(), """
            a  bb
            ─  ──
            0 rows × 2 columns
            """)
    }
}

/// Tables that say which columns to keep first when the line is too narrow (issue 18).
final class DisplayPriorityTests: XCTestCase {
    private func wideTable() -> DataTable {
        var fields: [(String, Cell)] = [("layer_id", 1), ("name", "fc1")]
        for i in 0..<6 { fields.append(("metric_\(i)", .number(Double(i) + 0.5))) }
        fields += [("alpha", 3.25), ("D", 0.0625)]
        for i in 6..<12 { fields.append(("metric_\(i)", .number(Double(i) + 0.5))) }
        return DataTable(records: [fields])
    }

    func testPriorityColumnsAreKeptWhenTheLineIsNarrow() {
        let table = wideTable()
        // Without a priority the middle, where alpha and D are, is elided.
        XCTAssertFalse(table.renderText(maxLineWidth: 60).contains("alpha"))
        table.displayPriority = ["name", "alpha", "D"]
        let text = table.renderText(maxLineWidth: 60)
        let header = text.split(separator: "\n")[0]
        XCTAssertTrue(header.hasPrefix("layer_id  name  metric_0"), text)
        XCTAssertTrue(header.contains("  alpha       D  "), text)
        XCTAssertTrue(header.hasSuffix("  …"), text)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 60 }, text)
        XCTAssertTrue(text.hasSuffix("1 row × 16 columns"))
        // A table that fits shows everything, priority or not.
        XCTAssertFalse(table.renderText(maxLineWidth: 400).contains("…"))
    }

    func testDerivedTablesKeepThePriorityOfTheirColumns() throws {
        let table = wideTable()
        table.displayPriority = ["name", "alpha", "D"]
        XCTAssertEqual(table.copy().displayPriority, ["name", "alpha", "D"])
        XCTAssertEqual(try table.selecting(["D", "name", "metric_3"]).displayPriority, ["name", "D"])
    }
}
