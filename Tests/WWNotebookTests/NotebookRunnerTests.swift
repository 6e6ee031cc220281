import CSignals
import Foundation
import WWInterpreter
import WWSyntax
import XCTest
@testable import WWNotebook

final class NotebookRunnerTests: NotebookTestCase {
    func testGlobalsPersistBetweenCells() throws {
        let run = try runNotebook("""
            #%% One
            let base = 40
            fn plus(x) => x + base
            #%% Two
            print(plus(2))
            """)
        XCTAssertTrue(run.succeeded)
        XCTAssertEqual(outputText(run.cells[1]), "42\n")
    }

    func testRuntimeErrorInCellThreeCarriesTheFilesLineNumber() throws {
        let run = try runNotebook("""
            #%% One
            let a = 1

            #%% Two
            let b = [1, 2]

            #%% Three
            print("before")
            let c = b[7]
            """)
        guard case .failed(let diagnostic) = run.cells[2].status else { return XCTFail("cell 3 should fail") }
        XCTAssertEqual(diagnostic.kind, .runtime)
        XCTAssertEqual(diagnostic.location?.line, 9)
        XCTAssertEqual(diagnostic.location?.column, 10)
        XCTAssertEqual(diagnostic.cell, "[3] Three")
        let rendered = diagnostic.rendered(color: false)
        XCTAssertTrue(rendered.contains("nb.wwn:9:10"), rendered)
        XCTAssertTrue(rendered.contains("9 | let c = b[7]"), rendered)
        XCTAssertEqual(outputText(run.cells[2]), "before\n")
        XCTAssertEqual(run.exitCode, 70)
    }

    func testStaticErrorInCellThreeCarriesTheFilesLineNumberAndStopsBeforeRunning() throws {
        let run = try runNotebook("""
            #%% One
            print("one")
            #%% Two
            let b = 2
            #%% Three
            let c = (b +
            """)
        XCTAssertEqual(run.cells[0].duration, nil, "no cell runs when the notebook has a syntax error")
        XCTAssertTrue(run.cells[0].outputs.isEmpty)
        guard case .failed(let diagnostic) = run.cells[2].status else { return XCTFail("cell 3 should hold the error") }
        XCTAssertEqual(diagnostic.kind, .syntax)
        XCTAssertGreaterThanOrEqual(diagnostic.location?.line ?? 0, 6)
        XCTAssertEqual(run.exitCode, 65)
    }

    func testRedeclarationAcrossCellsIsAnError() throws {
        let run = try runNotebook("#%% One\nlet a = 1\n#%% Two\nlet a = 2\n")
        guard case .failed(let diagnostic) = run.cells[1].status else { return XCTFail("cell 2 should fail") }
        XCTAssertEqual(diagnostic.location?.line, 4)
        XCTAssertTrue(diagnostic.message.contains("already declared"), diagnostic.message)
        XCTAssertEqual(run.exitCode, 65)
    }

    func testAFunctionFromALaterCellIsNotVisibleAndTheNoteSaysWhy() throws {
        let run = try runNotebook("#%% One\nprint(later())\n#%% Two\nfn later() => 1\n")
        guard case .failed(let diagnostic) = run.cells[0].status else { return XCTFail("cell 1 should fail") }
        XCTAssertEqual(diagnostic.location?.line, 2)
        XCTAssertTrue(diagnostic.notes.contains { $0.contains("later cell") && $0.contains("[2] Two") }, "\(diagnostic.notes)")
    }

    func testCodeInAMarkdownCellIsAnError() throws {
        let run = try runNotebook("#%% md\n# Text\nlet a = 1\n#%% Code\nprint(1)\n")
        guard case .failed(let diagnostic) = run.cells[0].status else { return XCTFail("the Markdown cell should fail") }
        XCTAssertEqual(diagnostic.location?.line, 3)
        XCTAssertEqual(run.cells[1].duration, nil)
    }

    func testAFailingCellStopsTheRun() throws {
        let run = try runNotebook("#%% One\nerror(\"boom\")\n#%% Two\nprint(\"after\")\n")
        XCTAssertEqual(run.cells[0].status.name, "failed")
        XCTAssertEqual(run.cells[1].status.name, "not-run")
        XCTAssertTrue(run.cells[1].outputs.isEmpty)
        XCTAssertEqual(run.exitCode, 70)
    }

    func testExitStopsTheRunWithItsCodeAndIsNotAFailure() throws {
        let run = try runNotebook("#%% One\nprint(\"before\")\n#%% Two\ntry { exit(3) } catch e { print(\"caught\") }\nprint(\"not reached\")\n#%% Three\nprint(\"after\")\n",
                                  options: NotebookRunOptions(keepsGoing: true))
        XCTAssertEqual(run.cells[0].status.name, "succeeded")
        XCTAssertEqual(run.cells[1].status.name, "exited")
        XCTAssertEqual(outputText(run.cells[1]), "", "try does not catch exit, and the cell stops there")
        XCTAssertEqual(run.cells[2].status.name, "not-run", "--keep-going does not go past an exit")
        XCTAssertNil(run.firstProblem)
        XCTAssertFalse(run.succeeded, "not every cell ran")
        XCTAssertEqual(run.exit?.cell.cell.index, 2)
        XCTAssertEqual(run.exitCode, 3)
    }

    func testExitZeroEndsTheRunWithSuccess() throws {
        let run = try runNotebook("#%% One\nexit()\n#%% Two\nprint(\"after\")\n")
        XCTAssertEqual(run.exitCode, 0)
        XCTAssertEqual(run.cells[1].status.name, "not-run")
    }

    func testKeepGoingRunsTheCellsAfterAFailure() throws {
        let run = try runNotebook("#%% One\nerror(\"boom\")\n#%% Two\nprint(\"after\")\n",
                                  options: NotebookRunOptions(keepsGoing: true))
        XCTAssertEqual(run.cells[0].status.name, "failed")
        XCTAssertEqual(run.cells[1].status.name, "succeeded")
        XCTAssertEqual(outputText(run.cells[1]), "after\n")
        XCTAssertEqual(run.exitCode, 70, "a failure still fails the run")
    }

    func testUnknownParameterIsRejectedBeforeRunning() throws {
        let notebook = Notebook(path: "nb.wwn", text: "param epochs = 3\nparam seed = 1\nprint(\"ran\")\n")
        let echo = CapturedOutput()
        let runner = NotebookRunner(notebook: notebook, registry: .sharedCore, options: NotebookRunOptions(parameters: ["epoch": .number(5)], echo: echo))
        XCTAssertThrowsError(try runner.run()) { error in
            guard let error = error as? UnknownParametersError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.unknown, ["epoch"])
            XCTAssertEqual(error.known, ["epochs", "seed"])
            XCTAssertTrue(error.description.contains("known: epochs, seed"), error.description)
            XCTAssertTrue(error.description.hasSuffix("did you mean 'epochs'?"), error.description)
        }
        XCTAssertEqual(echo.text, "", "nothing runs")
    }

    func testParameterOverrideChangesTheOutput() throws {
        let text = "#%% Parameters\nparam n = 3\n#%% Use\nprint(n * 2)\n"
        let plain = try runNotebook(text)
        XCTAssertEqual(outputText(plain.cells[1]), "6\n")
        XCTAssertEqual(plain.parameters.map(\.source), [.declaration])
        let overridden = try runNotebook(text, options: NotebookRunOptions(parameters: ["n": .number(10)]))
        XCTAssertEqual(outputText(overridden.cells[1]), "20\n")
        XCTAssertEqual(overridden.parameters.first?.source, .commandLine)
        if case .number(let value)? = overridden.parameters.first?.value { XCTAssertEqual(value, 10) } else { XCTFail("n not recorded") }
    }

    func testAFlagOrNumberParameterRefusesAnOverrideOfAnotherType() throws {
        // `if fast` holds for every value but false and nil: `-p fast=no` must not mean fast.
        let text = "#%% Parameters\nparam fast = false\nparam seed = 1\nparam name = nil\nparam path = \"\"\n#%% Use\nprint(fast, seed, name, path)\n"
        // Literal defaults are checked before any cell runs (a usage error, exit 64).
        for (parameters, message) in [(["fast": Value.string("no")], "-p fast=...: parameter 'fast' (line 2) must be true or false, but the value is string \"no\""),
                                      (["fast": .number(0)], "-p fast=...: parameter 'fast' (line 2) must be true or false, but the value is number 0"),
                                      (["seed": .string("abc")], "-p seed=...: parameter 'seed' (line 3) must be a number, but the value is string \"abc\""),
                                      (["path": .number(5)], "-p path=...: parameter 'path' (line 5) must be a string, but the value is number 5; quote a value to pass it as text: -p path='\"...\"'")] {
            XCTAssertThrowsError(try runNotebook(text, options: NotebookRunOptions(parameters: parameters))) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
        let run = try runNotebook(text, options: NotebookRunOptions(parameters: ["fast": .bool(true), "seed": .number(2), "name": .number(5), "path": .string("5")]))
        XCTAssertEqual(outputText(run.cells[1]), "true 2 5 5\n", "same types, and anything for a nil default")
    }

    func testOutputIsEchoedAndProgressReported() throws {
        let echo = CapturedOutput()
        var progress: [String] = []
        let run = try runNotebook("#%% md\n# Title\n#%% Greet\nprint(\"hi\")\n1 + 1\n",
                                  options: NotebookRunOptions(echo: echo, progress: { progress.append($0) }))
        XCTAssertTrue(run.succeeded)
        XCTAssertEqual(echo.text, "hi\n2\n")
        XCTAssertEqual(progress.count, 1, "Markdown cells report no progress")
        XCTAssertTrue(progress[0].hasPrefix("[2/2] Greet … "), progress[0])
        XCTAssertTrue(progress[0].hasSuffix(" ms") || progress[0].hasSuffix(" s"), progress[0])
    }

    func testDisplayedTablesAreSnapshots() throws {
        let run = try runNotebook("""
            #%% Build
            let t = table()
            t.add({a: 1})
            t
            #%% Grow
            t.add({a: 2})
            len(t)
            """)
        guard case .table(let table)? = run.cells[0].outputs.first else { return XCTFail("a table output") }
        XCTAssertEqual(table.rowCount, 1, "the report shows the table as it was when displayed")
        XCTAssertEqual(outputText(run.cells[1]), "2\n")
    }

    func testOutputIsAttributedToTheStatementThatProducedIt() throws {
        let run = try runNotebook("""
            #%% Helpers
            fn shout(x) { print(x + "!") }
            #%% Use
            shout("a")
            let y = 2; print(y)
            for i in 1...2 {
              print(i)
            }
            """)
        XCTAssertEqual(run.statementOutputs[StatementPosition(line: 4, column: 1)], "a!\n")
        XCTAssertEqual(run.statementOutputs[StatementPosition(line: 5, column: 12)], "2\n")
        XCTAssertNil(run.statementOutputs[StatementPosition(line: 5, column: 1)])
        XCTAssertTrue(run.startedStatements.contains(StatementPosition(line: 5, column: 1)))
        XCTAssertEqual(run.statementOutputs[StatementPosition(line: 6, column: 1)], "1\n2\n")
    }

    func testCtrlCStopsTheRunAndMarksTheInterruptedCell() throws {
        wwn_install_interrupt_handler()
        defer {
            wwn_clear_interrupt()
            wwn_restore_interrupt_handler()
        }
        let run = try runNotebook("""
            #%% Setup
            fn step(i) => i * 2
            #%% Long
            print("go")
            var total = 0
            for i in 1...1000000 { total += step(i) }
            print("never")
            #%% After
            print("after")
            """, options: NotebookRunOptions(keepsGoing: true, echo: InterruptingSink(trigger: "go")))
        XCTAssertEqual(run.cells[0].status.name, "succeeded")
        XCTAssertEqual(run.cells[1].status.name, "interrupted")
        XCTAssertEqual(outputText(run.cells[1]), "go\n")
        XCTAssertEqual(run.cells[2].status.name, "not-run", "Ctrl-C stops even with --keep-going")
        XCTAssertEqual(run.exitCode, 130)
        XCTAssertEqual(wwn_interrupt_pending(), 0, "the flag is consumed")
    }
}

/// Sends SIGINT to the process when a cell prints `trigger`, as Ctrl-C would.
private final class InterruptingSink: OutputSink {
    let trigger: String
    init(trigger: String) { self.trigger = trigger }
    func write(_ text: String) {
        if text.contains(trigger) { raise(SIGINT) }
    }
    func display(_ value: Value) {}
}
