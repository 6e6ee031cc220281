import Foundation

/// Prepares a Markdown cell for Ink so index.html shows what GitHub shows for report.md, and
/// so no text of the cell becomes markup Ink did not make:
///
/// - Maths (`$…$`, `$$…$$`) is taken out before Ink sees it (Ink would eat its backslashes and
///   underscores) and left as a placeholder word, which ``MarkdownCellRenderer`` replaces with
///   MathML afterwards. A `$` followed by a space or a digit after the closing `$` is not maths
///   (`$5 and $10`), as in pandoc and GitHub; `\$` is a dollar sign.
/// - A list right after a paragraph line starts a list (CommonMark and GitHub do; Ink needs a
///   blank line), so one is put in.
/// - `~~~` fences become backtick fences (Ink knows only those); a fence's language is kept to
///   the characters a class name may hold.
/// - `<` and `"` outside code become entities, so raw HTML shows as text and no attribute Ink
///   writes (image alt text) can be closed early; link targets are percent-encoded and script
///   URLs (`javascript:`, `vbscript:`, `data:` other than images) become `#`.
///
/// Code spans and fenced code are left to Ink, which escapes them itself.
struct MarkdownPreprocessor {
    struct Formula: Equatable {
        let tex: String
        let isDisplay: Bool
    }

    /// The Markdown for Ink, the formulas taken out, and the word that marks where each was:
    /// `marker + index + marker`, a word of letters and digits found nowhere in the cell.
    struct Prepared {
        var markdown: String
        var formulas: [Formula]
        var marker: String

        func placeholder(_ index: Int) -> String { "\(marker)\(index)\(marker)" }
    }

    /// Farthest a `](` looks back for the `![` that would make it an image: alt texts are a
    /// few words, and the bound keeps a cell of thousands of links linear.
    static let maxLinkTextCharacters = 1_000

    static func prepare(_ text: String) -> Prepared {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var marker = "wwnmath"
        while normalized.contains(marker) { marker += "x" }
        var prepared = Prepared(markdown: "", formulas: [], marker: marker)
        var output: [String] = []
        var prose: [String] = []
        func flushProse() {
            guard !prose.isEmpty else { return }
            output.append(prepared.inline(prose.joined(separator: "\n")))
            prose = []
        }
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if let fence = Fence(line: line) {
                flushProse()
                var body: [String] = []
                index += 1
                while index < lines.count, !fence.isClosed(by: lines[index]) {
                    body.append(lines[index])
                    index += 1
                }
                index += 1
                output.append(fence.rewritten(body))
                continue
            }
            if ListItem.isItem(line), let previous = prose.last, !previous.allSatisfy(\.isWhitespace) {
                // A paragraph line above: a list (bullets, or numbers from 1) interrupts it. An
                // item of the other kind (a number under bullets) starts a new list.
                switch Self.listKindAbove(prose) {
                case nil where ListItem.startsList(line): prose.append("")
                case let kind? where kind != ListItem.isOrdered(line): prose.append("")
                default: break
                }
            }
            prose.append(LinkTarget.sanitizedDefinition(line))
            index += 1
        }
        flushProse()
        prepared.markdown = output.joined(separator: "\n")
        return prepared
    }

    /// Whether the nearest list item in the block of non-blank lines ending `lines` is
    /// numbered (nil: no item, the block is a paragraph).
    private static func listKindAbove(_ lines: [String]) -> Bool? {
        for line in lines.reversed() {
            if line.allSatisfy(\.isWhitespace) { return nil }
            if ListItem.isItem(line), !line.hasPrefix("    ") { return ListItem.isOrdered(line) }
        }
        return nil
    }
}

extension MarkdownPreprocessor.Prepared {
    /// Prose (no fenced code): maths out, markup characters made entities, links checked.
    fileprivate mutating func inline(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        var position = 0
        while position < characters.count {
            let character = characters[position]
            switch character {
            case "\\":
                out.append(character)
                if position + 1 < characters.count, characters[position + 1] != "<", characters[position + 1] != "\"" {
                    out.append(characters[position + 1])
                    position += 1
                }
                position += 1
            case "`":
                let run = characters[position...].prefix { $0 == "`" }.count
                if let close = Self.closingBackticks(characters, from: position + run, count: run) {
                    out += String(characters[position..<(close + run)])
                    position = close + run
                } else {
                    out += String(repeating: "`", count: run)
                    position += run
                }
            case "$":
                if let (formula, end) = Self.formula(characters, at: position) {
                    out += placeholder(formulas.count)
                    formulas.append(formula)
                    position = end
                } else {
                    out.append("$")
                    position += 1
                }
            case "<":
                out += "&lt;"
                position += 1
            case "\"":
                out += "&quot;"
                position += 1
            case "]" where position + 1 < characters.count && characters[position + 1] == "(":
                if let (target, end) = Self.linkTarget(characters, from: position + 2) {
                    out += "](" + LinkTarget.sanitized(target, isImage: Self.isImage(characters, closingAt: position)) + ")"
                    position = end
                } else {
                    // No closing `)` on the line: not a link; what follows is text.
                    out.append("]")
                    position += 1
                }
            default:
                out.append(character)
                position += 1
            }
        }
        return out
    }

    /// Where the run of exactly `count` backticks closing a code span starts.
    private static func closingBackticks(_ characters: [Character], from start: Int, count: Int) -> Int? {
        var position = start
        while position < characters.count {
            guard characters[position] == "`" else {
                if characters[position] == "\n", position + 1 < characters.count, characters[position + 1] == "\n" { return nil }
                position += 1
                continue
            }
            let run = characters[position...].prefix { $0 == "`" }.count
            if run == count { return position }
            position += run
        }
        return nil
    }

    /// The formula starting at a `$`, and where the text after it starts.
    private static func formula(_ characters: [Character], at start: Int) -> (MarkdownPreprocessor.Formula, Int)? {
        let isDisplay = start + 1 < characters.count && characters[start + 1] == "$"
        let open = isDisplay ? 2 : 1
        var position = start + open
        guard position < characters.count else { return nil }
        if !isDisplay, characters[position].isWhitespace { return nil }
        while position < characters.count {
            let character = characters[position]
            if character == "\\" {
                position += 2
                continue
            }
            if character == "\n", position + 1 < characters.count, characters[position + 1] == "\n", !isDisplay { return nil }
            // A code span starts: the `$` was text (`$10, `$x$` is code`).
            if character == "`" { return nil }
            if character == "$" {
                if isDisplay {
                    guard position + 1 < characters.count, characters[position + 1] == "$" else { return nil }
                    let tex = String(characters[(start + 2)..<position]).trimmingCharacters(in: .whitespacesAndNewlines)
                    return tex.isEmpty ? nil : (.init(tex: tex, isDisplay: true), position + 2)
                }
                let closesAfterText = !characters[position - 1].isWhitespace
                let followedByDigit = position + 1 < characters.count && characters[position + 1].isNumber
                if closesAfterText && !followedByDigit && position > start + 1 {
                    return (.init(tex: String(characters[(start + 1)..<position]), isDisplay: false), position + 1)
                }
                return nil
            }
            position += 1
        }
        return nil
    }

    /// A link target up to its balancing `)`, and where the text after the `)` starts.
    private static func linkTarget(_ characters: [Character], from start: Int) -> (String, Int)? {
        var level = 1
        var position = start
        while position < characters.count {
            if characters[position] == "(" { level += 1 }
            if characters[position] == ")" {
                level -= 1
                if level == 0 { return (String(characters[start..<position]), position + 1) }
            }
            if characters[position] == "\n" { break }
            position += 1
        }
        return nil
    }

    /// Whether the `]` at `close` ends an image's alt text (`![…](…)`).
    private static func isImage(_ characters: [Character], closingAt close: Int) -> Bool {
        var level = 0
        var position = close
        let limit = max(0, close - MarkdownPreprocessor.maxLinkTextCharacters)
        while position > limit {
            position -= 1
            switch characters[position] {
            case "]": level += 1
            case "[" where level > 0: level -= 1
            case "[": return position > 0 && characters[position - 1] == "!"
            default: break
            }
        }
        return false
    }
}
