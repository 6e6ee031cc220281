// The interpreter's fast paths (small calls, method caches, chained blocks, `x += n` on locals,
// positional built-in calls) must behave exactly like the general paths they shortcut.

import Foundation
import WWInterpreter
import WWSyntax
import XCTest

final class FastPathTests: XCTestCase {
    private func output(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        runWithLargeStack {
            let out = CapturedOutput()
            do {
                try Interpreter(registry: .sharedCore, output: out).run(source, name: "fast.wwn")
                return out.text
            } catch {
                return out.text + "error: \((error as? Diagnostic)?.message ?? "\(error)")\n"
            }
        }
    }

    func testSmallCallsWithEveryArity() {
        XCTAssertEqual(output("""
            fn zero() => 0
            fn one(a) => a
            fn two(a, b) => a - b
            fn three(a, b, c) => a + b + c
            print(zero(), one(1), two(5, 2), three(1, 2, 3))
            fn d(a, b = a * 2) => [a, b]
            print(d(1), d(1, 5))
            print(len([1, 2]), max(1, 7), str(1) ++ "!")
            """), "0 1 3 6\n[1, 2] [1, 5]\n2 7 1!\n")
    }

    func testWrongArityAndNonFunctionsStillFail() {
        XCTAssertEqual(output("fn one(a) => a\none(1, 2)"), "error: one(a) takes 1 argument but 2 were given\n")
        XCTAssertEqual(output("fn two(a, b) => a\ntwo(1)"), "error: missing argument 'b' in call to two(a, b)\n")
        XCTAssertEqual(output("let x = 3\nx(1)").hasPrefix("error: cannot call"), true)
        XCTAssertEqual(output("fn z() => 1\nz(1)"), "error: z() takes 0 arguments but 1 were given\n")
    }

    func testArgumentsAreEvaluatedAfterTheCallee() {
        XCTAssertEqual(output("""
            var log = []
            fn pick() { log.push("callee"); fn(a, b) => a + b }
            fn arg(x) { log.push(x); x }
            print(pick()(arg(1), arg(2)), log)
            """), "3 [\"callee\", 1, 2]\n")
    }

    func testMethodCacheFollowsTheReceiverKind() {
        XCTAssertEqual(output("""
            let r = {reversed: fn() => "field"}
            for x in [[1, 2], "abc", r, [7], "z", r, 0..<2] { print(x.reversed()) }
            """), "[2, 1]\n[\"c\", \"b\", \"a\"]\nfield\n[7]\n[\"z\"]\nfield\n[1, 0]\n")
        XCTAssertEqual(output("for x in [[1], 5] { print(x.push(2)) }").hasSuffix("error: number has no method 'push'\n"), true)
    }

    func testVariadicAndKeywordBuiltins() {
        XCTAssertEqual(output("print()\nprint(1)\nprint(1, \"a\", [2])\nprint(round(2.456, digits: 1), round(2.456, 2))"),
                       "\n1\n1 a [2]\n2.5 2.46\n")
    }

    func testBlocksOfEveryLengthKeepTheirValueAndFlow() {
        for n in 1...12 {
            let body = (1...n).map { "  t += \($0)" }.joined(separator: "\n")
            XCTAssertEqual(output("fn f() {\n  var t = 0\n\(body)\n  t\n}\nf()"), "\(n * (n + 1) / 2)\n", "\(n) statements")
            // A block ending with a statement (not an expression) has no value.
            XCTAssertEqual(output("fn g() {\n  var t = 0\n\(body)\n}\nprint(g())"), "nil\n", "\(n) statements")
        }
        XCTAssertEqual(output("""
            var out = []
            for i in 0..<6 {
              if i == 1 { continue }
              out.push(i)
              if i == 4 { break }
              out.push(i * 10)
            }
            out
            """), "[0, 0, 2, 20, 3, 30, 4]\n")
        XCTAssertEqual(output("fn f(x) {\n  if x { return 1 }\n  2\n}\nprint(f(true), f(false))"), "1 2\n")
    }

    func testCompoundAssignmentOnLocals() {
        XCTAssertEqual(output("""
            fn g() {
              var x = 1
              fn bump() { x = 10; 1 }
              x += bump()
              var s = "a"
              s += "b"
              var y = 5
              y -= 2
              y *= 3
              [x, s, y]
            }
            g()
            """), "[2, \"ab\", 9]\n")
        XCTAssertEqual(output("fn h() { var s = \"a\"; s -= 1 }\nh()"), "error: cannot apply '-' to string and number\n")
    }
}
