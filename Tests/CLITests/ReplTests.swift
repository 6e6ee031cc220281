import Foundation
import XCTest

/// The REPL as users meet it: the built `wwn` on a pseudo-terminal (line editing, history,
/// completion, Ctrl-C, Ctrl-D) and with piped input.
final class ReplTests: XCTestCase {
    private static let prompt = "wwn> "
    private static let continuation = "...> "

    private var home: URL!
    private var historyFile: URL { home.appendingPathComponent("history") }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    /// The executable sits next to the test bundle in SwiftPM's products directory.
    private static var binary: URL {
        var url = Bundle(for: ReplTests.self).bundleURL
        while url.pathExtension == "xctest" || url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.appendingPathComponent("wwn")
    }

    /// A fresh home (no ~/.editrc), history in a temporary file, no colours to split the text.
    private var environment: [String: String] {
        ProcessInfo.processInfo.environment.merging([
            "HOME": home.path, "WWN_HISTORY": historyFile.path, "TERM": "xterm", "NO_COLOR": "1",
        ]) { $1 }
    }

    private func startREPL() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(executable: Self.binary, environment: environment)
        try terminal.expect(Self.prompt)
        return terminal
    }

    /// Types a line and waits for the next prompt; returns what appeared in between.
    @discardableResult
    private func enter(_ line: String, in terminal: PseudoTerminal) throws -> String {
        terminal.send(line + "\r")
        return try terminal.expect("\r\n" + Self.prompt)
    }

    // MARK: terminal

    func testBannerNamesTheVersionAndHelp() throws {
        let terminal = try PseudoTerminal(executable: Self.binary, environment: environment)
        let banner = try terminal.expect(Self.prompt)
        XCTAssertTrue(banner.contains("wwn "), banner)
        XCTAssertTrue(banner.contains(":help"), banner)
        terminal.send(":quit\r")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }

    func testHistoryPersistsAcrossSessions() throws {
        let first = try startREPL()
        try enter("let persisted = 41", in: first)
        first.send(":quit\r")
        XCTAssertEqual(try first.waitForExit(), 0)
        let saved = try String(contentsOf: historyFile, encoding: .utf8)
        XCTAssertTrue(saved.contains("persisted"), saved)

        let second = try startREPL()
        // Ctrl-P (emacs: previous history) twice: the recalled `:quit`, then the `let`.
        second.send("\u{10}\u{10}\r")
        try second.expect("\r\n" + Self.prompt)
        let shown = try enter("persisted + 1", in: second)
        XCTAssertTrue(shown.contains("42"), shown)
        second.send("\u{04}")
        XCTAssertEqual(try second.waitForExit(), 0)
    }

    func testABadHistoryFileIsAWarningAndNeverTouched() throws {
        // A symbolic link: its target is neither read nor rewritten.
        let target = home.appendingPathComponent("target")
        try "precious\n".write(to: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: historyFile, withDestinationURL: target)
        let linked = try startREPL()
        try enter("let a = 1", in: linked)
        linked.send("\u{04}")
        XCTAssertEqual(try linked.waitForExit(), 0)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "precious\n")
        try FileManager.default.removeItem(at: historyFile)
        // A FIFO (opening it blocked the REPL forever) and /dev/zero (read until memory ran out).
        XCTAssertEqual(mkfifo(historyFile.path, 0o600), 0)
        let fifo = try PseudoTerminal(executable: Self.binary, environment: environment)
        let warning = try fifo.expect(Self.prompt)
        XCTAssertTrue(warning.contains("not using the history file"), warning)
        fifo.send("\u{04}")
        XCTAssertEqual(try fifo.waitForExit(), 0)
        let zero = try PseudoTerminal(executable: Self.binary, environment: environment.merging(["WWN_HISTORY": "/dev/zero"]) { $1 })
        XCTAssertTrue(try zero.expect(Self.prompt).contains("it is not a regular file"))
        zero.send("\u{04}")
        XCTAssertEqual(try zero.waitForExit(), 0)
    }

    func testCtrlRFindsAnEarlierEntry() throws {
        let terminal = try startREPL()
        try enter("40 + 2", in: terminal)
        try enter("1", in: terminal)
        terminal.send("\u{12}40 +")
        terminal.settle(for: 0.3)
        terminal.send("\r")
        let shown = try terminal.expect("\r\n" + Self.prompt)
        XCTAssertTrue(shown.contains("42"), shown)
    }

    func testTabCompletesABuiltinName() throws {
        let terminal = try startREPL()
        terminal.send("pri\t")
        terminal.settle(for: 0.3)
        // Completion inserts "nt(" after "pri"; the rest of the call finishes the line.
        let shown = try enter("6 * 7)", in: terminal)
        XCTAssertTrue(shown.contains("nt("), shown)
        XCTAssertTrue(shown.contains("42"), shown)
        XCTAssertFalse(shown.contains("undefined name"), shown)
    }

    func testCtrlCAtTheDisplayAllQuestionKeepsTheSession() throws {
        let terminal = try startREPL()
        try enter("let kept = 6", in: terminal)
        // Two Tabs on an empty line list every name: more than the threshold, so the question.
        terminal.send("\t\t")
        try terminal.expect("possibilities? (y or n)")
        // libedit asked with a blocking getc(stdin): these presses went unanswered and the
        // third ended the session through the force-quit rule.
        for _ in 0..<3 {
            terminal.send("\u{03}")
            terminal.settle(for: 0.3)
        }
        terminal.send("kept * 7\r")
        try terminal.expect("42\r\n" + Self.prompt)
        // "n" declines without listing; "y" lists.
        terminal.send("\t\t")
        try terminal.expect("possibilities? (y or n)")
        terminal.send("n")
        try terminal.expect(Self.prompt)
        terminal.send("\u{03}")
        try terminal.expect(Self.prompt)
        terminal.send("sv\t\t")
        let listed = try terminal.expect("svdvals")
        XCTAssertFalse(listed.contains("possibilities"), listed)
    }

    func testTabCompletesAFieldAfterADot() throws {
        let terminal = try startREPL()
        try enter("let run = {alpha: 40, beta: 1}", in: terminal)
        terminal.send("run.al\t")
        terminal.settle(for: 0.3)
        let shown = try enter(" + 2", in: terminal)
        XCTAssertTrue(shown.contains("42"), shown)
    }

    func testIncompleteInputContinuesAndIsOneHistoryEntry() throws {
        let terminal = try startREPL()
        terminal.send("let x = [1,\r")
        try terminal.expect(Self.continuation)
        try enter("2]", in: terminal)
        let shown = try enter("x", in: terminal)
        XCTAssertTrue(shown.contains("[1, 2]"), shown)
        terminal.send(":quit\r")
        XCTAssertEqual(try terminal.waitForExit(), 0)
        let entries = try String(contentsOf: historyFile, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(entries.contains { $0.contains("[1,") && $0.contains("2]") }, "\(entries)")
    }

    func testEmptyLineAbandonsAnIncompleteEntry() throws {
        let terminal = try startREPL()
        terminal.send("let y = (1 +\r")
        try terminal.expect(Self.continuation)
        let shown = try enter("", in: terminal)
        XCTAssertTrue(shown.contains("syntax error"), shown)
        XCTAssertTrue(try enter("5", in: terminal).contains("5"))
    }

    func testCtrlCInterruptsALoopAndKeepsTheSession() throws {
        let terminal = try startREPL()
        try enter("let kept = 6", in: terminal)
        terminal.send("var i = 0; while true { i += 1 }\r")
        terminal.settle(for: 0.5)
        terminal.send("\u{03}")
        try terminal.expect("interrupted", timeout: 10)
        try terminal.expect(Self.prompt)
        XCTAssertTrue(try enter("kept * 7", in: terminal).contains("42"))
        XCTAssertTrue(try enter("i > 0", in: terminal).contains("true"))
    }

    func testCtrlCAtThePromptClearsTheLineAndCtrlDExits() throws {
        let terminal = try startREPL()
        terminal.send("this is not finished")
        terminal.settle(for: 0.2)
        terminal.send("\u{03}")
        try terminal.expect("^C\r\n" + Self.prompt, timeout: 10)
        XCTAssertTrue(try enter("2 + 3", in: terminal).contains("5"))
        terminal.send("\u{04}")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }

    func testNonASCIIInputIsEditedAsCharacters() throws {
        let terminal = try startREPL()
        // Ctrl-B steps back over "é" as one character, backspace removes the "f", Ctrl-E goes
        // to the end: "caeé".
        let shown = try enter("len(\"café\u{2}\u{8}e\u{5}\")", in: terminal)
        XCTAssertTrue(shown.contains("\r\n4\r\n"), shown)
        XCTAssertTrue(try enter("len(\"µ\")", in: terminal).contains("\r\n1\r\n"))
    }

    func testTabCompletesAKeywordArgument() throws {
        let terminal = try startREPL()
        // Completion inserts the rest of the parameter name, a colon and a space (libedit
        // redraws the line, so only the inserted part shows as one piece).
        terminal.send("train(nil, nil, epo\t")
        try terminal.expect("chs: ")
        terminal.send("\u{03}")
        try terminal.expect(Self.prompt)
        terminal.send("fmt(pi, 2, sty\t")
        try terminal.expect("le: ")
        let shown = try enter("\"fixed\")", in: terminal)
        XCTAssertTrue(shown.contains("\"3.14\""), shown)
        XCTAssertFalse(shown.contains("error"), shown)
    }

    func testElseOnTheLineAfterTheClosingBraceContinuesTheIf() throws {
        let terminal = try startREPL()
        for line in ["if false {", "  print(\"then\")", "}", "else {", "  print(\"else\")"] {
            terminal.send(line + "\r")
            try terminal.expect("\r\n" + Self.continuation)
        }
        let shown = try enter("}", in: terminal)
        XCTAssertTrue(shown.contains("\r\nelse\r\n"), shown)
        XCTAssertFalse(terminal.transcript.contains("\r\nthen\r\n"), terminal.transcript)
        XCTAssertFalse(shown.contains("error"), shown)
        // Without an else, the next line runs the if and then itself.
        terminal.send("if true { print(\"yes\") }\r")
        try terminal.expect("\r\n" + Self.continuation)
        let next = try enter("print(\"next\")", in: terminal)
        XCTAssertTrue(next.contains("yes\r\nnext\r\n"), next)
    }

    func testExitLeavesWithItsCodeAndBareQuitGivesAHint() throws {
        let terminal = try startREPL()
        XCTAssertTrue(try enter("quit", in: terminal).contains("type exit() or press Ctrl-D to leave"))
        XCTAssertTrue(try enter("exit", in: terminal).contains("type exit() or press Ctrl-D to leave"))
        terminal.send("exit(3)\r")
        XCTAssertEqual(try terminal.waitForExit(), 3)
    }

    func testCtrlCAbandonsALongLAPACKCallAndDropsItsResult() throws {
        let terminal = try startREPL()
        try enter("let m = random_matrix(3000, 3000, seed: 1)", in: terminal)
        terminal.send("let ev = gram_eigenvalues(m)\r")
        terminal.settle(for: 0.5)
        terminal.send("\u{03}")
        let shown = try terminal.expect("interrupted", timeout: 10)
        XCTAssertFalse(shown.contains("error"), shown)
        try terminal.expect(Self.prompt)
        let after = try enter("ev", in: terminal)
        XCTAssertTrue(after.contains("'ev' is used before it has a value"), "the result of the abandoned call is dropped: \(after)")
        XCTAssertTrue(try enter("6 * 7", in: terminal).contains("42"), "the session goes on at once")
    }

    func testHelpShowsABuiltinsSignature() throws {
        let terminal = try startREPL()
        let shown = try enter("?len", in: terminal)
        XCTAssertTrue(shown.contains("len(value) -> number"), shown)
    }

    // MARK: pipes

    private struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func pipe(_ input: String) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.binary
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: err, as: UTF8.self))
    }

    func testPipedInputPrintsOnlyResults() throws {
        let outcome = try pipe("1 + 2\n")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "3\n")
        XCTAssertEqual(outcome.stderr, "")
    }

    func testPipedStatementsMaySpanLines() throws {
        let outcome = try pipe("let x = [1,\n  2]\nif len(x) > 5 {\n  \"long\"\n}\nelse {\n  \"short\"\n}\nx\n")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "\"short\"\n[1, 2]\n")
    }

    func testPipedErrorsStopWithTheirExitCode() throws {
        let syntax = try pipe("print(1)\nlet = 2\nprint(3)\n")
        XCTAssertEqual(syntax.status, 65, syntax.stderr)
        XCTAssertEqual(syntax.stdout, "1\n")
        XCTAssertTrue(syntax.stderr.contains("<stdin>:2:"), syntax.stderr)
        XCTAssertFalse(syntax.stderr.contains("\u{1B}["), "no colours on a pipe")

        let runtime = try pipe("print(1)\n1 / 0\nprint(3)\n")
        XCTAssertEqual(runtime.status, 70, runtime.stderr)
        XCTAssertEqual(runtime.stdout, "1\n")
        XCTAssertTrue(runtime.stderr.contains("division by zero"), runtime.stderr)

        let unfinished = try pipe("let x = [1,\n")
        XCTAssertEqual(unfinished.status, 65, unfinished.stderr)

        let load = try pipe("print(1)\n:load /no/such/study.wwn\nprint(3)\n")
        XCTAssertEqual(load.status, 66, load.stderr)
        XCTAssertEqual(load.stdout, "1\n")
        XCTAssertTrue(load.stderr.contains("does not exist"), load.stderr)
    }

    func testPipedExitEndsTheInputWithItsCode() throws {
        let outcome = try pipe("print(1)\ntry { exit(4) } catch e { print(\"caught\") }\nprint(2)\n")
        XCTAssertEqual(outcome.status, 4, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "1\n")
        XCTAssertEqual(outcome.stderr, "")
    }
}
