/// Deriving a table with one more (or one changed) column; the receiver is untouched, as with
/// the other transforms, so `t |> mutate(...)` reads like a pipeline.
extension DataTable {
    /// A copy with column `name` set to `values`: replaced in its place when it exists (if
    /// `replacing`), else appended at the right.
    ///
    /// - Throws: `TableError.duplicateColumn` when the column exists and `replacing` is false;
    ///   `TableError.columnLengthMismatch` unless there is one value per row (any length for a
    ///   table with no columns, as `addColumn`).
    public func settingColumn(_ name: String, values: [Cell], replacing: Bool) throws -> DataTable {
        let result = copy()
        guard let index = position(ofColumn: name) else {
            try result.addColumn(name: name, values: values)
            return result
        }
        guard replacing else { throw TableError.duplicateColumn(name) }
        guard values.count == rowCount else {
            throw TableError.columnLengthMismatch(column: name, expected: rowCount, actual: values.count)
        }
        var columns = columnNames.indices.map(cells(ofColumnAt:))
        columns[index] = values
        return DataTable(validatedNames: columnNames, columns: columns, rowCount: rowCount)
    }
}
