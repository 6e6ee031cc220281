import CSignals
import WWSyntax

/// Values the compiled closures share while running: the value of the last expression statement
/// (a block's value), the value being returned, and the call depth. A separate small object so
/// closures can hold it strongly without a cycle through the interpreter.
final class Registers {
    var result: Value = .nil
    var returnValue: Value = .nil
    var depth = 0
    /// The SIGINT flag, read with a plain load at every call and loop iteration.
    let interruptFlag = wwn_interrupt_flag()!

    @inline(__always) var interruptPending: Bool { interruptFlag.pointee != 0 }
}

/// Compiles a resolved syntax tree into nested Swift closures ("closure compilation"): each node
/// becomes a closure specialised for its operator and operand kinds, so running a program does
/// no dispatch on node types and no name lookups. Statements return a `Flow`, expressions a `Value`.
final class Compiler {
    unowned let interpreter: Interpreter
    let globals: Globals
    let registers: Registers
    let file: SourceFile
    /// Where locals of the code being compiled are stored.
    var layout: FrameLayout
    var functionDepth = 0
    /// Whether top-level expression statements display their values: true for programs, false
    /// for modules (imports and the standard library), which only write what they `print`.
    var displaysResults = true

    init(interpreter: Interpreter, globals: Globals, file: SourceFile, layout: FrameLayout) {
        self.interpreter = interpreter
        self.globals = globals
        self.registers = interpreter.registers
        self.file = file
        self.layout = layout
    }

    func error(_ message: String, at location: SourceLocation, length: Int = 1, notes: [String] = []) -> Diagnostic {
        Diagnostic(.runtime, message, file: file, at: location, length: length, notes: notes)
    }

    // MARK: program

    /// The code of a whole file. Top-level functions are defined first so code above their
    /// declaration can call them; top-level expression statements display their values.
    func compileProgram(_ program: Program) -> StmtCode {
        // Global slots in declaration order (not hoisted functions first, nor in order of first
        // use), so a module's record of names keeps the order of its file.
        for statement in program.statements {
            switch statement.kind {
            case .let(let s): for d in s.declarations { _ = globals.slot(for: d) }
            case .param(let s): if let d = s.declaration { _ = globals.slot(for: d) }
            case .function(let s): if let d = s.declaration { _ = globals.slot(for: d) }
            case .import(let s): if let d = s.declaration { _ = globals.slot(for: d) }
            // Named, not `default`: a new statement that declares a name must be added here.
            case .for, .while, .return, .break, .continue, .assign, .expression: break
            }
        }
        var hoisted: [(Int, FunctionPrototype)] = []
        for case let s as FunctionStmt in program.statements {
            guard let d = s.declaration else { continue }
            let slot = globals.slot(for: d)
            hoisted.append((slot, compileFunction(s.function)))
        }
        let interpreter = self.interpreter
        let file = self.file
        let codes = program.statements.compactMap { statement -> StmtCode? in
            if statement is FunctionStmt { return nil }
            let code = compileStatement(statement, topLevel: true)
            let location = statement.location
            return { frame in
                interpreter.output.beginStatement(at: location, in: file)
                return try code(frame)
            }
        }
        let globals = self.globals
        return { frame in
            for (slot, prototype) in hoisted {
                globals.set(slot, .function(FunctionObject(prototype: prototype, closure: frame)))
            }
            for code in codes {
                let flow = try code(frame)
                if flow != .normal { return flow }
            }
            return .normal
        }
    }

    // MARK: variables

    func declareLocal(_ d: Declaration) {
        d.slot = layout.allocate()
        d.frameOwner = layout
    }

    private func hops(to d: Declaration) -> Int {
        var hops = 0
        var current: FrameLayout? = layout
        while let l = current, l !== d.frameOwner {
            hops += 1
            current = l.parent
        }
        return hops
    }

    func read(_ d: Declaration, at location: SourceLocation) -> ExprCode {
        if d.kind == .builtin {
            let value = globals.builtins.values[d.name] ?? .nil
            return { _ in value }
        }
        if d.isGlobal, d.kind == .function {
            // Functions are defined before any code of their program runs (hoisting), and the
            // resolver keeps earlier programs (REPL inputs, notebook cells) from naming later
            // ones: no definedness check is needed.
            let slot = d.slot >= 0 ? d.slot : globals.slot(for: d)
            let g = globals
            return { _ in g.storage[slot] }
        }
        if d.isGlobal {
            let slot = d.slot >= 0 ? d.slot : globals.slot(for: d)
            let g = globals
            let name = d.name
            let file = self.file
            return { _ in
                guard g.defined[slot] else {
                    throw Diagnostic(.runtime, "'\(name)' is used before it has a value", file: file, at: location, length: name.count,
                                     notes: ["its declaration has not run yet (or failed)"])
                }
                return g.storage[slot]
            }
        }
        let slot = d.slot
        switch hops(to: d) {
        case 0: return { f in f.slots[slot] }
        case 1: return { f in f.parent!.slots[slot] }
        case 2: return { f in f.parent!.parent!.slots[slot] }
        case let n: return { f in f.ancestor(n).slots[slot] }
        }
    }

    /// The slot of `expr` when it names a local of the frame being compiled (no hops), so
    /// operators can read it in place instead of calling a closure for it.
    func localSlot(_ expr: Expr) -> Int? {
        guard let identifier = expr as? Identifier, let d = identifier.declaration, !d.isGlobal,
              d.kind != .builtin, d.slot >= 0, hops(to: d) == 0 else { return nil }
        return d.slot
    }

    func write(_ d: Declaration) -> (Frame, Value) -> Void {
        if d.isGlobal {
            let slot = d.slot >= 0 ? d.slot : globals.slot(for: d)
            let g = globals
            return { _, v in g.set(slot, v) }
        }
        let slot = d.slot
        switch hops(to: d) {
        case 0: return { f, v in f.slots[slot] = v }
        case 1: return { f, v in f.parent!.slots[slot] = v }
        case let n: return { f, v in f.ancestor(n).slots[slot] = v }
        }
    }

    /// Declares the names of a `let`/`for` binding and returns the code that stores a value in
    /// them, destructuring a list when the binding has parentheses.
    func bind(_ binding: Binding, _ declarations: [Declaration], topLevel: Bool, at location: SourceLocation) -> (Frame, Value) throws -> Void {
        if !topLevel { declarations.forEach(declareLocal) }
        let writers = declarations.map(write)
        if !binding.isDestructuring {
            let w = writers[0]
            return { f, v in w(f, v) }
        }
        let count = writers.count
        let file = self.file
        let names = binding.names.joined(separator: ", ")
        return { f, v in
            guard case .list(let l) = v else {
                throw Diagnostic(.runtime, "cannot unpack \(describeForError(v)) into (\(names)); expected a list of \(count) elements",
                                 file: file, at: location)
            }
            guard l.items.count == count else {
                let n = l.items.count
                throw Diagnostic(.runtime, "cannot unpack a list of \(n) element\(n == 1 ? "" : "s") into \(count) names (\(names))",
                                 file: file, at: location)
            }
            for i in 0..<count { writers[i](f, l.items[i]) }
        }
    }

    // MARK: blocks and functions

    /// A block run as statements; its value (the last expression statement's) is left in
    /// `registers.result`. A block declaring captured variables gets a frame per execution.
    func compileBlock(_ block: Block) -> StmtCode {
        let scope = block.scope
        let ownFrame = scope.map { !$0.isFunction && $0.hasCaptured } ?? false
        let saved = layout
        if ownFrame { layout = FrameLayout(parent: saved) }
        let body = compileSequence(block.statements)
        if ownFrame {
            let inner = layout
            layout = saved
            return { f in try body(Frame.make(count: inner.size, parent: f)) }
        }
        return body
    }

    func compileSequence(_ statements: [Stmt], needsValue: Bool = true) -> StmtCode {
        let registers = self.registers
        // A block ending in return, break or continue never falls through: no value to reset.
        // Nor does one whose value nobody reads (the statements before a function's tail).
        let endsWithValue = statements.last is ExprStmt || statements.last is ReturnStmt
            || statements.last is BreakStmt || statements.last is ContinueStmt || !needsValue
        // Short blocks (nearly all) are chained closures, each held in a constant: a closure
        // taken out of an array is called through a reabstraction thunk, and a loop over the
        // array retains every element on every pass.
        if !statements.isEmpty, statements.count <= Self.maxChainedStatements {
            let body = compileChain(statements[...])
            if endsWithValue { return body }
            return { f in
                let flow = try body(f)
                if flow == .normal { registers.result = .nil }
                return flow
            }
        }
        let codes = statements.map { compileStatement($0, topLevel: false) }
        switch (codes.count, endsWithValue) {
        case (0, _):
            return { _ in registers.result = .nil; return .normal }
        default:
            return { f in
                for code in codes {
                    let flow = try code(f)
                    if flow != .normal { return flow }
                }
                if !endsWithValue { registers.result = .nil }
                return .normal
            }
        }
    }

    /// Longest block compiled as a chain (which nests one closure call per statement).
    static let maxChainedStatements = 8

    private func compileChain(_ statements: ArraySlice<Stmt>) -> StmtCode {
        let first = compileStatement(statements[statements.startIndex], topLevel: false)
        if statements.count == 1 { return first }
        let rest = compileChain(statements.dropFirst())
        return { f in
            let flow = try first(f)
            if flow != .normal { return flow }
            return try rest(f)
        }
    }

    func compileFunction(_ function: FunctionExpr) -> FunctionPrototype {
        let saved = layout
        layout = FrameLayout(parent: saved)
        functionDepth += 1
        defer {
            layout = saved
            functionDepth -= 1
        }
        for parameter in function.parameters {
            if let d = parameter.declaration { declareLocal(d) }
        }
        let defaults = function.parameters.map { $0.defaultValue.map(compileExpression) }
        let body = compileFunctionBody(function.body.statements)
        return FunctionPrototype(name: function.name ?? "<fn>", parameterNames: function.parameters.map(\.name),
                                 layout: layout, defaults: defaults, body: body, file: file, location: function.location,
                                 keepsParent: functionDepth == 1 && saved.parent == nil)
    }

    /// A function's statements as code giving the call's value. A body ending in a plain
    /// expression (or `return e`) evaluates it and returns it directly, without passing it
    /// through the result register; `return` elsewhere leaves its value in `returnValue`.
    private func compileFunctionBody(_ statements: [Stmt]) -> BodyCode {
        let registers = self.registers
        let tail: Expr? = switch statements.last {
        case let s as ExprStmt where !(s.expression is IfExpr) && !(s.expression is TryExpr): s.expression
        case let s as ReturnStmt: s.value
        default: nil
        }
        guard let tail else {
            let sequence = compileSequence(statements)
            return { f in try sequence(f) == .returned ? registers.returnValue : registers.result }
        }
        if statements.count == 1 { return compileExpression(tail) }
        // The statements before it first: they declare the names it may read.
        let prefix = compileSequence(Array(statements.dropLast()), needsValue: false)
        let value = compileExpression(tail)
        return { f in
            if try prefix(f) == .returned { return registers.returnValue }
            return try value(f)
        }
    }

    // MARK: statements

    func compileStatement(_ statement: Stmt, topLevel: Bool) -> StmtCode {
        let registers = self.registers
        switch statement.kind {
        case .expression(let s):
            return compileExpressionStatement(s, topLevel: topLevel)

        case .let(let s):
            let value = compileExpression(s.value)
            let store = bind(s.binding, s.declarations, topLevel: topLevel, at: s.location)
            return { f in
                try store(f, try value(f))
                return .normal
            }

        case .assign(let s):
            return compileAssignment(s)

        case .for(let s):
            return compileFor(s)

        case .while(let s):
            let condition = compileCondition(s.condition)
            let body = compileBlock(s.body)
            let interpreter = self.interpreter
            return { f in
                while try condition(f) {
                    if registers.interruptPending { try interpreter.raiseInterrupt() }
                    let flow: Flow
                    do { flow = try body(f) } catch let signal as ControlSignal { flow = signal.flow }
                    if flow == .breakLoop { break }
                    if flow == .returned { return flow }
                }
                registers.result = .nil
                return .normal
            }

        case .return(let s):
            guard let valueExpr = s.value else {
                return { _ in
                    registers.returnValue = .nil
                    return .returned
                }
            }
            if let slot = localSlot(valueExpr) {
                return { f in
                    registers.returnValue = f.slots[slot]
                    return .returned
                }
            }
            let value = compileExpression(valueExpr)
            return { f in
                registers.returnValue = try value(f)
                return .returned
            }

        case .break:
            return { _ in .breakLoop }

        case .continue:
            return { _ in .continueLoop }

        case .function(let s):
            // Top-level functions are hoisted by compileProgram; this is a local one.
            guard let d = s.declaration else { return { _ in .normal } }
            declareLocal(d)
            let store = write(d)
            let prototype = compileFunction(s.function)
            return { f in
                store(f, .function(FunctionObject(prototype: prototype, closure: f)))
                registers.result = .nil
                return .normal
            }

        case .param(let s):
            guard let d = s.declaration else { return { _ in .normal } }
            let value = compileExpression(s.value)
            let store = write(d)
            let interpreter = self.interpreter
            let name = s.name
            // Only the program being run has notebook parameters; a `param` in an imported
            // module is just a constant there, untouched by `-p`.
            guard globals === interpreter.globals else {
                return { f in
                    store(f, try value(f))
                    return .normal
                }
            }
            let file = self.file
            let location = s.location
            return { f in
                let v: Value
                if let override = interpreter.parameterOverrides[name] {
                    // `if fast` is true for any value but false and nil, so `-p fast=no` (a string)
                    // would silently run fast: a flag, number or string parameter takes only its
                    // own type.
                    let fallback = try value(f)
                    let expected: String? = switch fallback {
                    case .bool: if case .bool = override { nil } else { "true or false" }
                    case .number: if case .number = override { nil } else { "a number" }
                    case .string: if case .string = override { nil } else { "a string" }
                    default: nil
                    }
                    if let expected {
                        let hint = if case .string = fallback { "; quote a value to pass it as text: -p \(name)='\"...\"'" } else { "" }
                        throw Diagnostic(.runtime, "parameter '\(name)' must be \(expected) (its default is \(ValueFormatter.repr(fallback))), but -p gave \(describeForError(override))\(hint)",
                                         file: file, at: location, length: 5)
                    }
                    v = override
                } else {
                    v = try value(f)
                }
                store(f, v)
                interpreter.recordParameter(name, v)
                return .normal
            }

        case .import(let s):
            guard let d = s.declaration else { return { _ in .normal } }
            let store = write(d)
            let interpreter = self.interpreter
            let file = self.file
            return { f in
                store(f, try interpreter.importModule(s.path, from: file, at: s.location))
                return .normal
            }
        }
    }

    private func compileExpressionStatement(_ s: ExprStmt, topLevel: Bool) -> StmtCode {
        let registers = self.registers
        let code: StmtCode
        if let ifExpr = s.expression as? IfExpr {
            code = compileIfStatement(ifExpr)
        } else if let tryExpr = s.expression as? TryExpr {
            code = compileTryStatement(tryExpr)
        } else {
            let value = compileExpression(s.expression)
            code = { f in
                registers.result = try value(f)
                return .normal
            }
        }
        guard topLevel, !s.isSilenced, displaysResults else { return code }
        let interpreter = self.interpreter
        return { f in
            let flow = try code(f)
            let v = registers.result
            if !v.isNil { interpreter.output.display(v) }
            return flow
        }
    }

    /// An `if` in statement position: break, continue and return inside it are plain flows.
    func compileIfStatement(_ e: IfExpr) -> StmtCode {
        let registers = self.registers
        if e.branches.count == 1 {
            // Each code in its own constant: one taken out of an array or optional is called
            // through a reabstraction thunk.
            let condition = compileCondition(e.branches[0].condition)
            let block = e.branches[0].body
            if e.elseBody == nil, block.statements.count == 1, let ret = block.statements[0] as? ReturnStmt,
               let valueExpr = ret.value, !(block.scope?.hasCaptured ?? false) {
                // `if c { return e }` (a recursion's base case, an early exit): one closure
                // instead of the condition's, the block's and the return's.
                if let slot = localSlot(valueExpr) {
                    return { f in
                        if try condition(f) {
                            registers.returnValue = f.slots[slot]
                            return .returned
                        }
                        registers.result = .nil
                        return .normal
                    }
                }
                let value = compileExpression(valueExpr)
                return { f in
                    if try condition(f) {
                        registers.returnValue = try value(f)
                        return .returned
                    }
                    registers.result = .nil
                    return .normal
                }
            }
            let body = compileBlock(block)
            if let elseBlock = e.elseBody {
                let elseBody = compileBlock(elseBlock)
                return { f in try condition(f) ? body(f) : elseBody(f) }
            }
            return { f in
                if try condition(f) { return try body(f) }
                registers.result = .nil
                return .normal
            }
        }
        let branches = e.branches.map { (compileCondition($0.condition), compileBlock($0.body)) }
        let elseBody = e.elseBody.map(compileBlock)
        return { f in
            for (condition, body) in branches {
                if try condition(f) { return try body(f) }
            }
            if let elseBody { return try elseBody(f) }
            registers.result = .nil
            return .normal
        }
    }

    private func compileFor(_ s: ForStmt) -> StmtCode {
        let iterable = compileExpression(s.iterable)
        let registers = self.registers
        let interpreter = self.interpreter
        let file = self.file
        let ownFrame = s.body.scope?.hasCaptured ?? false
        let saved = layout
        if ownFrame { layout = FrameLayout(parent: saved) }
        let store = bind(s.binding, s.declarations, topLevel: false, at: s.location)
        let body = compileSequence(s.body.statements)
        let inner = layout
        layout = saved
        let location = s.iterable.location

        // One iteration; returns false to stop the loop. `returned` is passed up through `result`.
        @inline(__always) func step(_ f: Frame, _ item: Value, _ exit: inout Flow?) throws -> Bool {
            if registers.interruptPending { try interpreter.raiseInterrupt() }
            let frame = ownFrame ? Frame.make(count: inner.size, parent: f) : f
            try store(frame, item)
            let flow: Flow
            do { flow = try body(frame) } catch let signal as ControlSignal { flow = signal.flow }
            switch flow {
            case .normal, .continueLoop: return true
            case .breakLoop: return false
            case .returned:
                exit = .returned
                return false
            }
        }

        return { f in
            let collection = try iterable(f)
            var exit: Flow?
            switch collection {
            case .range(let r):
                let n = r.count
                var i = 0
                while i < n {
                    if try !step(f, .number(r.element(i)), &exit) { break }
                    i += 1
                }
            case .list(let l):
                for item in l.items {
                    if try !step(f, item, &exit) { break }
                }
            default:
                guard let items = iterate(collection) else { throw cannotIterate(collection, file: file, at: location) }
                for item in items {
                    if try !step(f, item, &exit) { break }
                }
            }
            if let exit { return exit }
            registers.result = .nil
            return .normal
        }
    }

    private func compileAssignment(_ s: AssignStmt) -> StmtCode {
        let value = compileExpression(s.value)
        let registers = self.registers
        let op: BinaryOperator? = {
            switch s.op {
            case .assign: return nil
            case .add: return .add
            case .subtract: return .subtract
            case .multiply: return .multiply
            case .divide: return .divide
            }
        }()
        let interpreter = self.interpreter
        let file = self.file
        let location = s.location
        func combine(_ old: Value, _ new: Value) throws -> Value {
            guard let op else { return new }
            if case .number(let a) = old, case .number(let b) = new {
                switch op {
                case .add: return .number(a + b)
                case .subtract: return .number(a - b)
                case .multiply: return .number(a * b)
                default: break
                }
            }
            return try interpreter.binary(op, old, new, file: file, at: location)
        }

        switch s.destination {
        case .variable(let target):
            guard let d = target.declaration else { return { _ in .normal } }
            let store = write(d)
            if op == nil {
                return { f in
                    store(f, try value(f))
                    registers.result = .nil
                    return .normal
                }
            }
            if !d.isGlobal, op == .add || op == .subtract {
                // `i += 1` on a local, the loop counter case (or a closure's captured counter):
                // no read or write closures, and numbers combined inline; `s += t` on strings
                // appends in place. The old value is read before the right side runs, as always.
                let slot = d.slot
                let isAdd = op == .add
                @inline(__always) func update(_ slots: UnsafeMutablePointer<Value>, _ f: Frame) throws {
                    var old = slots[slot]
                    let new = try value(f)
                    if case .number(let a) = old, case .number(let b) = new {
                        slots[slot] = .number(isAdd ? a + b : a - b)
                    } else if isAdd, case .string(let b) = new, let count = old.stringByteCount,
                              count + b.utf8.count <= RuntimeLimits.maxStringBytes {
                        slots[slot] = .nil
                        old.appendString(b)
                        slots[slot] = old
                    } else {
                        slots[slot] = try combine(old, new)
                    }
                }
                switch hops(to: d) {
                case 0:
                    return { f in
                        try update(f.slots, f)
                        registers.result = .nil
                        return .normal
                    }
                case let n:
                    return { f in
                        let owner = f.ancestor(n)
                        try update(owner.slots, f)
                        withExtendedLifetime(owner) {}
                        registers.result = .nil
                        return .normal
                    }
                }
            }
            let load = read(d, at: target.location)
            if d.isGlobal, op == .add {
                // `total += x` on a global (top-level loops): the same inline cases, read and
                // written in the globals' buffer.
                let slot = d.slot >= 0 ? d.slot : globals.slot(for: d)
                let g = globals
                return { f in
                    var old = try load(f)
                    let new = try value(f)
                    if case .number(let a) = old, case .number(let b) = new {
                        g.storage[slot] = .number(a + b)
                    } else if case .string(let b) = new, let count = old.stringByteCount,
                              count + b.utf8.count <= RuntimeLimits.maxStringBytes {
                        g.storage[slot] = .nil
                        old.appendString(b)
                        g.storage[slot] = old
                    } else {
                        g.set(slot, try combine(old, new))
                    }
                    registers.result = .nil
                    return .normal
                }
            }
            return { f in
                store(f, try combine(try load(f), try value(f)))
                registers.result = .nil
                return .normal
            }
        case .field(let target):
            let object = compileExpression(target.object)
            let name = target.name
            return { f in
                let o = try object(f)
                guard case .record(let r) = o else {
                    throw Diagnostic(.runtime, "cannot set field '\(name)' of \(describeForError(o)); only records have settable fields",
                                     file: file, at: target.location)
                }
                var current: Value = .nil
                if op != nil {
                    guard let old = r.get(name) else {
                        throw Diagnostic(.runtime, "record has no field '\(name)'", file: file, at: target.location)
                    }
                    current = old
                }
                r.set(name, try combine(current, try value(f)))
                registers.result = .nil
                return .normal
            }
        case .element(let target):
            let object = compileExpression(target.object)
            let index = compileExpression(target.index)
            return { f in
                let o = try object(f)
                let i = try index(f)
                let old: Value = op == nil ? .nil : try interpreter.subscriptValue(o, i, file: file, at: target.location)
                let new = try combine(old, try value(f))
                try interpreter.setSubscript(o, i, new, file: file, at: target.location)
                registers.result = .nil
                return .normal
            }
        }
    }
}
