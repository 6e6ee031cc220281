import Foundation
import WWSyntax

/// A line the REPL handles itself instead of running it as wwn code: `?name` or a `:command`.
/// wwn statements never start with `?` or `:`, so the two cannot be confused.
public enum ReplCommand: Equatable {
    /// `:help` (a topic list) or `:help name` / `?name` (one built-in, category or command).
    case help(topic: String?)
    /// `:load file.wwn`: runs a file in the session, as if its lines were typed.
    case load(path: String)
    /// `:vars`: the session's globals, one line each.
    case vars
    /// `:time code`: runs the code and reports how long it took.
    case time(code: String)
    case quit
    /// A `:word` that is not a command, or a command used wrongly; `message` says which.
    case invalid(message: String)

    /// What the commands are called, with their one-line descriptions, in the order `:help`
    /// lists them. Completion reads the names from here too.
    public static let descriptions: [(name: String, usage: String, summary: String)] = [
        ("help", ":help [name]", "list the topics, or show a built-in's signature and doc (also ?name)"),
        ("load", ":load FILE.wwn", "run a file in this session"),
        ("vars", ":vars", "the variables defined so far, with their values"),
        ("time", ":time CODE", "run CODE and print how long it took"),
        ("quit", ":quit", "leave the REPL (also exit(), exit(code), or Ctrl-D on an empty line)"),
    ]

    /// Short forms users of other REPLs type by habit.
    static let aliases: [String: String] = ["h": "help", "?": "help", "q": "quit", "exit": "quit", "l": "load", "t": "time"]

    /// The command on a line, or nil when the line is wwn code.
    public static func parse(_ line: String) -> ReplCommand? {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("?") {
            let topic = text.dropFirst().trimmingCharacters(in: .whitespaces)
            return .help(topic: topic.isEmpty ? nil : topic)
        }
        guard text.hasPrefix(":") else { return nil }
        let body = text.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespacesAndNewlines)
        switch aliases[name] ?? name {
        case "help":
            return .help(topic: argument.isEmpty ? nil : argument)
        case "load":
            guard !argument.isEmpty else { return .invalid(message: ":load needs a file name, as in :load study.wwn") }
            return .load(path: unquoted(argument))
        case "vars":
            return argument.isEmpty ? .vars : .invalid(message: ":vars takes no argument")
        case "time":
            guard !argument.isEmpty else { return .invalid(message: ":time needs code to run, as in :time sum(0..<1000000)") }
            return .time(code: argument)
        case "quit":
            return .quit
        default:
            var message = name.isEmpty ? "a command name must follow ':'" : "unknown command ':\(name)'"
            if let guess = closestCommand(to: name) { message += "; did you mean ':\(guess)'?" }
            return .invalid(message: message + " (type :help for the list)")
        }
    }

    /// `"file name.wwn"` and `'x.wwn'` name the file inside the quotes; `~/` is the home folder.
    static func unquoted(_ text: String) -> String {
        var path = text
        if path.count >= 2, let first = path.first, first == "\"" || first == "'", path.last == first {
            path = String(path.dropFirst().dropLast())
        }
        return (path as NSString).expandingTildeInPath
    }

    private static func closestCommand(to name: String) -> String? {
        guard !name.isEmpty else { return nil }
        let names = descriptions.map(\.name)
        return names.first { $0.hasPrefix(name.lowercased()) } ?? closestName(to: name.lowercased(), in: names)
    }
}
