import WWTables

extension Registry {
    /// New columns: given as values, or computed from each row.
    func defineTableColumns() {
        define("add_column(table, name, values) -> table", category: "Tables", methodOf: ["table"],
               doc: "A new table with a column `name` holding `values` (a list with one value per row) at the right; the table itself is unchanged. Errors if the column exists (use `mutate` to replace one).") { call in
            let t = try call.table(0)
            let name = try call.string(1)
            let cells = try call.elements(2).map { try $0.cell(column: name) }
            return .table(TableObject(try t.table.settingColumn(name, values: cells, replacing: false)))
        }
        define("mutate(table, name, transform) -> table", category: "Tables", methodOf: ["table"],
               doc: "A new table with column `name` set to `transform(row)` for each row (passed as a record): `t.mutate(\"gap\", fn(r) => r.train - r.test)`. An existing column is replaced in its place, a new one added at the right; the table itself is unchanged.") { call in
            let t = try call.table(0)
            let name = try call.string(1)
            let f = try call.callable(2)
            var cells: [Cell] = []
            cells.reserveCapacity(t.table.rowCount)
            for row in t.table.rowIndices {
                try call.interpreter.checkInterrupt()
                cells.append(try call.call(f, [.record(rowRecord(t.table, row))]).cell(column: name))
            }
            return .table(TableObject(try t.table.settingColumn(name, values: cells, replacing: true)))
        }
    }
}
