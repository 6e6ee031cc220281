import Foundation
import WWSyntax

/// One parameter of a built-in, as written in its signature: `name`, `name = default` or
/// `names...` (collects the remaining positional arguments).
public struct BuiltinParameter {
    public let name: String
    public let defaultValue: Value?
    public let defaultText: String?
    public var isRequired: Bool { defaultValue == nil }
}

/// A built-in function. Its signature, defaults and doc live here and nowhere else: the REPL's
/// help and completion, `wwn docs` and the argument errors all read them, so they cannot drift.
public final class BuiltinFunction {
    public let name: String
    public let parameters: [BuiltinParameter]
    /// Name of the parameter collecting extra positional arguments, if any.
    public let variadic: String?
    public let returns: String
    public let category: String
    public let doc: String
    /// Types whose values can call it as a method: `xs.push(1)` is `push(xs, 1)`.
    public let methodOf: [String]
    let body: (inout BuiltinCall) throws -> Value
    /// Set for a method read without calling it (`let f = xs.push`).
    let receiver: Value?

    init(name: String, parameters: [BuiltinParameter], variadic: String?, returns: String, category: String,
         doc: String, methodOf: [String], receiver: Value? = nil, body: @escaping (inout BuiltinCall) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.returns = returns
        self.category = category
        self.doc = doc
        self.methodOf = methodOf
        self.receiver = receiver
        self.body = body
    }

    func bound(to receiver: Value) -> BuiltinFunction {
        BuiltinFunction(name: name, parameters: parameters, variadic: variadic, returns: returns, category: category,
                        doc: doc, methodOf: methodOf, receiver: receiver, body: body)
    }

    /// `name(a, b = 1, rest...) -> type`, as shown in errors, help and the reference.
    public var signature: String {
        var parts = parameters.map { p in p.defaultText.map { "\(p.name) = \($0)" } ?? p.name }
        if let variadic { parts.append("\(variadic)...") }
        return "\(name)(\(parts.joined(separator: ", "))) -> \(returns)"
    }

    /// The first sentence of the doc, for completion menus and `:help` listings.
    public var summary: String {
        if let end = doc.firstIndex(of: ".") { return String(doc[...end]) }
        return doc
    }
}

/// The arguments of one built-in call, bound to the parameters by position or name with the
/// defaults filled in. The typed accessors produce errors that name the argument.
public struct BuiltinCall {
    public let function: BuiltinFunction
    public var values: [Value]
    public var rest: [Value]
    /// Unowned without a reference count: a call never outlives the interpreter running it, and
    /// counting costs two atomic operations per built-in call.
    public unowned(unsafe) let interpreter: Interpreter
    /// Where the built-in was called: callbacks it runs report this call in their stack.
    let site: CallSite

    init(function: BuiltinFunction, values: [Value], rest: [Value], interpreter: Interpreter, site: CallSite) {
        self.function = function
        self.values = values
        self.rest = rest
        self.interpreter = interpreter
        self.site = site
    }

    public func value(_ i: Int) -> Value { values[i] }

    private func name(_ i: Int) -> String { function.parameters[i].name }

    public func fail(_ i: Int, expected: String) -> BuiltinError {
        BuiltinError("argument '\(name(i))' must be \(expected), got \(describeForError(values[i]))")
    }

    public func number(_ i: Int) throws -> Double {
        if case .number(let x) = values[i] { return x }
        throw fail(i, expected: "a number")
    }

    public func optionalNumber(_ i: Int) throws -> Double? {
        if case .nil = values[i] { return nil }
        return try number(i)
    }

    /// A whole number within `range`, for counts, indices and seeds.
    public func integer(_ i: Int, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws -> Int {
        let x = try number(i)
        guard x.isFinite, x == x.rounded() else { throw fail(i, expected: "a whole number") }
        guard x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
            throw BuiltinError("argument '\(name(i))' must be between \(range.lowerBound) and \(range.upperBound), got \(formatNumber(x))")
        }
        return Int(x)
    }

    public func optionalInteger(_ i: Int, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws -> Int? {
        if case .nil = values[i] { return nil }
        return try integer(i, in: range)
    }

    public func string(_ i: Int) throws -> String {
        if case .string(let s) = values[i] { return s }
        throw fail(i, expected: "a string")
    }

    public func optionalString(_ i: Int) throws -> String? {
        if case .nil = values[i] { return nil }
        return try string(i)
    }

    public func bool(_ i: Int) throws -> Bool {
        if case .bool(let b) = values[i] { return b }
        throw fail(i, expected: "true or false")
    }

    public func list(_ i: Int) throws -> ListObject {
        if case .list(let l) = values[i] { return l }
        throw fail(i, expected: "a list")
    }

    public func record(_ i: Int) throws -> RecordObject {
        if case .record(let r) = values[i] { return r }
        throw fail(i, expected: "a record")
    }

    public func table(_ i: Int) throws -> TableObject {
        if case .table(let t) = values[i] { return t }
        throw fail(i, expected: "a table")
    }

    /// A function value: a closure or a built-in.
    public func callable(_ i: Int) throws -> Value {
        switch values[i] {
        case .function, .builtin: return values[i]
        default: throw fail(i, expected: "a function")
        }
    }

    public func optionalCallable(_ i: Int) throws -> Value? {
        if case .nil = values[i] { return nil }
        return try callable(i)
    }

    /// The elements of any iterable argument (list, range, string, table rows, record keys).
    public func elements(_ i: Int) throws -> [Value] {
        if case .range(let r) = values[i], r.count > RuntimeLimits.maxListedRange {
            throw BuiltinError("argument '\(name(i))' is a range of \(r.count) numbers, more than the \(RuntimeLimits.maxListedRange) a built-in lists; walk it with 'for' instead")
        }
        guard let items = iterate(values[i]) else { throw fail(i, expected: "a list or another iterable value") }
        return items
    }

    /// Numbers from a list or range, for statistics.
    public func numbers(_ i: Int) throws -> [Double] {
        let items = try elements(i)
        return try items.enumerated().map { j, v in
            guard case .number(let x) = v else {
                throw BuiltinError("argument '\(name(i))' must hold only numbers, but element \(j) is \(describeForError(v))")
            }
            return x
        }
    }

    /// One of a fixed set of strings (an option such as `fit: "power_law"`).
    public func choice(_ i: Int, _ options: [String]) throws -> String {
        let s = try string(i)
        guard options.contains(s) else {
            throw BuiltinError("argument '\(name(i))' must be one of \(options.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"")
        }
        return s
    }

    /// Calls a wwn function value with positional arguments.
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try interpreter.call(function, arguments, [], site: site)
    }
}

/// Every built-in function and method. Domain modules' bindings add theirs at start-up.
public final class Registry {
    public private(set) var functions: [String: BuiltinFunction] = [:]
    /// Methods by receiver type name, then method name.
    public private(set) var methods: [String: [String: BuiltinFunction]] = [:]
    /// Global functions in registration order, for the reference.
    public private(set) var ordered: [BuiltinFunction] = []
    /// Named constants (pi, inf, nan) with their docs.
    public private(set) var constants: [(name: String, value: Value, doc: String)] = []
    /// Category titles and the paragraph that introduces each in the reference, in order.
    public private(set) var categories: [(name: String, doc: String)] = []

    public init() {}

    public func category(_ name: String, doc: String) {
        if !categories.contains(where: { $0.name == name }) { categories.append((name, doc)) }
    }

    public func constant(_ name: String, _ value: Value, doc: String) {
        constants.append((name, value, doc))
    }

    /// Registers a built-in from its signature text, e.g.
    /// `sort(items, key = nil, descending = false) -> list`. Defaults are literals (numbers,
    /// strings, true, false, nil). `global: false` makes it a method only.
    public func define(_ signature: String, category: String, methodOf: [String] = [], global: Bool = true,
                       doc: String, body: @escaping (inout BuiltinCall) throws -> Value) {
        let parsed = Self.parseSignature(signature)
        let function = BuiltinFunction(name: parsed.name, parameters: parsed.parameters, variadic: parsed.variadic,
                                       returns: parsed.returns, category: category, doc: doc, methodOf: methodOf, body: body)
        if global {
            precondition(functions[parsed.name] == nil, "built-in \(parsed.name) registered twice")
            functions[parsed.name] = function
        }
        ordered.append(function)
        for type in methodOf { methods[type, default: [:]][parsed.name] = function }
    }

    public func method(_ name: String, of type: String) -> BuiltinFunction? { methods[type]?[name] }

    /// Signature text is written by developers, not users: a malformed one is a programming
    /// error caught by the registry test at start-up.
    static func parseSignature(_ text: String) -> (name: String, parameters: [BuiltinParameter], variadic: String?, returns: String) {
        let arrowParts = text.components(separatedBy: "->")
        let head = arrowParts[0].trimmingCharacters(in: .whitespaces)
        let returns = arrowParts.count > 1 ? arrowParts[1].trimmingCharacters(in: .whitespaces) : "nil"
        guard let open = head.firstIndex(of: "("), head.hasSuffix(")") else {
            preconditionFailure("malformed built-in signature: \(text)")
        }
        let name = String(head[..<open])
        let inner = head[head.index(after: open)..<head.index(before: head.endIndex)]
        var parameters: [BuiltinParameter] = []
        var variadic: String?
        for raw in splitTopLevel(String(inner)) {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if part.hasSuffix("...") {
                variadic = String(part.dropLast(3))
                continue
            }
            if let eq = part.firstIndex(of: "=") {
                let pname = part[..<eq].trimmingCharacters(in: .whitespaces)
                let literal = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                parameters.append(BuiltinParameter(name: pname, defaultValue: parseLiteral(literal), defaultText: literal))
            } else {
                parameters.append(BuiltinParameter(name: part, defaultValue: nil, defaultText: nil))
            }
        }
        return (name, parameters, variadic, returns)
    }

    private static func splitTopLevel(_ s: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        for c in s {
            if c == "\"" { inString.toggle() }
            if !inString {
                if c == "[" || c == "(" { depth += 1 }
                if c == "]" || c == ")" { depth -= 1 }
                if c == ",", depth == 0 {
                    parts.append(current)
                    current = ""
                    continue
                }
            }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    private static func parseLiteral(_ text: String) -> Value {
        switch text {
        case "nil": return .nil
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf": return .number(.infinity)
        default: break
        }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { return .string(String(text.dropFirst().dropLast())) }
        if let x = Double(text) { return .number(x) }
        if text.hasPrefix("["), text.hasSuffix("]") {
            let inner = String(text.dropFirst().dropLast())
            let items = splitTopLevel(inner).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .list(ListObject(items.map(parseLiteral)))
        }
        preconditionFailure("malformed default value in a built-in signature: \(text)")
    }
}
