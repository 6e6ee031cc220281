import CSignals
import Foundation
import WWBase
import WWNumerics
import WWSyntax

/// Where a program's output goes: `print` text, and the values of top-level expression
/// statements. The REPL writes both to the terminal; the notebook runner collects them per cell.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
    func display(_ value: Value)
    /// Called as each top-level statement of `file` starts, so a sink can tell which statement
    /// the output that follows belongs to (`wwn check` compares `#=>` expectations per
    /// statement). Statements of imported modules report their own file. Optional.
    func beginStatement(at location: SourceLocation, in file: SourceFile)
    /// Shows a figure (`show(fig)`): by default its text preview is written; a notebook embeds
    /// the image instead. Optional.
    func showFigure(_ figure: FigureValue) throws
    /// How many columns a printed table may take (a terminal's width), or nil for the tables'
    /// fixed default, which keeps saved output (reports, `#=>`) independent of any window.
    var lineWidth: Int? { get }
}

extension OutputSink {
    public var lineWidth: Int? { nil }
    public func beginStatement(at location: SourceLocation, in file: SourceFile) {}
    public func showFigure(_ figure: FigureValue) throws {
        write(try figure.terminalPreview())
    }
}

/// Writes to standard output, flushing each piece so progress appears as it happens.
public final class StandardOutput: OutputSink {
    public init() {}
    public func write(_ text: String) {
        StandardStreams.output(text)
    }
    /// The terminal's width when standard output is one (or `COLUMNS`).
    public var lineWidth: Int? { TerminalWidth.current() }
    public func display(_ value: Value) {
        write(ValueFormatter.display(value, lineWidth: lineWidth) + "\n")
    }
}

/// Collects output in memory (tests, `wwn check`).
public final class CapturedOutput: OutputSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
    public func display(_ value: Value) { text += ValueFormatter.display(value) + "\n" }
    public func reset() { text = "" }
}

/// A wwn session: the globals of the main program, the built-ins, loaded modules and the
/// output. The REPL keeps one for its whole life; `wwn run` makes one per notebook.
public final class Interpreter {
    public let registry: Registry
    public var output: OutputSink
    /// The REPL lets a later input declare a name again (replacing it); files may not.
    public var allowsRedeclaration = false
    /// Values given with `wwn run -p name=value`, used instead of the `param` defaults.
    public var parameterOverrides: [String: Value] = [:]
    /// Notebook parameters as they were set while running, in order.
    public private(set) var parameters: [(name: String, value: Value)] = []

    /// The session's random stream. Seeded with 0 at start so every run gives the same numbers.
    public var random = SeededRandom(seed: 0)

    let registers = Registers()
    let builtins = BuiltinScope()
    let globals: Globals
    private var modules: [String: Value] = [:]
    private var importChain: [String] = []

    /// A session with the built-ins of `registry` (`Registry.sharedCore`, or WWLibrary's
    /// `Library.registry` for the domain modules' too) and the standard library files whose
    /// built-ins it has.
    public init(registry: Registry, output: OutputSink = StandardOutput()) {
        self.output = output
        self.registry = registry
        for (name, function) in registry.functions { builtins.define(name, .builtin(function)) }
        for (type, methods) in registry.methods {
            for name in methods.keys where registry.functions[name] == nil {
                builtins.methodOnlyOwners[name, default: []].append(type)
            }
        }
        for name in builtins.methodOnlyOwners.keys { builtins.methodOnlyOwners[name]?.sort() }
        for constant in registry.constants { builtins.define(constant.name, constant.value) }
        globals = Globals(builtins: builtins)
        loadStandardLibrary()
    }

    // MARK: running code

    /// Parses, checks and runs `text`; returns the value of the last top-level expression statement.
    @discardableResult
    public func run(_ text: String, name: String) throws -> Value {
        try run(SourceFile(name: name, text: text))
    }

    @discardableResult
    public func run(_ file: SourceFile) throws -> Value {
        try execute(file, in: globals, allowsRedeclaration: allowsRedeclaration)
    }

    /// Parses and resolves without running: the static errors of a file, for `wwn check` and tests.
    public func checkSyntax(_ file: SourceFile) throws -> Program {
        let program = try Parser.parse(file)
        var resolver = Resolver(file: file, environment: Globals(builtins: builtins), allowsRedeclaration: false)
        try resolver.resolve(program)
        return program
    }

    /// Every static error of a file without running it, for `wwn lint`: the syntax error (the
    /// parser stops at the first), or every undefined name and the first other resolution
    /// error, in source order (none when the file is fine); and the parsed program, if any.
    public func lint(_ file: SourceFile) -> (program: Program?, diagnostics: [Diagnostic]) {
        let program: Program
        do {
            program = try Parser.parse(file)
        } catch let diagnostic as Diagnostic {
            return (nil, [diagnostic])
        } catch {
            return (nil, [Diagnostic(.syntax, "\(error)", file: file, at: nil)])
        }
        var resolver = Resolver(file: file, environment: Globals(builtins: builtins), allowsRedeclaration: false)
        return (program, resolver.diagnostics(for: program))
    }

    /// Runs a module (an import, the standard library): its top-level expression statements
    /// display nothing, only `print` writes.
    func executeModule(_ file: SourceFile, in globals: Globals) throws -> Value {
        try execute(file, in: globals, allowsRedeclaration: false, displaysResults: false)
    }

    /// Runs a program parsed with `Parser.parse` and not yet resolved (the CLI parses once to
    /// validate `-p` names against its `param`s, then runs the same tree).
    @discardableResult
    public func run(parsed program: Program) throws -> Value {
        try execute(program, in: globals, allowsRedeclaration: allowsRedeclaration)
    }

    private func execute(_ file: SourceFile, in globals: Globals, allowsRedeclaration: Bool, displaysResults: Bool = true) throws -> Value {
        try execute(try Parser.parse(file), in: globals, allowsRedeclaration: allowsRedeclaration, displaysResults: displaysResults)
    }

    private func execute(_ program: Program, in globals: Globals, allowsRedeclaration: Bool, displaysResults: Bool = true) throws -> Value {
        let file = program.file
        var resolver = Resolver(file: file, environment: globals, allowsRedeclaration: allowsRedeclaration)
        try resolver.resolve(program)
        let layout = FrameLayout(parent: nil)
        let compiler = Compiler(interpreter: self, globals: globals, file: file, layout: layout)
        compiler.displaysResults = displaysResults
        let code = compiler.compileProgram(program)
        let frame = Frame.make(count: layout.size, parent: nil)
        registers.result = .nil
        registers.depth = 0
        do {
            _ = try code(frame)
        } catch is ControlSignal {
            // The resolver keeps break/continue/return inside loops and functions.
        }
        return registers.result
    }

    /// Names of the globals defined so far (REPL completion and `:vars`).
    public var globalNames: [String] { globals.exportedNames }

    public func globalValue(named name: String) -> Value? {
        globals.value(named: name) ?? builtins.values[name]
    }

    /// Defines (or replaces) the global variable `name` from Swift, as if the program had run
    /// `var name = value`: the REPL keeps its last result in `_` this way, without printing
    /// the value back as source text.
    public func setGlobal(_ name: String, to value: Value) {
        let declaration = Declaration(name: name, kind: .variable, location: .unknown, isGlobal: true)
        globals.set(globals.slot(for: declaration), value)
    }

    /// Every name a program can see: its globals, the built-ins and the keywords.
    public var visibleNames: [String] { globals.visibleNames + TokenKind.keywordNames }

    func recordParameter(_ name: String, _ value: Value) {
        parameters.removeAll { $0.name == name }
        parameters.append((name, value))
    }

    func raiseInterrupt() throws -> Never {
        wwn_clear_interrupt()
        throw Self.interruptError
    }

    /// The error a Ctrl-C raises, wherever it is noticed (between statements or in a built-in).
    static var interruptError: Diagnostic { Diagnostic(.interrupt, "interrupted", file: nil, at: nil) }

    /// For long built-ins: throws the interrupt error if the user pressed Ctrl-C.
    public func checkInterrupt() throws {
        if registers.interruptPending { try raiseInterrupt() }
    }

    // MARK: modules

    func importModule(_ path: String, from file: SourceFile, at location: SourceLocation) throws -> Value {
        let base = file.name.contains("/") ? (file.name as NSString).deletingLastPathComponent : FileManager.default.currentDirectoryPath
        let full = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        let key = (full as NSString).standardizingPath
        if let cached = modules[key] { return cached }
        if importChain.contains(key) {
            let chain = (importChain + [key]).map { ($0 as NSString).lastPathComponent }.joined(separator: " -> ")
            throw Diagnostic(.runtime, "import cycle: \(chain)", file: file, at: location, length: 6)
        }
        let text: String
        do throws(SourceReadError) { text = try SourceFile.readText(path: key) } catch {
            var diagnostic = Diagnostic(.runtime, "cannot import '\(path)': \(key): \(error.explanation)", file: file, at: location, length: 6)
            diagnostic.exitCodeOverride = error.exitCode
            throw diagnostic
        }
        importChain.append(key)
        defer { importChain.removeLast() }
        let moduleGlobals = Globals(builtins: builtins)
        let savedResult = registers.result
        let savedDepth = registers.depth
        defer {
            registers.result = savedResult
            registers.depth = savedDepth
        }
        _ = try executeModule(SourceFile(name: key, text: text), in: moduleGlobals)
        let record = RecordObject(moduleGlobals.exportedNames.compactMap { name in moduleGlobals.value(named: name).map { (name, $0) } })
        let module = Value.record(record)
        modules[key] = module
        return module
    }

    // MARK: calls

    @inline(__always)
    func invoke(_ function: FunctionObject, _ frame: Frame, site: CallSite) throws -> Value {
        registers.depth += 1
        defer { registers.depth -= 1 }
        if registers.depth > RuntimeLimits.maxCallDepth { throw stackOverflow(function.name, site: site) }
        if registers.interruptPending { try raiseInterrupt() }
        do {
            return try function.prototype.run(frame)
        } catch let signal as ControlSignal {
            // A return inside an `if` used as a value. The return register is not cleared after
            // use: it holds at most one stale value until the next return, and clearing it cost
            // a release and a store on every call.
            return signal.flow == .returned ? registers.returnValue : registers.result
        } catch var diagnostic as Diagnostic {
            diagnostic.addFrame(function: function.name, file: site.file, location: site.location)
            throw diagnostic
        }
    }

    /// `invoke` in a frame from the function's pool, returned to the pool after the call.
    @inline(__always)
    func invokePooled(_ function: FunctionObject, _ frame: inout Frame, site: CallSite) throws -> Value {
        let value = try invoke(function, frame, site: site)
        function.prototype.recycle(&frame)
        return value
    }

    private func stackOverflow(_ name: String, site: CallSite) -> Diagnostic {
        var diagnostic = Diagnostic(.runtime, "stack overflow: more than \(RuntimeLimits.maxCallDepth) nested calls", file: site.file,
                                    at: site.location, notes: ["the innermost call is to '\(name)'; check that its recursion reaches a base case"])
        diagnostic.isCatchable = false
        return diagnostic
    }

    /// Evaluates the defaults of the parameters from `count` on. They run before `invoke`, so
    /// they count as a level of the call depth here: `fn f(a = f())` must stop with a stack
    /// overflow error, not recurse until the native stack runs out.
    func fillDefaults(_ prototype: FunctionPrototype, _ frame: Frame, given count: Int, site: CallSite) throws {
        registers.depth += 1
        defer { registers.depth -= 1 }
        if registers.depth > RuntimeLimits.maxCallDepth { throw stackOverflow(prototype.name, site: site) }
        for i in count..<prototype.parameterNames.count {
            guard let code = prototype.defaults[i] else {
                throw missingArgument(prototype, i, site: site)
            }
            frame.slots[i] = try code(frame)
        }
    }

    private func missingArgument(_ prototype: FunctionPrototype, _ i: Int, site: CallSite) -> Diagnostic {
        Diagnostic(.runtime, "missing argument '\(prototype.parameterNames[i])' in call to \(prototype.signature)",
                   file: site.file, at: site.location)
    }

    /// Calls any function value with positional and keyword arguments.
    func call(_ target: Value, _ positional: [Value], _ keywords: [(String, Value)], site: CallSite) throws -> Value {
        switch target {
        case .function(let function):
            let prototype = function.prototype
            if keywords.isEmpty, positional.count == prototype.parameterCount {
                // Every parameter given by position (callbacks of map, filter, sort keys): no
                // bookkeeping of which were given.
                var frame = prototype.frame(parent: function.closure)
                for i in positional.indices { frame.setArgument(i, positional[i]) }
                return try invokePooled(function, &frame, site: site)
            }
            let names = prototype.parameterNames
            guard positional.count <= names.count else {
                throw Diagnostic(.runtime, "\(prototype.signature) takes \(names.count) argument\(names.count == 1 ? "" : "s") but \(positional.count) were given",
                                 file: site.file, at: site.location)
            }
            var frame = prototype.frame(parent: function.closure)
            var given = [Bool](repeating: false, count: names.count)
            for (i, v) in positional.enumerated() {
                frame.slots[i] = v
                given[i] = true
            }
            for (label, v) in keywords {
                guard let i = names.firstIndex(of: label) else {
                    var notes: [String] = []
                    if let s = closestName(to: label, in: names) { notes.append("did you mean '\(s)'?") }
                    throw Diagnostic(.runtime, "\(prototype.signature) has no parameter '\(label)'", file: site.file, at: site.location, notes: notes)
                }
                guard !given[i] else {
                    throw Diagnostic(.runtime, "argument '\(label)' given twice in call to \(prototype.signature)", file: site.file, at: site.location)
                }
                frame.slots[i] = v
                given[i] = true
            }
            if given.contains(false) {
                registers.depth += 1
                defer { registers.depth -= 1 }
                if registers.depth > RuntimeLimits.maxCallDepth { throw stackOverflow(prototype.name, site: site) }
                for i in 0..<names.count where !given[i] {
                    guard let code = prototype.defaults[i] else { throw missingArgument(prototype, i, site: site) }
                    frame.slots[i] = try code(frame)
                }
            }
            return try invokePooled(function, &frame, site: site)
        case .builtin(let builtin):
            return try callBuiltin(builtin, positional, keywords, site: site)
        default:
            throw Diagnostic(.runtime, "cannot call \(describeForError(target)); it is not a function", file: site.file, at: site.location)
        }
    }

    /// Calls a function value from Swift (built-ins that take callbacks, the notebook runner).
    public func call(_ target: Value, _ arguments: [Value]) throws -> Value {
        let site = CallSite(file: SourceFile(name: "<built-in>", text: ""), location: .unknown)
        return try call(target, arguments, [], site: site)
    }

    func callBuiltin(_ builtin: BuiltinFunction, _ positional: [Value], _ keywords: [(String, Value)], site: CallSite) throws -> Value {
        let parameters = builtin.parameters
        // Fast path, most calls: positional arguments only, enough of them, and no receiver bound
        // by reading a method (`let f = xs.push`). Allocates no bookkeeping arrays.
        if keywords.isEmpty, builtin.receiver == nil, positional.count >= parameters.count {
            if positional.count == parameters.count {
                return try runBuiltin(builtin, positional, [], site: site)
            }
            if builtin.variadic != nil {
                return try runBuiltin(builtin, Array(positional[..<parameters.count]), Array(positional[parameters.count...]), site: site)
            }
        }
        var values = [Value](repeating: .nil, count: parameters.count)
        var given = [Bool](repeating: false, count: parameters.count)
        var rest: [Value] = []
        var all = positional
        if let receiver = builtin.receiver { all.insert(receiver, at: 0) }
        func fail(_ message: String, notes: [String] = []) -> Diagnostic {
            Diagnostic(.runtime, message, file: site.file, at: site.location, notes: notes + ["signature: \(builtin.signature)"])
        }
        for (i, v) in all.enumerated() {
            if i < parameters.count {
                values[i] = v
                given[i] = true
            } else if builtin.variadic != nil {
                rest.append(v)
            } else {
                throw fail("\(builtin.name)() takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s") but \(all.count) were given")
            }
        }
        for (label, v) in keywords {
            guard let i = parameters.firstIndex(where: { $0.name == label }) else {
                var notes: [String] = []
                if let s = closestName(to: label, in: parameters.map(\.name)) { notes.append("did you mean '\(s)'?") }
                throw fail("\(builtin.name)() has no parameter '\(label)'", notes: notes)
            }
            guard !given[i] else { throw fail("argument '\(label)' given twice in call to \(builtin.name)()") }
            values[i] = v
            given[i] = true
        }
        for i in 0..<parameters.count where !given[i] {
            guard let d = parameters[i].defaultValue else {
                throw fail("\(builtin.name)() is missing argument '\(parameters[i].name)'")
            }
            values[i] = deepCopy(d)
        }
        return try runBuiltin(builtin, values, rest, site: site)
    }

    /// Runs a built-in with its arguments bound (`values` one per parameter, `rest` the variadic
    /// extras); `callBuiltin` binds them, and call sites whose positional arguments match the
    /// parameters exactly come here directly.
    func runBuiltin(_ builtin: BuiltinFunction, _ values: [Value], _ rest: [Value], site: CallSite) throws -> Value {
        var call = BuiltinCall(function: builtin, values: values, rest: rest, interpreter: self, site: site)
        do {
            return try builtin.body(&call)
        } catch let error as BuiltinError {
            throw builtinFailure(builtin, error.message, notes: error.notes, site: site)
        } catch var diagnostic as Diagnostic {
            if diagnostic.kind == .runtime, diagnostic.file == nil {
                diagnostic.file = site.file
                diagnostic.location = site.location
            }
            diagnostic.addFrame(function: builtin.name, file: site.file, location: site.location)
            throw diagnostic
        } catch let error as DomainError {
            // The one translation of domain errors: their messages are written for the user.
            throw builtinFailure(builtin, error.failureMessage, notes: error.failureNotes, site: site)
        } catch let signal as ControlSignal {
            throw signal
        } catch {
            // A bug, not bad input: still located and naming the built-in, never a bare message.
            throw builtinFailure(builtin, "internal error: \(error)", notes: ["please report this as a bug in wwn"], site: site)
        }
    }

    private func builtinFailure(_ builtin: BuiltinFunction, _ message: String, notes: [String], site: CallSite) -> Diagnostic {
        var diagnostic = Diagnostic(.runtime, "\(builtin.name): \(message)", file: site.file, at: site.location,
                                    notes: notes + ["signature: \(builtin.signature)"])
        diagnostic.builtinName = builtin.name
        diagnostic.builtinMessage = message
        return diagnostic
    }

    func callMethod(_ receiver: Value, _ name: String, _ positional: [Value], _ keywords: [(String, Value)], site: CallSite) throws -> Value {
        if case .record(let record) = receiver, let member = record.get(name) {
            return try call(member, positional, keywords, site: site)
        }
        if case .object(let object) = receiver, let member = object.field(name) {
            // A domain object's field and method may share a name (a dataset's `classes` list
            // and its `classes([...])` filter): a field that cannot be called defers to the method.
            if !Self.isCallable(member), let method = registry.method(name, of: receiver.typeName) {
                return try callBuiltin(method, [receiver] + positional, keywords, site: site)
            }
            return try call(member, positional, keywords, site: site)
        }
        if let method = registry.method(name, of: receiver.typeName) {
            return try callBuiltin(method, [receiver] + positional, keywords, site: site)
        }
        throw noMember(receiver, name, file: site.file, at: site.location, isCall: true)
    }

    private static func isCallable(_ value: Value) -> Bool {
        switch value {
        case .function, .builtin: return true
        default: return false
        }
    }

    func noMember(_ receiver: Value, _ name: String, file: SourceFile, at location: SourceLocation, isCall: Bool) -> Diagnostic {
        var candidates = Array(registry.methods[receiver.typeName]?.keys ?? [:].keys)
        switch receiver {
        case .record(let r): candidates += r.keys
        case .object(let o): candidates += o.fieldNames
        case .table: candidates += Self.tableFields
        default: break
        }
        var notes: [String] = []
        if let s = closestName(to: name, in: candidates) { notes.append("did you mean '\(s)'?") }
        if !candidates.isEmpty { notes.append("available: \(candidates.sorted().joined(separator: ", "))") }
        let what: String
        if case .record = receiver { what = "record has no field '\(name)'" } else {
            what = "\(receiver.typeName) has no \(isCall ? "method" : "field") '\(name)'"
        }
        return Diagnostic(.runtime, what, file: file, at: location, length: name.count, notes: notes)
    }
}
