import Foundation
import WWSyntax

/// The `param` statements of a cell, found line by line: a line starting with `param NAME`
/// and the lines after it while the statement is still open (the parser's incomplete flag,
/// as the REPL decides to read another line), so `param sizes = [1,\n 2]` is one statement.
enum ParameterLines {
    struct Statement: Equatable {
        var name: String
        /// Indices into the cell's lines.
        var lines: Range<Int>
    }

    private static let declaration = try! NSRegularExpression(pattern: "^param[ \\t]+([A-Za-z_][A-Za-z0-9_]*)")
    /// A line of papermill's injected cell: `param name = value` (wwn's translator) or
    /// `name = value` (a translator written for another language with wwn's literals).
    private static let assignment = try! NSRegularExpression(pattern: "^[ \\t]*(?:param[ \\t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \\t]*=[ \\t]*(.*?)[ \\t]*$")

    static func statements(in lines: [String]) -> [Statement] {
        var found: [Statement] = []
        var index = 0
        while index < lines.count {
            guard let name = firstMatch(declaration, in: lines[index])?.first else {
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.count, isIncomplete(lines[index..<end].joined(separator: "\n")) { end += 1 }
            found.append(Statement(name: name, lines: index..<end))
            index = end
        }
        return found
    }

    /// The name and value text of each assignment in papermill's injected cell, in order;
    /// comments and blank lines are skipped.
    static func injectedValues(in source: String) -> [(name: String, value: String)] {
        source.components(separatedBy: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#"), let groups = firstMatch(assignment, in: line), groups.count == 2,
                  !groups[1].isEmpty else { return nil }
            return (groups[0], groups[1])
        }
    }

    private static func isIncomplete(_ text: String) -> Bool {
        do {
            _ = try Parser.parse(SourceFile(name: "<param>", text: text))
            return false
        } catch let diagnostic as Diagnostic {
            return diagnostic.isIncomplete
        } catch {
            return false
        }
    }

    private static func firstMatch(_ expression: NSRegularExpression, in line: String) -> [String]? {
        let range = NSRange(line.startIndex..., in: line)
        guard let match = expression.firstMatch(in: line, range: range) else { return nil }
        return (1..<match.numberOfRanges).map { group in
            Range(match.range(at: group), in: line).map { String(line[$0]) } ?? ""
        }
    }
}
