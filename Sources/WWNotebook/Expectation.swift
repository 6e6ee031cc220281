import WWSyntax

/// One `#=>` comment: a line of output the statement before it must print.
public struct Expectation: Sendable {
    /// Where the `#` is.
    public let line: Int
    public let column: Int
    /// The expected line: the comment after `#=>` and one optional space.
    public let text: String
    /// Alone on its line (possibly indented), rather than trailing code.
    public let isOwnLine: Bool
    /// The whitespace before the `#` of an own-line expectation, kept when it is rewritten.
    let indentation: String
}

/// A top-level statement of a code cell, as `#=>` expectations see it.
public struct NotebookStatement: Sendable {
    public let position: StatementPosition
    public let cellIndex: Int
    /// The last line holding the statement's code (`--add-missing` puts new `#=>` lines after it).
    let lastLine: Int
    /// Another statement starts on `lastLine` (`a; b`): new lines after it would belong to that one.
    let sharesLastLine: Bool
    /// The whitespace before the statement's first token.
    let indentation: String
    /// `fn name(...)`: hoisted, so the interpreter never reports it starting.
    let isFunctionDeclaration: Bool
    /// The `#=>` lines that belong to it, in file order.
    public internal(set) var expectations: [Expectation] = []

    public var expectedLines: [String] { expectations.map(\.text) }
}

/// The `#=>` expectations of a notebook and the statements they belong to.
public struct ExpectationLayout: Sendable {
    /// Every top-level statement of every code cell, in file order.
    public internal(set) var statements: [NotebookStatement]
    /// `#=>` comments with no statement before them in their cell.
    public internal(set) var orphans: [Expectation]

    public var expectationCount: Int { statements.reduce(0) { $0 + ($1.expectations.isEmpty ? 0 : 1) } }
}

/// Finds `#=>` comments with the lexer, so a `#=>` inside a string literal is not one, and
/// attaches each to the top-level statement of its cell that starts last before it.
enum ExpectationScanner {
    static let marker = "#=>"

    static func scan(_ notebook: Notebook, cellPrograms: [Int: Program]) throws -> ExpectationLayout {
        let file = notebook.sourceFile
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            if token.kind == .eof { break }
            if token.kind != .newline { tokens.append(token) }
        }
        let bytes = Array(notebook.text.utf8)
        let stringSpans = tokens.filter { $0.kind == .string }.map { $0.offset..<($0.offset + $0.length) }
        let expectations = findExpectations(bytes: bytes, stringSpans: stringSpans)

        var statements: [NotebookStatement] = []
        var orphans: [Expectation] = []
        for cell in notebook.codeCells {
            let programStatements = (cellPrograms[cell.index]?.statements ?? []).sorted {
                ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
            }
            let starts = programStatements.map { StatementPosition(line: $0.location.line, column: $0.location.column) }
            let cellEnd = StatementPosition(line: cell.lines.upperBound, column: 0)
            var cellStatements: [NotebookStatement] = starts.enumerated().map { i, start in
                let next = i + 1 < starts.count ? starts[i + 1] : cellEnd
                let lastLine = lastLine(of: tokens, from: start, before: next, bytes: bytes) ?? start.line
                let line = file.line(start.line) ?? ""
                return NotebookStatement(position: start, cellIndex: cell.index, lastLine: lastLine,
                                         sharesLastLine: next.line == lastLine,
                                         indentation: String(line.prefix(while: { $0 == " " || $0 == "\t" })),
                                         isFunctionDeclaration: programStatements[i] is FunctionStmt)
            }
            for expectation in expectations where cell.contains(line: expectation.line) {
                let position = StatementPosition(line: expectation.line, column: expectation.column)
                if let owner = cellStatements.lastIndex(where: { $0.position < position }) {
                    cellStatements[owner].expectations.append(expectation)
                } else {
                    orphans.append(expectation)
                }
            }
            statements += cellStatements
        }
        return ExpectationLayout(statements: statements, orphans: orphans)
    }

    /// The line on which the last token between two statement starts ends (a multi-line
    /// string token ends lines after it starts). `tokens` are in file order.
    private static func lastLine(of tokens: [Token], from start: StatementPosition, before next: StatementPosition, bytes: [UInt8]) -> Int? {
        // Binary search for the first token at or after `next`.
        var low = 0, high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if StatementPosition(line: tokens[middle].line, column: tokens[middle].column) < next { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let token = tokens[low - 1]
        guard StatementPosition(line: token.line, column: token.column) >= start else { return nil }
        let end = min(bytes.count, token.offset + token.length)
        let newlines = bytes[token.offset..<end].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return token.line + newlines
    }

    private static func findExpectations(bytes: [UInt8], stringSpans: [Range<Int>]) -> [Expectation] {
        var result: [Expectation] = []
        var spanIndex = 0
        var lineStart = 0
        var lineNumber = 1
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var p = lineStart
            while p < lineEnd {
                while spanIndex < stringSpans.count, stringSpans[spanIndex].upperBound <= p { spanIndex += 1 }
                if spanIndex < stringSpans.count, stringSpans[spanIndex].contains(p) {
                    p = stringSpans[spanIndex].upperBound
                    continue
                }
                if bytes[p] == UInt8(ascii: "#") {
                    if let expectation = expectation(bytes: bytes, line: lineNumber, lineStart: lineStart, hash: p, lineEnd: lineEnd) {
                        result.append(expectation)
                    }
                    break  // the rest of the line is a comment
                }
                p += 1
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        return result
    }

    private static func expectation(bytes: [UInt8], line: Int, lineStart: Int, hash: Int, lineEnd: Int) -> Expectation? {
        let comment = String(decoding: bytes[hash..<lineEnd], as: UTF8.self).trimmingTrailingCarriageReturn
        guard comment.hasPrefix(marker) else { return nil }
        var text = comment.dropFirst(marker.count)
        if text.hasPrefix(" ") { text = text.dropFirst() }
        let before = String(decoding: bytes[lineStart..<hash], as: UTF8.self)
        let isOwnLine = before.allSatisfy { $0 == " " || $0 == "\t" }
        return Expectation(line: line, column: before.unicodeScalars.count + 1, text: String(text),
                           isOwnLine: isOwnLine, indentation: isOwnLine ? before : "")
    }
}
