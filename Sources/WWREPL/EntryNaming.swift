import WWSyntax

/// Names the source of each REPL entry, so errors and call stacks say where code came from.
/// At a terminal every entry is its own source, `<input-3>`. From a pipe, entries are pieces
/// of one stream and errors should give the stream's line numbers, as a script's would: each
/// piece gets an internal name, and a diagnostic is moved onto `<stdin>` at its real line.
final class EntryNaming {
    static let streamName = "<stdin>"

    private let isStream: Bool
    /// Internal source name → line of the stream where the piece starts.
    private var firstLines: [String: Int] = [:]

    init(isStream: Bool) {
        self.isStream = isStream
    }

    func name(forEntry number: Int, firstLine: Int) -> String {
        guard isStream else { return "<input-\(number)>" }
        let name = "\(Self.streamName)#\(number)"
        firstLines[name] = firstLine
        return name
    }

    /// The diagnostic with stream pieces replaced by `<stdin>` and their lines shifted.
    func relocated(_ diagnostic: Diagnostic) -> Diagnostic {
        guard isStream else { return diagnostic }
        var moved = diagnostic
        if let file = diagnostic.file, let firstLine = firstLines[file.name] {
            // Blank lines in front put the quoted line at its stream line number.
            moved.file = SourceFile(name: Self.streamName, text: String(repeating: "\n", count: firstLine - 1) + file.text)
            if var location = diagnostic.location, location.line > 0 {
                location.line += firstLine - 1
                moved.location = location
            }
        }
        moved.stack = diagnostic.stack.map { frame in
            guard let firstLine = firstLines[frame.file] else { return frame }
            var shifted = frame
            shifted.file = Self.streamName
            if shifted.location.line > 0 { shifted.location.line += firstLine - 1 }
            return shifted
        }
        return moved
    }
}
