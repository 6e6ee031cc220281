import WWBase

/// The HTML display of a table, for notebook reports.
extension DataTable {
    /// The table as an HTML `<table class="wwn-table">`:
    ///
    ///     <table class="wwn-table">
    ///     <thead>
    ///     <tr><th>name</th><th class="num">norm</th></tr>
    ///     </thead>
    ///     <tbody>
    ///     <tr><td>alpha</td><td class="num" title="0.123456789">0.123457</td></tr>
    ///     <tr><td>beta</td><td class="null">nil</td></tr>
    ///     </tbody>
    ///     </table>
    ///
    /// - Every header and cell is HTML-escaped (`&`, `<`, `>`, `"`, `'`), so
    ///   table contents can never inject markup or scripts into a report.
    /// - Number cells have `class="num"` (for right alignment and tabular
    ///   digits in the report's CSS) and show `Cell.compactDescription`; when
    ///   that loses precision, a `title` tooltip holds the exact value.
    ///   Headers of numeric columns (see `renderText`) have `class="num"` too.
    /// - Null cells have `class="null"` and show `nil`, so CSS can dim them.
    /// - More than `maxRows` rows are elided in the middle with a
    ///   `<tr class="elided">` row that counts them (`… 98 more rows`), and a
    ///   `<caption>` gives the full shape.
    /// The markup carries classes only, no styles: the notebook's stylesheet
    /// decides the look.
    public func renderHTML(maxRows: Int = DataTable.defaultMaxMarkupRows) -> String {
        let window = RowWindow(rowCount: rowCount, maxRows: maxRows)
        let shownRows = window.shownRows
        let alignments = columnNames.indices.map { alignment(ofColumnAt: $0, rows: shownRows) }

        var lines = [#"<table class="wwn-table">"#]
        if window.isElided {
            lines.append("<caption>\(shapeDescription.htmlEscaped)</caption>")
        }
        let headers = columnNames.indices.map { index in
            let attributes = alignments[index] == .right ? #" class="num""# : ""
            return "<th\(attributes)>\(columnNames[index].htmlEscaped)</th>"
        }
        lines += ["<thead>", "<tr>" + headers.joined() + "</tr>", "</thead>", "<tbody>"]

        func dataRow(_ row: Int) -> String {
            "<tr>" + columnNames.indices.map { htmlCell(cells(ofColumnAt: $0)[row]) }.joined() + "</tr>"
        }
        lines += window.leading.map(dataRow)
        if window.isElided {
            lines.append(#"<tr class="elided"><td colspan="\#(max(columnNames.count, 1))">\#(window.hiddenDescription)</td></tr>"#)
        }
        lines += window.trailing.map(dataRow)
        lines += ["</tbody>", "</table>"]
        return lines.joined(separator: "\n")
    }

    private func htmlCell(_ cell: Cell) -> String {
        switch cell {
        case .number:
            let shown = cell.compactDescription
            let exact = cell.description
            let title = shown == exact ? "" : #" title="\#(exact.htmlEscaped)""#
            return #"<td class="num"\#(title)>\#(shown.htmlEscaped)</td>"#
        case .null:
            return #"<td class="null">nil</td>"#
        case .bool, .string:
            return "<td>\(cell.description.htmlEscaped)</td>"
        }
    }
}
