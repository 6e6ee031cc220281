import Foundation
import WWInterpreter
import WWREPL
import XCTest

final class CompletionTests: XCTestCase {
    private func completer(running setup: String = "") throws -> Completer {
        let interpreter = Interpreter(registry: .sharedCore, output: CapturedOutput())
        interpreter.allowsRedeclaration = true
        if !setup.isEmpty { try interpreter.run(setup, name: "setup") }
        return Completer(interpreter: interpreter)
    }

    private func texts(_ result: Completer.Result) -> [String] { result.candidates.map(\.text) }

    func testBuiltinNameGetsAnOpeningParenthesisWhenUnique() throws {
        let result = try completer().complete(before: "pri")
        XCTAssertEqual(result.word, "pri")
        XCTAssertEqual(result.candidates, [Completer.Candidate("print", suffix: "(")])
    }

    func testKeywordsAndGlobalsAreCandidates() throws {
        let c = try completer(running: "let whistle = 3")
        XCTAssertEqual(texts(c.complete(before: "wh")), ["while", "whistle"])
        XCTAssertEqual(c.complete(before: "x = whis").candidates, [Completer.Candidate("whistle")])
    }

    func testKeywordArgumentsOfABuiltinCompleteInsideItsCall() throws {
        let c = try completer()
        XCTAssertEqual(c.complete(before: "fmt(pi, dig").candidates, [Completer.Candidate("digits:", suffix: " ")])
        let both = texts(c.complete(before: "random_matrix(3, 4, s"))
        XCTAssertEqual(Array(both.prefix(2)), ["sigma:", "seed:"], "parameters first, in signature order")
        XCTAssertTrue(both.contains("sqrt"), "any name may still be an argument")
        XCTAssertEqual(texts(c.complete(before: "fmt(dig")), ["digits:"])
        XCTAssertFalse(texts(c.complete(before: "fmt(pi + dig")).contains("digits:"), "not in the middle of an expression")
        XCTAssertFalse(texts(c.complete(before: "fmt([1, dig")).contains("digits:"), "not inside a list argument")
        XCTAssertEqual(texts(c.complete(before: "print(fmt(1, 2), dig")), [], "the call whose parentheses are open counts")
    }

    func testKeywordArgumentsOfUserFunctionsAndMethods() throws {
        let c = try completer(running: "fn fit(net, data, epochs = 1, epsilon = 0) { net }\nlet xs = [3, 1]\nlet r = {go: fit}")
        XCTAssertEqual(texts(c.complete(before: "fit(1, 2, epo")), ["epochs:"])
        XCTAssertEqual(texts(c.complete(before: "fit(1, 2, ep")), ["epochs:", "epsilon:"])
        XCTAssertEqual(texts(c.complete(before: "r.go(1, epo")), ["epochs:"], "a record field holding a function")
        XCTAssertEqual(texts(c.complete(before: "xs.sort(1, de")), ["descending:", "describe"], "a method's parameters first")
        XCTAssertFalse(texts(c.complete(before: "xs.sort(it")).contains("items:"), "the receiver is not an argument")
    }

    func testPrivateNamesNeedTheUnderscore() throws {
        let c = try completer(running: "let _hidden = 1\nlet shown = 2")
        XCTAssertFalse(texts(c.complete(before: "")).contains("_hidden"))
        XCTAssertEqual(texts(c.complete(before: "_hi")), ["_hidden"])
    }

    func testRecordFieldsAndNestedFields() throws {
        let c = try completer(running: "let run = {fit: {alpha: 2, xmin: 1}, level: 0.1, label: \"a\"}")
        XCTAssertEqual(texts(c.complete(before: "run.l")), ["label", "level"])
        // Fields first among equals: the record methods (keys, get...) are offered too.
        let nested = texts(c.complete(before: "print(run.fit."))
        XCTAssertTrue(nested.contains("alpha") && nested.contains("xmin") && nested.contains("keys"), "\(nested)")
    }

    func testListMethodsAfterADot() throws {
        let result = try completer(running: "let xs = [1, 2]").complete(before: "xs.pu")
        XCTAssertEqual(result.candidates, [Completer.Candidate("push", suffix: "(")])
    }

    func testTableFieldsAfterADot() throws {
        let result = try completer(running: "let t = table()").complete(before: "t.n")
        XCTAssertEqual(texts(result), ["ncols", "nrows"])
    }

    func testStringLiteralMethods() throws {
        XCTAssertTrue(texts(try completer().complete(before: "\"abc\".")).contains("split"))
    }

    func testUnknownReceiverAndNumbersOfferNothing() throws {
        let c = try completer()
        XCTAssertEqual(c.complete(before: "nosuch.f").candidates, [])
        XCTAssertEqual(c.complete(before: "1.5").candidates, [])
        XCTAssertEqual(c.complete(before: "let a = 1 # pri").candidates, [])
    }

    func testFilePathsInsideStrings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("study.wwn"))
        try Data().write(to: folder.appendingPathComponent("models/mlp.safetensors"))
        let interpreter = Interpreter(registry: .sharedCore, output: CapturedOutput())
        let c = Completer(interpreter: interpreter, currentDirectory: { folder.path })
        XCTAssertEqual(texts(c.complete(before: "import \"st")), ["study.wwn"])
        XCTAssertEqual(texts(c.complete(before: "load(\"mo")), ["models/"])
        XCTAssertEqual(texts(c.complete(before: "load(\"models/m")), ["models/mlp.safetensors"])
        XCTAssertEqual(texts(c.complete(before: "let p = \"\(folder.path)/st")), ["\(folder.path)/study.wwn"])
        XCTAssertEqual(texts(c.complete(before: ":load st")), ["study.wwn"])
        // Inside an interpolation the cursor is in code again.
        XCTAssertEqual(texts(c.complete(before: "\"x \\(pri")), ["print"])
    }

    func testCommandsAndHelpTopics() throws {
        let c = try completer()
        XCTAssertEqual(c.complete(before: ":he").candidates, [Completer.Candidate(":help", suffix: " ")])
        XCTAssertEqual(texts(c.complete(before: "?prin")), ["print"])
        XCTAssertEqual(texts(c.complete(before: ":help pus")), ["push"])
    }

    func testReplacementsLineUpWithLibeditsWord() {
        let path = Completer.Result(word: "models/ml", candidates: [Completer.Candidate("models/mlp.st"), Completer.Candidate("models/mlx")])
        XCTAssertEqual(Completer.replacements(for: path, editorWord: "ml"), ["mlp.st", "mlx"])
        let name = Completer.Result(word: "pri", candidates: [Completer.Candidate("print", suffix: "(")])
        XCTAssertEqual(Completer.replacements(for: name, editorWord: "pri"), ["print("])
        XCTAssertEqual(Completer.replacements(for: name, editorWord: "x$pri"), ["x$print("])
        XCTAssertNil(Completer.replacements(for: name, editorWord: "\"pri"))
        XCTAssertNil(Completer.replacements(for: name, editorWord: "abc"))
    }
}
