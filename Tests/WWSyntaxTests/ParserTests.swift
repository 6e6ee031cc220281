// The parser: the shape of the trees it builds (precedence, associativity, the pipeline
// rewrite, postfix chains, statements) and how its diagnostics are rendered.

import WWSyntax
import XCTest

final class ParserTests: XCTestCase {
    private func tree(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do { return try Syntax.tree(source, file: file, line: line) } catch {
            XCTFail("'\(source)' does not parse: \(error)", file: file, line: line)
            return ""
        }
    }

    private func statements(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do { return try Syntax.parse(source).statements.map(sstmt) } catch {
            XCTFail("'\(source)' does not parse: \(error)", file: file, line: line)
            return []
        }
    }

    // MARK: precedence and associativity

    func testPowerIsRightAssociative() {
        XCTAssertEqual(tree("2^3^2"), "(^ 2 (^ 3 2))")
        XCTAssertEqual(tree("a ^ b ^ c ^ d"), "(^ a (^ b (^ c d)))")
    }

    func testUnaryMinusBindsLooserThanPower() {
        XCTAssertEqual(tree("-2^2"), "(neg (^ 2 2))")
        XCTAssertEqual(tree("-x^2"), "(neg (^ x 2))")
        XCTAssertEqual(tree("2^-1"), "(^ 2 -1)")
        XCTAssertEqual(tree("2^-x^2"), "(^ 2 (neg (^ x 2)))")
        XCTAssertEqual(tree("- -1"), "1")
        XCTAssertEqual(tree("-(1)"), "-1")
        XCTAssertEqual(tree("+x"), "(pos x)")
        XCTAssertEqual(tree("-x.y"), "(neg (field x y))")
        XCTAssertEqual(tree("2 ^ 3 ^ 2 - -1"), "(- (^ 2 (^ 3 2)) -1)")
    }

    func testArithmeticPrecedence() {
        XCTAssertEqual(tree("1 + 2 * 3"), "(+ 1 (* 2 3))")
        XCTAssertEqual(tree("(1 + 2) * 3"), "(* (+ 1 2) 3)")
        XCTAssertEqual(tree("1 - 2 - 3"), "(- (- 1 2) 3)")
        XCTAssertEqual(tree("8 / 4 / 2"), "(/ (/ 8 4) 2)")
        XCTAssertEqual(tree("a * b % c @ d / e"), "(/ (@ (% (* a b) c) d) e)")
        XCTAssertEqual(tree("-a * b"), "(* (neg a) b)")
    }

    func testConcatRangeComparisonLogicPrecedence() {
        XCTAssertEqual(tree("a ++ b + c"), "(++ a (+ b c))")
        XCTAssertEqual(tree("a ++ b ++ c"), "(++ (++ a b) c)")
        XCTAssertEqual(tree("1..<n + 1"), "(..< 1 (+ n 1))")
        XCTAssertEqual(tree("0...a ++ b"), "(... 0 (++ a b))")
        XCTAssertEqual(tree("x in 0..<10"), "(in x (..< 0 10))")
        XCTAssertEqual(tree("x not in [1, 2]"), "(not in x [1 2])")
        XCTAssertEqual(tree("not a in b"), "(not (in a b))")
        XCTAssertEqual(tree("not not a"), "(not (not a))")
        XCTAssertEqual(tree("a < b and b < c"), "(and (< a b) (< b c))")
        XCTAssertEqual(tree("a or b and c"), "(or a (and b c))")
        XCTAssertEqual(tree("a and b or c and d"), "(or (and a b) (and c d))")
        XCTAssertEqual(tree("not (a and b) or c in [1, 2]"), "(or (not (and a b)) (in c [1 2]))")
        XCTAssertEqual(tree("a == b"), "(== a b)")
        XCTAssertEqual(tree("a + 1 >= b * 2"), "(>= (+ a 1) (* b 2))")
    }

    func testPipelineRewritesIntoCalls() {
        XCTAssertEqual(tree("a |> f(b)"), "(call f a b)")
        XCTAssertEqual(tree("a |> f"), "(call f a)")
        XCTAssertEqual(tree("a |> f()"), "(call f a)")
        XCTAssertEqual(tree("a |> f(b, key: 1)"), "(call f a b key:1)")
        XCTAssertEqual(tree("xs |> map(fn(x) => x * 2) |> sum"), "(call sum (call map xs (fn (x) {(* x 2)})))")
        XCTAssertEqual(tree("a |> m.f(b)"), "(.f m a b)")
        XCTAssertEqual(tree("a |> r.g"), "(call (field r g) a)")
        XCTAssertEqual(tree("a + 1 |> f"), "(call f (+ a 1))")
        XCTAssertEqual(tree("a or b |> f"), "(call f (or a b))")
        XCTAssertEqual(tree("a |> f(b) |> g(c)"), "(call g (call f a b) c)")
    }

    func testPostfixChains() {
        XCTAssertEqual(tree("xs.push(1)"), "(.push xs 1)")
        XCTAssertEqual(tree("t.sort(\"acc\", descending: true)"), "(.sort t \"acc\" descending:true)")
        XCTAssertEqual(tree("r.f(x)"), "(.f r x)")
        XCTAssertEqual(tree("r.f"), "(field r f)")
        XCTAssertEqual(tree("(r.f)(x)"), "(call (field r f) x)")
        XCTAssertEqual(tree("a.b.c(1)[2].d"), "(field (index (.c (field a b) 1) 2) d)")
        XCTAssertEqual(tree("f(1)(2)"), "(call (call f 1) 2)")
        XCTAssertEqual(tree("xs[0]"), "(index xs 0)")
        XCTAssertEqual(tree("xs[-1]"), "(index xs -1)")
        XCTAssertEqual(tree("xs[1:]"), "(slice xs 1 _)")
        XCTAssertEqual(tree("xs[:-1]"), "(slice xs _ -1)")
        XCTAssertEqual(tree("xs[:]"), "(slice xs _ _)")
        XCTAssertEqual(tree("xs[a:b]"), "(slice xs a b)")
        XCTAssertEqual(tree("m[i][j]"), "(index (index m i) j)")
        XCTAssertEqual(tree("\"abc\".upper()"), "(.upper \"abc\")")
        XCTAssertEqual(tree("[1, 2][0]"), "(index [1 2] 0)")
        XCTAssertEqual(tree("xs\n  .filter(f)\n  .map(g)"), "(.map (.filter xs f) g)")
    }

    func testLiterals() {
        XCTAssertEqual(tree("[1, \"a\", [2], true, false, nil,]"), "[1 \"a\" [2] true false nil]")
        XCTAssertEqual(tree("[]"), "[]")
        XCTAssertEqual(tree("{}"), "{}")
        XCTAssertEqual(tree("{kind: \"dropout\", level: 0.1}"), "{kind:\"dropout\" level:0.1}")
        XCTAssertEqual(tree("{\"key with space\": 1, x}"), "{key with space:1 x:x}")
        XCTAssertEqual(tree("{\n  a: 1,\n  b:\n    2,\n}"), "{a:1 b:2}")
        XCTAssertEqual(tree("{\n  a: 1\n  ,b: 2\n}"), "{a:1 b:2}")
        XCTAssertEqual(tree("\"a \\(x + 1) b\""), "\"a \\((+ x 1)) b\"")
        XCTAssertEqual(tree("\"\\(\"\\(y)\")\""), "\"\\(\"\\(y)\")\"")
        XCTAssertEqual(tree("0xff + 1_000"), "(+ 255 1000)")
    }

    func testIfExpressions() {
        XCTAssertEqual(tree("if a { 1 } else if b { 2 } else { 3 }"), "(if a {1} b {2} else {3})")
        XCTAssertEqual(tree("if a { 1 }\nelse { 2 }"), "(if a {1} else {2})")
        XCTAssertEqual(tree("if a {\n  1\n}\nelse if b {\n  2\n}"), "(if a {1} b {2})")
        // In the head of `if`, `{` opens the body; parentheses allow a record.
        XCTAssertEqual(tree("if x == ({a: 1}) { 1 }"), "(if (== x {a:1}) {1})")
        XCTAssertEqual(tree("if f({a: 1}) { 1 }"), "(if (call f {a:1}) {1})")
        XCTAssertEqual(tree("if [{a: 1}] { 1 }"), "(if [{a:1}] {1})")
    }

    func testFunctions() {
        XCTAssertEqual(statements("fn square(x) => x * x"), ["(fn square (x) {(* x x)})"])
        XCTAssertEqual(statements("fn greet(name, greeting = \"hello\",) { return greeting }"),
                       ["(fn greet (name greeting=\"hello\") {(return greeting)})"])
        XCTAssertEqual(tree("fn(a, b) => a + b"), "(fn (a b) {(+ a b)})")
        XCTAssertEqual(tree("fn() {}"), "(fn () {})")
        XCTAssertEqual(tree("fn(x) => fn(y) => x + y"), "(fn (x) {(fn (y) {(+ x y)})})")
        XCTAssertEqual(statements("fn f() {\n  return\n}"), ["(fn f () {(return)})"])
        XCTAssertEqual(statements("fn f() { return }"), ["(fn f () {(return)})"])
    }

    func testStatements() {
        XCTAssertEqual(statements("let x = 1\nvar y = 2; y += 3; y -= 1; y *= 2; y /= 2; y = 0"),
                       ["(let x 1)", "(var y 2)", "(+= y 3)", "(-= y 1)", "(*= y 2)", "(/= y 2)", "(= y 0)"])
        XCTAssertEqual(statements("let (a, b) = xs"), ["(let (a b) xs)"])
        XCTAssertEqual(statements("r.level = 0.3\nxs[0] += 1"), ["(= (field r level) 0.3)", "(+= (index xs 0) 1)"])
        XCTAssertEqual(statements("for (k, v) in pairs(r) { continue }"), ["(for (k v) (call pairs r) {continue})"])
        XCTAssertEqual(statements("while true { break }"), ["(while true {break})"])
        XCTAssertEqual(statements("param epochs = 20"), ["(param epochs 20)"])
        XCTAssertEqual(statements("import \"lib/plots.wwn\" as p\nimport \"helpers.wwn\""),
                       ["(import \"lib/plots.wwn\" as p)", "(import \"helpers.wwn\")"])
        XCTAssertEqual(statements("for x in xs {\n  print(x)\n\n  x\n}"), ["(for x xs {(call print x); x})"])
        XCTAssertEqual(statements(";;\n\n  ;x;;y\n"), ["x;", "y"])
        XCTAssertEqual(statements(""), [])
        XCTAssertEqual(statements("# only a comment"), [])
    }

    func testImportBindsTheFileStemOrTheAlias() throws {
        let program = try Syntax.parse("import \"lib/plots.wwn\"\nimport \"x.wwn\" as y\nimport \"data\"")
        XCTAssertEqual(program.statements.compactMap { ($0 as? ImportStmt)?.boundName }, ["plots", "y", "data"])
    }

    func testSemicolonSilencesTopLevelExpressions() throws {
        let program = try Syntax.parse("1 + 2\n1 + 2;\nf(); g()")
        let silenced = program.statements.map { ($0 as? ExprStmt)?.isSilenced }
        XCTAssertEqual(silenced, [false, true, true, false])
    }

    func testParametersAreListedInOrder() throws {
        let program = try Syntax.parse("param a = 1\nlet b = 2\nparam c = \"x\"")
        XCTAssertEqual(program.parameters.map(\.name), ["a", "c"])
    }

    func testNodeLocations() throws {
        let program = try Syntax.parse("let x = 1\n  foo(a, b: 2) + xs[0]")
        let statement = try XCTUnwrap(program.statements[1] as? ExprStmt)
        XCTAssertEqual(statement.location.description, "2:3")
        let sum = try XCTUnwrap(statement.expression as? BinaryExpr)
        XCTAssertEqual(sum.location.description, "2:16")
        let call = try XCTUnwrap(sum.left as? CallExpr)
        XCTAssertEqual(call.location.description, "2:6")
        XCTAssertEqual(call.arguments.map(\.location.description), ["2:7", "2:10"])
        XCTAssertEqual((sum.right as? IndexExpr)?.location.description, "2:20")
    }

    func testNestingUpToTheLimitIsAccepted() throws {
        let depth = SyntaxLimits.maxNestingDepth - 2
        let parens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        XCTAssertNoThrow(try Syntax.parse(parens))
        let lists = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        XCTAssertNoThrow(try Syntax.parse(lists))
        let chain = "1" + String(repeating: " + 1", count: depth)
        XCTAssertNoThrow(try Syntax.resolve(chain))
        let blocks = String(repeating: "if true {\n", count: depth / 2) + "1\n" + String(repeating: "}\n", count: depth / 2)
        XCTAssertNoThrow(try Syntax.resolve(blocks))
    }

    /// Regression: a left-associative chain is parsed by a loop but nests one tree level per
    /// operator, and the resolver and compiler recurse on that tree; 100,000 terms crashed the
    /// resolver with a stack overflow before chains counted toward the nesting limit.
    func testLongOperatorChainsStopAtTheNestingLimit() {
        for op in ["+", "-", "*", "/", "%", "@", "++", "and", "or", "|>"] {
            let source = "x" + String(repeating: " \(op) x", count: 100_000)
            let d = Syntax.parseError(source)
            XCTAssertEqual(d?.message.contains("nested too deeply"), true, op)
            XCTAssertEqual(d?.isIncomplete, false, op)
        }
        for op in ["^", "-", "not "] {
            let source = String(repeating: op == "^" ? "x ^ " : op, count: 100_000) + "x"
            XCTAssertEqual(Syntax.parseError(source)?.message.contains("nested too deeply"), true, op)
        }
        let methods = "x" + String(repeating: ".f()", count: 100_000)
        XCTAssertEqual(Syntax.parseError(methods)?.message.contains("nested too deeply"), true)
    }

    // MARK: diagnostics

    func testSyntaxErrorRendering() throws {
        let d = try XCTUnwrap(Syntax.parseError("let x = 1\nlet y = (2 +\n  )\n"))
        XCTAssertEqual(d.position, "test.wwn:3:3")
        XCTAssertEqual(d.rendered(), """
            syntax error: expected an expression but found ')'
              --> test.wwn:3:3
              |
            3 |   )
              |   ^

            """)
        XCTAssertEqual(d.description, d.rendered())
    }

    func testCaretIsUnderTheRightCharacterAfterNonASCIIText() throws {
        let d = try XCTUnwrap(Syntax.parseError("let s = \"é😀\" $ 1"))
        XCTAssertEqual(d.location?.column, 14)
        let lines = d.rendered().split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[3], "1 | let s = \"é😀\" $ 1")
        XCTAssertEqual(lines[4], "  |              ^")
    }

    func testCaretUnderlinesTheTokenAndTabsBecomeSpaces() throws {
        let d = try XCTUnwrap(Syntax.parseError("\tx = 1 ** 2"))
        let lines = d.rendered().split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[3], "1 |  x = 1 ** 2")
        XCTAssertEqual(lines[4], "  |        ^^")
    }

    func testGutterWidensForLongLineNumbers() throws {
        let source = String(repeating: "x\n", count: 11) + "let = 1"
        let d = try XCTUnwrap(Syntax.parseError(source))
        let lines = d.rendered().split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[1], "  --> test.wwn:12:5")
        XCTAssertEqual(lines[2], "   |")
        XCTAssertEqual(lines[3], "12 | let = 1")
        XCTAssertEqual(lines[4], "   |     ^")
    }

    func testErrorAtEndOfInputPointsPastTheLastCharacter() throws {
        let d = try XCTUnwrap(Syntax.parseError("1 +"))
        XCTAssertTrue(d.isIncomplete)
        let lines = d.rendered().split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[3], "1 | 1 +")
        XCTAssertEqual(lines[4], "  |    ^")
    }

    func testNotesAreRendered() throws {
        let d = try XCTUnwrap(Syntax.parseError("let x = 1 let y = 2"))
        XCTAssertTrue(d.rendered().hasSuffix("  = note: put each statement on its own line, or separate them with ';'\n"))
    }

    func testColoredRenderingKeepsTheText() throws {
        let d = try XCTUnwrap(Syntax.parseError("1 +"))
        let colored = d.rendered(color: true)
        XCTAssertTrue(colored.contains("\u{1B}["))
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, d.rendered())
    }

    func testDiagnosticStackRendering() {
        let file = Syntax.file("f()\n")
        var d = Diagnostic(.runtime, "boom", file: file, at: SourceLocation(line: 1, column: 1, offset: 0))
        for i in 0..<(Diagnostic.maxStackFrames + 3) {
            d.addFrame(function: "f\(i)", file: file, location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        let text = d.rendered()
        XCTAssertTrue(text.hasPrefix("runtime error: boom\n  --> test.wwn:1:1\n"))
        XCTAssertTrue(text.contains("call stack (innermost first):\n  in f0, called from test.wwn:1:1\n"))
        XCTAssertTrue(text.hasSuffix("  ... and 3 more calls\n"))
        XCTAssertEqual(d.exitCode, 70)
    }

    func testDiagnosticWithoutLocationOrWithOutOfRangeLine() {
        let file = Syntax.file("x")
        XCTAssertEqual(Diagnostic(.runtime, "m", file: nil, at: nil).rendered(), "runtime error: m\n")
        XCTAssertEqual(Diagnostic(.runtime, "m", file: file, at: nil).rendered(), "runtime error: m\n  --> test.wwn\n")
        let far = Diagnostic(.runtime, "m", file: file, at: SourceLocation(line: 99, column: 1, offset: 0))
        XCTAssertEqual(far.rendered(), "runtime error: m\n  --> test.wwn:99:1\n")
        XCTAssertEqual(Diagnostic(.interrupt, "interrupted", file: nil, at: nil).exitCode, 130)
    }

    func testSourceFileLines() {
        let file = Syntax.file("a\r\nbé\n\nlast")
        XCTAssertEqual(file.lineCount, 4)
        XCTAssertEqual((0...5).map { file.line($0) }, [nil, "a", "bé", "", "last", nil])
    }

    func testClosestName() {
        XCTAssertEqual(closestName(to: "lenght", in: ["length", "len", "left"]), "length")
        XCTAssertEqual(closestName(to: "prnt", in: ["print", "sort"]), "print")
        XCTAssertNil(closestName(to: "zzz", in: ["print", "sort"]))
        XCTAssertNil(closestName(to: "x", in: ["x"]))
    }
}
