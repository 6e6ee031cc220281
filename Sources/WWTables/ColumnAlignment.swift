/// Which side of its column a value hugs, shared by all three renderers so
/// the terminal, Markdown and HTML agree.
///
/// Numbers align right so their digits line up by magnitude; everything else
/// aligns left, as text is read. A column is *numeric* when, among the rows
/// being shown, it has at least one number and nothing but numbers and nulls:
/// its header and its `nil`s then align right too, so they sit over the
/// digits. (Judging by shown rows only keeps rendering cost independent of
/// the table's length.)
enum ColumnAlignment {
    case left
    case right

    /// The alignment of a cell in a column whose alignment is `column`.
    init(of cell: Cell, inColumn column: ColumnAlignment) {
        switch cell {
        case .number: self = .right
        case .null: self = column
        case .bool, .string: self = .left
        }
    }
}

extension DataTable {
    /// The alignment of the column at `index`, judged by the given rows.
    func alignment(ofColumnAt index: Int, rows: [Int]) -> ColumnAlignment {
        let cells = cells(ofColumnAt: index)
        var sawNumber = false
        for row in rows {
            switch cells[row] {
            case .number: sawNumber = true
            case .null: continue
            case .bool, .string: return .left
            }
        }
        return sawNumber ? .right : .left
    }

    /// "4 rows × 3 columns": the shape line under a text table, and the
    /// caption of elided Markdown and HTML tables.
    var shapeDescription: String {
        func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        return "\(counted(rowCount, "row")) × \(counted(columnNames.count, "column"))"
    }
}
