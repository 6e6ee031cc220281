/// Turns source bytes into tokens on demand. Works on UTF-8 bytes, not Characters: a 10 MB
/// notebook must lex in a fraction of a second, and every token boundary is ASCII anyway.
///
/// Line breaks are tokens (they end statements) except inside ( ) and [ ], after a token that
/// cannot end a statement (an operator, a comma), and before a line that starts with `|>` or `.`,
/// so pipelines and method chains can be written one step per line.
public struct Lexer {
    public let file: SourceFile
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    private var line: Int
    private var lineStart: Int
    /// Open brackets, innermost last; newlines count only when the innermost is `{` or none.
    private var brackets: [UInt8] = []
    /// Where each of `brackets` was opened: an unclosed one is reported there, not at the end.
    private var openings: [SourceLocation] = []
    private var previousKind: TokenKind = .newline

    public init(file: SourceFile) {
        self.file = file
        self.bytes = Array(file.text.utf8)
        self.position = 0
        self.end = bytes.count
        self.line = 1
        self.lineStart = 0
    }

    /// A lexer over a slice of the same file (an interpolated expression), keeping positions.
    init(file: SourceFile, bytes: [UInt8], start: Int, end: Int, line: Int, column: Int) {
        self.file = file
        self.bytes = bytes
        self.position = start
        self.end = end
        self.line = line
        // Columns count from lineStart; the first line of the slice starts `column - 1` characters
        // before `start` (characters, not bytes: non-ASCII text may precede the interpolation).
        self.lineStart = start
        self.columnBias = column - 1
        self.brackets = [UInt8(ascii: "(")]
        self.openings = [SourceLocation(line: line, column: column, offset: start)]
        self.isInterpolation = true
    }

    var sourceBytes: [UInt8] { bytes }

    public mutating func next() throws -> Token {
        while true {
            skipSpacesAndComments()
            guard position < end else {
                // An interpolation's own '(' is closed by the string's lexer, not here.
                if brackets.count > (isInterpolation ? 1 : 0) {
                    throw unclosedBracket()
                }
                return make(.eof, start: position, length: 0)
            }
            let c = bytes[position]
            if c == UInt8(ascii: "\n") {
                let start = position
                let newlineColumn = column(of: start)
                advanceLine()
                if suppressNewline() { continue }
                previousKind = .newline
                return make(.newline, start: start, length: 1, line: line - 1, column: newlineColumn)
            }
            let token = try scanToken()
            previousKind = token.kind
            return token
        }
    }

    private var isInterpolation = false
    /// Characters before `lineStart` on the current line (only an interpolation's first line has any).
    private var columnBias = 0
    /// The column of `columnCacheOffset` on the current line: tokens come in order, so counting
    /// from the previous token keeps a very long line linear instead of quadratic.
    private var columnCacheOffset = -1
    private var columnCacheValue = 1

    private mutating func advanceLine() {
        position += 1
        line += 1
        lineStart = position
        columnBias = 0
    }

    /// Whether the line break just consumed should be dropped.
    private mutating func suppressNewline() -> Bool {
        if let open = brackets.last, open != UInt8(ascii: "{") { return true }
        if previousKind == .newline || previousKind.continuesLine { return true }
        if previousKind == .leftBrace { return true }
        // Look ahead: a line starting with `|>` or `.name` continues the expression.
        var p = position
        while true {
            while p < end, bytes[p] == UInt8(ascii: " ") || bytes[p] == UInt8(ascii: "\t") || bytes[p] == UInt8(ascii: "\r") { p += 1 }
            // Skip comment-only and blank lines between.
            if p < end, bytes[p] == UInt8(ascii: "#") {
                while p < end, bytes[p] != UInt8(ascii: "\n") { p += 1 }
            }
            if p < end, bytes[p] == UInt8(ascii: "\n") {
                p += 1
                continue
            }
            break
        }
        guard p < end else { return false }
        if bytes[p] == UInt8(ascii: "|"), p + 1 < end, bytes[p + 1] == UInt8(ascii: ">") { return true }
        // `.name` continues; so does a `.` ending the input (the name may come on the next line
        // the REPL reads). `.5` does not.
        if bytes[p] == UInt8(ascii: "."), p + 1 == end || isIdentifierStart(bytes[p + 1]) { return true }
        return false
    }

    private mutating func skipSpacesAndComments() {
        while position < end {
            let c = bytes[position]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                position += 1
            } else if c == UInt8(ascii: "#") {
                while position < end, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else if c == UInt8(ascii: "\\"), position + 1 < end, bytes[position + 1] == UInt8(ascii: "\n") {
                // An explicit line continuation.
                position += 1
                advanceLine()
            } else {
                return
            }
        }
    }

    /// The 1-based column of a byte offset on the current line, counting scalars, not bytes, so
    /// carets line up under non-ASCII text.
    private mutating func column(of offset: Int) -> Int {
        if columnCacheOffset < lineStart || columnCacheOffset > offset {
            columnCacheOffset = lineStart
            columnCacheValue = 1 + columnBias
        }
        var column = columnCacheValue
        var p = columnCacheOffset
        while p < offset {
            if bytes[p] & 0xC0 != 0x80 { column += 1 }
            p += 1
        }
        columnCacheOffset = offset
        columnCacheValue = column
        return column
    }

    private mutating func make(_ kind: TokenKind, start: Int, length: Int, line: Int? = nil, column: Int? = nil) -> Token {
        Token(kind: kind, offset: start, length: length, line: line ?? self.line,
              column: column ?? self.column(of: start))
    }

    /// The innermost open bracket at the end of the input, reported where it was opened (the
    /// end of a file says nothing about which bracket is missing its partner); incomplete, so
    /// the REPL reads another line instead.
    private func unclosedBracket() -> Diagnostic {
        func close(_ open: UInt8) -> String { open == UInt8(ascii: "(") ? ")" : open == UInt8(ascii: "[") ? "]" : "}" }
        let open = brackets[brackets.count - 1]
        var notes: [String] = []
        let outer = zip(brackets, openings).dropLast().dropFirst(isInterpolation ? 1 : 0)
        if let enclosing = outer.last {
            notes.append("it is inside '\(Character(UnicodeScalar(enclosing.0)))' opened at \(enclosing.1.line):\(enclosing.1.column), also unclosed")
        }
        var d = Diagnostic(.syntax, "unclosed '\(Character(UnicodeScalar(open)))' (the input ends before its '\(close(open))')",
                           file: file, at: openings[openings.count - 1], notes: notes)
        d.isIncomplete = true
        return d
    }

    mutating func error(_ message: String, at offset: Int, length: Int = 1) -> Diagnostic {
        Diagnostic(.syntax, message, file: file,
                   at: SourceLocation(line: line, column: column(of: min(offset, end)), offset: offset), length: length)
    }

    private mutating func scanToken() throws -> Token {
        let start = position
        let c = bytes[position]
        if isIdentifierStart(c) { return try scanIdentifier() }
        if isDigit(c) { return try scanNumber() }
        if c == UInt8(ascii: "\"") { return try scanString() }
        position += 1
        func peek(_ ahead: Int = 0) -> UInt8 { position + ahead < end ? bytes[position + ahead] : 0 }
        func tok(_ kind: TokenKind, extra: Int = 0) -> Token {
            position += extra
            return make(kind, start: start, length: 1 + extra)
        }
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            let token = tok(c == UInt8(ascii: "(") ? .leftParen : c == UInt8(ascii: "[") ? .leftBracket : .leftBrace)
            brackets.append(c)
            openings.append(token.location)
            return token
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            let expected: UInt8 = c == UInt8(ascii: ")") ? UInt8(ascii: "(") : c == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
            guard let open = brackets.last else {
                throw error("unmatched '\(Character(UnicodeScalar(c)))'", at: start)
            }
            guard open == expected else {
                let want = open == UInt8(ascii: "(") ? ")" : open == UInt8(ascii: "[") ? "]" : "}"
                throw error("expected '\(want)' to close '\(Character(UnicodeScalar(open)))' but found '\(Character(UnicodeScalar(c)))'", at: start)
            }
            brackets.removeLast()
            openings.removeLast()
            return tok(c == UInt8(ascii: ")") ? .rightParen : c == UInt8(ascii: "]") ? .rightBracket : .rightBrace)
        case UInt8(ascii: ","): return tok(.comma)
        case UInt8(ascii: ":"): return tok(.colon)
        case UInt8(ascii: ";"): return tok(.semicolon)
        case UInt8(ascii: "@"): return tok(.at)
        case UInt8(ascii: "^"): return tok(.caret)
        case UInt8(ascii: "%"): return tok(.percent)
        case UInt8(ascii: "."):
            if peek() == UInt8(ascii: "."), peek(1) == UInt8(ascii: "<") { return tok(.rangeExclusive, extra: 2) }
            if peek() == UInt8(ascii: "."), peek(1) == UInt8(ascii: ".") { return tok(.rangeInclusive, extra: 2) }
            if peek() == UInt8(ascii: ".") {
                throw error("'..' is not an operator; write a..<b (without b) or a...b (with b)", at: start, length: 2)
            }
            return tok(.dot)
        case UInt8(ascii: "+"):
            if peek() == UInt8(ascii: "+") { return tok(.plusPlus, extra: 1) }
            if peek() == UInt8(ascii: "=") { return tok(.plusAssign, extra: 1) }
            return tok(.plus)
        case UInt8(ascii: "-"):
            if peek() == UInt8(ascii: "=") { return tok(.minusAssign, extra: 1) }
            return tok(.minus)
        case UInt8(ascii: "*"):
            if peek() == UInt8(ascii: "=") { return tok(.starAssign, extra: 1) }
            if peek() == UInt8(ascii: "*") {
                throw error("'**' is not an operator; use '^' for powers", at: start, length: 2)
            }
            return tok(.star)
        case UInt8(ascii: "/"):
            if peek() == UInt8(ascii: "=") { return tok(.slashAssign, extra: 1) }
            if peek() == UInt8(ascii: "/") {
                throw error("'//' is not an operator; use floor(a / b), and '#' for comments", at: start, length: 2)
            }
            return tok(.slash)
        case UInt8(ascii: "="):
            if peek() == UInt8(ascii: "=") { return tok(.equal, extra: 1) }
            if peek() == UInt8(ascii: ">") { return tok(.arrow, extra: 1) }
            return tok(.assign)
        case UInt8(ascii: "!"):
            if peek() == UInt8(ascii: "=") { return tok(.notEqual, extra: 1) }
            throw error("'!' is not an operator; use 'not'", at: start)
        case UInt8(ascii: "<"):
            if peek() == UInt8(ascii: "=") { return tok(.lessEqual, extra: 1) }
            return tok(.less)
        case UInt8(ascii: ">"):
            if peek() == UInt8(ascii: "=") { return tok(.greaterEqual, extra: 1) }
            return tok(.greater)
        case UInt8(ascii: "|"):
            if peek() == UInt8(ascii: ">") { return tok(.pipe, extra: 1) }
            if peek() == UInt8(ascii: "|") { throw error("'||' is not an operator; use 'or'", at: start, length: 2) }
            throw error("unexpected '|'; the pipeline operator is '|>'", at: start)
        case UInt8(ascii: "&"):
            if peek() == UInt8(ascii: "&") { throw error("'&&' is not an operator; use 'and'", at: start, length: 2) }
            throw error("unexpected '&'", at: start)
        case UInt8(ascii: "'"):
            throw error("strings use double quotes: \"text\"", at: start)
        default:
            // Decode the whole scalar so the message shows it, not a byte.
            var scalarEnd = position
            while scalarEnd < end, bytes[scalarEnd] & 0xC0 == 0x80 { scalarEnd += 1 }
            let text = String(decoding: bytes[start..<scalarEnd], as: UTF8.self)
            position = scalarEnd
            let shown = c < 0x20 || c == 0x7F ? "byte 0x\(String(c, radix: 16))" : "'\(text)'"
            throw error("unexpected character \(shown)", at: start)
        }
    }

    private mutating func scanIdentifier() throws -> Token {
        let start = position
        while position < end, isIdentifierPart(bytes[position]) { position += 1 }
        let length = position - start
        if length > SyntaxLimits.maxIdentifierLength {
            throw error("identifier longer than \(SyntaxLimits.maxIdentifierLength) characters", at: start)
        }
        if length <= 8, let keyword = keyword(start, length) { return make(keyword, start: start, length: length) }
        return make(.identifier, start: start, length: length)
    }

    /// The keyword spelled by the `length` bytes at `start`, found without building a string or
    /// hashing: a third of all tokens are names. Must agree with `TokenKind.keywords`.
    private func keyword(_ start: Int, _ length: Int) -> TokenKind? {
        func spells(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == length else { return false }
            let letters = word.utf8Start
            for i in 1..<length where bytes[start + i] != letters[i] { return false }
            return true
        }
        switch bytes[start] {
        case UInt8(ascii: "a"): return spells("and") ? .kwAnd : spells("as") ? .kwAs : nil
        case UInt8(ascii: "b"): return spells("break") ? .kwBreak : nil
        case UInt8(ascii: "c"): return spells("continue") ? .kwContinue : spells("catch") ? .kwCatch : nil
        case UInt8(ascii: "e"): return spells("else") ? .kwElse : nil
        case UInt8(ascii: "f"): return spells("fn") ? .kwFn : spells("for") ? .kwFor : spells("false") ? .kwFalse : nil
        case UInt8(ascii: "i"): return spells("if") ? .kwIf : spells("in") ? .kwIn : spells("import") ? .kwImport : nil
        case UInt8(ascii: "l"): return spells("let") ? .kwLet : nil
        case UInt8(ascii: "n"): return spells("not") ? .kwNot : spells("nil") ? .kwNil : nil
        case UInt8(ascii: "o"): return spells("or") ? .kwOr : nil
        case UInt8(ascii: "p"): return spells("param") ? .kwParam : nil
        case UInt8(ascii: "r"): return spells("return") ? .kwReturn : nil
        case UInt8(ascii: "t"): return spells("true") ? .kwTrue : spells("try") ? .kwTry : nil
        case UInt8(ascii: "v"): return spells("var") ? .kwVar : nil
        case UInt8(ascii: "w"): return spells("while") ? .kwWhile : nil
        default: return nil
        }
    }

    private mutating func scanNumber() throws -> Token {
        let start = position
        var text = ""
        func digits(hex: Bool = false) {
            while position < end {
                let c = bytes[position]
                if isDigit(c) || (hex && isHexDigit(c)) { text.unicodeScalars.append(UnicodeScalar(c)) }
                else if c != UInt8(ascii: "_") { break }
                position += 1
            }
        }
        if bytes[position] == UInt8(ascii: "0"), position + 1 < end,
           bytes[position + 1] == UInt8(ascii: "x") || bytes[position + 1] == UInt8(ascii: "X") {
            position += 2
            digits(hex: true)
            guard !text.isEmpty else {
                throw error("malformed hexadecimal number", at: start, length: position - start)
            }
            guard let value = UInt64(text, radix: 16) else {
                throw error("hexadecimal number too large (more than 64 bits)", at: start, length: position - start)
            }
            var token = make(.number, start: start, length: position - start)
            token.number = Double(value)
            return token
        }
        digits()
        if position + 1 < end, bytes[position] == UInt8(ascii: "."), isDigit(bytes[position + 1]) {
            text += "."
            position += 1
            digits()
        }
        if position < end, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            var p = position + 1
            var exponent = "e"
            if p < end, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") {
                exponent.unicodeScalars.append(UnicodeScalar(bytes[p]))
                p += 1
            }
            if p < end, isDigit(bytes[p]) {
                position = p
                text += exponent
                digits()
            } else {
                throw error("malformed number: exponent has no digits", at: start, length: p - start)
            }
        }
        if position < end, isIdentifierStart(bytes[position]) {
            throw error("malformed number: a letter follows the digits", at: start, length: position - start + 1)
        }
        guard let value = Double(text) else {
            throw error("malformed number", at: start, length: position - start)
        }
        var token = make(.number, start: start, length: position - start)
        token.number = value
        return token
    }

    private mutating func scanString() throws -> Token {
        let start = position
        let startLine = line
        let startColumn = column(of: start)
        let triple = position + 2 < end && bytes[position + 1] == UInt8(ascii: "\"") && bytes[position + 2] == UInt8(ascii: "\"")
        position += triple ? 3 : 1
        if triple {
            // The opening delimiter ends its line; the text starts on the next one.
            while position < end, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\r") { position += 1 }
            guard position < end, bytes[position] == UInt8(ascii: "\n") else {
                throw error("a multi-line string starts with \"\"\" at the end of a line", at: start, length: 3)
            }
            advanceLine()
        }
        var parts: [StringPart] = []
        var buffer: [UInt8] = []
        func flush() {
            if !buffer.isEmpty {
                parts.append(.text(String(decoding: buffer, as: UTF8.self)))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while true {
            guard position < end else {
                var d = Diagnostic(.syntax, "unterminated string", file: file,
                                   at: SourceLocation(line: startLine, column: startColumn, offset: start), length: triple ? 3 : 1)
                d.isIncomplete = true
                throw d
            }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                if !triple { position += 1; break }
                if position + 2 < end, bytes[position + 1] == UInt8(ascii: "\""), bytes[position + 2] == UInt8(ascii: "\"") {
                    position += 3
                    break
                }
                buffer.append(c)
                position += 1
            } else if c == UInt8(ascii: "\n") {
                if !triple {
                    var d = Diagnostic(.syntax, "unterminated string (a line break inside \"...\"; use \\n or \"\"\")", file: file,
                                       at: SourceLocation(line: startLine, column: startColumn, offset: start))
                    d.isIncomplete = false
                    throw d
                }
                buffer.append(c)
                advanceLine()
            } else if c == UInt8(ascii: "\\") {
                // A backslash that ends the input escapes nothing: the string is unterminated
                // (it used to loop here forever; the token-soup fuzzer found `"\` at end of file).
                guard position + 1 < end else { position += 1; continue }
                let e = bytes[position + 1]
                switch e {
                case UInt8(ascii: "n"): buffer.append(10); position += 2
                case UInt8(ascii: "t"): buffer.append(9); position += 2
                case UInt8(ascii: "r"): buffer.append(13); position += 2
                case UInt8(ascii: "0"): buffer.append(0); position += 2
                case UInt8(ascii: "\""): buffer.append(e); position += 2
                case UInt8(ascii: "\\"): buffer.append(e); position += 2
                case UInt8(ascii: "u"):
                    let escapeStart = position
                    position += 2
                    guard position < end, bytes[position] == UInt8(ascii: "{") else {
                        throw error("malformed unicode escape; write \\u{1F600}", at: escapeStart, length: 2)
                    }
                    position += 1
                    var hex = ""
                    while position < end, isHexDigit(bytes[position]), hex.count < 8 {
                        hex.unicodeScalars.append(UnicodeScalar(bytes[position]))
                        position += 1
                    }
                    guard position < end, bytes[position] == UInt8(ascii: "}"),
                          let code = UInt32(hex, radix: 16), let scalar = UnicodeScalar(code) else {
                        throw error("malformed unicode escape; write \\u{1F600}", at: escapeStart, length: position - escapeStart)
                    }
                    position += 1
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                case UInt8(ascii: "("):
                    flush()
                    let codeStart = position + 2
                    let codeLine = line
                    let codeColumn = column(of: codeStart)
                    position = codeStart
                    let codeEnd = try skipInterpolation(from: start)
                    parts.append(.code(start: codeStart, end: codeEnd, line: codeLine, column: codeColumn))
                default:
                    throw error("unknown escape '\\\(Character(UnicodeScalar(e)))'", at: position, length: 2)
                }
            } else {
                buffer.append(c)
                position += 1
            }
        }
        flush()
        if triple { parts = Self.dedent(parts) }
        var token = Token(kind: .string, offset: start, length: position - start, line: startLine, column: startColumn)
        token.parts = parts
        return token
    }

    /// Finds the `)` closing an interpolation, skipping nested brackets and strings (which may
    /// hold interpolations of their own, to any depth); returns its offset and leaves `position`
    /// after it.
    private mutating func skipInterpolation(from stringStart: Int) throws -> Int {
        // Innermost last: a positive count is code with that many open '(' (the interpolation's
        // own included); 0 is the inside of a string literal nested in the code.
        var nesting = [1]
        while position < end {
            let c = bytes[position]
            if nesting[nesting.count - 1] == 0 {
                if c == UInt8(ascii: "\\") {
                    if position + 1 < end, bytes[position + 1] == UInt8(ascii: "(") { nesting.append(1) }
                    position += 2
                    continue
                }
                if c == UInt8(ascii: "\"") { nesting.removeLast() }
                if c == UInt8(ascii: "\n") { break }
                position += 1
                continue
            }
            if c == UInt8(ascii: "(") {
                nesting[nesting.count - 1] += 1
            } else if c == UInt8(ascii: ")") {
                nesting[nesting.count - 1] -= 1
                if nesting[nesting.count - 1] == 0 {
                    nesting.removeLast()
                    if nesting.isEmpty {
                        position += 1
                        return position - 1
                    }
                }
            } else if c == UInt8(ascii: "\"") {
                nesting.append(0)
            } else if c == UInt8(ascii: "\n") {
                break
            }
            position += 1
        }
        var d = error("unterminated interpolation \\( ... ) in string", at: stringStart)
        d.isIncomplete = position >= end
        throw d
    }

    /// Removes the indentation of the closing `"""` line from every line of a multi-line string,
    /// and the final line break, as Swift does.
    static func dedent(_ parts: [StringPart]) -> [StringPart] {
        guard case .text(let last)? = parts.last, let newline = last.lastIndex(of: "\n") else { return parts }
        let indentation = last[last.index(after: newline)...]
        guard indentation.allSatisfy({ $0 == " " || $0 == "\t" }) else { return parts }
        var result: [StringPart] = []
        var atLineStart = true
        for (i, part) in parts.enumerated() {
            guard case .text(var text) = part else {
                result.append(part)
                atLineStart = false
                continue
            }
            if i == parts.count - 1 {
                text = String(text[..<newline])
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for j in lines.indices where j > 0 || atLineStart {
                if lines[j].hasPrefix(indentation) { lines[j].removeFirst(indentation.count) }
            }
            atLineStart = text.hasSuffix("\n")
            result.append(.text(lines.joined(separator: "\n")))
        }
        return result
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }
@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 }
@inline(__always) func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
