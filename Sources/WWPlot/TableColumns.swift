import WWTables

/// Reading a figure's data from a table's own columns: numbers for values, text for labels. Missing
/// cells are NaN (left out of the drawing), so a column with gaps still plots.
extension DataTable {
    /// Whether a column holds only numbers and nulls: a matrix column, not a label column.
    func isPlotNumeric(_ name: String) throws -> Bool {
        try plotCells(name).allSatisfy { $0.numberValue != nil || $0.isNull }
    }

    /// The numbers of column `name`; nulls become NaN.
    /// - Throws: ``PlotError`` for a cell that is text or a boolean.
    func plotNumbers(_ name: String) throws -> [Double] {
        try plotCells(name).enumerated().map { row, cell in
            switch cell {
            case .number(let x): return x
            case .null: return .nan
            case .bool, .string:
                throw PlotError("column '\(name)' must hold numbers, but row \(row) holds \(cell.compactDescription)")
            }
        }
    }

    /// Column `name` as labels: text as it is, anything else as a table prints it.
    func plotLabels(_ name: String) throws -> [String] {
        try plotCells(name).map { cell in
            if case .string(let s) = cell { return s }
            return cell.compactDescription
        }
    }

    /// Callers name columns the table has (from `columnNames`, or after `hasColumn`).
    private func plotCells(_ name: String) throws -> [Cell] {
        try column(named: name)
    }
}
