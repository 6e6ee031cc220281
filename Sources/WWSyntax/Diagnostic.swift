import WWBase

/// An error with everything a user needs to fix it: where (file, line, column, the source line
/// with a caret), what, and for runtime errors how the program got there.
public struct Diagnostic: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// The text is not a program (lexer or parser). Exit code 65.
        case syntax
        /// The program is well-formed but refers to something wrong (resolver). Exit code 65.
        case resolution
        /// The program failed while running. Exit code 70.
        case runtime
        /// The user interrupted the evaluation (Ctrl-C). Exit code 130 at the command line.
        case interrupt
        /// Not an error: the program called `exit(code)`. It unwinds like one (no `try` catches
        /// it), and every runner ends with ``Diagnostic/requestedExitCode`` without showing it.
        case exit
    }

    /// One active call when a runtime error happened, innermost first.
    public struct Frame: Sendable, CustomStringConvertible {
        public var function: String
        public var file: String
        public var location: SourceLocation
        public init(function: String, file: String, location: SourceLocation) {
            self.function = function
            self.file = file
            self.location = location
        }
        public var description: String { "in \(function), called from \(file):\(location.line):\(location.column)" }
    }

    public var kind: Kind
    public var message: String
    public var file: SourceFile?
    public var location: SourceLocation?
    /// Characters to underline from the location's column; at least one caret is drawn.
    public var length: Int
    public var notes: [String]
    public var stack: [Frame]
    /// Frames left out of `stack` (deep recursion keeps only the innermost ones).
    public var omittedFrames = 0
    /// Most frames kept: the innermost calls explain an error, thousands of identical recursive
    /// frames do not.
    public static let maxStackFrames = 16
    /// The notebook cell the error happened in, when run by the notebook runner.
    public var cell: String?
    /// The input ended inside an open bracket, string or statement: the REPL reads another line
    /// instead of reporting it.
    public var isIncomplete = false
    /// The built-in whose own check or domain call failed, and its message without the name
    /// in front: what a `catch` gives a program (`e.builtin`, `e.message`). Nil for errors of
    /// the language itself and for errors that only passed through a built-in (a callback's).
    public var builtinName: String?
    public var builtinMessage: String?
    /// False for a runtime error that `try` must not catch: a stack overflow means the
    /// program's recursion is broken, and catching it would only hide that.
    public var isCatchable = true
    /// For `.exit`: the code the program asked to end with (0...255).
    public var requestedExitCode: Int32 = 0

    public init(_ kind: Kind, _ message: String, file: SourceFile?, at location: SourceLocation?,
                length: Int = 1, notes: [String] = [], stack: [Frame] = []) {
        self.kind = kind
        self.message = message
        self.file = file
        self.location = location
        self.length = max(1, length)
        self.notes = notes
        self.stack = stack
    }

    /// What `exit(code)` raises at `location`: it ends the program wherever it is called.
    public static func exitRequest(code: Int32, file: SourceFile?, at location: SourceLocation?) -> Diagnostic {
        var diagnostic = Diagnostic(.exit, "the program called exit(\(code))", file: file, at: location)
        diagnostic.requestedExitCode = code
        diagnostic.isCatchable = false
        return diagnostic
    }

    /// Adds the call that the error propagated out of, innermost first.
    public mutating func addFrame(function: String, file: SourceFile, location: SourceLocation) {
        if stack.count < Self.maxStackFrames {
            stack.append(Frame(function: function, file: file.name, location: location))
        } else {
            omittedFrames += 1
        }
    }

    /// An exit code other than the kind's: a missing imported file is 66 (`EX_NOINPUT`).
    public var exitCodeOverride: Int32?

    public var exitCode: Int32 {
        if let exitCodeOverride { return exitCodeOverride }
        switch kind {
        case .syntax, .resolution: return ExitCode.dataError
        case .runtime: return ExitCode.software
        case .interrupt: return ExitCode.interrupted
        case .exit: return requestedExitCode
        }
    }

    public var title: String {
        switch kind {
        case .syntax: return "syntax error"
        case .resolution: return "error"
        case .runtime: return "runtime error"
        case .interrupt: return "interrupted"
        case .exit: return "exit"
        }
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var position: String {
        guard let file else { return "" }
        guard let location, location.line > 0 else { return file.name }
        return "\(file.name):\(location.line):\(location.column)"
    }

    public var description: String { rendered() }

    /// The full report: a header, the source line with a caret under the culprit, notes and the
    /// call stack. `color` adds ANSI colours for terminals.
    public func rendered(color: Bool = false) -> String {
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", blue = color ? "\u{1B}[34m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        // Messages and notes quote file contents (tensor names, pickle globals, CSV fields):
        // their control characters are escaped so they cannot drive the terminal.
        let message = TerminalText.safe(self.message, keepingLineBreaks: true)
        var out = "\(red)\(title)\(reset)\(bold): \(message)\(reset)\n"
        if !position.isEmpty { out += "  \(blue)-->\(reset) \(position)\n" }
        if let cell { out += "  \(blue)in cell\(reset) \(cell)\n" }
        if let file, let location, location.line > 0, let text = file.line(location.line) {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let shown = text.replacingTabs()
            let prefix = String(text.prefix(max(0, location.column - 1))).replacingTabs()
            let caretCount = max(1, min(length, max(1, shown.count - prefix.count)))
            out += "\(gutter) \(blue)|\(reset)\n"
            out += "\(blue)\(number) |\(reset) \(shown)\n"
            out += "\(gutter) \(blue)|\(reset) \(String(repeating: " ", count: prefix.count))\(red)\(String(repeating: "^", count: caretCount))\(reset)\n"
        }
        for note in notes { out += "  = note: \(TerminalText.safe(note, keepingLineBreaks: true))\n" }
        if !stack.isEmpty {
            out += "call stack (innermost first):\n"
            for frame in stack { out += "  \(TerminalText.safe("\(frame)"))\n" }
            if omittedFrames > 0 { out += "  ... and \(omittedFrames) more calls\n" }
        }
        return out
    }
}

extension String {
    /// Tabs become one space so the caret lines up whatever the terminal's tab width.
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}

/// Ranks candidate names by edit distance, for "did you mean" notes.
public func closestName(to name: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(name.lowercased())
    var best: (String, Int)?
    for candidate in candidates where candidate != name {
        let c = Array(candidate.lowercased())
        if abs(c.count - target.count) > 2 { continue }
        let d = editDistance(target, c)
        // One or two letters leave too little to go on: only a different case counts.
        let limit = target.count <= 2 ? 0 : max(1, min(2, target.count / 3))
        if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
    }
    return best?.0
}

/// Optimal-string-alignment distance: Levenshtein plus swapping two adjacent characters as one
/// edit, the most common typo (`coutn` for `count`, `pritn` for `print`).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}
