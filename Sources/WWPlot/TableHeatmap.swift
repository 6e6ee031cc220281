import WWTables

extension HeatmapInput {
    /// A table as a heatmap (a correlation matrix from `corr_matrix`): the columns holding only
    /// numbers and nulls are the matrix, named by their headers; the first other column names
    /// the rows. Without one, a square matrix's rows take the column names (a correlation
    /// matrix's rows are its variables) and any other the row numbers.
    /// - Throws: ``PlotError`` when no column is numeric.
    public init(table: DataTable, title: String? = nil, decimals: Int = 2) throws {
        var rowLabels: [String]?
        var numericColumns: [String] = []
        for name in table.columnNames {
            if try table.isPlotNumeric(name) {
                numericColumns.append(name)
            } else if rowLabels == nil {
                rowLabels = try table.plotLabels(name)
            }
        }
        guard !numericColumns.isEmpty else { throw PlotError("the table has no numeric columns to draw") }
        let columns = try numericColumns.map { try table.plotNumbers($0) }
        let matrix = (0..<table.rowCount).map { row in columns.map { $0[row] } }
        let rows = rowLabels ?? (table.rowCount == numericColumns.count ? numericColumns : (0..<table.rowCount).map(String.init))
        self.init(values: matrix, rowLabels: rows, columnLabels: numericColumns, title: title, decimals: decimals)
    }
}
