import Foundation
import WWInterpreter
import WWREPL
import XCTest

final class ReplSessionTests: XCTestCase {
    func testIncompleteEntryAsksForMoreAndThenRunsWhole() {
        let h = SessionHarness()
        guard case .needsMoreInput(let diagnostic) = h.session.submit("let x = [1,") else { return XCTFail("expected more input") }
        XCTAssertTrue(diagnostic.isIncomplete)
        guard case .done = h.session.submit("let x = [1,\n2]") else { return XCTFail(h.console.errors) }
        guard case .done = h.session.submit("x") else { return XCTFail(h.console.errors) }
        XCTAssertEqual(h.console.output, "[1, 2]\n")
    }

    func testUnderscoreHoldsTheLastResult() {
        let h = SessionHarness()
        _ = h.session.submit("20 + 1")
        _ = h.session.submit("let y = 5")  // no result: `_` keeps 21
        _ = h.session.submit("_ * 2")
        XCTAssertEqual(h.console.output, "21\n42\n", h.console.errors)
    }

    func testRedeclarationIsAllowedAndErrorsDoNotEndTheSession() {
        let h = SessionHarness()
        _ = h.session.submit("let a = 1")
        guard case .failed(let status) = h.session.submit("a / 0") else { return XCTFail("expected a failure") }
        XCTAssertEqual(status, 70)
        XCTAssertTrue(h.console.errors.contains("division by zero"), h.console.errors)
        XCTAssertTrue(h.console.errors.contains("<input-2>:1:"), h.console.errors)
        _ = h.session.submit("let a = 2")
        _ = h.session.submit("a")
        XCTAssertEqual(h.console.output, "2\n")
    }

    func testPipedErrorsGiveTheLineOfTheStream() {
        let h = SessionHarness(readsStream: true)
        _ = h.session.submit("fn f(x) {\n  x / 0\n}", firstLine: 2)
        guard case .failed = h.session.submit("f(1)", firstLine: 6) else { return XCTFail("expected a failure") }
        XCTAssertTrue(h.console.errors.contains("--> <stdin>:3:"), h.console.errors)
        XCTAssertTrue(h.console.errors.contains("3 |   x / 0"), h.console.errors)
        XCTAssertTrue(h.console.errors.contains("called from <stdin>:6:"), h.console.errors)
    }

    func testHelpShowsSignatureAndDocFromTheRegistry() throws {
        let h = SessionHarness()
        _ = h.session.submit("?print")
        let print = try XCTUnwrap(h.interpreter.registry.functions["print"])
        XCTAssertTrue(h.console.output.hasPrefix(print.signature + "\n"), h.console.output)
        XCTAssertTrue(h.console.output.contains(String(print.summary.prefix(20))), h.console.output)
        h.console.output = ""
        _ = h.session.submit(":help")
        XCTAssertTrue(h.console.output.contains(":load FILE.wwn"), h.console.output)
        XCTAssertTrue(h.console.output.contains("Lists"), h.console.output)
        h.console.output = ""
        _ = h.session.submit(":help Lists")
        XCTAssertTrue(h.console.output.contains("push"), h.console.output)
        _ = h.session.submit(":help list.push")
        XCTAssertTrue(h.console.output.contains("push(items, value)"), h.console.output)
    }

    func testHelpForAnUnknownNameSuggestsOne() {
        let h = SessionHarness()
        guard case .failed(let status) = h.session.submit("?prnt") else { return XCTFail("expected a failure") }
        XCTAssertEqual(status, 64)
        XCTAssertTrue(h.console.errors.contains("did you mean 'print'?"), h.console.errors)
    }

    func testVarsListsGlobalsWithShortValues() {
        let h = SessionHarness()
        _ = h.session.submit("let numbers = 0..<1000 |> map(fn(i) => i)\nlet name = \"spectra\";")
        _ = h.session.submit(":vars")
        let lines = h.console.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, h.console.output)
        XCTAssertTrue(lines[0].hasPrefix("numbers  list    [0, 1, 2"), h.console.output)
        XCTAssertTrue(lines[0].hasSuffix("…"), h.console.output)
        XCTAssertLessThanOrEqual(lines[0].count, 100)
        XCTAssertEqual(lines[1], "name     string  \"spectra\"")
    }

    func testTimeRunsTheCodeAndReportsElapsedTime() {
        let h = SessionHarness()
        _ = h.session.submit(":time 6 * 7")
        XCTAssertTrue(h.console.output.hasPrefix("42\ntime: "), h.console.output)
        _ = h.session.submit("_")
        XCTAssertTrue(h.console.output.hasSuffix("42\n"), h.console.output)
    }

    func testLoadRunsAFileInTheSession() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-load-\(UUID().uuidString).wwn")
        try "let loaded = 7\nloaded * 2\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let h = SessionHarness()
        _ = h.session.submit(":load \(file.path)")
        _ = h.session.submit("loaded + 1")
        XCTAssertEqual(h.console.output, "14\n8\n", h.console.errors)
        guard case .failed(let status) = h.session.submit(":load /no/such/file.wwn") else { return XCTFail("expected a failure") }
        XCTAssertEqual(status, 66)
    }

    func testLoadOfADirectoryOrAFIFOIsAnErrorAndTheSessionGoesOn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("study.wwn").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let h = SessionHarness()
        _ = h.session.submit("let kept = 6")
        // Opening the FIFO would have blocked the session until a writer came.
        guard case .failed(66) = h.session.submit(":load \(fifo)") else { return XCTFail("expected a failure") }
        XCTAssertTrue(h.console.errors.contains("FIFO"), h.console.errors)
        guard case .failed(66) = h.session.submit(":load \(folder.path)") else { return XCTFail("expected a failure") }
        XCTAssertTrue(h.console.errors.contains("is a directory"), h.console.errors)
        _ = h.session.submit("kept * 7")
        XCTAssertEqual(h.console.output, "42\n")
    }

    func testExitEndsTheSessionWithItsCodeAndTryDoesNotCatchIt() {
        let h = SessionHarness()
        guard case .quit(let status) = h.session.submit("try { exit(7) } catch e { print(\"caught\") }") else { return XCTFail("expected quit") }
        XCTAssertEqual(status, 7)
        XCTAssertEqual(h.console.output, "")
        guard case .quit(0) = h.session.submit("exit()") else { return XCTFail("expected quit with 0") }
        guard case .failed(70) = h.session.submit("exit(300)") else { return XCTFail("expected a runtime error") }
    }

    func testExitAndQuitWithoutParenthesesSayHowToLeave() {
        for entry in ["exit", "quit", "quit()", "  exit  "] {
            let h = SessionHarness()
            guard case .done = h.session.submit(entry) else { return XCTFail("\(entry): expected the hint, not an error") }
            XCTAssertEqual(h.console.errors, "type exit() or press Ctrl-D to leave\n", entry)
            XCTAssertEqual(h.console.output, "", entry)
        }
        let h = SessionHarness()
        _ = h.session.submit("let quit = 5")
        _ = h.session.submit("quit")
        XCTAssertEqual(h.console.output, "5\n", "a variable named quit is shown as usual")
    }

    func testHelpShowsTheDocCommentOfAUserFunction() {
        let h = SessionHarness()
        _ = h.session.submit("## Adds one to x.\n## Used by the tests.\nfn inc(x) { x + 1 }")
        _ = h.session.submit("fn bare(a, b = 2) { a }")
        _ = h.session.submit("?inc")
        XCTAssertTrue(h.console.output.hasPrefix("inc(x)\n"), h.console.output)
        XCTAssertTrue(h.console.output.contains("Adds one to x. Used by the tests."), h.console.output)
        h.console.output = ""
        _ = h.session.submit("?bare")
        XCTAssertTrue(h.console.output.contains("bare(a, b)"), h.console.output)
        XCTAssertTrue(h.console.output.contains("no documentation"), h.console.output)
        XCTAssertEqual(h.console.errors, "")
    }

    func testHelpForAMethodOfAValueShowsItsDoc() {
        let h = SessionHarness()
        _ = h.session.submit("## Adds one.\nfn inc(x) { x + 1 }\nlet xs = [1]\nlet r = {f: inc, inner: {xs}}")
        _ = h.session.submit("?xs.push")
        XCTAssertTrue(h.console.output.contains("push(items, value)"), h.console.output)
        h.console.output = ""
        _ = h.session.submit("?r.inner.xs.pop")
        XCTAssertTrue(h.console.output.contains("pop("), h.console.output)
        h.console.output = ""
        _ = h.session.submit("?r.f")
        XCTAssertTrue(h.console.output.contains("inc(x)") && h.console.output.contains("Adds one."), h.console.output)
        XCTAssertEqual(h.console.errors, "")
    }

    func testQuitAndUnknownCommands() {
        let h = SessionHarness()
        guard case .quit = h.session.submit(":quit") else { return XCTFail("expected quit") }
        guard case .failed(64) = h.session.submit(":frobnicate") else { return XCTFail("expected a usage error") }
    }
}
