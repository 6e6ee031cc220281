@testable import WWREPL
import XCTest

/// The loop that turns lines into entries, with the terminal replaced by a script of inputs.
final class ReplLoopTests: XCTestCase {
    private final class ScriptedReader: LineReader {
        var inputs: [LineInput]
        let canPeek: Bool
        var prompts: [String] = []
        var history: [String] = []
        var saves = 0

        init(_ inputs: [LineInput], canPeek: Bool) {
            self.inputs = inputs
            self.canPeek = canPeek
        }

        func readLine(prompt: String) -> LineInput {
            prompts.append(prompt)
            return inputs.isEmpty ? .end : inputs.removeFirst()
        }

        func addHistory(_ entry: String) { history.append(entry) }
        func saveHistory() { saves += 1 }

        func peekLine() -> String? {
            guard canPeek, case .line(let line)? = inputs.first else { return nil }
            return line
        }
    }

    private func run(_ lines: [LineInput], interactive: Bool) -> (status: Int32, reader: ScriptedReader, harness: SessionHarness) {
        let harness = SessionHarness(readsStream: !interactive)
        let reader = ScriptedReader(lines, canPeek: !interactive)
        let status = ReplLoop(session: harness.session, reader: reader, isInteractive: interactive).run()
        return (status, reader, harness)
    }

    func testContinuationPromptAndOneHistoryEntry() {
        let (status, reader, harness) = run([.line("let x = [1,"), .line("2]"), .line("x")], interactive: true)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(reader.prompts, [REPL.primaryPrompt, REPL.continuationPrompt, REPL.primaryPrompt, REPL.primaryPrompt])
        XCTAssertEqual(reader.history, ["let x = [1,\n2]", "x"])
        XCTAssertGreaterThanOrEqual(reader.saves, 2, "the history is saved after every entry")
        XCTAssertEqual(harness.console.output, "[1, 2]\n")
    }

    func testEmptyLineShowsTheErrorOfAnIncompleteEntry() {
        let (status, reader, harness) = run([.line("let y = (1 +"), .line(""), .line("3")], interactive: true)
        XCTAssertEqual(status, 0)
        XCTAssertTrue(harness.console.errors.contains("syntax error"), harness.console.errors)
        XCTAssertEqual(reader.history, ["let y = (1 +", "3"])
        XCTAssertEqual(harness.console.output, "3\n")
    }

    func testInterruptDropsThePendingLinesAndKeepsGoing() {
        let (status, _, harness) = run([.line("let z = [1,"), .interrupted, .line("let z = 5"), .line("z")], interactive: true)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(harness.console.output, "5\n")
        XCTAssertEqual(harness.console.errors, "")
    }

    func testInteractiveErrorsDoNotStopTheSession() {
        let (status, _, harness) = run([.line("1 / 0"), .line("2")], interactive: true)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(harness.console.output, "2\n")
    }

    func testPipeStopsAtTheFirstErrorWithItsStatus() {
        let (status, _, harness) = run([.line("print(1)"), .line("nosuch"), .line("print(2)")], interactive: false)
        XCTAssertEqual(status, 65)
        XCTAssertEqual(harness.console.output, "1\n")
        XCTAssertTrue(harness.console.errors.contains("<stdin>:2:1"), harness.console.errors)
    }

    func testPipeKeepsBlankLinesInsideAnEntryAndCountsThem() {
        let (status, _, harness) = run([.line(""), .line("let x = ["), .line(""), .line("1]"), .line("x"), .line("x.nope")], interactive: false)
        XCTAssertEqual(status, 70)
        XCTAssertEqual(harness.console.output, "[1]\n")
        XCTAssertTrue(harness.console.errors.contains("<stdin>:6:"), harness.console.errors)
    }

    func testPipeEndingInsideAnEntryIsASyntaxError() {
        let (status, _, harness) = run([.line("let x = [1,")], interactive: false)
        XCTAssertEqual(status, 65)
        XCTAssertTrue(harness.console.errors.contains("<stdin>:1:"), harness.console.errors)
    }

    func testPipeReadsAheadForElseOnTheNextLine() {
        let (status, _, harness) = run([.line("if false {"), .line("  1"), .line("}"), .line("else {"), .line("  2"), .line("}")], interactive: false)
        XCTAssertEqual(status, 0, harness.console.errors)
        XCTAssertEqual(harness.console.output, "2\n")
    }

    // MARK: else on the line after `}`

    private static let ifElse = ["if false {", "  print(1)", "}", "else {", "  print(2)", "}"]

    func testElseOnItsOwnLineAtThePromptContinuesTheIf() {
        let (status, reader, harness) = run((Self.ifElse + ["print(3)"]).map(LineInput.line), interactive: true)
        XCTAssertEqual(status, 0, harness.console.errors)
        XCTAssertEqual(harness.console.output, "2\n3\n", "the else branch only, once")
        XCTAssertEqual(harness.console.errors, "")
        XCTAssertEqual(reader.history, [Self.ifElse.joined(separator: "\n"), "print(3)"])
        XCTAssertEqual(reader.prompts, [REPL.primaryPrompt] + Array(repeating: REPL.continuationPrompt, count: 5) + [REPL.primaryPrompt, REPL.primaryPrompt],
                       "after the if's '}' the REPL waits for the next line; after the else's it does not")
    }

    func testAnIfAtThePromptRunsBeforeALineThatIsNotElse() {
        let (status, reader, harness) = run([.line("if true {"), .line("print(1)"), .line("}"), .line("print(2)")], interactive: true)
        XCTAssertEqual(status, 0, harness.console.errors)
        XCTAssertEqual(harness.console.output, "1\n2\n")
        XCTAssertEqual(reader.history, ["if true {\nprint(1)\n}", "print(2)"])
    }

    func testAnEmptyLineRunsAHeldIfAndSoDoesTheEndOfInput() {
        let (_, reader, harness) = run([.line("if true { print(1) }"), .line(""), .line("3"), .line("if true { print(4) }")], interactive: true)
        XCTAssertEqual(harness.console.output, "1\n3\n4\n")
        XCTAssertEqual(reader.prompts, [REPL.primaryPrompt, REPL.continuationPrompt, REPL.primaryPrompt, REPL.primaryPrompt,
                                        REPL.continuationPrompt])
    }

    func testElseIfChainsAtThePromptAndAnIfWithAFinalElseDoesNotWait() {
        let (_, reader, harness) = run([.line("if false { 1 }"), .line("else if false { 2 }"), .line("else { 3 }"), .line("4")], interactive: true)
        XCTAssertEqual(harness.console.output, "3\n4\n")
        XCTAssertEqual(reader.history, ["if false { 1 }\nelse if false { 2 }\nelse { 3 }", "4"])
        XCTAssertEqual(reader.prompts, [REPL.primaryPrompt, REPL.continuationPrompt, REPL.continuationPrompt, REPL.primaryPrompt, REPL.primaryPrompt])
    }

    func testOnlyAnIfWaitsForElse() {
        let (_, reader, _) = run([.line("for i in 0..<1 { }"), .line("let v = if true { 1 } else { 2 }"), .line("fn f() { if true { 1 } }")], interactive: true)
        XCTAssertEqual(reader.prompts, Array(repeating: REPL.primaryPrompt, count: 4))
    }

    func testInterruptAtTheElsePromptDropsTheIf() {
        let (_, _, harness) = run([.line("if true { print(1) }"), .interrupted, .line("print(2)")], interactive: true)
        XCTAssertEqual(harness.console.output, "2\n")
    }

    func testPromptPipeAndFileAgreeOnElseLines() throws {
        let lines = Self.ifElse + ["if true {", "  print(4)", "}", "print(5)"]
        let prompt = run(lines.map(LineInput.line), interactive: true).harness.console.output
        let piped = run(lines.map(LineInput.line), interactive: false).harness.console.output
        let file = SessionHarness()
        try file.interpreter.run(lines.joined(separator: "\n"), name: "file.wwn")
        XCTAssertEqual(prompt, "2\n4\n5\n")
        XCTAssertEqual(piped, prompt)
        XCTAssertEqual(file.console.output, prompt)
    }

    // MARK: documentation comments and leaving

    func testDocCommentLinesStayWithTheFunctionThatFollows() {
        for interactive in [true, false] {
            let (_, reader, harness) = run([.line("## Doubles x."), .line("fn double(x) { x * 2 }"), .line("?double")], interactive: interactive)
            XCTAssertTrue(harness.console.output.contains("Doubles x."), harness.console.output + harness.console.errors)
            if interactive { XCTAssertEqual(reader.history.first, "## Doubles x.\nfn double(x) { x * 2 }") }
        }
    }

    func testExitEndsTheLoopWithItsCode() {
        let (status, reader, harness) = run([.line("print(1)"), .line("exit(3)"), .line("print(2)")], interactive: true)
        XCTAssertEqual(status, 3)
        XCTAssertEqual(harness.console.output, "1\n")
        XCTAssertEqual(reader.inputs, [.line("print(2)")])
        XCTAssertEqual(run([.line("exit()")], interactive: false).status, 0)
    }

    func testQuitStopsReading() {
        let (status, reader, _) = run([.line(":quit"), .line("print(1)")], interactive: false)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(reader.inputs, [.line("print(1)")])
    }
}
