// The resolver: the static errors it reports before anything runs, and the annotations it leaves
// for the compiler (which declaration a name means, which variables closures capture).

import WWSyntax
import XCTest

final class ResolverTests: XCTestCase {
    private func error(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        let d = Syntax.resolveError(source)
        XCTAssertNotNil(d, "accepted: \(source)", file: file, line: line)
        XCTAssertEqual(d?.kind, .resolution, "\(source): \(d?.message ?? "")", file: file, line: line)
        return d
    }

    private func accepts(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        if let d = Syntax.resolveError(source) { XCTFail("rejected: \(source)\n\(d)", file: file, line: line) }
    }

    // MARK: errors

    func testUndefinedNameWithSuggestion() throws {
        let d = try XCTUnwrap(error("let total = 1\nprint(totl)"))
        XCTAssertEqual(d.message, "undefined name 'totl'")
        XCTAssertEqual(d.location?.description, "2:7")
        XCTAssertEqual(d.length, 4)
        XCTAssertEqual(d.notes, ["did you mean 'total'?"])
        XCTAssertEqual(d.exitCode, 65)
        XCTAssertTrue(d.rendered().contains("  |       ^^^^\n"))
        // Built-ins and locals are suggested too; nothing close means no note.
        XCTAssertEqual(error("prnt(1)")?.notes, ["did you mean 'print'?"])
        XCTAssertEqual(error("fn f(count) { cont }")?.notes, ["did you mean 'count'?"])
        XCTAssertEqual(error("zzzzzz")?.notes, [])
    }

    func testAssignmentToConstant() throws {
        let d = try XCTUnwrap(error("let x = 1\nx = 2"))
        XCTAssertEqual(d.message, "cannot assign to constant 'x'")
        XCTAssertEqual(d.location?.description, "2:1")
        XCTAssertEqual(d.notes, ["'x' was declared with 'let' at line 1; declare it with 'var' to change it"])
        XCTAssertEqual(error("let x = 1\nx += 1")?.message, "cannot assign to constant 'x'")
        XCTAssertEqual(error("fn f() {}\nf = 1")?.message, "cannot assign to function 'f'")
        XCTAssertEqual(error("let xs = []\nfor i in xs { i = 1 }")?.message, "cannot assign to constant 'i'")
        XCTAssertEqual(error("param p = 1\np = 2")?.message, "cannot assign to parameter 'p'")
        XCTAssertEqual(error("print = 1")?.message, "cannot assign to built-in 'print'")
        XCTAssertEqual(error("import \"m.wwn\"\nm = 1")?.message, "cannot assign to module 'm'")
        // Fields and elements of a constant are not the constant.
        accepts("let r = {a: 1}\nr.a = 2\nlet xs = [1]\nxs[0] += 1")
        accepts("var v = 1\nv = 2\nfn f(a) { a = a + 1; a }")
    }

    func testDuplicateDeclarations() throws {
        let d = try XCTUnwrap(error("let x = 1\nvar x = 2"))
        XCTAssertEqual(d.message, "'x' is already declared at line 1")
        XCTAssertEqual(d.location?.description, "2:5")
        XCTAssertEqual(error("fn f() {}\nfn f() {}")?.message, "'f' is already declared at line 1")
        XCTAssertEqual(error("let (a, a) = xs")?.message, "'a' is already declared at line 1")
        XCTAssertEqual(error("fn g() {\n  let y = 1\n  let y = 2\n}")?.message, "'y' is already declared in this scope at line 2")
        XCTAssertEqual(error("fn g(a) { let a = 1 }")?.message, "'a' is already declared in this scope at line 1")
        XCTAssertEqual(error("import \"lib/x.wwn\"\nlet x = 1")?.message, "'x' is already declared at line 1")
        // Inner scopes may shadow outer ones; the REPL may redeclare globals.
        accepts("let x = 1\nfn f(x) { let y = x; if y { let x = 2; x } }\nfor x in [x] { x }")
        XCTAssertNoThrow(try Syntax.resolve("let x = 1\nlet x = 2", allowsRedeclaration: true))
    }

    func testUseBeforeDeclarationAtTopLevel() throws {
        let d = try XCTUnwrap(error("print(x)\nlet x = 1"))
        XCTAssertEqual(d.message, "'x' is used before its declaration at line 2")
        XCTAssertEqual(d.location?.description, "1:7")
        XCTAssertEqual(error("let x = x")?.message, "'x' is used before its declaration at line 1")
        XCTAssertEqual(error("if true { y }\nvar y = 1")?.message, "'y' is used before its declaration at line 2")
        // Functions may refer to names declared further down, and may be called before their declaration.
        accepts("fn f() => later + g()\nlet later = 1\nprint(f())\nfn g() => 2")
        accepts("let h = fn() => later\nlet later = 2")
        // Inside a function body a local is not visible before its own declaration.
        XCTAssertEqual(error("fn f() {\n  print(z)\n  let z = 1\n}")?.message, "undefined name 'z'")
    }

    func testControlFlowOutsideItsConstruct() throws {
        XCTAssertEqual(error("return 1")?.message, "'return' outside a function")
        XCTAssertEqual(error("if true { return }")?.message, "'return' outside a function")
        XCTAssertEqual(error("for x in [1] { return x }")?.message, "'return' outside a function")
        XCTAssertEqual(error("break")?.message, "'break' outside a loop")
        XCTAssertEqual(error("continue")?.message, "'continue' outside a loop")
        XCTAssertEqual(error("if true { break }")?.message, "'break' outside a loop")
        // A function inside a loop is not in the loop.
        let d = try XCTUnwrap(error("while true {\n  let f = fn() {\n    break\n  }\n}"))
        XCTAssertEqual(d.message, "'break' outside a loop")
        XCTAssertEqual(d.location?.description, "3:5")
        XCTAssertEqual(d.length, 5)
        accepts("fn f() { return 1 }\nwhile true { if true { break } else { continue } }\nfor x in [1] { let y = if x { break } }")
        accepts("fn f() { for x in [1] { return x } }\nlet g = fn() => fn() { return 2 }")
    }

    func testParamAndImportOnlyAtTopLevel() throws {
        let d = try XCTUnwrap(error("fn f() {\n  param p = 1\n}"))
        XCTAssertEqual(d.message, "'param' declares a notebook parameter and belongs at the top level")
        XCTAssertEqual(d.location?.description, "2:3")
        XCTAssertEqual(error("if true { import \"x.wwn\" }")?.message, "'import' belongs at the top level of a file")
        XCTAssertEqual(error("while true { param p = 1 }")?.message,
                       "'param' declares a notebook parameter and belongs at the top level")
        accepts("param p = 1\nimport \"lib/x.wwn\" as lib\nprint(p, lib)")
    }

    func testUndefinedNamesInEveryPosition() {
        for source in ["[q]", "{a: q}", "{q}", "-q", "q + 1", "1 + q", "q and 1", "q..<2", "q(1)", "print(q)",
                       "print(a: q)", "q.x", "q.m()", "print.m(q)", "q[0]", "[1][q]", "[1][q:]", "[1][:q]",
                       "if q { 1 }", "if true { q }", "if true { 1 } else { q }", "fn() => q", "fn(a = q) => a",
                       "\"\\(q)\"", "for x in q {}", "while q {}", "let r = {}\nr.a = q", "var v = 1\nv = q",
                       "q = 1", "q.a = 1", "q[0] = 1", "fn f() { return q }", "1 |> q"] {
            XCTAssertEqual(Syntax.resolveError(source)?.message, "undefined name 'q'", source)
        }
    }

    // MARK: annotations

    func testIdentifiersPointAtTheirDeclarations() throws {
        let program = try Syntax.resolve("let x = 1\nfn f(a) { let x = a; x }\nx")
        let global = try XCTUnwrap((program.statements[0] as? LetStmt)?.declarations.first)
        XCTAssertTrue(global.isGlobal)
        XCTAssertEqual(global.kind, .constant)
        let use = try XCTUnwrap((program.statements[2] as? ExprStmt)?.expression as? Identifier)
        XCTAssertTrue(use.declaration === global)
        let function = try XCTUnwrap(program.statements[1] as? FunctionStmt)
        let local = try XCTUnwrap((function.function.body.statements[0] as? LetStmt)?.declarations.first)
        XCTAssertFalse(local.isGlobal)
        let inner = try XCTUnwrap((function.function.body.statements[1] as? ExprStmt)?.expression as? Identifier)
        XCTAssertTrue(inner.declaration === local)
        XCTAssertEqual(function.function.parameters.first?.declaration?.kind, .argument)
        XCTAssertEqual(function.declaration?.kind, .function)
        XCTAssertEqual(program.scope?.declarations.map(\.name), ["x", "f"])
        XCTAssertEqual(function.function.scope?.declarations.map(\.name), ["a", "x"])
        XCTAssertTrue(function.function.scope?.isFunction ?? false)
    }

    func testBuiltinsComeFromTheEnvironment() throws {
        let program = try Syntax.resolve("print(1)")
        let call = try XCTUnwrap((program.statements[0] as? ExprStmt)?.expression as? CallExpr)
        XCTAssertEqual((call.callee as? Identifier)?.declaration?.kind, .builtin)
        // A program's own declaration shadows a built-in.
        let shadowed = try Syntax.resolve("fn print(x) => x\nprint(1)")
        let callee = ((shadowed.statements[1] as? ExprStmt)?.expression as? CallExpr)?.callee as? Identifier
        XCTAssertEqual(callee?.declaration?.kind, .function)
    }

    func testVariableReadFromANestedFunctionIsCaptured() throws {
        let program = try Syntax.resolve("""
            fn counter() {
              var count = 0
              let step = 1
              let unused = 2
              fn next() {
                count += step
                count
              }
              next
            }
            """)
        let outer = try XCTUnwrap((program.statements[0] as? FunctionStmt)?.function)
        let names = outer.body.statements.compactMap { ($0 as? LetStmt)?.declarations.first }
        XCTAssertEqual(names.map(\.name), ["count", "step", "unused"])
        XCTAssertEqual(names.map(\.isCaptured), [true, true, false])
        XCTAssertTrue(outer.scope?.hasCaptured ?? false)
        // The inner function's own declaration, read by the outer function only, is not captured.
        let next = try XCTUnwrap(outer.body.statements.compactMap { $0 as? FunctionStmt }.first)
        XCTAssertEqual(next.declaration?.isCaptured, false)
    }

    func testLoopVariableCapturedByAClosure() throws {
        let program = try Syntax.resolve("let fs = []\nfor i in 0..<3 { let j = i * 2; fs.push(fn() => i) }")
        let loop = try XCTUnwrap(program.statements[1] as? ForStmt)
        XCTAssertEqual(loop.declarations.map(\.isCaptured), [true])
        let j = try XCTUnwrap((loop.body.statements[0] as? LetStmt)?.declarations.first)
        XCTAssertFalse(j.isCaptured)
        XCTAssertTrue(loop.body.scope?.hasCaptured ?? false)
    }

    func testCaptureThroughSeveralLevelsAndParameters() throws {
        let program = try Syntax.resolve("fn outer(a) {\n  fn() => fn() => a\n}")
        let outer = try XCTUnwrap((program.statements[0] as? FunctionStmt)?.function)
        XCTAssertEqual(outer.parameters[0].declaration?.isCaptured, true)
        // Globals are never marked: they live in the globals table, not a frame.
        let globals = try Syntax.resolve("var g = 1\nfn f() { g += 1 }")
        XCTAssertEqual((globals.statements[0] as? LetStmt)?.declarations.first?.isCaptured, false)
        // A block's variable read only in the same function is not captured.
        let local = try Syntax.resolve("fn f() {\n  if true {\n    let v = 1\n    v\n  }\n}")
        let ifExpr = (((local.statements[0] as? FunctionStmt)?.function.body.statements[0]) as? ExprStmt)?.expression as? IfExpr
        let v = (ifExpr?.branches[0].body.statements[0] as? LetStmt)?.declarations.first
        XCTAssertEqual(v?.isCaptured, false)
        XCTAssertEqual(ifExpr?.branches[0].body.scope?.hasCaptured, false)
    }

    func testResolvingTheGrammarExamplesFindsOnlyTheirFreeNames() throws {
        // The examples use names they do not declare; the resolver must name one of them.
        for example in try Repository.grammarExamples() {
            guard let d = Syntax.resolveError(example) else { continue }
            XCTAssertEqual(d.kind, .resolution, example)
            XCTAssertTrue(d.message.hasPrefix("undefined name") || d.message.contains("used before"), "\(example): \(d.message)")
        }
    }
}
