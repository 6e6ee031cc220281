import WWTables

extension DataTable {
    /// A column as numbers for statistics: null and NaN become NaN (missing, skipped by the
    /// statistics), booleans and text are an error naming the column and row.
    ///
    /// - Throws: `TableError.unknownColumn` (listing the columns) or `StatisticsError`.
    public func numericColumn(named name: String) throws -> [Double] {
        try column(named: name).enumerated().map { row, cell in
            switch cell {
            case .null: return .nan
            case .number(let value): return value
            default:
                throw StatisticsError("column '\(name)' must hold numbers, but row \(row) holds \(cell.debugDescription)")
            }
        }
    }

    /// The columns holding only numbers and nulls (and at least one number), in order: the
    /// default variables of a correlation matrix.
    public var numericColumnNames: [String] {
        columnNames.filter { name in
            guard let cells = try? column(named: name) else { return false }
            return cells.contains { $0.numberValue != nil } && cells.allSatisfy { $0.isNull || $0.numberValue != nil }
        }
    }
}
