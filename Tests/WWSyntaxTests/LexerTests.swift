// The lexer: token kinds, positions (columns count characters, not bytes), which line breaks
// end statements, string literals (escapes, interpolation ranges, multi-line dedent) and numbers.

import WWSyntax
import XCTest

final class LexerTests: XCTestCase {
    // MARK: kinds

    func testSimpleStatement() throws {
        XCTAssertEqual(try Syntax.kinds("let x = 1 + 2.5"), [.kwLet, .identifier, .assign, .number, .plus, .number, .eof])
    }

    func testEveryOperatorAndPunctuation() throws {
        let source = "+ - * / % ^ @ ++ |> => = += -= *= /= == != < <= > >= ..< ... , . : ; ( ) [ ] { }"
        XCTAssertEqual(try Syntax.kinds(source), [
            .plus, .minus, .star, .slash, .percent, .caret, .at, .plusPlus, .pipe, .arrow,
            .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign,
            .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
            .rangeExclusive, .rangeInclusive, .comma, .dot, .colon, .semicolon,
            .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .eof,
        ])
    }

    func testOperatorsWithoutSpaces() throws {
        XCTAssertEqual(try Syntax.kinds("a+=b++c|>d..<e...f<=g"),
                       [.identifier, .plusAssign, .identifier, .plusPlus, .identifier, .pipe, .identifier,
                        .rangeExclusive, .identifier, .rangeInclusive, .identifier, .lessEqual, .identifier, .eof])
        XCTAssertEqual(try Syntax.kinds("1...3"), [.number, .rangeInclusive, .number, .eof])
        XCTAssertEqual(try Syntax.kinds("1..<3"), [.number, .rangeExclusive, .number, .eof])
        XCTAssertEqual(try Syntax.kinds("x.y"), [.identifier, .dot, .identifier, .eof])
        XCTAssertEqual(try Syntax.kinds("1.5.y"), [.number, .dot, .identifier, .eof])
    }

    func testKeywords() throws {
        let expected: [String: TokenKind] = [
            "let": .kwLet, "var": .kwVar, "param": .kwParam, "fn": .kwFn, "return": .kwReturn, "if": .kwIf,
            "else": .kwElse, "for": .kwFor, "in": .kwIn, "while": .kwWhile, "break": .kwBreak,
            "continue": .kwContinue, "import": .kwImport, "as": .kwAs, "and": .kwAnd, "or": .kwOr,
            "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "nil": .kwNil, "try": .kwTry, "catch": .kwCatch,
        ]
        XCTAssertEqual(Set(TokenKind.keywordNames), Set(expected.keys))
        for (word, kind) in expected {
            XCTAssertEqual(try Syntax.kinds(word), [kind, .eof], word)
            // Longer names that start with a keyword are plain names.
            XCTAssertEqual(try Syntax.kinds(word + "_1"), [.identifier, .eof], word)
            XCTAssertEqual(try Syntax.kinds(word + "s"), [.identifier, .eof], word)
        }
        XCTAssertEqual(try Syntax.kinds("Let NIL _ _x x9"), [.identifier, .identifier, .identifier, .identifier, .identifier, .eof])
    }

    // MARK: positions

    func testLinesColumnsAndOffsets() throws {
        let source = "let x = 1\n  y += 22\n"
        let tokens = try Syntax.tokens(source)
        let positions = tokens.map { "\($0.line):\($0.column)@\($0.offset)+\($0.length)" }
        XCTAssertEqual(positions, ["1:1@0+3", "1:5@4+1", "1:7@6+1", "1:9@8+1", "1:10@9+1",
                                   "2:3@12+1", "2:5@14+2", "2:8@17+2", "2:10@19+1", "3:1@20+0"])
        XCTAssertEqual(tokens.map(\.kind), [.kwLet, .identifier, .assign, .number, .newline,
                                            .identifier, .plusAssign, .number, .newline, .eof])
    }

    func testColumnsCountCharactersNotBytes() throws {
        // é is 2 bytes, 😀 is 4, ж is 2; columns count Unicode scalars.
        let source = "\"héllo\" + x\n\"😀😀\" + y # ж\nf(\"жж\", z)"
        let tokens = try Syntax.tokens(source)
        let x = try XCTUnwrap(tokens.first { Syntax.text(of: $0, in: source) == "x" })
        XCTAssertEqual([x.line, x.column, x.offset], [1, 11, 11])
        let y = try XCTUnwrap(tokens.first { Syntax.text(of: $0, in: source) == "y" })
        XCTAssertEqual([y.line, y.column, y.offset], [2, 8, 26])
        let z = try XCTUnwrap(tokens.first { Syntax.text(of: $0, in: source) == "z" })
        XCTAssertEqual([z.line, z.column], [3, 9])
        // The line break after a comment with non-ASCII text is also at its character column.
        let newline = try XCTUnwrap(tokens.first { $0.kind == .newline && $0.line == 2 })
        XCTAssertEqual(newline.column, 13)
    }

    func testColumnsOnAVeryLongLineStayLinear() throws {
        // 200,000 tokens on one line: counting each column from the line start would be quadratic.
        let source = String(repeating: "x, ", count: 200_000)
        let tokens = try Syntax.tokens("[" + source + "]")
        XCTAssertEqual(tokens.count, 400_003)
        XCTAssertEqual(tokens[tokens.count - 2].column, 600_002)
    }

    func testTabsCountAsOneColumn() throws {
        let tokens = try Syntax.tokens("\t\tx")
        XCTAssertEqual(tokens[0].column, 3)
    }

    func testCarriageReturnsAreWhitespace() throws {
        XCTAssertEqual(try Syntax.kinds("let x = 1\r\nx\r\n"), [.kwLet, .identifier, .assign, .number, .newline, .identifier, .newline, .eof])
    }

    // MARK: line breaks

    private func newlineCount(_ source: String) throws -> Int {
        try Syntax.kinds(source).filter { $0 == .newline }.count
    }

    func testLineBreaksEndStatements() throws {
        XCTAssertEqual(try Syntax.kinds("a\nb"), [.identifier, .newline, .identifier, .eof])
        // Blank lines and comment-only lines collapse into one break; leading ones vanish.
        XCTAssertEqual(try Syntax.kinds("\n\n# c\na\n\n\n# comment\n\nb\n"), [.identifier, .newline, .identifier, .newline, .eof])
        XCTAssertEqual(try newlineCount("a # comment\nb"), 1)
    }

    func testLineBreaksInsideParenthesesAndBracketsAreIgnored() throws {
        XCTAssertEqual(try newlineCount("f(\n  a\n  ,\n  b\n)"), 0)
        XCTAssertEqual(try newlineCount("[1\n, 2\n\n, 3\n]"), 0)
        XCTAssertEqual(try newlineCount("(a\n+ b)"), 0)
    }

    func testLineBreaksAfterOperatorsAndCommasAreIgnored() throws {
        for op in ["+", "-", "*", "/", "%", "^", "@", "++", "|>", "=", "+=", "==", "!=", "<", "<=", ">", ">=",
                   "..<", "...", ",", ".", ":", "and", "or", "not", "in", "=>", "else"] {
            XCTAssertEqual(try newlineCount("a \(op)\n  b"), 0, op)
        }
        // A comment after the operator does not change that.
        XCTAssertEqual(try newlineCount("a + # more below\n  b"), 0)
    }

    func testLineBreakBeforePipelineOrMethodLineIsIgnored() throws {
        XCTAssertEqual(try Syntax.kinds("data\n  |> f\n  |> g"),
                       [.identifier, .pipe, .identifier, .pipe, .identifier, .eof])
        XCTAssertEqual(try Syntax.kinds("xs\n  .push(1)"),
                       [.identifier, .dot, .identifier, .leftParen, .number, .rightParen, .eof])
        // Comment-only and blank lines may sit between the steps.
        XCTAssertEqual(try newlineCount("data\n  # keep the good rows\n\n  |> f\n  # and sort\n  .sorted()"), 0)
        // `.5` is not a method: the break stays (and the parser reports the stray dot).
        XCTAssertEqual(try newlineCount("x\n.5"), 1)
        // A `.` ending the input continues the line (the REPL then asks for the name).
        XCTAssertEqual(try newlineCount("x\n  ."), 0)
        XCTAssertEqual(Syntax.parseError("for v in xs\n  .")?.isIncomplete, true)
    }

    func testLineBreaksInsideBlocksEndStatements() throws {
        // After `{` the break is dropped; inside the block each line is a statement.
        XCTAssertEqual(try Syntax.kinds("{\n a\n b\n}"),
                       [.leftBrace, .identifier, .newline, .identifier, .newline, .rightBrace, .eof])
        // A block inside parentheses still has statements (a lambda body in a call).
        XCTAssertEqual(try newlineCount("f(fn() {\n  a\n  b\n})"), 2)
        // Brackets inside the block suppress again.
        XCTAssertEqual(try newlineCount("{\n  g(1,\n    2)\n}"), 1)
    }

    func testBackslashContinuesALine() throws {
        XCTAssertEqual(try Syntax.kinds("a \\\n  b"), [.identifier, .identifier, .eof])
        let tokens = try Syntax.tokens("a \\\n  b")
        XCTAssertEqual([tokens[1].line, tokens[1].column], [2, 3])
    }

    func testLineNumbersOfBreakTokens() throws {
        let tokens = try Syntax.tokens("a\nbb\n")
        let breaks = tokens.filter { $0.kind == .newline }
        XCTAssertEqual(breaks.map(\.line), [1, 2])
        XCTAssertEqual(breaks.map(\.column), [2, 3])
    }

    // MARK: strings

    private func parts(_ source: String) throws -> [StringPart] {
        let tokens = try Syntax.tokens(source)
        XCTAssertEqual(tokens.first?.kind, .string)
        return tokens.first?.parts ?? []
    }

    private func describe(_ parts: [StringPart], in source: String) -> [String] {
        let bytes = Array(source.utf8)
        return parts.map {
            switch $0 {
            case .text(let t): return "text(\(t))"
            case .code(let start, let end, let line, let column):
                return "code(\(String(decoding: bytes[start..<end], as: UTF8.self))@\(line):\(column))"
            }
        }
    }

    func testPlainStringHasOneTextPart() throws {
        XCTAssertEqual(describe(try parts("\"hello world\""), in: ""), ["text(hello world)"])
        XCTAssertEqual(try parts("\"\"").count, 0)
    }

    func testEscapes() throws {
        XCTAssertEqual(describe(try parts(#""a\nb\tc\rd\0e\"f\\g\u{1F600}\u{e9}""#), in: ""),
                       ["text(a\nb\tc\rd\0e\"f\\g😀é)"])
    }

    func testInterpolationCodeRanges() throws {
        let source = #"let s = "a \(x + 1) b \(f("\(y)")) c""#
        let string = try XCTUnwrap(try Syntax.tokens(source).first { $0.kind == .string })
        XCTAssertEqual(describe(string.parts, in: source),
                       ["text(a )", "code(x + 1@1:14)", "text( b )", #"code(f("\(y)")@1:25)"#, "text( c)"])
        XCTAssertEqual([string.line, string.column, string.length], [1, 9, source.utf8.count - 8])
    }

    func testInterpolationColumnAfterNonASCIIText() throws {
        let source = "\"ééé \\(x)\""
        let string = try XCTUnwrap(try Syntax.tokens(source).first)
        XCTAssertEqual(describe(string.parts, in: source), ["text(ééé )", "code(x@1:8)"])
        // The column carries into the interpolated expression's own diagnostics.
        let d = try XCTUnwrap(Syntax.parseError("\"ééé \\(x $)\""))
        XCTAssertEqual(d.location?.column, 10)
    }

    func testInterpolationMaySpanNestedParentheses() throws {
        let source = #""\(max((1), (2)))!""#
        XCTAssertEqual(describe(try parts(source), in: source), ["code(max((1), (2))@1:4)", "text(!)"])
    }

    func testTripleQuotedStringsAreDedentedByTheClosingLine() throws {
        let source = "let s = \"\"\"\n    first\n      indented\n\n    last\n    \"\"\"\nx"
        let tokens = try Syntax.tokens(source)
        let string = try XCTUnwrap(tokens.first { $0.kind == .string })
        XCTAssertEqual(describe(string.parts, in: source), ["text(first\n  indented\n\nlast)"])
        // Lines inside the string are counted: `x` is on line 7.
        XCTAssertEqual(tokens.first { Syntax.text(of: $0, in: source) == "x" }?.line, 7)
    }

    func testTripleQuotedStringWithInterpolationAndQuotes() throws {
        let source = "\"\"\"\n  a \"quoted\" \\(n)\n  b \"\"\n  \"\"\""
        XCTAssertEqual(describe(try parts(source), in: source), ["text(a \"quoted\" )", "code(n@2:16)", "text(\nb \"\")"])
    }

    func testTripleQuotedStringClosedAtColumnOneKeepsIndentation() throws {
        let source = "\"\"\"\n  a\n\"\"\""
        XCTAssertEqual(describe(try parts(source), in: source), ["text(  a)"])
    }

    // MARK: numbers

    private func number(_ source: String) throws -> Double {
        let tokens = try Syntax.tokens(source)
        XCTAssertEqual(tokens.map(\.kind), [.number, .eof], source)
        XCTAssertEqual(tokens[0].length, source.utf8.count, source)
        return tokens[0].number
    }

    func testNumberForms() throws {
        XCTAssertEqual(try number("0"), 0)
        XCTAssertEqual(try number("42"), 42)
        XCTAssertEqual(try number("1_000_000"), 1_000_000)
        XCTAssertEqual(try number("3.25"), 3.25)
        XCTAssertEqual(try number("2.5e-3"), 0.0025)
        XCTAssertEqual(try number("1E10"), 1e10)
        XCTAssertEqual(try number("1e+2"), 100)
        XCTAssertEqual(try number("1_0.0_1"), 10.01)
        XCTAssertEqual(try number("0xff"), 255)
        XCTAssertEqual(try number("0XFF"), 255)
        XCTAssertEqual(try number("0xdead_beef"), 0xdead_beef)
        XCTAssertEqual(try number("0xffffffffffffffff"), Double(UInt64.max))
        XCTAssertEqual(try number("007"), 7)
    }

    func testHugeNumbersBecomeInfinityOrRoundNotErrors() throws {
        XCTAssertEqual(try number("1e400"), .infinity)
        XCTAssertEqual(try number(String(repeating: "9", count: 400)), .infinity)
        XCTAssertEqual(try number("1e-400"), 0)
        XCTAssertEqual(try number("12345678901234567890123"), Double("12345678901234567890123"))
    }

    func testNegativeNumbersAreAnOperatorAndANumber() throws {
        XCTAssertEqual(try Syntax.kinds("-1"), [.minus, .number, .eof])
        XCTAssertEqual(try Syntax.kinds("1-1"), [.number, .minus, .number, .eof])
    }

    func testNumberFollowedByDotIsAFieldAccessOrRange() throws {
        XCTAssertEqual(try Syntax.kinds("1.x"), [.number, .dot, .identifier, .eof])
        XCTAssertEqual(try Syntax.kinds("0..<1"), [.number, .rangeExclusive, .number, .eof])
    }

    // MARK: comments

    func testCommentsAndNotebookMarkers() throws {
        XCTAssertEqual(try Syntax.kinds("#%% cell\nx #=> 1\n#!error boom\n# \"not a string"), [.identifier, .newline, .eof])
        XCTAssertEqual(try Syntax.kinds("\"a # not a comment\""), [.string, .eof])
    }
}
