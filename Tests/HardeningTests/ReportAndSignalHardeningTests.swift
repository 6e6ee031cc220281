import Foundation
import XCTest

/// Issue 22's report-folder and signal cases, and issue 18's lost figures and SIGTERM, against
/// the built binary.
final class ReportAndSignalHardeningTests: HardeningCase {
    /// A notebook that shows a figure, then stays busy for `iterations` loop steps (3 million
    /// take about a second in a debug build).
    private func figureThenBusy(iterations: Int = 3_000_000) -> String {
        """
        #%% Plot
        let f = histogram([1, 2, 3, 3, 4])
        f
        #%% Busy
        var s = 0
        for i in 1...\(iterations) { s = s + i }
        print(s)

        """
    }

    /// Shell text that waits until the background run has finished its first cell.
    private let afterFirstCell = "until grep -q '\\[1/2\\]' err.txt 2>/dev/null; do sleep 0.05; done; "

    /// `wwn ARGS` started in the background under the timeout itself (which passes signals on to
    /// wwn; the shell function would take them), so `kill SIGNAL $pid` reaches wwn.
    private func background(_ arguments: String) -> String {
        "timeout -s KILL \(Self.commandTimeoutSeconds) \"$WWN\" \(arguments) & pid=$!; "
    }

    private func makeTemporaryFolder() throws -> String {
        let folder = path("tmp")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    private func leftovers(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    func testFiguresSurviveATempCleanerDuringTheRun() throws {
        // A cluster's temp cleaner empties TMPDIR while the second cell runs.
        try write("nb.wwn", figureThenBusy())
        let tmp = try makeTemporaryFolder()
        let outcome = try sh(background("run nb.wwn -o out -q 2> err.txt") + afterFirstCell + "rm -rf \"$TMPDIR\"/*; wait $pid",
                             environment: ["TMPDIR": tmp])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("out/figure-1.png")), "the figure is in the report folder")
        let html = try String(contentsOfFile: path("out/index.html"), encoding: .utf8)
        XCTAssertFalse(html.contains("figure not found"))
        XCTAssertTrue(html.contains("data:image/png;base64,"))
    }

    func testSIGTERMWritesTheReportWithTheStoppedCellAndExits143() throws {
        try write("nb.wwn", figureThenBusy(iterations: 60_000_000))
        let tmp = try makeTemporaryFolder()
        let outcome = try sh(background("run nb.wwn -o out -q 2> err.txt") + afterFirstCell + "sleep 0.3; kill -TERM $pid; wait $pid",
                             environment: ["TMPDIR": tmp])
        XCTAssertEqual(outcome.status, 143, (try? String(contentsOfFile: path("err.txt"), encoding: .utf8)) ?? "")
        let markdown = try String(contentsOfFile: path("out/report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("### [2] Busy — INTERRUPTED"), markdown)
        XCTAssertTrue(markdown.contains("terminated (SIGTERM)"), markdown)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("out/figure-1.png")))
        XCTAssertEqual(try leftovers(in: path("out")), [".wwn-report.json", "figure-1.png", "index.html", "report.md"], "no staging folder left")
        XCTAssertTrue(try String(contentsOfFile: path("err.txt"), encoding: .utf8).contains("[2/2] Busy … terminated (SIGTERM) after"))
        XCTAssertEqual(try leftovers(in: tmp), [])
    }

    func testPlotTemporaryFoldersAreRemovedOnSIGTERMAndSIGINT() throws {
        // save(fig) in a loop draws through gnuplot's temporary folder; show() keeps the
        // session's figure folder. Neither may outlive the process.
        try write("loop.wwn", """
            let f = histogram([1, 2, 3, 3, 4])
            show(f)
            while true { save(f, "f.png", overwrite: true) }

            """)
        for signal in ["TERM", "INT"] {
            let tmp = try makeTemporaryFolder()
            _ = try sh(background("loop.wwn > /dev/null") + "sleep 2; kill -\(signal) $pid; wait $pid", environment: ["TMPDIR": tmp])
            XCTAssertEqual(try leftovers(in: tmp), [], "SIG\(signal)")
            XCTAssertEqual(try leftovers(in: directory.path).filter { $0.contains(".tmp") }, [], "SIG\(signal)")
            try FileManager.default.removeItem(atPath: tmp)
        }
    }

    func testScriptInterruptedInsideABuiltinEndsWith130() throws {
        // train stops at Ctrl-C and returns the model so far; the script must not then exit 0.
        try write("train.wwn", """
            let d = shapes(128, seed: 3)
            let net = cnn([3, 32, 32], channels: [8], hidden: [], seed: 0)
            print("training")
            let r = train(net, d, epochs: 200, batch_size: 32, seed: 1)

            """)
        let outcome = try sh(background("train.wwn > log.txt")
                             + "until grep -q training log.txt; do sleep 0.1; done; sleep 2; kill -INT $pid; wait $pid")
        XCTAssertEqual(outcome.status, 130, outcome.stderr)
        let log = try String(contentsOfFile: path("log.txt"), encoding: .utf8)
        XCTAssertTrue(log.contains("returning the model trained so far"), "the signal came inside train: \(log)")
        XCTAssertTrue(outcome.stderr.contains("interrupted"), outcome.stderr)
    }

    func testAScriptThatCallsInterruptedHandlesCtrlCAndGoesOn() throws {
        // The script asks: it saves what train returned and ends with its own status.
        try write("handled.wwn", """
            let d = shapes(128, seed: 3)
            let net = cnn([3, 32, 32], channels: [8], hidden: [], seed: 0)
            print("training")
            let r = train(net, d, epochs: 200, batch_size: 32, seed: 1)
            if interrupted() {
              print("stopped at epoch", len(r.history))
            }
            for i in range(3) { print("after", i) }

            """)
        let outcome = try sh(background("handled.wwn > log.txt")
                             + "until grep -q training log.txt; do sleep 0.1; done; sleep 2; kill -INT $pid; wait $pid")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let log = try String(contentsOfFile: path("log.txt"), encoding: .utf8)
        XCTAssertTrue(log.contains("stopped at epoch"), log)
        XCTAssertTrue(log.contains("after 2"), log)
        XCTAssertFalse(outcome.stderr.contains("interrupted\n"), outcome.stderr)
    }

    func testReportNeverReplacesAUsersFileInTheOutputFolder() throws {
        try write("nb.wwn", "#%% Plot\nlet f = histogram([1, 2, 3])\nf\n")
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        try write("out/figure-1.png", "the user's own figure")
        assertFails(try sh("wwn run nb.wwn -o out -q"), status: 73, message: "is not empty and holds no earlier report")
        XCTAssertEqual(try leftovers(in: path("out")), ["figure-1.png"])
        let forced = try sh("wwn run nb.wwn -o out -q --force")
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("out/figure-1.png"), encoding: .utf8), "the user's own figure")
        XCTAssertEqual(try leftovers(in: path("out")), [".wwn-report.json", "figure-1-2.png", "figure-1.png", "index.html", "report.md"])
        // A rerun is a rerun of this notebook's report: no --force needed, the user's file stays.
        XCTAssertEqual(try sh("wwn run nb.wwn -o out -q").status, 0)
        XCTAssertEqual(try String(contentsOfFile: path("out/figure-1.png"), encoding: .utf8), "the user's own figure")
    }

    func testSystemFoldersAndEmptyNamesAreRefused() throws {
        try write("nb.wwn", "print(1)\n")
        assertFails(try sh("wwn run nb.wwn -o / --force"), status: 73, message: "system folder")
        assertFails(try sh("wwn run nb.wwn -o /usr/lib/report"), status: 73, message: "system folder")
        let empty = try sh("wwn run nb.wwn -o ''")
        XCTAssertEqual(empty.status, 64, empty.stderr)
        XCTAssertEqual(try leftovers(in: directory.path), ["nb.wwn"])
    }

    func testReportMarkdownEscapesTheFileNameAndCellTitles() throws {
        try write("<b>x<i>.wwn", "#%% A <img src=x onerror=alert(1)> [link](javascript:x) *cell*\nprint(1)\n")
        let outcome = try sh("wwn run '<b>x<i>.wwn' -o out -q")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let markdown = try String(contentsOfFile: path("out/report.md"), encoding: .utf8)
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }
        XCTAssertEqual(headings.count, 2, markdown)
        // Every mark that would start markup in a heading (a tag, a link, emphasis) is escaped;
        // the cell number "[1]" is the report's own.
        for line in headings {
            let heading = String(line).replacingOccurrences(of: "### [1] ", with: "")
            var previous: Character = " "
            for character in heading {
                if "<>[]*_`".contains(character) { XCTAssertEqual(previous, "\\", "unescaped \(character) in \(line)") }
                previous = character
            }
        }
        let html = try String(contentsOfFile: path("out/index.html"), encoding: .utf8)
        XCTAssertFalse(html.contains("<img src=x"), "index.html escapes them too")
    }

    func testABadParameterValueKeepsTheLastGoodReport() throws {
        try write("nb.wwn", "param mu = 1\nprint(mu)\n")
        XCTAssertEqual(try sh("wwn run nb.wwn -o out -q").status, 0)
        let before = try String(contentsOfFile: path("out/index.html"), encoding: .utf8)
        assertFails(try sh("wwn run nb.wwn -o out -q -p mu=abc"), status: 64, message: "must be a number")
        XCTAssertEqual(try String(contentsOfFile: path("out/index.html"), encoding: .utf8), before)
        XCTAssertEqual(try leftovers(in: path("out")), [".wwn-report.json", "index.html", "report.md"])
    }
}
