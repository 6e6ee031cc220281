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
    /// Parameter names in order, for the bindings' named argument reads. Searched linearly: a
    /// built-in has at most a few dozen parameters, and comparing short (inline) strings costs
    /// less than hashing one (callgrind: 330 instructions per read through a dictionary).
    let parameterNames: [String]

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
        self.parameterNames = parameters.map(\.name)
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

/// Every built-in function and method an interpreter has. `Registry.core()` makes one with the
/// language's own built-ins; an embedder adds its own (WWLibrary's `Library.register(into:)`
/// adds the domain modules') and hands the registry to `Interpreter(registry:)`. Once sealed a
/// registry no longer changes, so one instance can serve every interpreter (`Registry.sharedCore`,
/// `Library.registry`) on any thread.
public final class Registry: @unchecked Sendable {
    public private(set) var functions: [String: BuiltinFunction] = [:]
    /// Methods by receiver type name, then method name.
    public private(set) var methods: [String: [String: BuiltinFunction]] = [:]
    /// Global functions in registration order, for the reference.
    public private(set) var ordered: [BuiltinFunction] = []
    /// Named constants (pi, inf, nan) with their docs.
    public private(set) var constants: [(name: String, value: Value, doc: String)] = []
    /// Category titles and the paragraph that introduces each in the reference, in order.
    public private(set) var categories: [(name: String, doc: String)] = []

    /// Whether the registry is read-only: adding to a sealed registry is a programming error.
    public private(set) var isSealed = false

    public init() {}

    /// Makes the registry read-only and returns it.
    @discardableResult
    public func sealed() -> Registry {
        isSealed = true
        return self
    }

    /// Whether a global built-in of that name exists (the standard library asks before loading
    /// a file that needs domain built-ins).
    public func has(_ name: String) -> Bool { functions[name] != nil }

    public func category(_ name: String, doc: String) {
        precondition(!isSealed, "category \(name) added to a sealed registry")
        if !categories.contains(where: { $0.name == name }) { categories.append((name, doc)) }
    }

    public func constant(_ name: String, _ value: Value, doc: String) {
        precondition(!isSealed, "constant \(name) added to a sealed registry")
        constants.append((name, value, doc))
    }

    /// Registers a built-in from its signature text, e.g.
    /// `sort(items, key = nil, descending = false) -> list`. Defaults are literals (numbers,
    /// strings, true, false, nil). `global: false` makes it a method only.
    public func define(_ signature: String, category: String, methodOf: [String] = [], global: Bool = true,
                       doc: String, body: @escaping (inout BuiltinCall) throws -> Value) {
        precondition(!isSealed, "built-in \(signature) added to a sealed registry")
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
