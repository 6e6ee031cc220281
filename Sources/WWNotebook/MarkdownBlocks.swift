/// The block-level lines ``MarkdownPreprocessor`` recognises: list items and code fences.

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
struct Fence {
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
