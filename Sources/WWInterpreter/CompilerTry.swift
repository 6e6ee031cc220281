import WWSyntax

extension Compiler {
    /// A `try` in statement position: break, continue and return inside either block are plain
    /// flows, as in `compileIfStatement`. Only runtime errors a program can recover from are
    /// caught: an interrupt must still stop the program (Ctrl-C), a stack overflow means broken
    /// recursion, and syntax or resolution errors (of an imported file) are mistakes in the
    /// program's text, not failures of its run. `exit()` is not an error at all.
    func compileTryStatement(_ e: TryExpr) -> StmtCode {
        let body = compileBlock(e.body)
        // The handler's scope holds the catch variable, so it is laid out as a `for` body is.
        let ownFrame = e.handler.scope?.hasCaptured ?? false
        let saved = layout
        if ownFrame { layout = FrameLayout(parent: saved) }
        if let d = e.errorDeclaration { declareLocal(d) }
        let store = e.errorDeclaration.map(write)
        let handler = compileSequence(e.handler.statements)
        let inner = layout
        layout = saved
        return { f in
            do {
                return try body(f)
            } catch let diagnostic as Diagnostic where diagnostic.kind == .runtime && diagnostic.isCatchable {
                let frame = ownFrame ? Frame.make(count: inner.size, parent: f) : f
                store?(frame, .record(Self.errorRecord(diagnostic)))
                return try handler(frame)
            }
        }
    }

    /// What a `catch` variable holds: the message as the built-in or the language wrote it
    /// (without "runtime error:" or the built-in's name in front), what raised it, and where.
    static func errorRecord(_ diagnostic: Diagnostic) -> RecordObject {
        let kind: String = switch diagnostic.builtinName {
        case "error"?: "error"
        case "assert"?: "assert"
        case _?: "builtin"
        case nil: "runtime"
        }
        let line: Value = diagnostic.location.map { .number(Double($0.line)) } ?? .nil
        let column: Value = diagnostic.location.map { .number(Double($0.column)) } ?? .nil
        return RecordObject([
            ("message", .string(diagnostic.builtinMessage ?? diagnostic.message)),
            ("kind", .string(kind)),
            ("builtin", diagnostic.builtinName.map(Value.string) ?? .nil),
            ("line", line),
            ("column", column),
            ("file", diagnostic.file.map { .string($0.name) } ?? .nil),
        ])
    }
}
