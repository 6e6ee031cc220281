import Foundation
import WWInterpreter
import WWSyntax

/// The REPL's help, written from the registry and the standard library's `##` docs: the same
/// text `wwn docs` publishes, so help cannot drift from the code it describes. The Jupyter
/// kernel answers inspect requests with it too.
public struct HelpCatalog {
    let interpreter: Interpreter

    public init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// Width prose is wrapped to: readable on an 80-column terminal with the indent.
    static let textWidth = 78
    static let indent = "    "

    static let keyBindings = """
        Keys: Tab completes names, fields after a dot, parameter names inside a call's \
        parentheses and file paths inside strings; Ctrl-R \
        searches the history; Ctrl-C interrupts a running evaluation (or clears the line); \
        Ctrl-D leaves. `_` is the last result.
        """

    private var registry: Registry { interpreter.registry }

    /// `:help` with no topic: the commands, the built-ins by category, and the keys.
    func overview() -> String {
        var out = "Commands:\n"
        let usageWidth = ReplCommand.descriptions.map(\.usage.count).max() ?? 0
        for command in ReplCommand.descriptions {
            out += "  \(command.usage.padding(toLength: usageWidth, withPad: " ", startingAt: 0))  \(command.summary)\n"
        }
        out += "\nBuilt-ins by category (:help CATEGORY summarises one, ?NAME shows a function):\n"
        var rows = registry.categories.map { category in (category.name, names(in: category.name)) }
        let library = StandardLibrary.functions.map(\.name)
        if !library.isEmpty { rows.append(("Library", library)) }
        let titleWidth = rows.map(\.0.count).max() ?? 0
        for (title, names) in rows where !names.isEmpty {
            let head = "  \(title.padding(toLength: titleWidth, withPad: " ", startingAt: 0))  "
            out += Self.wrap(names.joined(separator: " "), firstPrefix: head,
                             prefix: String(repeating: " ", count: head.count))
        }
        out += "\n" + Self.wrap(Self.keyBindings, firstPrefix: "", prefix: "")
        return out
    }

    /// The help for one topic, or nil when nothing is called that.
    public func text(for rawTopic: String) -> String? {
        var topic = rawTopic.trimmingCharacters(in: .whitespaces)
        if topic.hasSuffix("()") { topic.removeLast(2) }
        if topic.hasPrefix(":") { return commandHelp(String(topic.dropFirst())) }
        // The session's own functions first: a user's `fn mean` hides the built-in of that name.
        if interpreter.globalNames.contains(topic), let value = interpreter.globalValue(named: topic), let help = callableHelp(value) {
            return help
        }
        if let dot = topic.lastIndex(of: "."), dot != topic.startIndex {
            let type = String(topic[..<dot]), name = String(topic[topic.index(after: dot)...])
            if let method = registry.method(name, of: type) { return functionHelp(method) }
            if let help = memberHelp(String(name), of: type.split(separator: ".").map(String.init)) { return help }
        }
        if let function = registry.functions[topic] { return functionHelp(function) }
        if let function = StandardLibrary.functions.first(where: { $0.name == topic }) {
            return "\(function.signature)\n\(Self.indent)standard library (stdlib/\(function.file))\n\n"
                + Self.wrap(function.doc, firstPrefix: Self.indent, prefix: Self.indent)
        }
        if let method = registry.methods.keys.sorted().lazy.compactMap({ registry.methods[$0]?[topic] }).first {
            return functionHelp(method)
        }
        if let constant = registry.constants.first(where: { $0.name == topic }) {
            return "\(constant.name) = \(ValueFormatter.repr(constant.value))\n\n"
                + Self.wrap(constant.doc, firstPrefix: Self.indent, prefix: Self.indent)
        }
        if let category = registry.categories.first(where: { $0.name.lowercased() == topic.lowercased() }) {
            return categoryHelp(category.name, doc: category.doc)
        }
        if let command = commandHelp(topic) { return command }
        if TokenKind.keywordNames.contains(topic) {
            return "'\(topic)' is a keyword of the language; docs/language.md describes it.\n"
        }
        if let value = interpreter.globalValue(named: topic) {
            return "\(topic) is a \(value.typeName) variable: \(VariableSummary.line(for: value))\n"
        }
        return nil
    }

    /// Names help knows about, for "did you mean" and completion after `?`.
    var topics: [String] {
        var names = Array(registry.functions.keys) + StandardLibrary.functions.map(\.name)
        names += registry.methods.values.flatMap(\.keys) + registry.constants.map(\.name)
        names += registry.categories.map(\.name)
        return Array(Set(names)).sorted()
    }

    private func commandHelp(_ name: String) -> String? {
        guard let command = ReplCommand.descriptions.first(where: { $0.name == (ReplCommand.aliases[name] ?? name) }) else {
            return nil
        }
        return "\(command.usage)\n\(Self.indent)\(command.summary)\n"
    }

    /// `?xs.push`, `?run.fit`: what the dot reaches on the value a chain of names holds (a
    /// field holding a function, else a method of the value's type).
    private func memberHelp(_ name: String, of chain: [String]) -> String? {
        guard let receiver = SessionValues.value(at: chain, in: interpreter) else { return nil }
        if let field = SessionValues.field(name, of: receiver), let help = callableHelp(field) { return help }
        return registry.method(name, of: receiver.typeName).map(functionHelp)
    }

    /// Help for a function value: a built-in's entry, or a user function's signature and `##`
    /// documentation. Nil for any other value.
    private func callableHelp(_ value: Value) -> String? {
        switch value {
        case .builtin(let builtin):
            return functionHelp(builtin)
        case .function(let function):
            var out = "\(function.signature)\n\(Self.indent)defined at \(function.definition)\n\n"
            if let doc = function.documentation {
                out += Self.wrap(doc, firstPrefix: Self.indent, prefix: Self.indent)
            } else {
                out += "\(Self.indent)(no documentation: write ## lines just above its fn)\n"
            }
            return out
        default:
            return nil
        }
    }

    private func functionHelp(_ function: BuiltinFunction) -> String {
        var out = function.signature + "\n"
        var facts = ["category \(function.category)"]
        if !function.methodOf.isEmpty {
            let example = function.parameters.isEmpty ? "" : ": x.\(function.name)(…) is \(function.name)(x, …)"
            facts.append("method of \(function.methodOf.joined(separator: ", "))" + example)
        }
        out += Self.indent + facts.joined(separator: "; ") + "\n\n"
        out += Self.wrap(function.doc, firstPrefix: Self.indent, prefix: Self.indent)
        return out
    }

    private func categoryHelp(_ name: String, doc: String) -> String {
        var out = name + "\n" + Self.wrap(doc, firstPrefix: Self.indent, prefix: Self.indent) + "\n"
        let functions = registry.ordered.filter { $0.category == name }
        let width = functions.map(\.name.count).max() ?? 0
        for function in functions {
            let head = "  \(function.name.padding(toLength: width, withPad: " ", startingAt: 0))  "
            out += Self.wrap(function.summary, firstPrefix: head, prefix: String(repeating: " ", count: head.count))
        }
        return out
    }

    /// Global functions of a category in registration order, then its method-only built-ins
    /// written `.name` (they are called on a value).
    private func names(in category: String) -> [String] {
        registry.ordered.filter { $0.category == category }.map { function in
            registry.functions[function.name] === function ? function.name : "." + function.name
        }
    }

    /// Greedy word wrap; each line of the input is wrapped on its own so paragraphs survive.
    static func wrap(_ text: String, firstPrefix: String, prefix: String, width: Int = textWidth) -> String {
        var out = ""
        var linePrefix = firstPrefix
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = linePrefix
            var lineHasWord = false
            for word in paragraph.split(separator: " ") {
                if lineHasWord, line.count + 1 + word.count > width {
                    out += line + "\n"
                    line = prefix
                    lineHasWord = false
                }
                line += (lineHasWord ? " " : "") + word
                lineHasWord = true
            }
            out += line.trimmingCharacters(in: .whitespaces).isEmpty ? "\n" : line + "\n"
            linePrefix = prefix
        }
        return out
    }
}
