import XCTest
@testable import WWTables

final class HTMLRenderingTests: XCTestCase {
    func testSmallTableExactOutput() {
        XCTAssertEqual(TextRenderingTests.documentedSample().renderHTML(), """
            <table class="wwn-table">
            <thead>
            <tr><th>name</th><th class="num">layer</th><th class="num">norm</th><th>ok</th></tr>
            </thead>
            <tbody>
            <tr><td>alpha</td><td class="num">1</td><td class="num" title="0.123456789">0.123457</td><td>true</td></tr>
            <tr><td>beta</td><td class="num">12</td><td class="null">nil</td><td>false</td></tr>
            <tr><td>gamma</td><td class="num">-3</td><td class="num">1e-07</td><td class="null">nil</td></tr>
            </tbody>
            </table>
            """)
    }

    func testScriptsAndQuotesAreEscapedInCellsAndHeaders() {
        let table = DataTable(records: [
            [(#"<b>"head"</b>"#, #"<script>alert("x")</script>"#)],
            [(#"<b>"head"</b>"#, "it's R&D")],
        ])
        let html = table.renderHTML()
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertFalse(html.contains("<b>"), html)
        XCTAssertTrue(html.contains("<th>&lt;b&gt;&quot;head&quot;&lt;/b&gt;</th>"), html)
        XCTAssertTrue(html.contains("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>"), html)
        XCTAssertTrue(html.contains("<td>it&#39;s R&amp;D</td>"), html)
    }

    func testLongTableIsElidedWithCaption() {
        let table = DataTable(records: (0..<100).map { [("i", .number(Double($0))), ("name", .string("row \($0)"))] })
        XCTAssertEqual(table.renderHTML(maxRows: 2), """
            <table class="wwn-table">
            <caption>100 rows × 2 columns</caption>
            <thead>
            <tr><th class="num">i</th><th>name</th></tr>
            </thead>
            <tbody>
            <tr><td class="num">0</td><td>row 0</td></tr>
            <tr class="elided"><td colspan="2">… 98 more rows</td></tr>
            <tr><td class="num">99</td><td>row 99</td></tr>
            </tbody>
            </table>
            """)
        XCTAssertFalse(table.renderHTML().contains("<caption>"))
    }
}
