import Foundation
import XCTest
@testable import WWNotebook

/// Coloured code, the table of contents, figure captions and links, cut tables, wrapped lines.
final class ReportLayoutTests: NotebookTestCase {
    func testCodeIsColouredByWWNsLexer() {
        let highlighter = CodeHighlighter(source: "let s = \"a # b <i>\" # note\nif not done { f(1.5) } else { nil }")
        XCTAssertEqual(highlighter.html(line: 0),
                       #"<span class="k">let</span> s <span class="o">=</span> <span class="s">&quot;a # b &lt;i&gt;&quot;</span> <span class="c"># note</span>"#)
        XCTAssertEqual(highlighter.html(line: 1),
                       #"<span class="k">if</span> <span class="k">not</span> done { <span class="nf">f</span>(<span class="m">1.5</span>) } <span class="k">else</span> { <span class="kc">nil</span> }"#)
        XCTAssertEqual(highlighter.html(line: 0, byteCount: 3), #"<span class="k">let</span>"#, "a line cut where the report hides its #=>")
    }

    func testMultiLineStringIsAStringOnEveryLine() {
        let highlighter = CodeHighlighter(source: "let t = \"\"\"\n  let me # be\n  \"\"\"\nt")
        XCTAssertEqual(highlighter.html(line: 1), #"<span class="s">  let me # be</span>"#)
        XCTAssertEqual(highlighter.html(line: 3), "t")
    }

    func testSourceTheLexerRejectsStillShowsEscaped() {
        let highlighter = CodeHighlighter(source: "let x = \"unclosed <b>\nnext")
        XCTAssertEqual(highlighter.html(line: 0), #"<span class="k">let</span> x <span class="o">=</span> &quot;unclosed &lt;b&gt;"#)
        XCTAssertEqual(highlighter.html(line: 1), "next")
    }

    func testTableOfContentsLinksHeadingsAndTitledCells() throws {
        let notebook = try writeNotebook("""
            #%% md
            # # Study
            # ## Spectra of $W$
            #%% Fit the <power> law
            print(1)
            #%%
            print(2)
            #%% Broken
            let x = [1][3]

            """)
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 70)
        let html = try read(path("out/index.html"))
        XCTAssertTrue(html.contains("<nav class=\"toc\" aria-label=\"Contents\">"), "one column for a short list: \(html)")
        XCTAssertTrue(html.contains(##"<li class="toc-level-1"><a href="#study">Study</a></li>"##), html)
        XCTAssertTrue(html.contains(##"<li class="toc-level-2"><a href="#spectra-of-w">Spectra of <math"##), html)
        XCTAssertTrue(html.contains(##"<li class="toc-level-3"><a href="#cell-2">Fit the &lt;power&gt; law</a></li>"##), html)
        XCTAssertTrue(html.contains(##"<li class="toc-level-3 failed"><a href="#cell-4">Broken</a></li>"##), html)
        XCTAssertFalse(html.contains(##"href="#cell-3""##), "an untitled cell has no entry")
        XCTAssertTrue(html.contains(#"<h2 id="spectra-of-w">"#), html)
    }

    func testCellsUnderADeepHeadingStayInTheContents() throws {
        let notebook = try writeNotebook("#%% md\n# # Top\n# ### Deep\n#%% Titled\nprint(1)\n")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 0)
        let html = try read(path("out/index.html"))
        XCTAssertTrue(html.contains(##"<li class="toc-level-3"><a href="#cell-2">Titled</a></li>"##), html)
    }

    func testALongTableOfContentsIsSetInColumns() {
        let entries = (1...TableOfContents.minEntriesForColumns).map { ContentsEntry(level: 2, anchor: "s\($0)", html: "S\($0)") }
        XCTAssertTrue(TableOfContents.render(entries).hasPrefix("<nav class=\"toc columns\""))
        XCTAssertTrue(TableOfContents.render(Array(entries.dropLast())).hasPrefix("<nav class=\"toc\""))
        XCTAssertEqual(TableOfContents.render([entries[0], ContentsEntry(level: 4, anchor: "d", html: "D")]), "", "#### is not listed")
    }

    func testNoTableOfContentsForASingleHeading() throws {
        let notebook = try writeNotebook("#%% md\n# # Only\n#%%\nprint(1)\n")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 0)
        XCTAssertFalse(try read(path("out/index.html")).contains("<nav class=\"toc\""))
    }

    func testFigureHasItsTitleAsCaptionAndAltAndLinksToTheFullSizeFile() throws {
        var (run, _) = try figureRun(named: "esd.png", caption: "ESD of <fc1> & *fc2*")
        var (oddRun, _) = try figureRun(named: "javascript:a #1?.png")
        try ReportWriter(directory: path("odd")).write(&oddRun)
        XCTAssertTrue(try read(path("odd/index.html")).contains(##"href="./javascript%3Aa%20%231%3F.png""##), "a file name, not a scheme or a fragment")
        try ReportWriter(directory: path("out")).write(&run)
        let html = try read(path("out/index.html"))
        XCTAssertTrue(html.contains(#"<figure><a class="full-size" href="./esd.png"><img src="data:image/png;base64,"#), html)
        XCTAssertTrue(html.contains(#"alt="ESD of &lt;fc1&gt; &amp; *fc2*""#), html)
        XCTAssertTrue(html.contains("<figcaption>ESD of &lt;fc1&gt; &amp; *fc2*</figcaption></figure>"), html)
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(markdown.contains(#"[![ESD of \<fc1\> \& \*fc2\*](<esd.png>)](<esd.png>)"# + "\n" + #"*ESD of \<fc1\> \& \*fc2\**"#), markdown)
    }

    func testLongTablesAreCutWithACountOfTheRowsLeftOut() throws {
        let notebook = try writeNotebook("#%% Long\nlet t = table()\nfor i in 0..<140 { t.add({i: i}) }\nt\n")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 0)
        let html = try read(path("out/index.html"))
        XCTAssertTrue(html.contains(#"<tr class="elided"><td colspan="1">… 120 more rows</td></tr>"#), html)
        XCTAssertEqual(html.components(separatedBy: "<tr><td class=\"num\">").count - 1, NotebookLimits.maxReportTableRows)
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(markdown.contains("| 9 |\n| … 120 more rows |\n| 130 |"), markdown)
    }

    func testLongLinesWrapInsteadOfScrolling() throws {
        let css = ReportStylesheet.css
        XCTAssertTrue(css.contains("white-space: pre-wrap; overflow-wrap: anywhere;"))
        XCTAssertFalse(css.contains("overflow-x: auto; border-radius: 0.4rem;"), "pre no longer scrolls sideways")
        // Each source line is its own block, so a wrapped line stays beside its number.
        let notebook = try writeNotebook("#%% A\nprint(\"\(String(repeating: "x", count: 300))\")\n")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 0)
        XCTAssertTrue(try read(path("out/index.html")).contains("<span class=\"line\"><span class=\"ln\">2</span>"))
        XCTAssertTrue(css.contains("pre.source .line { display: block; padding-left: 4.2ch; text-indent: -4.2ch; }"))
    }
}
