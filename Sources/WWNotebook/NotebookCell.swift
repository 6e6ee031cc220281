/// One cell of a notebook: its kind, title and where it sits in the file.
public struct NotebookCell: Sendable {
    public enum Kind: Sendable, Equatable {
        case code
        case markdown
    }

    /// 1-based position among the notebook's cells; reports and progress use the same numbers.
    public let index: Int
    public let kind: Kind
    /// The text after `#%%` (after `md` for Markdown cells), or nil when there is none.
    public let title: String?
    /// The line of the cell's `#%%` marker, or nil for code before the first marker.
    public let markerLine: Int?
    /// Every line the cell owns, marker included (1-based, half-open).
    public let lines: Range<Int>
    /// The cell's body with leading and trailing blank lines removed, as shown in reports.
    public let source: String
    /// The file line of the first line of `source`.
    public let sourceFirstLine: Int
    /// For Markdown cells, the Markdown text (comment markers stripped); nil for code cells.
    public let markdown: String?
    /// The first line of a Markdown cell that is not a comment or blank: an error the analysis
    /// reports, because that code would never run.
    public let firstCodeLineInMarkdown: Int?

    /// The title, or a name built from the position for untitled cells.
    public var displayTitle: String {
        if let title { return title }
        return kind == .markdown ? "Markdown" : "Cell \(index)"
    }

    /// How diagnostics and progress name the cell: `[3] Data and baseline`.
    public var label: String { "[\(index)] \(displayTitle)" }

    public func contains(line: Int) -> Bool { lines.contains(line) }
}
