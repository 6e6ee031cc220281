import WWTables

/// One piece of a cell's output, in the order the cell produced them.
public enum OutputItem {
    /// Printed text and displayed values, as the terminal shows them (consecutive pieces merged).
    case text(String)
    /// A displayed table, copied when it was displayed (later cells may change the original):
    /// HTML reports render it with `renderHTML()`, Markdown reports with `renderMarkdown()`.
    case table(DataTable)
    /// A figure file (PNG, JPEG or SVG): embedded as a data URI in index.html, linked from
    /// report.md (and copied beside it when it lives elsewhere); the caption (the figure's
    /// title) is the image's caption and alt text.
    case figure(path: String, caption: String? = nil)
}

/// Position of a top-level statement (its first token): the key `#=>` expectations and
/// captured outputs meet on. Line and column rather than byte offset, because a cell's source
/// file has other cells blanked, which keeps lines and columns but not offsets.
public struct StatementPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}
