import Foundation
import XCTest
@testable import WWNotebook

/// Markdown cells in index.html as GitHub shows report.md, and with no markup of their own.
final class ReportMarkdownTests: XCTestCase {
    private func render(_ markdown: String) -> String {
        var anchors = AnchorNames()
        return MarkdownCellRenderer.render(markdown, anchors: &anchors).html
    }

    func testListRightAfterAParagraphLineIsAList() {
        XCTAssertEqual(render("Steps:\n* load\n* fit"), "<p>Steps:</p><ul><li>load</li><li>fit</li></ul>")
        XCTAssertEqual(render("Steps:\n1. load\n2. fit"), "<p>Steps:</p><ol><li>load</li><li>fit</li></ol>")
        XCTAssertEqual(render("- a\n- b\n1. one"), "<ul><li>a</li><li>b</li></ul><ol><li>one</li></ol>", "another kind of list")
        // CommonMark: only a list numbered from 1 may interrupt a paragraph.
        XCTAssertEqual(render("The year was\n1984. It rained."), "<p>The year was 1984. It rained.</p>")
        XCTAssertEqual(render("Text\n---"), render("Text\n---"), "a rule is not a list")
        XCTAssertFalse(render("Text\n* * *").contains("<li>"))
    }

    func testRawHTMLShowsAsText() {
        let html = render("Hello <script>alert(1)</script> and <b>bold</b>\n\n<div onclick=\"x()\">block</div>")
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertFalse(html.contains("<b>"), html)
        XCTAssertFalse(html.contains("<div"), html)
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html)
        XCTAssertTrue(html.contains("&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;"), html)
    }

    func testScriptLinksAndAttributeBreakoutsAreNeutralised() {
        XCTAssertEqual(render("[x](javascript:alert(1))"), "<p><a href=\"#\">x</a></p>")
        XCTAssertEqual(render("[x]( JaVaScRiPt:alert(1))"), "<p><a href=\"#\">x</a></p>")
        XCTAssertEqual(render("[x](data:text/html,hi)"), "<p><a href=\"#\">x</a></p>")
        XCTAssertEqual(render(#"[x](a"onmouseover="b)"#), #"<p><a href="a%22onmouseover=%22b">x</a></p>"#)
        XCTAssertEqual(render(#"![a" onerror="alert(1)](p.png)"#), #"<img src="p.png" alt="a&quot; onerror=&quot;alert(1)"/>"#)
        XCTAssertEqual(render("[ok](https://example.org/a?b=1&c=2)"), #"<p><a href="https://example.org/a?b=1&amp;c=2">ok</a></p>"#)
        XCTAssertFalse(render("[x][r]\n\n[r]: javascript:alert(1)").contains("javascript"))
    }

    func testFencesKeepTheirCodeAndAQuietLanguageClass() {
        XCTAssertEqual(render("~~~python\nx = \"<b>\"\n~~~"), "<pre><code class=\"language-python\">x = \"&lt;b&gt;\"\n</code></pre>")
        XCTAssertEqual(render("```py\" onclick=\"x\n1\n```"), "<pre><code class=\"language-py\">1\n</code></pre>")
        XCTAssertEqual(render("```\n$x$ <i>\n```"), "<pre><code>$x$ &lt;i&gt;\n</code></pre>", "no maths or entities inside code")
    }

    func testTablesAreStyledAsGitHubStylesThem() {
        let html = render("| layer | alpha |\n| --- | ---: |\n| fc1 | 2.1 |")
        XCTAssertTrue(html.hasPrefix("<table><thead><tr><th>layer</th><th align=\"right\">alpha</th></tr></thead>"), html)
        XCTAssertTrue(ReportStylesheet.css.contains(".markdown th, .markdown td { border: 1px solid var(--line);"))
        XCTAssertTrue(ReportStylesheet.css.contains(".markdown tbody tr:nth-child(2n)"))
    }

    func testHeadingsGetUniqueAnchors() {
        var anchors = AnchorNames(reserved: ["cell-1"])
        let rendered = MarkdownCellRenderer.render("# Results & notes\n## Results & notes\n## Cell 1\n## $\\alpha$ fits", anchors: &anchors)
        XCTAssertEqual(rendered.headings.map(\.anchor), ["results--notes", "results--notes-1", "cell-1-1", "alpha-fits"])
        XCTAssertTrue(rendered.html.hasPrefix(#"<h1 id="results--notes">Results &amp; notes</h1>"#), rendered.html)
        XCTAssertTrue(rendered.headings[3].html.contains("<math"), "the contents show the formula typeset")
    }
}
