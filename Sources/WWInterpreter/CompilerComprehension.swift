import WWSyntax

extension Compiler {
    /// `[element for x in xs if c ...]`, compiled as the nested `for` loops it stands for. The
    /// clauses are compiled left to right (each `for` may open a frame layout, which the clauses
    /// after it and the element are compiled in), then chained from the innermost outwards into
    /// one closure per clause that hands each surviving combination to the next.
    func compileComprehension(_ e: ComprehensionExpr) -> ExprCode {
        typealias Emit = (Frame, inout [Value]) throws -> Void
        enum Step {
            case loop(iterable: ExprCode, store: (Frame, Value) throws -> Void, frame: FrameLayout?, location: SourceLocation)
            case filter((Frame) throws -> Bool)
        }
        let saved = layout
        var steps: [Step] = []
        for clause in e.clauses {
            switch clause {
            case .for(let loop):
                let iterable = compileExpression(loop.iterable)
                // Captured names need a frame per iteration, as a `for` statement's body does.
                let ownFrame = loop.scope?.hasCaptured ?? false
                if ownFrame { layout = FrameLayout(parent: layout) }
                let store = bind(loop.binding, loop.declarations, topLevel: false, at: loop.location)
                steps.append(.loop(iterable: iterable, store: store, frame: ownFrame ? layout : nil, location: loop.iterable.location))
            case .if(let condition):
                steps.append(.filter(compileCondition(condition)))
            }
        }
        let element = compileExpression(e.element)
        layout = saved

        let registers = self.registers, interpreter = self.interpreter, file = self.file
        let location = e.location
        var emit: Emit = { f, items in
            guard items.count < RuntimeLimits.maxListElements else {
                throw Diagnostic(.runtime, Interpreter.listLimitMessage, file: file, at: location)
            }
            items.append(try element(f))
        }
        for step in steps.reversed() {
            let next = emit
            switch step {
            case .filter(let condition):
                emit = { f, items in if try condition(f) { try next(f, &items) } }
            case let .loop(iterable, store, frame, location):
                emit = { f, items in
                    let collection = try iterable(f)
                    func visit(_ item: Value, _ items: inout [Value]) throws {
                        if registers.interruptPending { try interpreter.raiseInterrupt() }
                        let inner = frame.map { Frame.make(count: $0.size, parent: f) } ?? f
                        try store(inner, item)
                        try next(inner, &items)
                    }
                    switch collection {
                    case .range(let r):
                        for i in 0..<r.count { try visit(.number(r.element(i)), &items) }
                    case .list(let l):
                        for item in l.items { try visit(item, &items) }
                    default:
                        guard let all = iterate(collection) else { throw cannotIterate(collection, file: file, at: location) }
                        for item in all { try visit(item, &items) }
                    }
                }
            }
        }
        let build = emit
        return { f in
            var items: [Value] = []
            try build(f, &items)
            return .list(ListObject(items))
        }
    }
}

/// The error of `for` over a value that has no elements, shared by loops and comprehensions.
func cannotIterate(_ collection: Value, file: SourceFile, at location: SourceLocation) -> Diagnostic {
    Diagnostic(.runtime, "cannot iterate over \(describeForError(collection))", file: file, at: location,
               notes: ["'for' walks lists, ranges, strings, records (their keys) and tables (their rows)"])
}
