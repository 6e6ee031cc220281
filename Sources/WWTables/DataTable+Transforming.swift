/// Operations that derive a new table and leave the receiver untouched.
///
/// Most of them reduce to "pick these rows, in this order" (`gathering`) or
/// "pick these columns" — the same two primitives the planned `group_by`,
/// `join` and `pivot` will build on.
extension DataTable {
    /// A sort key: a column name and its direction.
    public typealias SortKey = (name: String, descending: Bool)

    /// An independent table with the same columns and rows.
    public func copy() -> DataTable {
        gathering(columnsAt: Array(columnNames.indices), rows: nil)
    }

    /// A table with only the named columns, in the order given.
    ///
    /// - Throws: `TableError.unknownColumn` for a name that is not a column
    ///   (listing the columns), `TableError.duplicateColumn` for a name given
    ///   twice (a table cannot have two columns with one name).
    public func selecting(_ names: [String]) throws -> DataTable {
        var seen = Set<String>()
        var indices: [Int] = []
        for name in names {
            guard seen.insert(name).inserted else {
                throw TableError.duplicateColumn(name)
            }
            indices.append(try columnIndex(named: name))
        }
        return gathering(columnsAt: indices, rows: nil)
    }

    /// The rows for which `keep` returns true, in their original order.
    ///
    /// The predicate receives a row *index*, so callers (the interpreter)
    /// can build whatever row value they need, or read only the cells they
    /// test, without this module deciding the row's representation.
    public func filtering(_ keep: (Int) throws -> Bool) rethrows -> DataTable {
        let kept = try rowIndices.filter(keep)
        return gathering(columnsAt: Array(columnNames.indices), rows: kept)
    }

    /// The rows for which `keep` returns true, in their original order; the
    /// predicate receives each row as (column name, cell) pairs.
    ///
    /// When a closure's body does not reveal which overload is meant (as in
    /// `{ _ in true }`), name its parameter type: `{ (_: Int) in true }`.
    public func filtering(_ keep: ([(String, Cell)]) throws -> Bool) rethrows -> DataTable {
        try filtering { (index: Int) in try keep(row(at: index)) }
    }

    /// The rows ordered by the given columns: by the first key, ties broken
    /// by the second, and so on, with `Cell`'s total order
    /// (null < bool < number < string; NaN after the other numbers).
    ///
    /// A descending key reverses that order, so nulls come last and NaN comes
    /// first among the numbers. The sort is **stable**: rows equal on every
    /// key keep their original relative order (it is guaranteed here by
    /// comparing original positions last, not left to the sort algorithm).
    /// An empty key list returns a copy.
    ///
    /// - Throws: `TableError.unknownColumn` for a key that is not a column.
    public func sorted(by keys: [SortKey]) throws -> DataTable {
        let keyColumns = try keys.map { key in
            (cells: cells(ofColumnAt: try columnIndex(named: key.name)), descending: key.descending)
        }
        let order = rowIndices.sorted { a, b in
            for key in keyColumns {
                switch Cell.compare(key.cells[a], key.cells[b]) {
                case .orderedSame:
                    continue
                case .orderedAscending:
                    return !key.descending
                case .orderedDescending:
                    return key.descending
                }
            }
            return a < b
        }
        return gathering(columnsAt: Array(columnNames.indices), rows: order)
    }

    /// The first `count` rows (all of them if there are fewer; none if
    /// `count` is negative).
    public func head(_ count: Int) -> DataTable {
        let n = min(max(count, 0), rowCount)
        return gathering(columnsAt: Array(columnNames.indices), rows: Array(0..<n))
    }

    /// The last `count` rows (all of them if there are fewer; none if
    /// `count` is negative).
    public func tail(_ count: Int) -> DataTable {
        let n = min(max(count, 0), rowCount)
        return gathering(columnsAt: Array(columnNames.indices), rows: Array((rowCount - n)..<rowCount))
    }

    /// This table's rows followed by `other`'s.
    ///
    /// The columns are this table's, then `other`'s columns that this one
    /// lacks; cells missing on either side are `.null` — the same rule as
    /// building a table from records with different keys.
    public func appending(rowsOf other: DataTable) -> DataTable {
        var names = columnNames
        var result: [[Cell]] = []
        for (index, name) in columnNames.enumerated() {
            let tail = other.position(ofColumn: name).map(other.cells(ofColumnAt:))
                ?? [Cell](repeating: .null, count: other.rowCount)
            result.append(cells(ofColumnAt: index) + tail)
        }
        for (index, name) in other.columnNames.enumerated() where !hasColumn(named: name) {
            names.append(name)
            result.append([Cell](repeating: .null, count: rowCount) + other.cells(ofColumnAt: index))
        }
        return DataTable(validatedNames: names, columns: result, rowCount: rowCount + other.rowCount)
    }

    // MARK: - Primitives

    /// A new table with the columns at `columnIndices` and, if `rows` is
    /// given, only those rows in that order (repeats allowed, for joins).
    internal func gathering(columnsAt columnIndices: [Int], rows: [Int]?) -> DataTable {
        let names = columnIndices.map { columnNames[$0] }
        let result: DataTable
        if let rows {
            let picked = columnIndices.map { index -> [Cell] in
                let source = cells(ofColumnAt: index)
                return rows.map { source[$0] }
            }
            result = DataTable(validatedNames: names, columns: picked, rowCount: rows.count)
        } else {
            result = DataTable(validatedNames: names, columns: columnIndices.map(cells(ofColumnAt:)), rowCount: rowCount)
        }
        let kept = Set(names)
        result.displayPriority = displayPriority.filter { kept.contains($0) }
        return result
    }
}
