/// Names the resolver can see beyond the program itself: built-ins, and in the REPL the globals
/// that earlier inputs defined.
public protocol NameEnvironment {
    func declaration(named name: String) -> Declaration?
    var visibleNames: [String] { get }
    /// A note for a name that is not a variable but means something else (a method of a
    /// built-in type, for instance), or nil.
    func hint(forUndefined name: String) -> String?
}

public extension NameEnvironment {
    func hint(forUndefined name: String) -> String? { nil }
}

/// Static checks before anything runs (jlox's resolver pass): every name refers to a declaration,
/// constants are not assigned, `return`/`break`/`param`/`import` appear only where they mean
/// something. It also marks variables that closures capture, which decides where the compiler
/// stores them.
public struct Resolver {
    private let environment: NameEnvironment
    private let allowsRedeclaration: Bool
    private let file: SourceFile
    /// Innermost last. Index 0 is the program's global scope.
    private var scopes: [(scope: Scope, names: [String: Declaration])] = []
    private var functionDepth = 0
    /// The function depth at which each scope was opened, to detect captures.
    private var scopeFunctionDepth: [Int] = []
    private var loopDepth = 0
    /// True while resolving a parameter's default value (not a function nested in it): the
    /// default runs before the call starts, so a `return` there would leave the caller.
    private var inDefaultValue = false
    /// Top-level declarations already executed at this point of the top-level code.
    private var definedGlobals = Set<ObjectIdentifier>()
    /// Undefined names found so far, when resolution goes on past them (`wwn lint`); nil when
    /// the first one ends it (running a program).
    private var undefinedNames: [Diagnostic]?

    public init(file: SourceFile, environment: NameEnvironment, allowsRedeclaration: Bool) {
        self.file = file
        self.environment = environment
        self.allowsRedeclaration = allowsRedeclaration
    }

    public mutating func resolve(_ program: Program) throws {
        let global = Scope(isFunction: false)
        program.scope = global
        scopes = [(global, [:])]
        scopeFunctionDepth = [0]
        try declareTopLevel(program.statements)
        for statement in program.statements { try resolve(statement, topLevel: true) }
    }

    /// Every static error a checker can report at once, in source order: all undefined names
    /// (each use, with its position), and the first error of any other kind, after which the
    /// scopes may not be what the program meant and further reports would be noise. Empty when
    /// the program is fine. For `wwn lint`; running a program stops at the first error.
    public mutating func diagnostics(for program: Program) -> [Diagnostic] {
        undefinedNames = []
        defer { undefinedNames = nil }
        var found: [Diagnostic] = []
        do {
            try resolve(program)
        } catch let diagnostic as Diagnostic {
            found.append(diagnostic)
        } catch {
            found.append(Diagnostic(.resolution, "\(error)", file: file, at: nil))
        }
        found += undefinedNames ?? []
        return found.sorted { ($0.location?.offset ?? 0) < ($1.location?.offset ?? 0) }
    }

    private func error(_ message: String, at location: SourceLocation, length: Int = 1, notes: [String] = []) -> Diagnostic {
        Diagnostic(.resolution, message, file: file, at: location, length: length, notes: notes)
    }

    /// Top-level names are known before the code runs, so a function may call another declared
    /// further down; top-level code itself may not read a name before its declaration.
    private mutating func declareTopLevel(_ statements: [Stmt]) throws {
        for statement in statements {
            switch statement.kind {
            case .let(let s):
                s.declarations = try zip(s.binding.names, s.binding.locations).map {
                    try declareGlobal($0.0, kind: s.isMutable ? .variable : .constant, at: $0.1)
                }
            case .param(let s):
                s.declaration = try declareGlobal(s.name, kind: .parameter, at: s.location)
            case .function(let s):
                let d = try declareGlobal(s.function.name ?? "", kind: .function, at: s.location)
                s.declaration = d
                definedGlobals.insert(ObjectIdentifier(d))
            case .import(let s):
                let name = s.boundName
                let isName = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                    && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
                guard isName, TokenKind.keywords[name] == nil else {
                    // Otherwise the module would be bound to a name no code can write.
                    throw error("the module name '\(name)' is not a valid name", at: s.location, length: 6,
                                notes: ["give it one with 'as': import \"\(s.path)\" as \(name.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.lowercased())"])
                }
                s.declaration = try declareGlobal(name, kind: .module, at: s.location)
            // Named, not `default`: a new statement that declares a name must be added here.
            case .for, .while, .return, .break, .continue, .assign, .expression:
                break
            }
        }
    }

    private mutating func declareGlobal(_ name: String, kind: Declaration.Kind, at location: SourceLocation) throws -> Declaration {
        if let existing = scopes[0].names[name], !allowsRedeclaration {
            throw error("'\(name)' is already declared at line \(existing.location.line)", at: location,
                        length: name.count, notes: ["choose another name, or assign with '=' if it was declared with 'var'"])
        }
        let d = Declaration(name: name, kind: kind, location: location, isGlobal: true)
        scopes[0].names[name] = d
        scopes[0].scope.declarations.append(d)
        return d
    }

    // MARK: scopes

    private mutating func push(_ scope: Scope) {
        scopes.append((scope, [:]))
        scopeFunctionDepth.append(functionDepth)
    }

    private mutating func pop() {
        scopes.removeLast()
        scopeFunctionDepth.removeLast()
    }

    private mutating func declareLocal(_ name: String, kind: Declaration.Kind, at location: SourceLocation) throws -> Declaration {
        if let existing = scopes[scopes.count - 1].names[name] {
            throw error("'\(name)' is already declared in this scope at line \(existing.location.line)", at: location, length: name.count)
        }
        let d = Declaration(name: name, kind: kind, location: location, isGlobal: false)
        scopes[scopes.count - 1].names[name] = d
        scopes[scopes.count - 1].scope.declarations.append(d)
        return d
    }

    private mutating func lookup(_ name: String, at location: SourceLocation) throws -> Declaration {
        for i in stride(from: scopes.count - 1, through: 0, by: -1) {
            if let d = scopes[i].names[name] {
                if i > 0, scopeFunctionDepth[i] < functionDepth { d.isCaptured = true }
                if d.isGlobal, functionDepth == 0, d.kind != .function, !definedGlobals.contains(ObjectIdentifier(d)) {
                    throw error("'\(name)' is used before its declaration at line \(d.location.line)", at: location, length: name.count)
                }
                return d
            }
        }
        if let d = environment.declaration(named: name) { return d }
        var visible = environment.visibleNames
        for entry in scopes { visible.append(contentsOf: entry.names.keys) }
        visible.append(contentsOf: TokenKind.keywordNames)
        var notes: [String] = []
        if let hint = environment.hint(forUndefined: name) {
            notes.append(hint)
        } else if let suggestion = closestName(to: name, in: visible) {
            notes.append("did you mean '\(suggestion)'?")
        }
        let undefined = error("undefined name '\(name)'", at: location, length: name.count, notes: notes)
        guard undefinedNames != nil else { throw undefined }
        // Checking goes on as if the name were a variable declared elsewhere.
        undefinedNames?.append(undefined)
        return Declaration(name: name, kind: .variable, location: location, isGlobal: true)
    }

    // MARK: statements

    private mutating func resolve(_ block: Block, scope: Scope? = nil) throws {
        let scope = scope ?? Scope(isFunction: false)
        block.scope = scope
        push(scope)
        defer { pop() }
        for statement in block.statements { try resolve(statement, topLevel: false) }
    }

    private mutating func resolve(_ statement: Stmt, topLevel: Bool) throws {
        switch statement.kind {
        case .let(let s):
            try resolve(s.value)
            if topLevel {
                for d in s.declarations { definedGlobals.insert(ObjectIdentifier(d)) }
            } else {
                s.declarations = try zip(s.binding.names, s.binding.locations).map {
                    try declareLocal($0.0, kind: s.isMutable ? .variable : .constant, at: $0.1)
                }
            }
        case .param(let s):
            guard topLevel, let d = s.declaration else {
                throw error("'param' declares a notebook parameter and belongs at the top level", at: s.location, length: 5)
            }
            try resolve(s.value)
            definedGlobals.insert(ObjectIdentifier(d))
        case .function(let s):
            if !topLevel {
                s.declaration = try declareLocal(s.function.name ?? "", kind: .function, at: s.location)
            }
            try resolveFunction(s.function)
        case .import(let s):
            guard topLevel, let d = s.declaration else {
                throw error("'import' belongs at the top level of a file", at: s.location, length: 6)
            }
            definedGlobals.insert(ObjectIdentifier(d))
        case .for(let s):
            try resolve(s.iterable)
            let scope = Scope(isFunction: false)
            s.body.scope = scope
            push(scope)
            s.declarations = try zip(s.binding.names, s.binding.locations).map {
                try declareLocal($0.0, kind: .constant, at: $0.1)
            }
            loopDepth += 1
            for statement in s.body.statements { try resolve(statement, topLevel: false) }
            loopDepth -= 1
            pop()
        case .while(let s):
            try resolve(s.condition)
            loopDepth += 1
            try resolve(s.body)
            loopDepth -= 1
        case .return(let s):
            guard functionDepth > 0 else {
                throw error("'return' outside a function", at: s.location, length: 6)
            }
            guard !inDefaultValue else {
                throw error("'return' cannot appear in a parameter's default value", at: s.location, length: 6)
            }
            if let value = s.value { try resolve(value) }
        case .break(let s):
            guard loopDepth > 0 else { throw error("'break' outside a loop", at: s.location, length: 5) }
        case .continue(let s):
            guard loopDepth > 0 else { throw error("'continue' outside a loop", at: s.location, length: 8) }
        case .assign(let s):
            try resolve(s.value)
            switch s.destination {
            case .variable(let target):
                let d = try lookup(target.name, at: target.location)
                target.declaration = d
                guard d.isAssignable else {
                    throw error("cannot assign to \(d.kind.rawValue) '\(target.name)'", at: target.location,
                                length: target.name.count, notes: assignmentNotes(d))
                }
            case .field(let target):
                try resolve(target)
            case .element(let target):
                try resolve(target)
            }
        case .expression(let s):
            try resolve(s.expression)
        }
    }

    private func assignmentNotes(_ d: Declaration) -> [String] {
        switch d.kind {
        case .constant: return ["'\(d.name)' was declared with 'let' at line \(d.location.line); declare it with 'var' to change it"]
        case .parameter: return ["notebook parameters are set with 'wwn run -p \(d.name)=VALUE'"]
        case .builtin: return ["'\(d.name)' is a built-in; declare your own variable with another name"]
        default: return []
        }
    }

    private mutating func resolveFunction(_ function: FunctionExpr) throws {
        let scope = Scope(isFunction: true)
        function.scope = scope
        function.body.scope = scope
        functionDepth += 1
        let savedLoops = loopDepth
        let savedInDefault = inDefaultValue
        loopDepth = 0
        inDefaultValue = false
        push(scope)
        defer {
            pop()
            functionDepth -= 1
            loopDepth = savedLoops
            inDefaultValue = savedInDefault
        }
        for parameter in function.parameters {
            if let value = parameter.defaultValue {
                inDefaultValue = true
                defer { inDefaultValue = false }
                try resolve(value)
            }
            parameter.declaration = try declareLocal(parameter.name, kind: .argument, at: parameter.location)
        }
        for statement in function.body.statements { try resolve(statement, topLevel: false) }
    }

    // MARK: expressions

    private mutating func resolve(_ expr: Expr) throws {
        switch expr.kind {
        case .number, .bool, .nil:
            break
        case .string(let e):
            for case .expression(let inner) in e.parts { try resolve(inner) }
        case .identifier(let e):
            e.declaration = try lookup(e.name, at: e.location)
        case .list(let e):
            for element in e.elements { try resolve(element) }
        case .record(let e):
            for entry in e.entries { try resolve(entry.value) }
        case .unary(let e):
            try resolve(e.operand)
        case .binary(let e):
            try resolve(e.left)
            try resolve(e.right)
        case .logical(let e):
            try resolve(e.left)
            try resolve(e.right)
        case .range(let e):
            try resolve(e.lower)
            try resolve(e.upper)
        case .call(let e):
            try resolve(e.callee)
            for argument in e.arguments { try resolve(argument.value) }
        case .methodCall(let e):
            try resolve(e.object)
            for argument in e.arguments { try resolve(argument.value) }
        case .index(let e):
            try resolve(e.object)
            try resolve(e.index)
        case .slice(let e):
            try resolve(e.object)
            if let lower = e.lower { try resolve(lower) }
            if let upper = e.upper { try resolve(upper) }
        case .subscripts(let e):
            try resolve(e.object)
            for part in e.parts {
                switch part {
                case .index(let index): try resolve(index)
                case let .range(start, stop, step):
                    for bound in [start, stop, step] { if let bound { try resolve(bound) } }
                }
            }
        case .field(let e):
            try resolve(e.object)
        case .if(let e):
            for branch in e.branches {
                try resolve(branch.condition)
                try resolve(branch.body)
            }
            if let elseBody = e.elseBody { try resolve(elseBody) }
        case .comprehension(let e):
            // As nested `for` loops: each clause's names get a scope of their own, seen by the
            // clauses after it and by the element.
            var opened = 0
            defer { for _ in 0..<opened { pop() } }
            for clause in e.clauses {
                switch clause {
                case .for(let loop):
                    try resolve(loop.iterable)
                    let scope = Scope(isFunction: false)
                    loop.scope = scope
                    push(scope)
                    opened += 1
                    loop.declarations = try zip(loop.binding.names, loop.binding.locations).map {
                        try declareLocal($0.0, kind: .constant, at: $0.1)
                    }
                case .if(let condition):
                    try resolve(condition)
                }
            }
            try resolve(e.element)
        case .try(let e):
            try resolve(e.body)
            // The catch variable belongs to the handler's scope, as a loop variable to its body.
            let scope = Scope(isFunction: false)
            e.handler.scope = scope
            push(scope)
            defer { pop() }
            if let name = e.errorName {
                e.errorDeclaration = try declareLocal(name, kind: .constant, at: e.errorLocation)
            }
            for statement in e.handler.statements { try resolve(statement, topLevel: false) }
        case .function(let e):
            try resolveFunction(e)
        }
    }
}
