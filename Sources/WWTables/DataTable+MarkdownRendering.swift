/// The Markdown display of a table, for notebook reports.
extension DataTable {
    /// Most data rows the Markdown and HTML renderers show by default. Reports
    /// are scrolled rather than read in a fixed window, so the limit is far
    /// above the terminal's; it exists so that rendering a million-row table
    /// into a report stays a page, not a hang.
    public static let defaultMaxMarkupRows = 200

    /// The table as a GitHub-flavored Markdown pipe table:
    ///
    ///     | name | layer | ok |
    ///     | --- | ---: | --- |
    ///     | alpha | 1 | true |
    ///     | beta \| gamma | 12 | nil |
    ///
    /// - Numeric columns (see `renderText`) are right-aligned with `---:`.
    /// - Numbers use `Cell.compactDescription`; null shows as `nil`.
    /// - Cell and header text is escaped so it reads back as the same text:
    ///   `|` and `\` and the inline markers `` ` `` `*` `_` `~` `[` `]` get a
    ///   backslash, `&` `<` `>` become entities (so a cell can never inject
    ///   HTML into a rendered report), and a line break becomes `<br>` (a
    ///   table row must stay on one line).
    /// - More than `maxRows` rows are elided in the middle with a row that counts them (`… 98 more rows`),
    ///   and then a paragraph after the table gives the full shape.
    /// A table without columns renders as the empty string: Markdown has no
    /// table without columns.
    public func renderMarkdown(maxRows: Int = DataTable.defaultMaxMarkupRows) -> String {
        guard !columnNames.isEmpty else { return "" }
        let window = RowWindow(rowCount: rowCount, maxRows: maxRows)
        let shownRows = window.shownRows
        let alignments = columnNames.indices.map { alignment(ofColumnAt: $0, rows: shownRows) }

        func markdownRow(_ texts: [String]) -> String {
            "| " + texts.joined(separator: " | ") + " |"
        }
        func dataRow(_ row: Int) -> String {
            markdownRow(columnNames.indices.map { Self.markdownEscaped(cells(ofColumnAt: $0)[row].compactDescription) })
        }

        var lines = [
            markdownRow(columnNames.map(Self.markdownEscaped)),
            markdownRow(alignments.map { $0 == .right ? "---:" : "---" }),
        ]
        lines += window.leading.map(dataRow)
        if window.isElided {
            lines.append(markdownRow([window.hiddenDescription] + Array(repeating: "…", count: columnNames.count - 1)))
        }
        lines += window.trailing.map(dataRow)
        if window.isElided {
            lines += ["", shapeDescription]
        }
        return lines.joined(separator: "\n")
    }

    /// Characters a backslash makes literal in CommonMark that would
    /// otherwise end a cell (`|`), start an escape (`\`) or start inline
    /// formatting (code, emphasis, strikethrough, links).
    private static let markdownBackslashed: Set<Unicode.Scalar> = ["\\", "|", "`", "*", "_", "~", "[", "]"]

    /// `text` escaped for one cell of a pipe table; see `renderMarkdown`.
    static func markdownEscaped(_ text: String) -> String {
        var out = ""
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCarriageReturn:
                continue  // "\r\n" is one line break, already written
            case "\n", "\r":
                out += "<br>"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case _ where markdownBackslashed.contains(scalar):
                out += "\\" + String(scalar)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
