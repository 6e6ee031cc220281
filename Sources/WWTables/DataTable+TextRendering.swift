import WWBase

/// The terminal display of a table.
extension DataTable {
    /// Most data rows `renderText` shows by default. 20 rows, plus the header,
    /// separator, elision and shape lines, fill a classic 24-line terminal.
    public static let defaultMaxTextRows = 20

    /// Widest a text value may be in `renderText` by default, in terminal
    /// columns. 40 keeps two long text columns and a few numbers side by side
    /// in a 100-column terminal; longer cells are truncated with `…`.
    public static let defaultMaxColumnWidth = 40

    /// Widest a rendered line may be by default, in terminal columns. An analysis table has
    /// about 30 columns; printed whole it wraps into an unreadable block, so columns from the
    /// middle are left out (as pandas does) once the line would pass 120, a wide terminal.
    public static let defaultMaxLineWidth = 120

    /// Space between columns: two blanks separate columns clearly without
    /// rules, and keep tables copyable as plain text.
    static let textColumnGap = "  "

    /// The table as aligned monospace text, for the terminal:
    ///
    ///     name   layer      norm  ok
    ///     ─────  ─────  ────────  ─────
    ///     alpha      1  0.123457  true
    ///     beta      12       nil  false
    ///     gamma     -3     1e-07  nil
    ///     3 rows × 4 columns
    ///
    /// - A header line, then a line of `─` as wide as each column.
    /// - Numbers use `Cell.compactDescription` and align right; text and
    ///   booleans align left; a column of only numbers and nils aligns its
    ///   header and nils right too.
    /// - Columns are two spaces apart, each as wide as its widest shown value
    ///   (wide CJK characters and emoji count double). Text and headers wider
    ///   than `maxWidth` are cut and end in `…`; numbers never are (a cut
    ///   number would be a wrong number, and compact forms are at most 16
    ///   characters).
    /// - Newlines, tabs and other control characters in text show as escapes
    ///   (`\n`, `\t`, `\u{1B}`), so a cell can neither break the layout nor
    ///   send control sequences to the terminal.
    /// - More than `maxRows` rows are elided in the middle: the first and last
    ///   rows show, with a row of `…` between them.
    /// - Columns that would make a line wider than `maxLineWidth` are elided
    ///   in the middle the same way: a `…` column stands for them (the first
    ///   and last columns always show). A table with a `displayPriority`
    ///   keeps those columns first instead, then as many others as fit from
    ///   the left, in the table's order, with a `…` column last.
    /// - The last line gives the full shape, shown rows or not.
    /// - Lines carry no trailing blanks, and the text no final newline.
    /// A table without columns shows only its shape line.
    ///
    /// - Parameters:
    ///   - maxRows: most data rows to show before eliding (negative acts as 0).
    ///   - maxWidth: widest a text value or header may be, in terminal
    ///     columns (at least 1).
    ///   - maxLineWidth: widest a line may be before columns are elided.
    public func renderText(
        maxRows: Int = DataTable.defaultMaxTextRows,
        maxWidth: Int = DataTable.defaultMaxColumnWidth,
        maxLineWidth: Int = DataTable.defaultMaxLineWidth
    ) -> String {
        let shape = shapeDescription
        guard !columnNames.isEmpty else { return shape }

        let window = RowWindow(rowCount: rowCount, maxRows: maxRows)
        let shownRows = window.shownRows
        let widthLimit = max(maxWidth, 1)
        func fittedText(_ text: String) -> String {
            DisplayWidth.truncate(Self.terminalSafe(text), toWidth: widthLimit)
        }
        func fittedCell(_ cell: Cell) -> String {
            // A cut number would be a wrong number; compact forms are short.
            if case .number = cell { return cell.compactDescription }
            return fittedText(cell.compactDescription)
        }

        // Text and alignment of every shown cell, column by column.
        var textColumns: [TextColumn] = []
        for index in columnNames.indices {
            let alignment = alignment(ofColumnAt: index, rows: shownRows)
            let cells = cells(ofColumnAt: index)
            let body = shownRows.map { row in
                (text: fittedCell(cells[row]),
                 alignment: ColumnAlignment(of: cells[row], inColumn: alignment))
            }
            textColumns.append(TextColumn(header: fittedText(columnNames[index]), alignment: alignment, body: body))
        }

        let priority = displayPriority.compactMap { indexByNameForRendering[$0] }
        textColumns = priority.isEmpty
            ? Self.elidingColumns(textColumns, maxLineWidth: maxLineWidth, rowCount: shownRows.count)
            : Self.keepingColumns(textColumns, first: priority, maxLineWidth: maxLineWidth, rowCount: shownRows.count)
        let widths = textColumns.map(\.width)
        let rule = widths.map { (text: String(repeating: "─", count: $0), alignment: ColumnAlignment.left) }
        let body = shownRows.indices.map { position in line(textColumns.map { $0.body[position] }, widths: widths) }

        var lines = [line(textColumns.map { ($0.header, $0.alignment) }, widths: widths), line(rule, widths: widths)]
        lines += body[..<window.leading.count]
        if window.isElided {
            lines.append(line(textColumns.map { ("…", $0.alignment) }, widths: widths))
        }
        lines += body[window.leading.count...]
        lines.append(shape)
        return lines.joined(separator: "\n")
    }

    /// The columns that fit in `maxLineWidth`, taken alternately from the left and the right
    /// end, with a `…` column where the others were.
    private static func elidingColumns(_ columns: [TextColumn], maxLineWidth: Int, rowCount: Int) -> [TextColumn] {
        let gap = textColumnGap.count
        let total = columns.reduce(0) { $0 + $1.width } + gap * max(columns.count - 1, 0)
        guard total > maxLineWidth, columns.count > 2 else { return columns }
        let marker = TextColumn(header: "…", alignment: .left, body: Array(repeating: ("…", .left), count: rowCount))
        var left: [TextColumn] = [columns[0]]
        var right: [TextColumn] = [columns[columns.count - 1]]
        var used = columns[0].width + right[0].width + 2 * gap + marker.width
        var nextLeft = 1
        var nextRight = columns.count - 2
        var takeLeft = true
        while nextLeft <= nextRight {
            let candidate = takeLeft ? columns[nextLeft] : columns[nextRight]
            guard used + candidate.width + gap <= maxLineWidth else { break }
            used += candidate.width + gap
            if takeLeft { left.append(candidate); nextLeft += 1 } else { right.insert(candidate, at: 0); nextRight -= 1 }
            takeLeft.toggle()
        }
        guard nextLeft <= nextRight else { return columns }
        return left + [marker] + right
    }

    /// The columns that fit in `maxLineWidth`: those of `first` (indices, by importance),
    /// then the others from the left, shown in the table's order with a `…` column last.
    private static func keepingColumns(_ columns: [TextColumn], first: [Int], maxLineWidth: Int, rowCount: Int) -> [TextColumn] {
        let gap = textColumnGap.count
        let total = columns.reduce(0) { $0 + $1.width } + gap * max(columns.count - 1, 0)
        guard total > maxLineWidth else { return columns }
        let marker = TextColumn(header: "…", alignment: .left, body: Array(repeating: ("…", .left), count: rowCount))
        var kept = Set<Int>()
        var used = marker.width
        for index in first + Array(columns.indices) where !kept.contains(index) {
            let width = columns[index].width + gap
            // The first column is always shown, even when it alone is too wide.
            guard kept.isEmpty || used + width <= maxLineWidth else { continue }
            used += width
            kept.insert(index)
        }
        return columns.indices.filter { kept.contains($0) }.map { columns[$0] } + [marker]
    }

    /// Column positions by name, for the rendering's priority lookup.
    private var indexByNameForRendering: [String: Int] {
        Dictionary(columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One column's rendered texts, before padding.
    private struct TextColumn {
        let header: String
        let alignment: ColumnAlignment
        let body: [(text: String, alignment: ColumnAlignment)]

        /// Wide enough for the header, every value, and a `…` elision mark.
        var width: Int {
            body.reduce(max(DisplayWidth.of(header), 1)) { max($0, DisplayWidth.of($1.text)) }
        }
    }

    /// One line of the table: each text padded to its column's width.
    private func line(_ texts: [(text: String, alignment: ColumnAlignment)], widths: [Int]) -> String {
        var out = ""
        for (index, item) in texts.enumerated() {
            if index > 0 { out += Self.textColumnGap }
            let padding = String(repeating: " ", count: max(widths[index] - DisplayWidth.of(item.text), 0))
            out += item.alignment == .right ? padding + item.text : item.text + padding
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// `text` with control characters written as escapes (see ``TerminalText``).
    static func terminalSafe(_ text: String) -> String { TerminalText.safe(text) }
}

/// Printing a table (`print(table)`, string interpolation, debuggers) shows
/// the default terminal rendering.
extension DataTable: CustomStringConvertible {
    public var description: String { renderText() }
}
