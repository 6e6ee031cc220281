/// Which rows a display shows when a table is too long to show whole.
///
/// Long tables are elided **in the middle**: the first rows show how the
/// table starts (its order, its columns' kinds), the last rows show where it
/// ends (a sort's other extreme, the latest rows appended), and the renderer
/// puts a `…` row between them. When `maxRows` is odd the extra row goes to
/// the top.
struct RowWindow {
    /// Rows shown before the elision mark (all rows when nothing is elided).
    let leading: Range<Int>
    /// Rows shown after the elision mark; empty when nothing is elided.
    let trailing: Range<Int>

    /// - Parameters:
    ///   - rowCount: rows in the table.
    ///   - maxRows: most data rows to show; negative counts as 0 (only the
    ///     elision mark, which still tells the reader rows exist).
    init(rowCount: Int, maxRows: Int) {
        let limit = max(maxRows, 0)
        if rowCount <= limit {
            leading = 0..<rowCount
            trailing = rowCount..<rowCount
        } else {
            leading = 0..<((limit + 1) / 2)
            trailing = (rowCount - limit / 2)..<rowCount
        }
    }

    /// Whether some rows are hidden between `leading` and `trailing`.
    var isElided: Bool { leading.upperBound < trailing.lowerBound }

    /// Rows hidden between `leading` and `trailing`.
    var hiddenCount: Int { trailing.lowerBound - leading.upperBound }

    /// The elision mark's words: `… 120 more rows`.
    var hiddenDescription: String { "… \(hiddenCount) more row\(hiddenCount == 1 ? "" : "s")" }

    /// Every shown row, top to bottom.
    var shownRows: [Int] { Array(leading) + Array(trailing) }
}
