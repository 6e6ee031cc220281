import Foundation

/// Reads gnuplot's standard error. gnuplot reading a pipe reports an error as the offending
/// command echoed after a `gnuplot> ` prompt, a caret line, then `line N: message`; it then
/// carries on with the next command and exits with status 1. Warnings start with `Warning:` or
/// read `line N: warning: …`.
enum GnuplotDiagnostics {
    static func hasError(_ stderr: String) -> Bool {
        stderr.split(separator: "\n").contains { isErrorLine($0) }
    }

    private static func isErrorLine(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("line ") || trimmed.hasPrefix("\"") else { return false }
        // `line 0: warning: …` is a warning in an error's clothing (an empty data set, a
        // crowded axis): the figure is still drawn.
        return trimmed.range(of: #"^("[^"]*", )?line \d+: "#, options: .regularExpression) != nil
            && trimmed.range(of: #"^("[^"]*", )?line \d+: warning:"#, options: [.regularExpression, .caseInsensitive]) == nil
    }

    /// The first error's message and the script line that caused it.
    static func describeFailure(_ stderr: String, script: String, status: Int32) -> String {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        guard let errorIndex = lines.firstIndex(where: { isErrorLine($0) }) else {
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "gnuplot failed (exit status \(status))" + (detail.isEmpty ? "" : ": \(detail)")
        }
        var message = String(lines[errorIndex].drop { $0 == " " })
        if let colon = message.range(of: ": ") { message = String(message[colon.upperBound...]) }
        let prompt = "gnuplot> "
        let offending = lines[..<errorIndex].last { $0.hasPrefix(prompt) }.map { String($0.dropFirst(prompt.count)) }
        var text = "gnuplot could not draw the figure: \(message)"
        if let offending {
            text += "\n  in the generated script line: \(offending)"
            if let number = script.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: { $0 == offending }) {
                text += " (line \(number + 1))"
            }
        }
        return text
    }
}
