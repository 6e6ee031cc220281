import Foundation
import WWInterpreter
import XCTest
@testable import WWNotebook

final class CheckTests: NotebookTestCase {
    private let passing = """
        #%% Numbers
        let x = 1 / 3
        x #=> 0.3333333333
        print("a", 2)
        #=> a 2
        fn f(n) => n + 1
        for i in 1...2 { print(f(i)) }
        #=> 2
        #=> 3

        #%% Strings
        let s = "has #=> inside"
        s
        #=> "has #=> inside"
        print("")
        #=>
        """

    func testMatchingExpectationsPass() throws {
        let notebook = try writeNotebook(passing)
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("5 statements checked, all match"), result.standardOutput)
    }

    func testMismatchReportsFileLineExpectedAndActualAndExitsWith1() throws {
        let text = passing.replacingOccurrences(of: "#=> 3", with: "#=> 4")
        let notebook = try writeNotebook(text)
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("nb.wwn:8: output of the statement at line 7 does not match"), result.standardError)
        XCTAssertTrue(result.standardError.contains("first difference at output line 2"), result.standardError)
        XCTAssertTrue(result.standardError.contains("expected: 4\n    actual:   3\n"), result.standardError)
        XCTAssertTrue(result.standardOutput.contains("1 mismatched"))
        XCTAssertEqual(try read(notebook), text, "check without --update leaves the file untouched")
    }

    func testCheckWithoutUpdateNeverWritesTheFile() throws {
        let text = passing.replacingOccurrences(of: "#=> a 2", with: "#=> b 2")
        let notebook = try writeNotebook(text)
        let before = try FileManager.default.attributesOfItem(atPath: notebook)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.01)
        XCTAssertEqual(execute(notebook, mode: .check(update: false, addsMissing: false)).status, 1)
        let after = try FileManager.default.attributesOfItem(atPath: notebook)[.modificationDate] as? Date
        XCTAssertEqual(before, after)
        XCTAssertEqual(try read(notebook), text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["nb.wwn"])
    }

    func testUpdateRewritesOnlyTheExpectationLinesAndThenCheckPasses() throws {
        let text = """
            #%% Cell
            let t = 21
            t * 2 #=> 41
            print("one")
            #=> uno
              #=> stray second line
            print("x\\ny")   # an ordinary comment
            #=> x
            let z = 5
            z
            """
        let notebook = try writeNotebook(text)
        XCTAssertEqual(execute(notebook, mode: .check(update: false, addsMissing: false)).status, 1)
        let update = execute(notebook, mode: .check(update: true, addsMissing: false))
        XCTAssertEqual(update.status, 0, update.standardError)
        XCTAssertTrue(update.standardOutput.contains("updated the #=> lines of 3 statements"), update.standardOutput)
        let updated = try read(notebook)
        XCTAssertEqual(updated, """
            #%% Cell
            let t = 21
            t * 2 #=> 42
            print("one")
            #=> one
            print("x\\ny")   # an ordinary comment
            #=> x
            #=> y
            let z = 5
            z
            """)
        let nonExpectation = { (s: String) in s.split(separator: "\n").filter { !$0.contains("#=>") } }
        XCTAssertEqual(nonExpectation(updated), nonExpectation(text), "only #=> lines change")
        let check = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(check.status, 0, check.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["nb.wwn"], "no temporary file left")
    }

    func testUpdateKeepsLinesThatMatchWithinTheTolerance() throws {
        let text = "let x = 1 / 3\nx\n#=> 0.33333333333\nx + 1\n#=> 5\n"
        let notebook = try writeNotebook(text)
        XCTAssertEqual(execute(notebook, mode: .check(update: true, addsMissing: false)).status, 0)
        XCTAssertEqual(try read(notebook), "let x = 1 / 3\nx\n#=> 0.33333333333\nx + 1\n#=> 1.3333333333333333\n")
    }

    func testUpdateRemovesExpectationsOfStatementsThatPrintNothing() throws {
        let notebook = try writeNotebook("let a = 1 #=> 1\nlet b = 2\n#=> 2\nb\n")
        XCTAssertEqual(execute(notebook, mode: .check(update: true, addsMissing: false)).status, 0)
        XCTAssertEqual(try read(notebook), "let a = 1\nlet b = 2\nb\n")
    }

    func testAddMissingRecordsOutputOfStatementsWithoutExpectations() throws {
        let notebook = try writeNotebook("""
            #%% Cell
            let a = 2
            if a > 1 {
              print("big")
            }
            a; a + 1
            """)
        let result = execute(notebook, mode: .check(update: true, addsMissing: true))
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try read(notebook), """
            #%% Cell
            let a = 2
            if a > 1 {
              print("big")
            }
            #=> big
            a; a + 1
            #=> 3
            """, "`a;` is silenced; `a + 1` shares no line with a later statement")
        XCTAssertEqual(execute(notebook, mode: .check(update: false, addsMissing: false)).status, 0)
    }

    func testUpdateIsRefusedWhenTheNotebookFails() throws {
        let text = "print(1)\n#=> 2\nerror(\"boom\")\n"
        let notebook = try writeNotebook(text)
        let result = execute(notebook, mode: .check(update: true, addsMissing: false))
        XCTAssertEqual(result.status, 70)
        XCTAssertTrue(result.standardError.contains("not updating"), result.standardError)
        XCTAssertEqual(try read(notebook), text)
    }

    func testRuntimeErrorExitCodeWinsOverMismatches() throws {
        let notebook = try writeNotebook("#%% A\nprint(1)\n#=> 1\n#%% B\nerror(\"boom\")\n#%% C\nprint(3)\n#=> 3\n")
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 70)
        // The failure comes first: a failing notebook is never summed up as "all match".
        XCTAssertTrue(result.standardOutput.hasSuffix("nb.wwn: cell [2] B failed with a runtime error; 1 statement checked, all match; 1 not run\n"),
                      result.standardOutput)
    }

    func testFailingNotebookWithNothingCheckedDoesNotSayAllMatch() throws {
        let notebook = try writeNotebook("#%% A\nlet z = [1][5]\n#%% B\nprint(2)\n#=> 2\n")
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 70)
        XCTAssertTrue(result.standardOutput.hasSuffix(": cell [1] A failed with a runtime error; 0 statements checked; 1 not run\n"), result.standardOutput)
        XCTAssertFalse(result.standardOutput.contains("all match"))
    }

    func testSyntaxErrorExitsWith65() throws {
        let notebook = try writeNotebook("print(1\n#=> 1\n")
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.standardOutput.hasSuffix("nb.wwn: nothing checked: a syntax error before any cell ran\n"), result.standardOutput)
    }

    func testUnknownParameterIsAUsageError() throws {
        let notebook = try writeNotebook("param n = 1\nn #=> 1\n")
        let result = execute(notebook, mode: .check(update: false, addsMissing: false), parameters: ["m": .number(2)])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.standardError.contains("known: n"))
    }

    func testParametersApplyToCheck() throws {
        let notebook = try writeNotebook("param n = 1\nn * 10 #=> 10\n")
        XCTAssertEqual(execute(notebook, mode: .check(update: false, addsMissing: false)).status, 0)
        XCTAssertEqual(execute(notebook, mode: .check(update: false, addsMissing: false), parameters: ["n": .number(2)]).status, 1)
    }

    func testOrphanExpectationFails() throws {
        let notebook = try writeNotebook("#%% A\nprint(1)\n#%% B\n#=> 1\nprint(2)\n")
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("nb.wwn:4: this #=> line follows no statement"), result.standardError)
    }

    func testScannerIgnoresMarkersInsideStrings() throws {
        let notebook = Notebook(path: "nb.wwn", text: """
            let s = "#=> not one"
            print("#=> nor this") #=> but this
            let long = \"\"\"
            #=> inside a multi-line string
            \"\"\"
            long
            """)
        let run = try NotebookRunner(notebook: notebook, registry: .sharedCore).run()
        let layout = try ExpectationScanner.scan(notebook, cellPrograms: run.cellPrograms)
        let all = layout.statements.flatMap(\.expectations)
        XCTAssertEqual(all.map(\.line), [2])
        XCTAssertEqual(all.first?.text, "but this")
        XCTAssertEqual(all.first?.isOwnLine, false)
        XCTAssertEqual(layout.statements.first { !$0.expectations.isEmpty }?.position, StatementPosition(line: 2, column: 1))
        XCTAssertEqual(layout.statements.first { $0.position.line == 3 }?.lastLine, 5)
    }

    func testExpectationAfterAFunctionDeclarationBelongsToIt() throws {
        let notebook = try writeNotebook("print(1)\nfn f() => 2\n#=> 1\n")
        let result = execute(notebook, mode: .check(update: false, addsMissing: false))
        XCTAssertEqual(result.status, 1, "the function declaration printed nothing")
        XCTAssertTrue(result.standardError.contains("statement at line 2"), result.standardError)
    }
}
