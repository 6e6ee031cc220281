import Foundation
import WWInterpreter

/// Tab completion: built-in and global names, keywords, fields and methods after a dot, file
/// paths inside strings, command names and help topics. Pure logic over the session's state,
/// so it is tested without a terminal; `EditLineReader` connects it to libedit.
public final class Completer {
    /// One way to finish the word before the cursor.
    public struct Candidate: Equatable {
        /// The whole word, starting with what the user typed.
        public var text: String
        /// Typed after `text` when it is the only candidate: `(` after a function, a space after
        /// a command that takes an argument.
        public var suffix: String

        public init(_ text: String, suffix: String = "") {
            self.text = text
            self.suffix = suffix
        }
    }

    /// The word being completed (as the REPL sees it) and its candidates, sorted.
    public struct Result: Equatable {
        public var word: String
        public var candidates: [Candidate]

        public init(word: String, candidates: [Candidate]) {
            self.word = word
            self.candidates = candidates
        }
    }

    private let interpreter: Interpreter
    private let currentDirectory: () -> String

    public init(interpreter: Interpreter, currentDirectory: @escaping () -> String = { FileManager.default.currentDirectoryPath }) {
        self.interpreter = interpreter
        self.currentDirectory = currentDirectory
    }

    /// Completions for the text between the start of the line and the cursor.
    public func complete(before textBeforeCursor: String) -> Result {
        switch CompletionContext.of(textBeforeCursor) {
        case .commandName(let partial):
            let names = ReplCommand.descriptions.map { ":" + $0.name }
            return Result(word: partial, candidates: names.filter { $0.hasPrefix(partial) }.map { Candidate($0, suffix: " ") })
        case .helpTopic(let partial):
            let topics = HelpCatalog(interpreter: interpreter).topics + interpreter.globalNames
            return Result(word: partial, candidates: Self.matching(topics, partial).map { Candidate($0) })
        case .path(let partial):
            return Result(word: partial, candidates: Self.pathCandidates(partial, relativeTo: currentDirectory()))
        case .name(let partial):
            return Result(word: partial, candidates: nameCandidates(partial))
        case .argument(let callee, let partial):
            let keywords = parameterNames(of: callee).filter { $0.hasPrefix(partial) }.map { Candidate($0 + ":", suffix: " ") }
            return Result(word: partial, candidates: keywords + nameCandidates(partial))
        case .member(let receiver, let partial):
            return Result(word: partial, candidates: memberCandidates(of: receiver, partial))
        case .nothing:
            return Result(word: "", candidates: [])
        }
    }

    /// The strings that replace `editorWord` — the word as libedit cut it at its break
    /// characters, which may be shorter (it breaks at `/` and `.` inside paths) or longer than
    /// the REPL's word. Nil when the two cannot be lined up. A single candidate carries its suffix.
    public static func replacements(for result: Result, editorWord: String) -> [String]? {
        let word = result.word
        var strings: [String]
        if word.hasSuffix(editorWord) {
            let cut = word.count - editorWord.count
            strings = result.candidates.map { String($0.text.dropFirst(cut)) }
        } else if editorWord.hasSuffix(word) {
            let lead = editorWord.dropLast(word.count)
            guard !lead.contains(where: { $0 == "\"" || $0 == "'" || $0 == "\\" }) else { return nil }
            strings = result.candidates.map { lead + $0.text }
        } else {
            return nil
        }
        if strings.count == 1, let only = result.candidates.first { strings[0] += only.suffix }
        return strings
    }

    // MARK: names

    private func nameCandidates(_ partial: String) -> [Candidate] {
        let names = Self.matching(interpreter.visibleNames, partial)
        return names.map { name in Candidate(name, suffix: isCallable(interpreter.globalValue(named: name)) ? "(" : "") }
    }

    /// Names starting with `partial`, sorted, without duplicates; `_`-names (private by
    /// convention) only when the user typed the underscore.
    static func matching(_ names: [String], _ partial: String) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(partial) && (partial.hasPrefix("_") || !$0.hasPrefix("_")) })).sorted()
    }

    private func isCallable(_ value: Value?) -> Bool {
        switch value {
        case .function?, .builtin?: return true
        default: return false
        }
    }

    // MARK: keyword arguments

    /// The parameters a call of `callee` may name: a built-in's from its registry signature, a
    /// user function's from its definition. A method's receiver is not one of them (it is the
    /// value before the dot). Empty when the callee is not known without running code.
    private func parameterNames(of callee: [String]) -> [String] {
        guard let name = callee.last else { return [] }
        if callee.count == 1 { return Self.parameterNames(of: interpreter.globalValue(named: name)) ?? [] }
        guard let receiver = SessionValues.value(at: Array(callee.dropLast()), in: interpreter) else { return [] }
        if let names = Self.parameterNames(of: SessionValues.field(name, of: receiver)) { return names }
        return interpreter.registry.method(name, of: receiver.typeName)?.parameters.dropFirst().map(\.name) ?? []
    }

    private static func parameterNames(of value: Value?) -> [String]? {
        switch value {
        case .function(let function)?: return function.parameterNames
        case .builtin(let builtin)?: return builtin.parameters.map(\.name)
        default: return nil
        }
    }

    // MARK: members

    /// Resolves the receiver by reading globals and fields only — completion must never run
    /// code (a call could train a model or print) — then lists what a dot can reach.
    private func memberCandidates(of receiver: CompletionContext.MemberReceiver, _ partial: String) -> [Candidate] {
        var fields: [(String, Value?)] = []
        let typeName: String
        switch receiver {
        case .literal(let name):
            typeName = name
        case .names(let chain):
            guard let value = SessionValues.value(at: chain, in: interpreter) else { return [] }
            typeName = value.typeName
            switch value {
            case .record(let record): fields = zip(record.keys, record.values).map { ($0, $1) }
            case .object(let object): fields = object.fieldNames.map { ($0, object.field($0)) }
            case .table: fields = Interpreter.tableFields.map { ($0, nil) }
            default: break
            }
        }
        var candidates: [String: Candidate] = [:]
        for (name, value) in fields where name.hasPrefix(partial) && name.allSatisfy(CompletionContext.isIdentifierCharacter) {
            candidates[name] = Candidate(name, suffix: isCallable(value) ? "(" : "")
        }
        for name in interpreter.registry.methods[typeName]?.keys ?? [:].keys where name.hasPrefix(partial) && candidates[name] == nil {
            candidates[name] = Candidate(name, suffix: "(")
        }
        return candidates.keys.sorted().compactMap { candidates[$0] }
    }

    // MARK: paths

    /// Entries of the directory the partial path names, as paths written the way the user
    /// started them (relative, absolute or from `~`); directories end with `/`.
    static func pathCandidates(_ partial: String, relativeTo directory: String) -> [Candidate] {
        if partial == "~" { return [Candidate("~/")] }
        let slash = partial.lastIndex(of: "/")
        let written = slash.map { String(partial[...$0]) } ?? ""
        let base = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let expanded = (written as NSString).expandingTildeInPath
        let folder: String
        if written.isEmpty {
            folder = directory
        } else if expanded.hasPrefix("/") {
            folder = expanded
        } else {
            folder = (directory as NSString).appendingPathComponent(expanded)
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let matches = entries.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted().prefix(ReplLimits.maxPathCandidates)
        return matches.map { name in
            var isDirectory: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(name)
            let isFolder = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && isDirectory.boolValue
            return Candidate(written + name + (isFolder ? "/" : ""))
        }
    }
}
