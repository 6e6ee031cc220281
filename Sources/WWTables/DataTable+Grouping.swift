/// Grouping and pivoting: one row per distinct key.
extension DataTable {
    /// The rows of each distinct combination of the key columns' cells, keys in ascending
    /// `Cell` order (as pandas sorts groups; a study's depth groups then read 2, 4, 8), rows in
    /// their original order. Null and NaN are keys like any other (`Cell` equality treats NaN
    /// as equal to NaN), so no row disappears from a grouping.
    ///
    /// - Throws: `TableError.unknownColumn` for a key that is not a column.
    public func groups(by keys: [String]) throws -> [(key: [Cell], rows: [Int])] {
        let keyColumns = try keys.map { cells(ofColumnAt: try columnIndex(named: $0)) }
        var positions: [[Cell]: Int] = [:]
        var groups: [(key: [Cell], rows: [Int])] = []
        for row in rowIndices {
            let key = keyColumns.map { $0[row] }
            if let position = positions[key] {
                groups[position].rows.append(row)
            } else {
                positions[key] = groups.count
                groups.append((key, [row]))
            }
        }
        return groups.sorted { lhs, rhs in
            for (a, b) in zip(lhs.key, rhs.key) {
                switch Cell.compare(a, b) {
                case .orderedAscending: return true
                case .orderedDescending: return false
                case .orderedSame: continue
                }
            }
            return false
        }
    }

    /// One row per group of `keys`: the key columns, then one column per aggregation, in
    /// the order given. With no aggregations the result has the keys and a `count` column.
    ///
    /// - Throws: `TableError.unknownColumn` for an unknown key or aggregated column,
    ///   `TableError.duplicateColumn` when two outputs share a name (or one is a key),
    ///   `TableError.notNumeric` for a numeric function over text or booleans,
    ///   `TableError.invalidArgument` when no key is given.
    public func grouped(by keys: [String], aggregations: [Aggregation]) throws -> DataTable {
        guard !keys.isEmpty else { throw TableError.invalidArgument("group_by needs at least one key column") }
        let outputs = aggregations.isEmpty ? [Aggregation.count] : aggregations
        let groups = try groups(by: keys)
        let sources = try outputs.map { aggregation in
            try aggregation.column.map { cells(ofColumnAt: try columnIndex(named: $0)) } ?? []
        }
        let result = DataTable()
        for (position, key) in keys.enumerated() {
            try result.addColumn(name: key, values: groups.map { $0.key[position] })
        }
        for (aggregation, source) in zip(outputs, sources) {
            let values = try groups.map { group -> Cell in
                let cells = aggregation.column == nil ? group.rows.map { _ in Cell.null } : group.rows.map { source[$0] }
                return try aggregation.function.apply(cells, column: aggregation.column ?? "count")
            }
            try result.addColumn(name: aggregation.name, values: values)
        }
        return result
    }

    /// A wide table: one row per distinct `index` value, one column per distinct `columns`
    /// value (named by its text, ascending), each cell `aggregate` of the `values` cells of
    /// that combination; null where a combination has no rows (pandas' `pivot_table`).
    ///
    /// - Throws: `TableError.unknownColumn`; `TableError.duplicateColumn` when a value of
    ///   `columns` reads the same as the index column's name or as another value (`1` and `"1"`).
    public func pivoted(index: String, columns: String, values: String, aggregate: AggregateFunction = .mean) throws -> DataTable {
        let rowGroups = try groups(by: [index])
        let columnGroups = try groups(by: [columns])
        let valueCells = cells(ofColumnAt: try columnIndex(named: values))
        let columnKey = cells(ofColumnAt: try columnIndex(named: columns))
        var rowsByPair: [[Cell]: [Int]] = [:]
        let indexCells = cells(ofColumnAt: try columnIndex(named: index))
        for row in rowIndices { rowsByPair[[indexCells[row], columnKey[row]], default: []].append(row) }
        let result = DataTable()
        try result.addColumn(name: index, values: rowGroups.map { $0.key[0] })
        for columnGroup in columnGroups {
            let column = try rowGroups.map { rowGroup -> Cell in
                guard let rows = rowsByPair[[rowGroup.key[0], columnGroup.key[0]]] else { return .null }
                return try aggregate.apply(rows.map { valueCells[$0] }, column: values)
            }
            try result.addColumn(name: columnGroup.key[0].description, values: column)
        }
        return result
    }
}
