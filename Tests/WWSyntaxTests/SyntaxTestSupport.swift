// Helpers shared by the front-end tests: parsing and resolving snippets, token dumps, an
// S-expression printer for syntax trees, and a tiny seeded random generator for the fuzz tests.

import Foundation
import WWSyntax
import XCTest

/// The built-ins the resolver tests may refer to (the real registry lives in WWInterpreter, which
/// this test target does not depend on).
struct TestNames: NameEnvironment {
    static let builtins = ["print", "len", "map", "filter", "sum", "push", "range", "pairs", "split", "str",
                           "sort", "keys", "copy", "table", "tensor", "floor", "sqrt", "abs", "min", "max",
                           "nan", "inf", "pi", "data", "runs", "helpers"]
    func declaration(named name: String) -> Declaration? {
        Self.builtins.contains(name) ? Declaration(name: name, kind: .builtin, location: .unknown, isGlobal: true) : nil
    }
    var visibleNames: [String] { Self.builtins }
}

enum Syntax {
    static func file(_ text: String, name: String = "test.wwn") -> SourceFile { SourceFile(name: name, text: text) }

    static func parse(_ text: String, name: String = "test.wwn") throws -> Program {
        try Parser.parse(file(text, name: name))
    }

    /// Parses and resolves `text` against `TestNames`.
    @discardableResult
    static func resolve(_ text: String, allowsRedeclaration: Bool = false) throws -> Program {
        let source = file(text)
        let program = try Parser.parse(source)
        var resolver = Resolver(file: source, environment: TestNames(), allowsRedeclaration: allowsRedeclaration)
        try resolver.resolve(program)
        return program
    }

    /// The diagnostic `body` throws, or nil when it succeeds.
    static func diagnostic(_ body: () throws -> Any) -> Diagnostic? {
        do {
            _ = try body()
            return nil
        } catch let d as Diagnostic {
            return d
        } catch {
            XCTFail("threw a non-diagnostic error: \(error)")
            return nil
        }
    }

    static func parseError(_ text: String) -> Diagnostic? { diagnostic { try parse(text) } }
    static func resolveError(_ text: String) -> Diagnostic? { diagnostic { try resolve(text) } }

    /// Every token up to and including the end of input.
    static func tokens(_ text: String) throws -> [Token] {
        var lexer = Lexer(file: file(text))
        var result: [Token] = []
        while true {
            let token = try lexer.next()
            result.append(token)
            if token.kind == .eof { return result }
        }
    }

    static func kinds(_ text: String) throws -> [TokenKind] { try tokens(text).map(\.kind) }

    /// The source text of a token.
    static func text(of token: Token, in source: String) -> String {
        let bytes = Array(source.utf8)
        return String(decoding: bytes[token.offset..<min(bytes.count, token.offset + token.length)], as: UTF8.self)
    }

    /// The single expression of a one-statement program.
    static func expression(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Expr {
        let program = try parse(text)
        guard program.statements.count == 1, let statement = program.statements.first as? ExprStmt else {
            XCTFail("'\(text)' is not one expression statement", file: file, line: line)
            throw Diagnostic(.syntax, "not an expression", file: nil, at: nil)
        }
        return statement.expression
    }

    /// The tree of a one-expression program as an S-expression: `2^3^2` is `(^ 2 (^ 3 2))`.
    static func tree(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        sexpr(try expression(text, file: file, line: line))
    }
}

/// A compact, unambiguous rendering of expression trees for precedence tests.
func sexpr(_ expr: Expr) -> String {
    func args(_ arguments: [Argument]) -> String {
        arguments.map { ($0.label.map { "\($0):" } ?? "") + sexpr($0.value) }.joined(separator: " ")
    }
    func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
    switch expr {
    case let e as NumberLiteral: return number(e.value)
    case let e as StringLiteral:
        return "\"" + e.parts.map { part -> String in
            switch part {
            case .text(let t): return t
            case .expression(let x): return "\\(\(sexpr(x)))"
            }
        }.joined() + "\""
    case let e as BoolLiteral: return e.value ? "true" : "false"
    case is NilLiteral: return "nil"
    case let e as Identifier: return e.name
    case let e as ListLiteral: return "[" + e.elements.map(sexpr).joined(separator: " ") + "]"
    case let e as RecordLiteral: return "{" + e.entries.map { "\($0.key):\(sexpr($0.value))" }.joined(separator: " ") + "}"
    case let e as UnaryExpr:
        let op = e.op == .negate ? "neg" : e.op == .plus ? "pos" : "not"
        return "(\(op) \(sexpr(e.operand)))"
    case let e as BinaryExpr: return "(\(e.op.rawValue) \(sexpr(e.left)) \(sexpr(e.right)))"
    case let e as LogicalExpr: return "(\(e.isAnd ? "and" : "or") \(sexpr(e.left)) \(sexpr(e.right)))"
    case let e as RangeExpr: return "(\(e.isInclusive ? "..." : "..<") \(sexpr(e.lower)) \(sexpr(e.upper)))"
    case let e as CallExpr:
        return e.arguments.isEmpty ? "(call \(sexpr(e.callee)))" : "(call \(sexpr(e.callee)) \(args(e.arguments)))"
    case let e as MethodCallExpr:
        return e.arguments.isEmpty ? "(.\(e.name) \(sexpr(e.object)))" : "(.\(e.name) \(sexpr(e.object)) \(args(e.arguments)))"
    case let e as IndexExpr: return "(index \(sexpr(e.object)) \(sexpr(e.index)))"
    case let e as SliceExpr:
        return "(slice \(sexpr(e.object)) \(e.lower.map(sexpr) ?? "_") \(e.upper.map(sexpr) ?? "_"))"
    case let e as FieldExpr: return "(field \(sexpr(e.object)) \(e.name))"
    case let e as IfExpr:
        var parts = e.branches.map { "\(sexpr($0.condition)) \(sblock($0.body))" }
        if let elseBody = e.elseBody { parts.append("else \(sblock(elseBody))") }
        return "(if " + parts.joined(separator: " ") + ")"
    case let e as FunctionExpr:
        let params = e.parameters.map { p in p.defaultValue.map { "\(p.name)=\(sexpr($0))" } ?? p.name }
        return "(fn\(e.name.map { " " + $0 } ?? "") (\(params.joined(separator: " "))) \(sblock(e.body)))"
    default: return "<\(type(of: expr))>"
    }
}

func sblock(_ block: Block) -> String {
    "{" + block.statements.map(sstmt).joined(separator: "; ") + "}"
}

func sstmt(_ statement: Stmt) -> String {
    func binding(_ b: Binding) -> String { b.isDestructuring ? "(" + b.names.joined(separator: " ") + ")" : b.names[0] }
    switch statement {
    case let s as ExprStmt: return sexpr(s.expression) + (s.isSilenced ? ";" : "")
    case let s as LetStmt: return "(\(s.isMutable ? "var" : "let") \(binding(s.binding)) \(sexpr(s.value)))"
    case let s as AssignStmt: return "(\(s.op.rawValue) \(sexpr(s.target)) \(sexpr(s.value)))"
    case let s as ReturnStmt: return s.value.map { "(return \(sexpr($0)))" } ?? "(return)"
    case is BreakStmt: return "break"
    case is ContinueStmt: return "continue"
    case let s as FunctionStmt: return sexpr(s.function)
    case let s as ForStmt: return "(for \(binding(s.binding)) \(sexpr(s.iterable)) \(sblock(s.body)))"
    case let s as WhileStmt: return "(while \(sexpr(s.condition)) \(sblock(s.body)))"
    case let s as ParamStmt: return "(param \(s.name) \(sexpr(s.value)))"
    case let s as ImportStmt: return "(import \"\(s.path)\"\(s.alias.map { " as " + $0 } ?? ""))"
    default: return "<\(type(of: statement))>"
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a few lines, full period, good enough to drive a fuzzer,
/// and identical on every platform so a failing case can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Locations in the repository, found from this file's path so tests run from any directory.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // WWSyntaxTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()

    static var grammar: URL { root.appendingPathComponent("grammar/wwn.ebnf") }

    /// The programs marked `example:` in the grammar (`example+:` lines continue the one above).
    static func grammarExamples() throws -> [String] {
        let text = try String(contentsOf: grammar, encoding: .utf8)
        var examples: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("example+:") {
                guard !examples.isEmpty else { continue }
                examples[examples.count - 1] += "\n" + dropOneSpace(line.dropFirst("example+:".count))
            } else if line.hasPrefix("example:") {
                examples.append(dropOneSpace(line.dropFirst("example:".count)))
            }
        }
        return examples
    }

    private static func dropOneSpace(_ s: Substring) -> String { String(s.hasPrefix(" ") ? s.dropFirst() : s) }

    /// Every `.wwn` file of the case corpora (`Tests/language/**` and `Tests/library/**`),
    /// sorted by the path within its corpus (so the fuzz seeds keep their order when a case
    /// moves between the two); empty if absent.
    static func corpusFiles() -> [URL] {
        var files: [(relative: String, url: URL)] = []
        for corpus in ["Tests/language", "Tests/library"] {
            let base = root.appendingPathComponent(corpus)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "wwn" {
                files.append((String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count)), url))
            }
        }
        return files.sorted { $0.relative < $1.relative }.map(\.url)
    }
}
