// Seeded, deterministic fuzzing of the front end. Every input must either parse (and then
// resolve or fail to resolve) or be rejected with a `Diagnostic` that points inside the file —
// never crash, never hang, never overflow the stack. Inputs: mutations of the grammar examples and
// the case corpora (tokens and bytes inserted, deleted, duplicated, swapped), token soup,
// random bytes (invalid UTF-8 decoded lossily), pathological nesting and sizes, and random
// programs generated from the grammar, which must be accepted.
//
// A failure names the generator and its seed; `replay(seed:)` in a scratch test reproduces it.

import Foundation
import WWSyntax
import XCTest

final class FuzzTests: XCTestCase {
    enum Outcome { case resolved, resolutionError, syntaxError }

    struct Tally {
        var resolved = 0, resolutionErrors = 0, syntaxErrors = 0
        var total: Int { resolved + resolutionErrors + syntaxErrors }
        mutating func add(_ outcome: Outcome) {
            switch outcome {
            case .resolved: resolved += 1
            case .resolutionError: resolutionErrors += 1
            case .syntaxError: syntaxErrors += 1
            }
        }
    }

    /// Longest a single input may take (debug build). Everything here is linear in the input, so a
    /// slow input means something went quadratic.
    static let slowInput: TimeInterval = 2

    /// Parses and resolves `source`; checks that any diagnostic is well-formed.
    @discardableResult
    static func check(_ source: String, _ label: @autoclosure () -> String,
                      file: StaticString = #filePath, line: UInt = #line) -> Outcome {
        let start = Date()
        defer {
            let elapsed = Date().timeIntervalSince(start)
            if elapsed > slowInput { XCTFail("\(label()) took \(elapsed) s (\(source.utf8.count) bytes)", file: file, line: line) }
        }
        let sourceFile = SourceFile(name: "fuzz.wwn", text: source)
        let program: Program
        do {
            program = try Parser.parse(sourceFile)
        } catch let d as Diagnostic {
            validate(d, kind: .syntax, in: sourceFile, label(), file: file, line: line)
            return .syntaxError
        } catch {
            XCTFail("\(label()): parser threw \(error)", file: file, line: line)
            return .syntaxError
        }
        var resolver = Resolver(file: sourceFile, environment: TestNames(), allowsRedeclaration: false)
        do {
            try resolver.resolve(program)
            return .resolved
        } catch let d as Diagnostic {
            validate(d, kind: .resolution, in: sourceFile, label(), file: file, line: line)
            return .resolutionError
        } catch {
            XCTFail("\(label()): resolver threw \(error)", file: file, line: line)
            return .resolutionError
        }
    }

    static func validate(_ d: Diagnostic, kind: Diagnostic.Kind, in source: SourceFile, _ label: String,
                         file: StaticString, line: UInt) {
        func fail(_ why: String) {
            XCTFail("\(label): \(why)\n\(d.message)\nsource prefix: \(String(source.text.prefix(300)).debugDescription)",
                    file: file, line: line)
        }
        guard d.kind == kind else { return fail("diagnostic of kind \(d.kind), expected \(kind)") }
        guard !d.message.isEmpty else { return fail("empty message") }
        guard d.file === source else { return fail("diagnostic without its file") }
        guard let location = d.location else { return fail("diagnostic without a location") }
        guard location.line >= 1, location.line <= source.lineCount else {
            return fail("line \(location.line) outside 1...\(source.lineCount)")
        }
        guard location.offset >= 0, location.offset <= source.text.utf8.count else { return fail("offset \(location.offset) outside the file") }
        let text = source.line(location.line) ?? ""
        guard location.column >= 1, location.column <= text.unicodeScalars.count + 2 else {
            return fail("column \(location.column) outside line \(location.line) of \(text.unicodeScalars.count) characters")
        }
        if d.isIncomplete, kind != .syntax { return fail("a resolution error marked incomplete") }
        let rendered = d.rendered()
        if !rendered.contains("fuzz.wwn:\(location.line):\(location.column)") { fail("rendering lacks the position") }
    }

    // MARK: seeds and vocabulary

    static let handwritten = [
        "fn f(a, b = 2) {\n  let (x, y) = [a, b]\n  var s = 0\n  for i in 0..<x { s += i * y }\n  return s\n}\nprint(f(3))",
        "let r = {name: \"run \\(1 + 2)\", xs: [1, 2.5e3, 0xff], ok: true}\nr.xs[0] = r.name ++ \"!\"\nr",
        "var i = 0\nwhile i < 10 {\n  i += 1\n  if i % 2 == 0 { continue } else if i > 7 { break }\n}\n",
        "let s = \"\"\"\n  a \\(x)\n  b\n  \"\"\"\nlet t = data\n  |> filter(fn(r) => r.acc > 0.9)\n  |> sort(\"acc\")\n",
        "import \"lib/h.wwn\" as h\nparam n = 3\nlet big = if n > 10 { \"big\" } else { \"small\" }\nnot (n in [1, 2]) or n not in 0...3",
    ]

    static let vocabulary: [String] = {
        var words = TokenKind.keywordNames
        words += ["+", "-", "*", "/", "%", "^", "@", "++", "|>", "=>", "=", "+=", "-=", "*=", "/=", "==", "!=",
                  "<", "<=", ">", ">=", "..<", "...", ",", ".", ":", ";", "(", ")", "[", "]", "{", "}",
                  "(", ")", "{", "}", "\n", "\n", "\n", "x", "xs", "f", "print", "len", "r", "_a1",
                  "0", "1", "2.5", "1e309", "0xff", "1_000", "\"s\"", "\"a \\(x) b\"", "\"\\(\"\\(1)\")\"",
                  "\"\"\"\nq\n\"\"\"", "# c\n", "\\\n", "é", "\u{0}", "'", "!", "|", "&", "\"", "\"\\(", "\\", "$", "😀"]
        return words
    }()

    static func corpus() -> [(name: String, text: String)] {
        var seeds = (try? Repository.grammarExamples().enumerated().map { ("example \($0.offset)", $0.element) }) ?? []
        seeds += handwritten.enumerated().map { ("handwritten \($0.offset)", $0.element) }
        for url in Repository.corpusFiles() {
            if let text = try? String(contentsOf: url, encoding: .utf8), text.utf8.count < 20_000 {
                seeds.append((url.lastPathComponent, text))
            }
        }
        return seeds
    }

    /// The source split into token texts and the text between them (spaces, comments), so
    /// mutations keep the layout of what they do not touch. Nil if the source does not lex.
    static func pieces(_ source: String) -> [String]? {
        var lexer = Lexer(file: SourceFile(name: "seed", text: source))
        let bytes = Array(source.utf8)
        var pieces: [String] = []
        var last = 0
        while let token = try? lexer.next() {
            if token.kind == .eof { break }
            let start = min(token.offset, bytes.count), end = min(token.offset + token.length, bytes.count)
            if start > last { pieces.append(String(decoding: bytes[last..<start], as: UTF8.self)) }
            pieces.append(String(decoding: bytes[start..<end], as: UTF8.self))
            last = max(last, end)
            if pieces.count > 100_000 { return nil }
        }
        if last < bytes.count { pieces.append(String(decoding: bytes[last...], as: UTF8.self)) }
        return pieces.isEmpty ? nil : pieces
    }

    static func mutateTokens(_ pieces: [String], _ rng: inout SplitMix64) -> String {
        var p = pieces
        for _ in 0..<(1 + rng.below(4)) {
            let i = rng.below(p.count + 1)
            switch rng.below(6) {
            case 0 where !p.isEmpty: p.remove(at: min(i, p.count - 1))
            case 1 where !p.isEmpty: let j = min(i, p.count - 1); p.insert(p[j], at: j)
            case 2: p.insert(" " + rng.pick(vocabulary) + " ", at: i)
            case 3 where !p.isEmpty: p[min(i, p.count - 1)] = rng.pick(vocabulary)
            case 4 where p.count > 1:
                let j = min(i, p.count - 2)
                p.swapAt(j, j + 1)
            default: p.insert(rng.pick(["(", ")", "[", "]", "{", "}", "\"", "\n"]), at: i)
            }
        }
        return p.joined()
    }

    static func mutateBytes(_ source: String, _ rng: inout SplitMix64) -> String {
        var b = Array(source.utf8)
        for _ in 0..<(1 + rng.below(4)) {
            let i = rng.below(b.count + 1)
            switch rng.below(4) {
            case 0 where !b.isEmpty: b.remove(at: min(i, b.count - 1))
            case 1 where !b.isEmpty: b[min(i, b.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
            case 2 where !b.isEmpty:
                let j = min(i, b.count - 1), n = min(1 + rng.below(16), b.count - j)
                b.insert(contentsOf: b[j..<(j + n)], at: j)
            default: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
            }
        }
        return String(decoding: b, as: UTF8.self)
    }

    // MARK: tests

    func testMutatedCorpusNeverCrashes() throws {
        let seeds = Self.corpus()
        XCTAssertGreaterThanOrEqual(seeds.count, 30)
        var rng = SplitMix64(seed: 0x5EED_0001)
        var tally = Tally()
        let mutationsPerSeed = max(8, 12_000 / seeds.count)
        for (name, text) in seeds {
            Self.check(text, "seed \(name)")
            let split = Self.pieces(text)
            for m in 0..<mutationsPerSeed {
                let before = rng
                let mutated = split.map { m % 2 == 0 ? Self.mutateTokens($0, &rng) : Self.mutateBytes(text, &rng) }
                    ?? Self.mutateBytes(text, &rng)
                tally.add(Self.check(mutated, "mutation \(m) of \(name) (rng \(before))"))
            }
        }
        // Mutations must exercise every outcome, or the fuzzer is not reaching the resolver.
        XCTAssertGreaterThan(tally.syntaxErrors, tally.total / 10)
        XCTAssertGreaterThan(tally.resolved, tally.total / 20)
        XCTAssertGreaterThan(tally.resolutionErrors, 0)
    }

    func testTokenSoupNeverCrashes() {
        var rng = SplitMix64(seed: 0x5EED_0002)
        for i in 0..<10_000 {
            var words: [String] = []
            for _ in 0..<(1 + rng.below(40)) { words.append(rng.pick(Self.vocabulary)) }
            let separator = rng.chance(50) ? " " : ""
            Self.check(words.joined(separator: separator), "token soup \(i)")
        }
    }

    func testRandomBytesNeverCrash() {
        var rng = SplitMix64(seed: 0x5EED_0003)
        let interesting: [UInt8] = Array("()[]{}\"\\#\n.:,;+-*/^=<>|&!'0123456789xe_ ".utf8) + [0, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
        for i in 0..<10_000 {
            let count = rng.below(200)
            var bytes: [UInt8] = []
            for _ in 0..<count {
                bytes.append(rng.chance(70) ? rng.pick(interesting) : UInt8(truncatingIfNeeded: rng.next()))
            }
            Self.check(String(decoding: bytes, as: UTF8.self), "random bytes \(i)")
        }
    }

    func testPathologicalInputs() {
        let n = 10_000, long = 100_000
        func rep(_ s: String, _ count: Int) -> String { String(repeating: s, count: count) }
        let cases: [(String, String)] = [
            ("open parens", rep("(", n)),
            ("balanced parens", rep("(", n) + "1" + rep(")", n)),
            ("open brackets", rep("[", n)),
            ("balanced brackets", rep("[", n) + rep("]", n)),
            ("open braces", rep("{", n)),
            ("nested records", rep("{a: ", n) + "1" + rep("}", n)),
            ("mixed brackets", rep("[(", n / 2) + rep(")]", n / 2)),
            ("mismatched brackets", rep("(", n) + rep("]", n)),
            ("closing brackets", rep(")", n)),
            ("nested calls", rep("f(", n) + rep(")", n)),
            ("nested lambdas", rep("fn() => ", n) + "1"),
            ("nested function blocks", rep("fn() {", n) + rep("}", n)),
            ("nested ifs", rep("if x {", n) + rep("}", n)),
            ("nested whiles", rep("while x {\n", n) + rep("}\n", n)),
            ("nested lets in blocks", rep("if true { let a = 1\n", n) + rep("}", n)),
            ("unary minus chain", rep("-", long) + "1"),
            ("unary plus chain", rep("+", long) + "1"),
            ("not chain", rep("not ", long) + "x"),
            ("addition chain", "1" + rep("+1", long)),
            ("mixed chain", "1" + rep("+2*3-4/5", long / 4)),
            ("concat chain", "\"a\"" + rep(" ++ \"a\"", long)),
            ("and chain", "x" + rep(" and x", long)),
            ("pipeline chain", "x" + rep(" |> f", long)),
            ("power chain", rep("2^", long) + "2"),
            ("field chain", "x" + rep(".a", long)),
            ("index chain", "x" + rep("[0]", long)),
            ("call chain", "f" + rep("()", long)),
            ("method chain", "x" + rep(".m()", long)),
            ("newline pipeline chain", "x" + rep("\n  |> f", long)),
            ("comparison chain", "1" + rep(" < 1", long)),
            ("range chain", "1" + rep("..<1", long)),
            ("assignment chain", "x" + rep(" = x", long)),
            ("else-if chain", "let x = 1\nif x {}" + rep(" else if x {}", long) + " else {}"),
            ("many statements", rep("1\n", long)),
            ("many semicolons", rep(";", long)),
            ("many declarations", (0..<20_000).map { "let v\($0) = \($0)" }.joined(separator: "\n")),
            ("long list literal", "[" + rep("1, ", long) + "]"),
            ("long record literal", "{" + (0..<20_000).map { "k\($0): \($0)" }.joined(separator: ", ") + "}"),
            ("many arguments", "f(" + rep("1, ", 300) + ")"),
            ("many parameters", "fn f(" + (0..<300).map { "p\($0)" }.joined(separator: ", ") + ") {}"),
            ("huge integer", rep("9", long)),
            ("huge fraction", "1." + rep("0", long) + "1"),
            ("huge exponent", "1e" + rep("9", 1000)),
            ("tiny exponent", "1e-" + rep("9", 1000)),
            ("huge hex", "0x" + rep("f", 1000)),
            ("underscore number", "1" + rep("_", long)),
            ("giant string", "\"" + rep("a", 1_000_000) + "\""),
            ("giant unterminated string", "\"" + rep("a", 1_000_000)),
            ("giant multi-line string", "\"\"\"\n" + rep("  line\n", long) + "  \"\"\""),
            ("many escapes", "\"" + rep("\\n\\t\\u{1F600}", long / 3) + "\""),
            ("many interpolations", "\"" + rep("\\(x)", long / 5) + "\""),
            ("deep interpolation", rep("\"\\(", 2000) + "1" + rep(")\"", 2000)),
            ("open interpolations", rep("\"\\(", n)),
            ("giant comment", "#" + rep("x", 1_000_000)),
            ("giant identifier", rep("x", 100_000)),
            ("identifier at the limit", rep("x", SyntaxLimits.maxIdentifierLength)),
            ("long line of names", rep("x ", long)),
            ("blank lines", rep("\n", long) + "x"),
            ("carriage returns", rep("\r", long) + "x"),
            ("line continuations", "1" + rep(" \\\n+ 1", 200)),
            ("non-ASCII soup", rep("é😀ж ", n)),
            ("NUL bytes", rep("\u{0}", n)),
            ("byte order mark", "\u{FEFF}let x = 1"),
            ("replacement characters", String(decoding: [UInt8](repeating: 0xFF, count: n), as: UTF8.self)),
        ]
        for (name, source) in cases { Self.check(source, name) }
    }

    /// Regression: a nested string inside an interpolation may hold interpolations of its own;
    /// the scan for the interpolation's `)` used to stop at the first `"` inside it.
    func testNestedInterpolationsInNestedStrings() throws {
        var source = "1"
        for _ in 0..<6 { source = "str(\"x\\(" + source + ")\")" }
        XCTAssertNoThrow(try Syntax.resolve("print(\(source))"))
        XCTAssertNoThrow(try Syntax.resolve("print(\"a\\(len(\"b\\(str(\"c\\(1)\"))\"))\")"))
        let tree = try Syntax.tree("\"<\\(\"(\\(\")\")\")>\"")
        XCTAssertEqual(tree, "\"<\\(\"(\\(\")\")\")>\"")
    }

    // MARK: generated valid programs

    /// Writes random programs that are valid by construction (names declared before use, `break`
    /// only in loops, records parenthesised in `if`/`while`/`for` heads), so the parser and
    /// resolver must accept every one; mutated copies of them must fail cleanly.
    struct ProgramGenerator {
        var rng: SplitMix64
        var out = ""
        var scopes: [[(name: String, mutable: Bool)]] = [[]]
        var counter = 0
        var loopDepth = 0
        var functionDepth = 0
        var indent = 0
        /// Inside an interpolation `\( )`, where a line break would end the string.
        var inline = 0

        init(seed: UInt64) { rng = SplitMix64(seed: seed) }

        mutating func fresh() -> String {
            counter += 1
            return "v\(counter)"
        }

        var visible: [(name: String, mutable: Bool)] { scopes.flatMap { $0 } }

        mutating func name() -> String {
            let names = visible
            if names.isEmpty || rng.chance(15) { return rng.pick(["print", "len", "map", "sum", "str", "pi", "range"]) }
            return rng.pick(names).name
        }

        // expression levels: 0 pipeline, 1 or, 2 and, 3 not, 4 comparison, 5 range, 6 concat,
        // 7 additive, 8 term, 9 unary, 10 power, 11 postfix, 12 primary
        mutating func expression(_ level: Int = 0, fuel: Int, head: Bool = false) -> String {
            if fuel <= 0 || level >= 12 || rng.chance(83) {
                return level >= 12 || fuel <= 0 ? primary(fuel: fuel, head: head) : expression(level + 1, fuel: fuel, head: head)
            }
            let f = fuel - 1
            let breakLine = rng.chance(10) && inline == 0 ? "\n" + String(repeating: " ", count: indent + 4) : " "
            switch level {
            case 0:
                let stage = rng.chance(50) ? name() : "\(name())(\(expression(fuel: f / 2, head: head)))"
                return "\(expression(1, fuel: f, head: head))\(rng.chance(20) && inline == 0 ? "\n  " : " ")|> \(stage)"
            case 1: return "\(expression(1, fuel: f, head: head)) or\(breakLine)\(expression(2, fuel: f, head: head))"
            case 2: return "\(expression(2, fuel: f, head: head)) and \(expression(3, fuel: f, head: head))"
            case 3: return "not \(expression(3, fuel: f, head: head))"
            case 4:
                let op = rng.pick(["==", "!=", "<", "<=", ">", ">=", "in", "not in"])
                return "\(expression(5, fuel: f, head: head)) \(op) \(expression(5, fuel: f, head: head))"
            case 5:
                return "\(expression(6, fuel: f, head: head))\(rng.pick(["..<", "...", " ..< "]))\(expression(6, fuel: f, head: head))"
            case 6: return "\(expression(6, fuel: f, head: head)) ++ \(expression(7, fuel: f, head: head))"
            case 7: return "\(expression(7, fuel: f, head: head)) \(rng.pick(["+", "-"]))\(breakLine)\(expression(8, fuel: f, head: head))"
            case 8: return "\(expression(8, fuel: f, head: head)) \(rng.pick(["*", "/", "%", "@"])) \(expression(9, fuel: f, head: head))"
            case 9:
                // `+` before `+x` would lex as `++`.
                let operand = expression(9, fuel: f, head: head)
                let op = rng.pick(["-", "+"])
                return operand.hasPrefix("+") || operand.hasPrefix("-") || rng.chance(30) ? op + " " + operand : op + operand
            case 10: return "\(expression(11, fuel: f, head: head)) ^ \(expression(9, fuel: f, head: head))"
            default:
                let base = expression(11, fuel: f, head: head)
                switch rng.below(6) {
                case 0: return "\(base)(\(arguments(fuel: f)))"
                case 1: return "\(base)[\(expression(fuel: f))]"
                case 2: return "\(base)[\(rng.chance(50) ? expression(fuel: f) : ""):\(rng.chance(50) ? expression(fuel: f) : "")]"
                case 3: return "\(base).\(rng.pick(["x", "level", "push", "name"]))"
                case 4: return "\(base).\(rng.pick(["push", "sort", "map"]))(\(arguments(fuel: f)))"
                default: return "\(base)\(rng.chance(30) && inline == 0 ? "\n  " : "").filter(\(expression(fuel: f)))"
                }
            }
        }

        mutating func arguments(fuel: Int) -> String {
            var parts: [String] = []
            for _ in 0..<rng.below(4) { parts.append(expression(fuel: fuel)) }
            for label in ["key", "seed"] where rng.chance(20) { parts.append("\(label): \(expression(fuel: fuel))") }
            return parts.joined(separator: rng.chance(20) && inline == 0 ? ",\n    " : ", ") + (rng.chance(10) && !parts.isEmpty ? "," : "")
        }

        mutating func primary(fuel: Int, head: Bool) -> String {
            let f = fuel - 1
            switch rng.below(fuel > 0 ? 16 : 7) {
            case 0: return rng.pick(["0", "1", "2.5", "1e-3", "0xff", "1_000", "1e308", "0.5"])
            case 1: return rng.pick(["true", "false", "nil"])
            case 2: return "\"" + rng.pick(["", "text", "a b", "\\n\\t\\\"", "é😀", "\\u{41}"]) + "\""
            case 3, 4, 5, 6: return name()
            case 7: return "(\(expression(fuel: f)))"
            case 8: return "[" + (0..<rng.below(4)).map { _ in expression(fuel: f) }.joined(separator: ", ") + "]"
            case 9:
                let record = "{" + (0..<rng.below(4)).map { i in
                    rng.chance(20) ? "\"key \(i)\": \(expression(fuel: f))" : "f\(i): \(expression(fuel: f))"
                }.joined(separator: ", ") + "}"
                return head ? "(\(record))" : record
            case 10:
                inline += 1
                defer { inline -= 1 }
                return "\"a \\(\(expression(fuel: min(f, 3)))) b\""
            case 11:
                var text = "if \(expression(fuel: f, head: true)) { \(expression(fuel: f)) }"
                if rng.chance(50) { text += " else if \(expression(fuel: f, head: true)) { \(expression(fuel: f)) }" }
                if rng.chance(60) { text += " else { \(expression(fuel: f)) }" }
                return text
            case 12, 13:
                let params = (0..<rng.below(3)).map { _ in fresh() }
                scopes.append(params.map { ($0, true) })
                let savedLoops = loopDepth
                loopDepth = 0
                functionDepth += 1
                // An `=>` body takes the longest expression it can, so it is parenthesised; a
                // block body ends at its `}`.
                let parameters = params.joined(separator: ", ")
                let body = rng.chance(50) ? "(fn(\(parameters)) => \(expression(fuel: f)))" : "fn(\(parameters)) { \(expression(fuel: f)) }"
                functionDepth -= 1
                loopDepth = savedLoops
                scopes.removeLast()
                return body
            case 14 where inline > 0: return "\"in \\\"line\\\"\""
            case 14: return "\"\"\"\n\(String(repeating: " ", count: indent + 2))line \\(\(name()))\n\(String(repeating: " ", count: indent + 2))\"\"\""
            default: return "[\(expression(fuel: f))][0]"
            }
        }

        mutating func line(_ text: String) {
            out += String(repeating: " ", count: indent) + text + "\n"
        }

        mutating func block(_ fuel: Int, scope: [(name: String, mutable: Bool)] = [], body: (inout ProgramGenerator) -> Void = { _ in }) {
            scopes.append(scope)
            indent += 2
            body(&self)
            for _ in 0..<(1 + rng.below(3)) { statement(fuel: fuel - 1, topLevel: false) }
            indent -= 2
            scopes.removeLast()
        }

        mutating func statement(fuel: Int, topLevel: Bool) {
            let f = min(fuel, 4)
            switch rng.below(fuel > 0 ? 12 : 4) {
            case 0, 1:
                let mutable = rng.chance(50)
                if rng.chance(20) {
                    let (a, b) = (fresh(), fresh())
                    line("\(mutable ? "var" : "let") (\(a), \(b)) = [\(expression(fuel: f)), \(expression(fuel: f))]")
                    scopes[scopes.count - 1] += [(a, mutable), (b, mutable)]
                } else {
                    let v = fresh()
                    line("\(mutable ? "var" : "let") \(v) = \(expression(fuel: f))")
                    scopes[scopes.count - 1].append((v, mutable))
                }
            case 2:
                if let target = visible.filter(\.mutable).last {
                    line("\(target.name) \(rng.pick(["=", "+=", "-=", "*=", "/="])) \(expression(fuel: f))")
                } else {
                    line("\(name())\(rng.chance(50) ? ".level" : "[0]") = \(expression(fuel: f))")
                }
            case 3: line(expression(fuel: f) + (rng.chance(20) ? ";" : ""))
            case 4:
                let v = fresh()
                let params = (0..<rng.below(3)).map { _ in fresh() }
                let defaults = params.enumerated().map { i, p in i == params.count - 1 && rng.chance(30) ? "\(p) = 1" : p }
                scopes[scopes.count - 1].append((v, false))
                line("fn \(v)(\(defaults.joined(separator: ", "))) {")
                let savedLoops = loopDepth
                loopDepth = 0
                functionDepth += 1
                block(fuel, scope: params.map { ($0, true) })
                if rng.chance(50) { line("  return \(expression(fuel: f))") }
                functionDepth -= 1
                loopDepth = savedLoops
                line("}")
            case 5:
                let v = fresh()
                line("for \(v) in \(expression(fuel: f, head: true)) {")
                loopDepth += 1
                block(fuel, scope: [(v, false)])
                loopDepth -= 1
                line("}")
            case 6:
                line("while \(expression(fuel: f, head: true)) {")
                loopDepth += 1
                block(fuel)
                loopDepth -= 1
                line("}")
            case 7:
                line("if \(expression(fuel: f, head: true)) {")
                block(fuel)
                if rng.chance(50) {
                    line("} else {")
                    block(fuel)
                }
                line("}")
            case 8 where loopDepth > 0: line(rng.pick(["break", "continue"]))
            case 9 where functionDepth > 0: line("return" + (rng.chance(70) ? " " + expression(fuel: f) : ""))
            case 10 where topLevel:
                let v = fresh()
                line(rng.chance(50) ? "param \(v) = \(expression(fuel: f))" : "import \"lib/\(v).wwn\"")
                scopes[scopes.count - 1].append((v, false))
            default: line("print(\(arguments(fuel: f)))")
            }
        }

        mutating func program(statements: Int) -> String {
            for _ in 0..<statements { statement(fuel: 3, topLevel: true) }
            return out
        }
    }

    func testGeneratedProgramsAreAccepted() {
        var accepted = 0
        for seed in 0..<1500 {
            var generator = ProgramGenerator(seed: UInt64(seed))
            let program = generator.program(statements: 1 + seed % 12)
            let outcome = Self.check(program, "generated program \(seed)")
            if outcome == .resolved { accepted += 1 } else {
                XCTFail("generated program \(seed) was rejected:\n\(program)\n\(Syntax.resolveError(program)?.description ?? "")")
                if accepted < seed - 5 { break }
            }
        }
        XCTAssertEqual(accepted, 1500)
    }

    func testMutatedGeneratedProgramsNeverCrash() {
        var rng = SplitMix64(seed: 0x5EED_0004)
        for seed in 0..<1500 {
            var generator = ProgramGenerator(seed: UInt64(10_000 + seed))
            let program = generator.program(statements: 6)
            if let split = Self.pieces(program) {
                Self.check(Self.mutateTokens(split, &rng), "token mutation of generated program \(10_000 + seed)")
            }
            Self.check(Self.mutateBytes(program, &rng), "byte mutation of generated program \(10_000 + seed)")
        }
    }

    /// Every strict prefix of a generated program, cut at a token end, parses or is reported
    /// incomplete (the REPL then reads another line rather than showing an error).
    func testPrefixesOfGeneratedProgramsAreIncomplete() throws {
        for seed in 0..<60 {
            var generator = ProgramGenerator(seed: UInt64(20_000 + seed))
            let program = generator.program(statements: 4)
            let bytes = Array(program.utf8)
            for token in try Syntax.tokens(program).dropLast() where token.kind != .newline {
                let cut = String(decoding: bytes[0..<(token.offset + token.length)], as: UTF8.self)
                guard let d = Syntax.parseError(cut) else { continue }
                if !d.isIncomplete {
                    XCTFail("prefix of generated program \(20_000 + seed) is an error, not incomplete:\n\(cut)\n\(d)")
                    return
                }
            }
        }
    }
}
