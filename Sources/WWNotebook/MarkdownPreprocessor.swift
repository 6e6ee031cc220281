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

/// A line that begins a list item.
enum ListItem {
    /// Most digits of an ordered list number (CommonMark's limit, so a long number in a
    /// sentence that wrapped to the start of a line is not a list).
    static let maxNumberDigits = 9

    /// `- x`, `* x`, `+ x`, `1. x` or `1) x` (up to three spaces before it); numbered items that
    /// may interrupt a paragraph start at 1, as CommonMark says.
    static func startsList(_ line: String) -> Bool {
        guard let number = marker(line) else { return false }
        return number == nil || number == 1
    }

    static func isItem(_ line: String) -> Bool {
        marker(line) != nil
    }

    static func isOrdered(_ line: String) -> Bool {
        marker(line).map { $0 != nil } ?? false
    }

    /// nil: not an item; `.some(nil)`: a bullet; `.some(n)`: numbered n.
    private static func marker(_ line: String) -> Int?? {
        let characters = Array(line)
        var position = 0
        while position < characters.count, position < 3, characters[position] == " " { position += 1 }
        guard position < characters.count else { return nil }
        var number: Int?
        if "-*+".contains(characters[position]) {
            // `---` and `* * *` are rules, not lists.
            if characters[position...].allSatisfy({ $0 == characters[position] || $0 == " " }) { return nil }
            position += 1
        } else {
            var digits = ""
            while position < characters.count, characters[position].isASCII, characters[position].isNumber,
                  digits.count < maxNumberDigits {
                digits.append(characters[position])
                position += 1
            }
            guard !digits.isEmpty, position < characters.count, ".)".contains(characters[position]) else { return nil }
            number = Int(digits)
            position += 1
        }
        guard position + 1 < characters.count, characters[position] == " ",
              characters[(position + 1)...].contains(where: { !$0.isWhitespace }) else { return nil }
        return .some(number)
    }
}

/// A fenced code block's opening line (``` or ~~~, three or more, up to three spaces in).
private struct Fence {
    let character: Character
    let length: Int
    let language: String

    init?(line: String) {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3, let first = trimmed.first, first == "`" || first == "~" else { return nil }
        let run = trimmed.prefix { $0 == first }
        guard run.count >= 3 else { return nil }
        let info = trimmed.dropFirst(run.count)
        if first == "`", info.contains("`") { return nil }
        character = first
        length = run.count
        // Only the first word, in characters a class attribute can hold unescaped.
        let word = info.drop { $0 == " " }.prefix { $0 != " " }
        language = String(word.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_+.#".contains($0)) })
    }

    func isClosed(by line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return false }
        let run = trimmed.prefix { $0 == character }
        return run.count >= length && trimmed.dropFirst(run.count).allSatisfy(\.isWhitespace)
    }

    /// The block with a backtick fence Ink closes where this one closed: longer than any
    /// backtick run at the start of a body line.
    func rewritten(_ body: [String]) -> String {
        let longest = body.map { $0.prefix { $0 == "`" }.count }.max() ?? 0
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return ([fence + language] + body + [fence]).joined(separator: "\n")
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
        while position > 0 {
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

/// Link and image targets as Ink writes them into `href` and `src` (unescaped).
enum LinkTarget {
    /// Schemes that run code when followed.
    static let scriptSchemes = ["javascript:", "vbscript:", "data:"]
    /// `data:` images are pictures, not code.
    static let imageDataPrefixes = ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"]

    /// A reference definition (`[id]: url`) with its URL sanitized; other lines unchanged.
    static func sanitizedDefinition(_ line: String) -> String {
        let indent = line.prefix { $0 == " " }
        let rest = line.dropFirst(indent.count)
        guard indent.count <= 3, rest.first == "[", let close = rest.firstIndex(of: "]"),
              rest[rest.index(after: close)...].first == ":" else { return line }
        let head = rest[...rest.index(after: close)]
        let target = rest[rest.index(close, offsetBy: 2)...].trimmingCharacters(in: .whitespaces)
        return String(indent) + head + " " + sanitized(target, isImage: false)
    }

    static func sanitized(_ target: String, isImage: Bool) -> String {
        let squeezed = String(target.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
        if scriptSchemes.contains(where: squeezed.hasPrefix),
           !(isImage && imageDataPrefixes.contains(where: squeezed.hasPrefix)) {
            return "#"
        }
        var out = ""
        for scalar in target.unicodeScalars {
            switch scalar {
            case "\"": out += "%22"
            case "'": out += "%27"
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "`": out += "%60"
            case " ": out += "%20"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
