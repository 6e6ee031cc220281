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

    static func statements(in lines: [String]) -> [Statement] {
        var found: [Statement] = []
        var index = 0
        while index < lines.count {
            guard let name = declaredName(in: lines[index]) else {
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

    /// The name and value text of each assignment in papermill's injected cell, in order:
    /// `param name = value` (wwn's translator) or `name = value` (a translator written for
    /// another language with wwn's literals). Comments, blank lines and anything else are skipped.
    static func injectedValues(in source: String) -> [(name: String, value: String)] {
        source.components(separatedBy: "\n").compactMap { line in
            var rest = Substring(line.trimmingCharacters(in: .whitespaces))
            if let afterKeyword = afterParamKeyword(rest) { rest = afterKeyword }
            let name = rest.prefix(while: isNameCharacter)
            guard isName(name) else { return nil }
            rest = rest.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" })
            guard rest.hasPrefix("="), !rest.hasPrefix("==") else { return nil }
            let value = rest.dropFirst().trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : (String(name), value)
        }
    }

    /// The name a `param NAME ...` line declares (the keyword at the start of the line).
    static func declaredName(in line: String) -> String? {
        guard let rest = afterParamKeyword(Substring(line)) else { return nil }
        let name = rest.prefix(while: isNameCharacter)
        return isName(name) ? String(name) : nil
    }

    /// The text after `param` and its blanks, or nil when the line does not start so.
    private static func afterParamKeyword(_ line: Substring) -> Substring? {
        guard line.hasPrefix("param"), let next = line.dropFirst(5).first, next == " " || next == "\t" else { return nil }
        return line.dropFirst(5).drop(while: { $0 == " " || $0 == "\t" })
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
    }

    private static func isName(_ text: Substring) -> Bool {
        guard let first = text.first else { return false }
        return !first.isNumber
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
}
