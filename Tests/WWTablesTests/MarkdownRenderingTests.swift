import XCTest
@testable import WWTables

final class MarkdownRenderingTests: XCTestCase {
    func testSmallTableExactOutput() {
        XCTAssertEqual(TextRenderingTests.documentedSample().renderMarkdown(), """
            | name | layer | norm | ok |
            | --- | ---: | ---: | --- |
            | alpha | 1 | 0.123457 | true |
            | beta | 12 | nil | false |
            | gamma | -3 | 1e-07 | nil |
            """)
    }

    func testPipesAndLineBreaksAreEscaped() {
        let table = DataTable(records: [
            [("col|1", "a|b"), ("notes", "line1\nline2")],
            [("col|1", "x\r\ny\rz"), ("notes", "back\\slash")],
        ])
        XCTAssertEqual(table.renderMarkdown(), #"""
            | col\|1 | notes |
            | --- | --- |
            | a\|b | line1<br>line2 |
            | x<br>y<br>z | back\\slash |
            """#)
    }

    func testMarkupAndInlineFormattingAreNeutralized() {
        let table = DataTable(records: [[("t", "<script>&amp; snake_case *b* `c` ~~s~~ [l](u)")]])
        let body = table.renderMarkdown().components(separatedBy: "\n")[2]
        XCTAssertEqual(body, #"| &lt;script&gt;&amp;amp; snake\_case \*b\* \`c\` \~\~s\~\~ \[l\](u) |"#)
    }

    func testLongTableIsElidedWithShapeAfterIt() {
        let table = DataTable(records: (0..<100).map { [("i", .number(Double($0))), ("name", .string("row \($0)"))] })
        XCTAssertEqual(table.renderMarkdown(maxRows: 2), """
            | i | name |
            | ---: | --- |
            | 0 | row 0 |
            | … 98 more rows | … |
            | 99 | row 99 |

            100 rows × 2 columns
            """)
        XCTAssertEqual(table.renderMarkdown().components(separatedBy: "\n").count, 100 + 2)
    }

    func testTableWithoutColumnsRendersNothing() {
        XCTAssertEqual(DataTable().renderMarkdown(), "")
    }
}
