import Foundation
import WWInterpreter
import XCTest
@testable import WWNotebook

final class ReportTests: NotebookTestCase {
    private let sample = """
        #%% md
        # # Spectra
        # A *short* study.

        #%% Parameters
        param n = 3

        #%% Table
        let t = table()
        for i in 1...n { t.add({i: i, square: i * i}) }
        t
        print("rows:", len(t))
        """

    func testReportFilesHoldMarkdownCodeOutputsAndTables() throws {
        let notebook = try writeNotebook(sample)
        let out = path("report")
        let result = execute(notebook, mode: .run(outputDirectory: out))
        XCTAssertEqual(result.status, 0, result.standardError)
        let html = try read(path("report/index.html"))
        let markdown = try read(path("report/report.md"))
        // Markdown cells rendered by Ink in HTML, kept as Markdown in report.md.
        XCTAssertTrue(html.contains("<h1 id=\"spectra\">Spectra</h1>"), html)
        XCTAssertTrue(html.contains("<em>short</em>"))
        XCTAssertTrue(markdown.contains("# Spectra\nA *short* study."), markdown)
        // Code, coloured, with the file's line numbers in HTML.
        XCTAssertTrue(html.contains("<span class=\"line\"><span class=\"ln\">9</span><span class=\"k\">let</span> t "
                                    + "<span class=\"o\">=</span> <span class=\"nf\">table</span>()</span>"), html)
        XCTAssertTrue(markdown.contains("```wwn\nlet t = table()"), markdown)
        // Tables as HTML and as Markdown.
        XCTAssertTrue(html.contains("<table class=\"wwn-table\">"))
        XCTAssertTrue(html.contains("<th class=\"num\">square</th>"), html)
        XCTAssertTrue(markdown.contains("| i | square |"), markdown)
        // Text output, parameters and the header.
        XCTAssertTrue(html.contains("<pre class=\"output\">rows: 3</pre>"), html)
        XCTAssertTrue(markdown.contains("```text\nrows: 3\n```"), markdown)
        XCTAssertTrue(html.contains("<td><code>n</code></td><td><code>3</code></td>"), html)
        XCTAssertTrue(html.contains("<h1>nb</h1>"))
        XCTAssertTrue(html.contains("<style>"), "the CSS is inline")
        XCTAssertFalse(html.contains("<link"), "nothing external")
        XCTAssertTrue(result.standardOutput.contains("rows: 3\n"), "output is echoed to standard output")
        XCTAssertTrue(result.standardError.contains("[3/3] Table … "), result.standardError)
    }

    func testQuietDoesNotEchoButTheReportHasTheOutput() throws {
        let notebook = try writeNotebook(sample)
        let result = execute(notebook, mode: .run(outputDirectory: path("out"))) { $0.quiet = true }
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.standardOutput, "")
        XCTAssertTrue(try read(path("out/report.md")).contains("rows: 3"))
    }

    func testFailingCellStillWritesTheReportWithTheError() throws {
        let notebook = try writeNotebook("#%% Fine\nprint(\"ok\")\n#%% Broken\nlet x = [1][3]\n#%% Later\nprint(\"later\")\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 70)
        let html = try read(path("out/index.html"))
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(html.contains("<section class=\"cell code failed\" id=\"cell-2\">"), html)
        XCTAssertTrue(html.contains("<pre class=\"error\">runtime error: index 3 is out of range"), html)
        XCTAssertTrue(html.contains("nb.wwn:4:"), "the error names the file's line")
        XCTAssertTrue(html.contains("<section class=\"cell code not-run\" id=\"cell-3\">"))
        XCTAssertFalse(html.contains("\u{1B}["), "no terminal colours in the report")
        XCTAssertTrue(markdown.contains("### [2] Broken — FAILED"), markdown)
        XCTAssertTrue(markdown.contains("**Runtime error in cell [2 (Broken)](#cell-2).**"), markdown)
        XCTAssertTrue(result.standardError.contains("runtime error: index 3"), result.standardError)
    }

    func testExitWritesTheReportSayingSoAndExitsWithTheCode() throws {
        let notebook = try writeNotebook("#%% Fine\nprint(\"ok\")\n#%% Stop\nexit(4)\n#%% Later\nprint(\"later\")\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 4)
        let html = try read(path("out/index.html"))
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(markdown.contains("**The notebook called exit(4) in cell [2 (Stop)](#cell-2); the cells after it did not run.**"), markdown)
        XCTAssertTrue(markdown.contains("### [2] Stop — called exit(4)"), markdown)
        XCTAssertTrue(html.contains("<p class=\"status exited\">The notebook called exit(4) in cell"), html)
        XCTAssertTrue(html.contains("<section class=\"cell code exited\" id=\"cell-2\">"), html)
        XCTAssertFalse(markdown.contains("**Error:**"), "an exit is not an error")
        XCTAssertEqual(result.standardOutput, "ok\n")
        XCTAssertFalse(result.standardError.contains("error"), result.standardError)
        XCTAssertTrue(result.standardError.contains("called exit(4)"), result.standardError)
    }

    func testCheckStopsAtExitWithItsCode() throws {
        let notebook = try writeNotebook("#%% One\n1 + 1   #=> 2\nexit(2)\n#%% Two\n3   #=> 3\n")
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.standardOutput.contains("1 not run"), result.standardOutput)
    }

    func testSyntaxErrorExitsWith65AndStillWritesTheReport() throws {
        let notebook = try writeNotebook("#%% One\nprint(1)\n#%% Two\nlet = 3\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(try read(path("out/index.html")).contains("syntax error"))
        XCTAssertEqual(result.standardOutput, "", "no cell ran")
    }

    func testKeepGoingReportsLaterCells() throws {
        let notebook = try writeNotebook("#%% Broken\nerror(\"boom\")\n#%% Later\nprint(\"later\")\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")), keepsGoing: true)
        XCTAssertEqual(result.status, 70)
        XCTAssertTrue(try read(path("out/report.md")).contains("```text\nlater\n```"))
    }

    func testUnknownParameterExitsWith64AndWritesNothing() throws {
        let notebook = try writeNotebook("param epochs = 3\nprint(epochs)\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")), parameters: ["epoch": .number(1)])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.standardError.contains("no parameter 'epoch' (known: epochs)"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")))
        XCTAssertEqual(result.standardOutput, "")
    }

    func testParameterOverrideShowsInTheReport() throws {
        let notebook = try writeNotebook("param n = 3\nprint(n + 1)\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")), parameters: ["n": .number(41)])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.standardOutput, "42\n")
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(markdown.contains("| `n` | `41` | -p |"), markdown)
    }

    func testCodeAndOutputAreHTMLEscaped() throws {
        let notebook = try writeNotebook("#%% A <b>bold</b> title\nlet s = \"<script>alert('x')</script>\"\nprint(s)\ns\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 0, result.standardError)
        let html = try read(path("out/index.html"))
        XCTAssertFalse(html.contains("<script>"), "no markup from the notebook's code or output")
        XCTAssertFalse(html.contains("<b>bold</b>"))
        XCTAssertTrue(html.contains("<span class=\"k\">let</span> s <span class=\"o\">=</span> "
                                    + "<span class=\"s\">&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;</span>"), html)
        XCTAssertTrue(html.contains("<pre class=\"output\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\n&quot;&lt;script&gt;"), html)
        XCTAssertTrue(html.contains("A &lt;b&gt;bold&lt;/b&gt; title"))
    }

    func testMarkdownEscapesTheFileNameAndCellTitlesAsHTMLDoes() throws {
        let notebook = try writeNotebook("#%% A <b>bold</b> [link](http://x) *title*\nprint(1)\n#%% Later\nlet x = [1][3]\n",
                                         named: "<img src=x>_nb.wwn")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 70)
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(markdown.hasPrefix("# \\<img src=x\\>\\_nb\n"), markdown)
        XCTAssertTrue(markdown.contains("### [1] A \\<b\\>bold\\</b\\> \\[link\\](http://x) \\*title\\* · "), markdown)
        XCTAssertFalse(markdown.contains("<b>"), markdown)
    }

    func testExpectationsAreShownOnlyWhereThisRunCheckedThem() throws {
        let notebook = try writeNotebook("""
            #%% Setup
            param fast = true
            var acc = 0.908
            if not fast { acc = 0.969 }
            print("test accuracy", acc)
            #=> test accuracy 0.908
            acc * 2   #=> 1.816
            print(1)
            #=> 1

            """)
        // At the defaults every #=> line holds, and all show.
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("fast"))).status, 0)
        let fast = try read(path("fast/report.md"))
        XCTAssertTrue(fast.contains("#=> test accuracy 0.908\nacc * 2   #=> 1.816\nprint(1)\n#=> 1\n"), fast)
        XCTAssertFalse(fast.contains("not shown"), fast)
        // At full size the fast-mode numbers are not this run's: hidden, and the cell says why.
        let full = execute(notebook, mode: .run(outputDirectory: path("full")), parameters: ["fast": .bool(false)])
        XCTAssertEqual(full.status, 0, full.standardError)
        let markdown = try read(path("full/report.md"))
        XCTAssertFalse(markdown.contains("#=> test accuracy 0.908"), markdown)
        XCTAssertFalse(markdown.contains("1.816"), markdown)
        XCTAssertTrue(markdown.contains("print(\"test accuracy\", acc)\nacc * 2\nprint(1)\n#=> 1\n"), "the line that held still shows: \(markdown)")
        XCTAssertTrue(markdown.contains("not shown: recorded at fast=true"), markdown)
        let html = try read(path("full/index.html"))
        XCTAssertFalse(html.contains("#=&gt; test accuracy 0.908"), html)
        XCTAssertTrue(html.contains("<span class=\"ln\">9</span><span class=\"c\">#=&gt; 1</span>"), html)
        XCTAssertTrue(html.contains("<p class=\"expectation-note\">#=&gt; lines of 2 statements not shown: recorded at fast=true"), html)
    }

    func testWritesAreAtomicAndLeaveNoTemporaryFiles() throws {
        let notebook = try writeNotebook(sample)
        let out = path("out")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: out)).status, 0)
        let first = try read(path("out/report.md"))
        let second = sample.replacingOccurrences(of: "param n = 3", with: "param n = 4")
        try writeNotebook(second)
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: out)).status, 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(names, [".wwn-report.json", "index.html", "report.md"], "no temporary files remain")
        XCTAssertNotEqual(try read(path("out/report.md")), first, "an earlier report of the notebook is replaced")
        XCTAssertEqual(try read(notebook), second, "the notebook is never modified")
    }

    func testAtomicFileReplacesContentAndKeepsPermissions() throws {
        let file = path("data.txt")
        try AtomicFile.write(Data("one".utf8), to: file, mode: 0o600)
        try AtomicFile.write(Data("two".utf8), to: file, mode: AtomicFile.permissions(of: file) ?? 0)
        XCTAssertEqual(try read(file), "two")
        XCTAssertEqual(AtomicFile.permissions(of: file), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["data.txt"])
        XCTAssertThrowsError(try AtomicFile.write(Data("x".utf8), to: path("missing/dir/file")))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["data.txt"])
    }

    func testOutputDirectoryThatIsAFileIsAClearError() throws {
        let notebook = try writeNotebook("print(\"should not run\")\n")
        try "a file".write(toFile: path("taken"), atomically: false, encoding: .utf8)
        let result = execute(notebook, mode: .run(outputDirectory: path("taken")))
        XCTAssertEqual(result.status, 73)
        XCTAssertTrue(result.standardError.contains("exists and is not a directory"), result.standardError)
        XCTAssertEqual(result.standardOutput, "", "checked before running")
        XCTAssertEqual(try read(path("taken")), "a file")
    }

    func testReportMayNotOverwriteTheNotebook() throws {
        let notebook = try writeNotebook("print(1)\n", named: "report.md")
        let result = execute(notebook, mode: .run(outputDirectory: directory))
        XCTAssertEqual(result.status, 73)
        XCTAssertEqual(try read(notebook), "print(1)\n")
    }

    func testDefaultDirectoryIsOutSlashStem() {
        XCTAssertEqual(ReportWriter.defaultDirectory(for: Notebook(path: "studies/dropout.wwn", text: "")), "out/dropout")
    }

    func testMissingNotebookExitsWith66() {
        let result = execute(path("absent.wwn"), mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.standardError.contains("cannot read"))
    }

    func testADirectoryGivenAsTheNotebookIsNamedAsOne() {
        let result = execute(directory, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.standardError.contains("it is a directory, not a file; give a notebook file, such as"), result.standardError)
    }

    func testFiguresAreEmbeddedInHTMLAndLinkedBesideTheMarkdown() throws {
        var (run, png) = try figureRun(named: "esd plot.png")
        let written = try ReportWriter(directory: path("out")).write(&run)
        XCTAssertEqual(Set(written.map { ($0 as NSString).lastPathComponent }), ["esd plot.png", "index.html", "report.md"])
        let html = try read(path("out/index.html"))
        XCTAssertTrue(html.contains("<img src=\"data:image/png;base64,\(png.base64EncodedString())\""), html)
        let markdown = try read(path("out/report.md"))
        XCTAssertTrue(markdown.contains("![esd plot.png](<esd plot.png>)"), markdown)
        XCTAssertEqual(FileManager.default.contents(atPath: path("out/esd plot.png")), png, "copied beside report.md")
    }

    func testFigureAlreadyInTheReportDirectoryIsLinkedInPlace() throws {
        try FileManager.default.createDirectory(atPath: path("out/figures"), withIntermediateDirectories: true)
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        try svg.write(toFile: path("out/figures/a.svg"), atomically: false, encoding: .utf8)
        let notebook = Notebook(path: path("nb.wwn"), text: "#%% Plot\n1\n")
        var result = CellResult(cell: notebook.cells[0], status: .succeeded)
        result.outputs = [.figure(path: path("out/figures/a.svg"))]
        var run = NotebookRun(notebook: notebook, cells: [result])
        var writer = ReportWriter(directory: path("out"))
        XCTAssertThrowsError(try writer.write(&run), "a folder with the user's files needs --force")
        writer.force = true
        try writer.write(&run)
        XCTAssertTrue(try read(path("out/report.md")).contains("](<figures/a.svg>)"))
        XCTAssertTrue(try read(path("out/index.html")).contains("data:image/svg+xml;base64,\(Data(svg.utf8).base64EncodedString())"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("out")).sorted(), [".wwn-report.json", "figures", "index.html", "report.md"])
        XCTAssertEqual(ReportManifest.read(in: path("out"))?.files.sorted(), ["index.html", "report.md"], "the user's figure is not the report's")
    }
}
