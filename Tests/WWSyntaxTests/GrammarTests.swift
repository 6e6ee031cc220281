// The grammar file is the parser's contract: every `example:` program in grammar/wwn.ebnf must
// parse, and a table of malformed programs must be rejected with a syntax error at the right
// place, marked incomplete exactly when more input could still fix it (the REPL's continuation).

import WWSyntax
import XCTest

final class GrammarTests: XCTestCase {
    func testEveryGrammarExampleParses() throws {
        let examples = try Repository.grammarExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 25, "the examples were not found in \(Repository.grammar.path)")
        for example in examples {
            XCTAssertNoThrow(try Syntax.parse(example), "grammar example does not parse:\n\(example)")
        }
    }

    func testMultiLineExamplesAreJoined() throws {
        let examples = try Repository.grammarExamples()
        XCTAssertTrue(examples.contains("let s = \"\"\"\ntwo lines\n\"\"\""))
        XCTAssertTrue(examples.contains("let y = (1 +\n  2)"))
        let program = try Syntax.parse("let s = \"\"\"\ntwo lines\n\"\"\"")
        let value = try XCTUnwrap((program.statements.first as? LetStmt)?.value as? StringLiteral)
        XCTAssertEqual(sexpr(value), "\"two lines\"")
    }

    func testExamplesParseWithSurroundingBlankLinesAndComments() throws {
        for example in try Repository.grammarExamples() {
            let wrapped = "# before\n\n" + example + "   # after\n\n"
            XCTAssertNoThrow(try Syntax.parse(wrapped), wrapped)
        }
    }

    /// A malformed program: where the error must be, and whether it is only incomplete.
    struct Malformed {
        let source: String
        let line: Int
        let column: Int
        let incomplete: Bool
        /// A fragment the message must contain (empty: any message).
        let message: String
        init(_ source: String, _ line: Int, _ column: Int, incomplete: Bool = false, _ message: String = "") {
            self.source = source
            self.line = line
            self.column = column
            self.incomplete = incomplete
            self.message = message
        }
    }

    static let malformed: [Malformed] = [
        // declarations
        Malformed("let = 1", 1, 5, "expected a name"),
        Malformed("let x", 1, 6, incomplete: true, "'='"),
        Malformed("let x =", 1, 8, incomplete: true, "expected an expression"),
        Malformed("var", 1, 4, incomplete: true),
        Malformed("let () = xs", 1, 8, "at least one name"),
        Malformed("let (a b) = xs", 1, 8, "')'"),
        Malformed("let x = 1 let y = 2", 1, 11, "end of statement"),
        Malformed("let 1 = x", 1, 5, "expected a name"),
        Malformed("param", 1, 6, incomplete: true, "parameter name"),
        Malformed("param x", 1, 8, incomplete: true, "'='"),
        Malformed("import x", 1, 8, "file name in quotes"),
        Malformed("import \"a.wwn\" as", 1, 18, incomplete: true, "after 'as'"),
        Malformed("import \"\\(x).wwn\"", 1, 8, "plain file name"),
        // functions
        Malformed("fn f(a = 1, b) {}", 1, 13, "needs a default value"),
        Malformed("fn f(a, a) {}", 1, 9, "duplicate parameter"),
        Malformed("fn f", 1, 5, incomplete: true, "'('"),
        Malformed("fn f(", 1, 5, incomplete: true, "unclosed '('"),
        Malformed("fn f()", 1, 7, incomplete: true, "function body"),
        Malformed("fn f() =>", 1, 10, incomplete: true, "expected an expression"),
        Malformed("let f = fn(x) x", 1, 15, "'{' or '=>'"),
        Malformed("fn f(1) {}", 1, 6, "parameter name"),
        // expressions
        Malformed("1 +", 1, 4, incomplete: true, "expected an expression"),
        Malformed("x = ", 1, 5, incomplete: true, "expected an expression"),
        Malformed("3 = 4", 1, 3, "cannot assign"),
        Malformed("f(x) = 1", 1, 6, "cannot assign"),
        Malformed("x += 1 += 2", 1, 8, "end of statement"),
        Malformed("(1, 2", 1, 3, "expected ')'"),
        Malformed("(1, 2)", 1, 3, "expected ')'"),
        Malformed("()", 1, 2, "expected an expression"),
        Malformed("f(a: 1, 2)", 1, 9, "positional argument"),
        Malformed("f(a: 1, a: 2)", 1, 9, "given twice"),
        Malformed("f(,)", 1, 3, "expected an expression"),
        Malformed("a < b < c", 1, 7, "cannot be chained"),
        Malformed("a == b != c", 1, 8, "cannot be chained"),
        Malformed("a in b in c", 1, 8, "cannot be chained"),
        Malformed("a not b", 1, 3, "end of statement"),
        Malformed("a not", 1, 6, incomplete: true, "expected 'in' after 'not'"),
        Malformed("1..", 1, 2, "'..' is not an operator"),
        Malformed("1..5", 1, 2, "'..' is not an operator"),
        Malformed("1..<", 1, 5, incomplete: true),
        Malformed("2 ^", 1, 4, incomplete: true),
        Malformed("not", 1, 4, incomplete: true),
        Malformed("a |>", 1, 5, incomplete: true),
        Malformed("x.", 1, 3, incomplete: true, "field name"),
        Malformed("x.1", 1, 3, "field name"),
        Malformed("x[]", 1, 3, "expected an expression"),
        Malformed("x[1", 1, 2, incomplete: true, "unclosed '['"),
        Malformed("[1 2]", 1, 4, "']' or ','"),
        Malformed("[1, 2", 1, 1, incomplete: true, "unclosed '['"),
        Malformed("[,]", 1, 2, "expected an expression"),
        Malformed(".5", 1, 1, "expected an expression"),
        Malformed("@", 1, 1, "expected an expression"),
        // records
        Malformed("{a: 1, a: 2}", 1, 8, "duplicate field 'a'"),
        Malformed("{\"a\": 1, a: 2}", 1, 10, "duplicate field 'a'"),
        Malformed("{a 1}", 1, 4, "'}' or ','"),
        Malformed("{1: 2}", 1, 2, "field name"),
        Malformed("{a: 1", 1, 1, incomplete: true, "unclosed '{'"),
        Malformed("let r = {a: 1,,}", 1, 15, "field name"),
        Malformed("{\"a\": 1, \"b\"}", 1, 13, "expected ':'"),
        Malformed("{\"\\(k)\": 1}", 1, 2, "cannot be interpolated"),
        // control flow
        Malformed("if x { } else", 1, 14, incomplete: true, "'{'"),
        Malformed("if x {", 1, 6, incomplete: true, "unclosed '{'"),
        Malformed("if x { 1 } else if { 2 }", 1, 20, "needs parentheses"),
        Malformed("if x 1", 1, 6, "'{'"),
        Malformed("for in xs {}", 1, 5, "expected a name"),
        Malformed("for x xs {}", 1, 7, "'in'"),
        Malformed("for x in xs", 1, 12, incomplete: true, "'{'"),
        Malformed("while {}", 1, 7, "needs parentheses"),
        Malformed("while x", 1, 8, incomplete: true, "'{'"),
        Malformed("return return", 1, 8, "expected an expression"),
        Malformed("break 1", 1, 7, "end of statement"),
        // brackets
        Malformed("}", 1, 1, "unmatched '}'"),
        Malformed(")", 1, 1, "unmatched ')'"),
        Malformed("]", 1, 1, "unmatched ']'"),
        Malformed("(]", 1, 2, "expected ')' to close '('"),
        Malformed("f(x]", 1, 4, "expected ')' to close '('"),
        // tokens
        Malformed("\"unterminated", 1, 1, incomplete: true, "unterminated string"),
        Malformed("let s = \"a\nb\"", 1, 9, "line break inside"),
        Malformed("\"\"\"abc\"\"\"", 1, 1, "end of a line"),
        Malformed("\"\"\"\nabc", 1, 1, incomplete: true, "unterminated string"),
        Malformed("\"\\q\"", 1, 2, "unknown escape"),
        Malformed("\"\\u{zz}\"", 1, 2, "unicode escape"),
        Malformed("\"\\u{110000}\"", 1, 2, "unicode escape"),
        Malformed("\"a \\(1 +) b\"", 1, 9, "expected an expression"),
        Malformed("\"a \\() b\"", 1, 1, "empty interpolation"),
        Malformed("\"a \\(x y) b\"", 1, 8, "to end the interpolation"),
        Malformed("\"a \\(1", 1, 1, incomplete: true, "unterminated interpolation"),
        Malformed("'abc'", 1, 1, "double quotes"),
        Malformed("0x", 1, 1, "malformed hexadecimal"),
        Malformed("0xffffffffffffffffff", 1, 1, "too large"),
        Malformed("1e", 1, 1, "exponent"),
        Malformed("1e+", 1, 1, "exponent"),
        Malformed("12abc", 1, 1, "a letter follows"),
        Malformed("1 ** 2", 1, 3, "'^'"),
        Malformed("1 // 2", 1, 3, "floor"),
        Malformed("!x", 1, 1, "'not'"),
        Malformed("a && b", 1, 3, "'and'"),
        Malformed("a || b", 1, 3, "'or'"),
        Malformed("1 | 2", 1, 3, "'|>'"),
        Malformed("x $ y", 1, 3, "unexpected character '$'"),
        Malformed("x = \u{7}", 1, 5, "byte 0x7"),
        Malformed("let π = 3", 1, 5, "unexpected character 'π'"),
        Malformed("x" + String(repeating: "y", count: 1100), 1, 1, "identifier longer"),
        // positions on later lines and after non-ASCII text
        Malformed("let x = 1\nlet = 2", 2, 5, "expected a name"),
        Malformed("fn f() {\n  return return\n}", 2, 10, "expected an expression"),
        Malformed("let a = [1,\n  2,\n  3", 1, 9, incomplete: true, "unclosed '['"),
        Malformed("if x {\n  1\n} else", 3, 7, incomplete: true, "'{'"),
        Malformed("x = 1\n}", 2, 1, "unmatched '}'"),
        Malformed("let s = \"héllo\" $", 1, 17, "unexpected character"),
        Malformed("let s = \"😀\" + \"\\(1 +)\"", 1, 21, "expected an expression"),
        Malformed("for x in \"ééé\"\n {}", 1, 15, "end of line"),
        Malformed("\t\tx y", 1, 5, "end of statement"),
        // nesting limits
        Malformed(String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000), 1, 257, "nested too deeply"),
        Malformed("1" + String(repeating: " + 1", count: 100_000), 1, 1023, "nested too deeply"),
    ]

    func testMalformedInputsAreRejectedAtTheRightPlace() {
        XCTAssertGreaterThanOrEqual(Self.malformed.count, 40)
        for (i, m) in Self.malformed.enumerated() {
            let shown = m.source.count > 60 ? String(m.source.prefix(60)) + "…" : m.source
            guard let d = Syntax.parseError(m.source) else {
                XCTFail("case \(i) was accepted: \(shown)")
                continue
            }
            XCTAssertEqual(d.kind, .syntax, "case \(i): \(shown)")
            XCTAssertEqual(d.location?.line, m.line, "case \(i) line: \(shown) -> \(d.message)")
            XCTAssertEqual(d.location?.column, m.column, "case \(i) column: \(shown) -> \(d.message)")
            XCTAssertEqual(d.isIncomplete, m.incomplete, "case \(i) isIncomplete: \(shown) -> \(d.message)")
            if !m.message.isEmpty {
                XCTAssertTrue(d.message.contains(m.message), "case \(i): \(shown)\n  message: \(d.message)\n  wanted: \(m.message)")
            }
            XCTAssertEqual(d.file?.name, "test.wwn")
            XCTAssertEqual(d.exitCode, 65)
        }
    }

    /// Decided: a trailing comma is allowed in a destructuring binding as everywhere else, so
    /// `let (a,) = xs` unpacks a one-element list.
    func testTrailingCommaInBindingIsAccepted() throws {
        let program = try Syntax.parse("let (a,) = xs\nfor (k, v,) in xs {}")
        let binding = try XCTUnwrap(program.statements.first as? LetStmt).binding
        XCTAssertEqual(binding.names, ["a"])
        XCTAssertTrue(binding.isDestructuring)
        XCTAssertEqual(sstmt(program.statements[1]), "(for (k v) xs {})")
    }

    /// What the REPL relies on: a program cut at any token boundary is either a program or is
    /// reported as incomplete, never as a hard error (which would refuse a continuation line).
    func testPrefixesOfValidProgramsAreIncompleteNotWrong() throws {
        var programs = try Repository.grammarExamples()
        programs.append("""
            fn area(r, scale = 1) {
              let k = r ^ 2 * pi
              return k * scale
            }
            let xs = [1, 2,
                      3]
            let total = xs
              |> map(fn(x) => x * 2)
              |> sum
            let r = {name: "a \\(total)", size: area(2, scale: 3)}
            for (i, x) in pairs(xs) { if x > 1 and not (x in [5]) { print(i) } else if x < 0 { break } }
            """)
        var checked = 0
        for program in programs {
            let tokens = try Syntax.tokens(program)
            let bytes = Array(program.utf8)
            for token in tokens.dropLast() {
                let cut = String(decoding: bytes[0..<(token.offset + token.length)], as: UTF8.self)
                checked += 1
                guard let d = Syntax.parseError(cut) else { continue }
                XCTAssertTrue(d.isIncomplete, "prefix of a valid program reported as an error, not incomplete:\n\(cut)\n\(d)")
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }
}
