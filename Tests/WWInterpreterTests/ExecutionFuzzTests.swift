// Seeded, deterministic fuzzing of the whole pipeline (parse, resolve, compile, run) with random
// loop-free programs over small values: every program must finish with a value or a
// `Diagnostic`, never crash. Programs have no `while`, no recursion and only small literal
// ranges, so each one ends quickly; names of built-ins are those whose cost is bounded by their
// arguments. The front-end fuzzing (mutations, pathological inputs) is in WWSyntaxTests.

import Foundation
import WWInterpreter
import WWSyntax
import XCTest

final class ExecutionFuzzTests: XCTestCase {
    /// SplitMix64: tiny, deterministic on every platform, so a failure replays from its seed.
    struct Generator {
        private var state: UInt64
        /// Globals declared by the programs so far, and whether each is a `var`.
        var names: [(name: String, mutable: Bool)] = []
        var counter = 0
        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

        static let builtins = ["len", "str", "repr", "type", "copy", "number", "fmt", "reversed", "unique", "flatten",
                               "keys", "values", "pairs", "has", "get", "lower", "upper", "trim", "split", "join",
                               "replace", "starts_with", "ends_with", "round", "abs", "floor", "sqrt", "min", "max",
                               "sum", "mean", "index_of", "enumerate", "zip", "any", "all", "sort", "list", "pad",
                               "is_nan", "log", "push", "pop", "insert", "remove"]
        /// The ones that are also plain functions (the others are only methods: `xs.push(1)`).
        static let functions = ["len", "str", "repr", "type", "copy", "number", "fmt", "round", "abs", "floor", "sqrt",
                                "min", "max", "sum", "mean", "list", "keys", "values", "pairs", "sort", "reversed",
                                "unique", "flatten", "enumerate", "zip", "any", "all", "is_nan", "log", "index_of", "has", "get"]

        mutating func expression(_ fuel: Int) -> String {
            let f = fuel - 1
            switch below(fuel > 0 ? 20 : 6) {
            case 0: return pick(["0", "1", "2", "3", "-1", "0.5", "2.5", "1e300", "-0", "nan", "inf", "-inf"])
            case 1: return pick(["\"\"", "\"a\"", "\"ab c\"", "\"é😀\"", "\"1.5\"", "\"x\\ny\""])
            case 2: return pick(["true", "false", "nil"])
            case 3: return pick(["(0..<3)", "(1...4)", "range(0, 6, 2)", "(3..<0)", "(0..<0.5)"])
            case 4, 5: return names.isEmpty ? "nil" : pick(names).name
            case 6: return "[" + (0..<below(4)).map { _ in expression(f) }.joined(separator: ", ") + "]"
            case 7: return "{" + (0..<below(4)).map { "k\($0): \(expression(f))" }.joined(separator: ", ") + "}"
            case 8, 9:
                let op = pick(["+", "-", "*", "/", "%", "^", "++", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or", "@"])
                return "(\(expression(f)) \(op) \(expression(f)))"
            case 10: return "(\(pick(["-", "not ", "+"]))\(expression(f)))"
            case 11: return "\(expression(f))[\(expression(f))]"
            case 12: return "\(expression(f))[\(pick(["", "0", "1", "-1", "5"])):\(pick(["", "0", "2", "-1", "9"]))]"
            case 13: return "\(expression(f)).\(pick(["k0", "k1", "nrows", "x"]))"
            case 14, 15:
                let arguments = (0..<(1 + below(3))).map { _ in expression(f) }.joined(separator: ", ")
                return below(2) == 0 ? "\(pick(Self.functions))(\(arguments))" : "\(expression(f)).\(pick(Self.builtins))(\(arguments))"
            case 16: return "if (\(expression(f))) { \(expression(f)) } else { \(expression(f)) }"
            case 17: return "\"<\\(\(expression(f)))>\""
            case 18: return "\(pick(["map", "filter", "any", "all"]))(\(expression(f)), fn(x) => \(expression(f).replacingOccurrences(of: "nil", with: "x")))"
            default: return "(\(expression(f)) |> \(pick(["str", "len", "type", "copy"])))"
            }
        }

        mutating func program(statements: Int) -> String {
            var lines: [String] = []
            for _ in 0..<statements {
                switch below(6) {
                case 0, 1:
                    counter += 1
                    let name = "v\(counter)"
                    let mutable = below(2) == 0
                    lines.append("\(mutable ? "var" : "let") \(name) = \(expression(3))")
                    names.append((name, mutable))
                case 2: lines.append("print(\(expression(3)))")
                case 3 where names.contains(where: \.mutable):
                    let target = pick(names.filter(\.mutable)).name
                    lines.append("\(target)\(pick(["[0]", ".k0", ""])) \(pick(["=", "+=", "*="])) \(expression(2))")
                case 4: lines.append("for x in \(pick(["[1, 2]", "0..<3", "\"ab\"", "({a: 1})"])) { print(\(expression(2))) }")
                default: lines.append(expression(3))
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    func testRandomProgramsRunToAValueOrADiagnostic() {
        let count = 4000
        let summary: String = runWithLargeStack {
            let output = CapturedOutput()
            let interpreter = Interpreter(registry: .sharedCore, output: output)
            interpreter.allowsRedeclaration = true
            var generator = Generator(seed: 0xE7EC_0001)
            var finished = 0, failed = 0
            var kinds: [Diagnostic.Kind: Int] = [:]
            for i in 0..<count {
                let known = generator.names
                let program = generator.program(statements: 1 + i % 4)
                output.reset()
                do {
                    try interpreter.run(program, name: "fuzz\(i).wwn")
                    finished += 1
                } catch let d as Diagnostic {
                    failed += 1
                    kinds[d.kind, default: 0] += 1
                    // Names of a program that did not compile were never declared.
                    if d.kind != .runtime { generator.names = known }
                    if d.kind == .runtime || d.kind == .resolution {
                        XCTAssertNotNil(d.location, "program \(i): \(d.message)\n\(program)")
                        _ = d.rendered()
                    }
                    if d.kind == .syntax { XCTFail("program \(i) does not parse:\n\(program)\n\(d)") }
                } catch {
                    XCTFail("program \(i) threw \(error):\n\(program)")
                }
            }
            return "finished \(finished), stopped by a diagnostic \(failed) \(kinds)"
        }
        print("execution fuzz:", summary)
        // Both outcomes must be common, or the generator is not exercising the interpreter.
        XCTAssertTrue(summary.hasPrefix("finished "), summary)
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        XCTAssertGreaterThan(numbers[0], count / 20, summary)
        XCTAssertGreaterThan(numbers[1], count / 10, summary)
    }
}
