import WWTables

/// Reading a figure's data from table columns: numbers for values, text for labels. Missing
/// cells are NaN (left out of the drawing), so a column with gaps still plots. Column names come
/// from users, so an unknown one is an error listing the columns the table has.
extension DataTable {
    /// Whether a column holds only numbers and nulls: a matrix column, not a label column.
    public func isPlotNumeric(_ name: String) throws -> Bool {
        try plotCells(name).allSatisfy { $0.numberValue != nil || $0.isNull }
    }

    /// The numbers of column `name`; nulls become NaN.
    /// - Throws: ``PlotError`` for an unknown column or a cell that is text or a boolean.
    public func plotNumbers(_ name: String) throws -> [Double] {
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
    /// - Throws: ``PlotError`` for an unknown column.
    public func plotLabels(_ name: String) throws -> [String] {
        try plotCells(name).map { cell in
            if case .string(let s) = cell { return s }
            return cell.compactDescription
        }
    }

    private func plotCells(_ name: String) throws -> [Cell] {
        guard hasColumn(named: name) else {
            throw PlotError("the table has no column '\(name)'", notes: ["its columns: \(columnNames.joined(separator: ", "))"])
        }
        return try column(named: name)
    }
}

extension ColorEncoding {
    /// Column `name` of `table` as colours: a colour bar when it holds only numbers (and nulls),
    /// categories otherwise.
    /// - Throws: ``PlotError`` for an unknown column.
    public init(table: DataTable, column name: String) throws {
        self = try table.isPlotNumeric(name) ? .values(table.plotNumbers(name)) : .categories(table.plotLabels(name))
    }
}
