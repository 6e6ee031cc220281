/// A table: named columns in a fixed order, and rows of `Cell`s.
///
/// `DataTable` is a class because tables are shared objects in the language:
/// when two variables hold the same table, adding a row through one shows
/// through the other, as with lists and dictionaries in most scripting
/// languages.
/// Operations whose names end in `-ing`/`-ed` (`selecting`, `filtering`,
/// `sorted`, ...) never mutate; they return a new table. `copy()` gives an
/// independent table when sharing is not wanted.
///
/// ## Storage
/// Cells are stored **column-wise**: one `[Cell]` per column. Nearly every
/// operation works a column at a time — `column(named:)` and `selecting` hand
/// out or pick arrays without touching cells, sorting reads only the key
/// columns, rendering measures column widths, and the planned `group_by`,
/// `join` and `pivot` hash or scan key columns. Adding a column is one array
/// append, and filling earlier rows with null happens once per new column, not
/// once per row. Row-wise access (`row(at:)`, `addRow`) costs one lookup per
/// column, which is cheap because tables are far longer than they are wide.
/// The arrays are copy-on-write, so `copy()` and derived tables share storage
/// until one of them is changed.
public final class DataTable {
    /// Column names, in display order. Names are unique.
    public private(set) var columnNames: [String]

    /// The number of rows. Stored rather than derived from the columns so a
    /// table without columns can still have rows (records with no fields).
    public private(set) var rowCount: Int

    /// `columns[i]` holds the cells of `columnNames[i]`; every array has
    /// `rowCount` elements.
    private var columns: [[Cell]]

    /// Position of each column by name, for constant-time lookup.
    private var indexByName: [String: Int]

    /// Columns to keep first when a text rendering is too wide for the line (the analysis
    /// table keeps name, N, M, alpha, D, log_norm, ... and leaves out the rest), in order of
    /// importance. Names that are not columns are ignored. Derived tables keep the hint for the
    /// columns they keep.
    public var displayPriority: [String] = []

    /// An empty table: no columns, no rows.
    public init() {
        columnNames = []
        rowCount = 0
        columns = []
        indexByName = [:]
    }

    /// An empty table with the given columns and no rows.
    ///
    /// - Throws: `TableError.duplicateColumn` if a name appears twice.
    public convenience init(columns names: [String]) throws {
        self.init()
        for name in names {
            try addColumn(name: name, values: [])
        }
    }

    /// A table with one row per record.
    ///
    /// The columns are the union of the records' keys, in the order they are
    /// first seen; a record that lacks a key gets `.null` in that column.
    /// Within one record a repeated key keeps its last value, as the language
    /// does when records are merged (the right side wins).
    public convenience init(records: [[(String, Cell)]]) {
        self.init()
        for record in records {
            addRow(record)
        }
    }

    /// Builds a table from parts already known to be consistent; used by the
    /// operations that derive one table from another.
    internal init(validatedNames names: [String], columns: [[Cell]], rowCount: Int) {
        assert(names.count == columns.count && columns.allSatisfy { $0.count == rowCount })
        self.columnNames = names
        self.columns = columns
        self.rowCount = rowCount
        self.indexByName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    // MARK: - Reading

    /// The cells of one column, top to bottom.
    ///
    /// - Throws: `TableError.unknownColumn`, listing the existing columns.
    public func column(named name: String) throws -> [Cell] {
        columns[try columnIndex(named: name)]
    }

    /// The position of a column in `columnNames`.
    ///
    /// - Throws: `TableError.unknownColumn`, listing the existing columns.
    public func columnIndex(named name: String) throws -> Int {
        guard let index = indexByName[name] else {
            throw TableError.unknownColumn(name, available: columnNames)
        }
        return index
    }

    /// Whether the table has a column with this name.
    public func hasColumn(named name: String) -> Bool {
        indexByName[name] != nil
    }

    /// One row as (column name, cell) pairs in column order.
    ///
    /// - Precondition: `0 <= index < rowCount`.
    public func row(at index: Int) -> [(String, Cell)] {
        precondition(rowIndices.contains(index), "row index \(index) out of range 0..<\(rowCount)")
        return columnNames.indices.map { (columnNames[$0], columns[$0][index]) }
    }

    /// One cell, by row position and column name.
    ///
    /// - Precondition: `0 <= row < rowCount`.
    /// - Throws: `TableError.unknownColumn`, listing the existing columns.
    public func cell(row: Int, column name: String) throws -> Cell {
        let columnIndex = try columnIndex(named: name)
        precondition(rowIndices.contains(row), "row index \(row) out of range 0..<\(rowCount)")
        return columns[columnIndex][row]
    }

    /// `0..<rowCount`.
    public var rowIndices: Range<Int> { 0..<rowCount }

    /// The position of a column, or nil; for callers in this module that
    /// handle a missing column themselves rather than by throwing.
    internal func position(ofColumn name: String) -> Int? {
        indexByName[name]
    }

    /// Column storage by position, for the operations and renderers in this
    /// module; avoids a name lookup per cell.
    internal func cells(ofColumnAt index: Int) -> [Cell] {
        columns[index]
    }

    // MARK: - Growing

    /// Appends one row.
    ///
    /// Keys that are not yet columns become new columns at the right, holding
    /// `.null` in all earlier rows; columns the record lacks get `.null` in
    /// this row. A repeated key keeps its last value.
    public func addRow(_ record: [(String, Cell)]) {
        // A table built row by row gets records with its columns in its order: appended without
        // a name lookup or a scratch row.
        if !columnNames.isEmpty, record.count == columnNames.count,
           record.indices.allSatisfy({ record[$0].0 == columnNames[$0] }) {
            for i in record.indices { columns[i].append(record[i].1) }
            rowCount += 1
            return
        }
        var newRow = [Cell](repeating: .null, count: columns.count)
        for (name, value) in record {
            if let index = indexByName[name] {
                newRow[index] = value
            } else {
                appendColumn(name, values: [Cell](repeating: .null, count: rowCount))
                newRow.append(value)
            }
        }
        for index in columns.indices {
            columns[index].append(newRow[index])
        }
        rowCount += 1
    }

    /// Appends a column at the right.
    ///
    /// `values` must have one cell per row. As a special case, the first
    /// column of a table with no columns and no rows may have any length: it
    /// sets the row count, so a table can be built column by column.
    ///
    /// - Throws: `TableError.duplicateColumn` if the name is taken;
    ///   `TableError.columnLengthMismatch` if the length is wrong.
    public func addColumn(name: String, values: [Cell]) throws {
        guard indexByName[name] == nil else {
            throw TableError.duplicateColumn(name)
        }
        if columns.isEmpty && rowCount == 0 {
            rowCount = values.count
        }
        guard values.count == rowCount else {
            throw TableError.columnLengthMismatch(column: name, expected: rowCount, actual: values.count)
        }
        appendColumn(name, values: values)
    }

    private func appendColumn(_ name: String, values: [Cell]) {
        indexByName[name] = columns.count
        columnNames.append(name)
        columns.append(values)
    }
}
