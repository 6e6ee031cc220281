import WWBase
import WWSyntax

/// Colours a code cell with wwn's own lexer, so the report shows exactly the tokens the
/// interpreter sees (a keyword is coloured only where it is one, a multi-line string is a
/// string on every line). Each token becomes an escaped `<span>` with a class named as
/// Pygments names them (`k` keyword, `kc` constant, `m` number, `s` string, `c` comment,
/// `o` operator, `nf` called function), which ``ReportStylesheet`` colours. Source the lexer
/// rejects is shown from that point on as plain text.
struct CodeHighlighter {
    enum TokenClass: UInt8 {
        case plain, keyword, constant, number, string, comment, operatorSymbol, function

        var cssClass: String? {
            switch self {
            case .plain: return nil
            case .keyword: return "k"
            case .constant: return "kc"
            case .number: return "m"
            case .string: return "s"
            case .comment: return "c"
            case .operatorSymbol: return "o"
            case .function: return "nf"
            }
        }
    }

    private let bytes: [UInt8]
    private var classes: [TokenClass]
    /// Byte offset where each line of the source starts.
    private let lineStarts: [Int]

    init(source: String) {
        bytes = Array(source.utf8)
        classes = Array(repeating: .plain, count: bytes.count)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
        classify(source)
    }

    private mutating func classify(_ source: String) {
        var lexer = Lexer(file: SourceFile(name: "cell", text: source))
        var previous: (kind: TokenKind, range: Range<Int>)?
        while let token = try? lexer.next(), token.kind != .eof {
            let range = token.offset..<min(token.offset + token.length, bytes.count)
            if token.kind == .leftParen, let before = previous, before.kind == .identifier, before.range.upperBound == token.offset {
                mark(before.range, as: .function)
            }
            mark(range, as: Self.tokenClass(token.kind))
            previous = (token.kind, range)
        }
        // Comments are what the lexer skipped: a `#` outside every token runs to the line's end.
        var offset = 0
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: "#"), classes[offset] == .plain {
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") {
                    classes[offset] = .comment
                    offset += 1
                }
            }
            offset += 1
        }
    }

    private mutating func mark(_ range: Range<Int>, as tokenClass: TokenClass) {
        guard tokenClass != .plain else { return }
        for offset in range where offset >= 0 && offset < classes.count { classes[offset] = tokenClass }
    }

    private static func tokenClass(_ kind: TokenKind) -> TokenClass {
        switch kind {
        case .identifier, .newline, .eof, .leftParen, .rightParen, .leftBracket, .rightBracket,
             .leftBrace, .rightBrace, .comma, .dot, .colon, .semicolon:
            return .plain
        case .number: return .number
        case .string: return .string
        case .kwTrue, .kwFalse, .kwNil: return .constant
        case .kwLet, .kwVar, .kwParam, .kwFn, .kwReturn, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile, .kwBreak,
             .kwContinue, .kwImport, .kwAs, .kwAnd, .kwOr, .kwNot, .kwTry, .kwCatch:
            return .keyword
        case .plus, .minus, .star, .slash, .percent, .caret, .at, .plusPlus, .pipe, .arrow,
             .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign,
             .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .rangeExclusive, .rangeInclusive:
            return .operatorSymbol
        }
    }

    /// Line `index` (0-based) of the source as escaped HTML with token spans, cut to its first
    /// `byteCount` bytes (a report hides a trailing `#=>` comment it did not check).
    func html(line index: Int, byteCount: Int? = nil) -> String {
        guard index >= 0, index < lineStarts.count else { return "" }
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if let byteCount { end = min(end, start + byteCount) }
        var html = ""
        var segmentStart = start
        while segmentStart < end {
            let tokenClass = classes[segmentStart]
            var segmentEnd = segmentStart + 1
            while segmentEnd < end, classes[segmentEnd] == tokenClass { segmentEnd += 1 }
            let text = String(decoding: bytes[segmentStart..<segmentEnd], as: UTF8.self).htmlEscaped
            if let cssClass = tokenClass.cssClass {
                html += "<span class=\"\(cssClass)\">\(text)</span>"
            } else {
                html += text
            }
            segmentStart = segmentEnd
        }
        return html
    }
}
