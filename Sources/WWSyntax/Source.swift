/// A position in a source file: 1-based line and column (in characters of that line) plus the
/// byte offset, which diagnostics use to underline the offending token.
///
/// Stored in 32 bits each: every syntax node carries one, and 12 bytes instead of 24 cut the
/// front end's memory per byte of source (sources are far below 2 GiB: `SyntaxLimits`).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    private var storedLine: Int32
    private var storedColumn: Int32
    private var storedOffset: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }
    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int, offset: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
        storedOffset = Int32(clamping: offset)
    }

    public static let unknown = SourceLocation(line: 0, column: 0, offset: 0)
    public var description: String { "\(line):\(column)" }
}

/// One source text and its name. Kept alive by every diagnostic and function that points into it,
/// so an error raised long after parsing (a closure called from a later REPL line) can still quote
/// the line it came from.
public final class SourceFile: @unchecked Sendable {
    public let name: String
    public let text: String
    /// Byte offset at which each line starts; computed once, lines are only read for diagnostics.
    private lazy var lineStarts: [Int] = {
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") { starts.append(offset) }
        }
        return starts
    }()

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// The text of a 1-based line without its newline, or nil outside the file.
    public func line(_ number: Int) -> String? {
        let starts = lineStarts
        guard number >= 1, number <= starts.count else { return nil }
        let utf8 = Array(text.utf8)
        let start = starts[number - 1]
        var end = number < starts.count ? starts[number] - 1 : utf8.count
        if end > start, end <= utf8.count, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard start <= end, end <= utf8.count else { return nil }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    public var lineCount: Int { lineStarts.count }

    /// The `##` comment lines right above line `number` (indented or not), without the markers
    /// and joined with spaces: the documentation of the function declared there, as the standard
    /// library's are written. Nil when there is none.
    public func documentation(above number: Int) -> String? {
        var paragraphs: [String] = []
        var current = number - 1
        while let text = line(current) {
            let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("##") else { break }
            var body = trimmed.dropFirst(2)
            while body.first == " " || body.first == "\t" { body = body.dropFirst() }
            while body.last == " " || body.last == "\t" || body.last == "\r" { body = body.dropLast() }
            paragraphs.insert(String(body), at: 0)
            current -= 1
        }
        let doc = paragraphs.filter { !$0.isEmpty }.joined(separator: " ")
        return doc.isEmpty ? nil : doc
    }
}
