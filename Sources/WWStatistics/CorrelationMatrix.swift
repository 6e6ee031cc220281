import WWTables

/// The correlations of every pair of variables, each over the rows where both are present
/// (pairwise deletion, as pandas' `DataFrame.corr`), with p-values and pair counts.
public struct CorrelationMatrix: Sendable {
    public let method: CorrelationMethod
    public let names: [String]
    /// `results[i][j]`: the correlation of `names[i]` and `names[j]`; symmetric, and on the
    /// diagonal r = 1 (p = 0) unless the variable is constant or has fewer than 2 values.
    public let results: [[CorrelationResult]]

    /// Correlations of `columns` of `table` (default: every numeric column).
    ///
    /// - Throws: `TableError.unknownColumn`, `StatisticsError` for a non-numeric column or
    ///   infinite values, or fewer than 2 columns.
    public init(_ table: DataTable, columns: [String]? = nil, method: CorrelationMethod = .pearson) throws {
        let names = columns ?? table.numericColumnNames
        guard names.count >= 2 else {
            throw StatisticsError("a correlation matrix needs at least 2 numeric columns, got \(names.count)\(columns == nil ? " (the table's numeric columns: \(names))" : "")")
        }
        let data = try names.map { try table.numericColumn(named: $0) }
        var results: [[CorrelationResult?]] = Array(repeating: Array(repeating: nil, count: names.count), count: names.count)
        for i in names.indices {
            for j in i..<names.count {
                let result = try Correlation.compute(method, data[i], data[j], names: ("column '\(names[i])'", "column '\(names[j])'"))
                results[i][j] = result
                results[j][i] = result
            }
        }
        self.method = method
        self.names = names
        self.results = results.map { $0.compactMap { $0 } }
    }

    /// One row per variable: a label column, then one column per variable holding `value`
    /// of each pair (nil where undefined).
    public func table(of value: KeyPath<CorrelationResult, Double?> = \.r) throws -> DataTable {
        let table = DataTable()
        try table.addColumn(name: labelColumnName, values: names.map { .string($0) })
        for (j, name) in names.enumerated() {
            try table.addColumn(name: name, values: names.indices.map { i in results[i][j][keyPath: value].map(Cell.number) ?? .null })
        }
        return table
    }

    /// The pair counts as a table shaped like ``table(of:)``.
    public func countTable() throws -> DataTable {
        let table = DataTable()
        try table.addColumn(name: labelColumnName, values: names.map { .string($0) })
        for (j, name) in names.enumerated() {
            try table.addColumn(name: name, values: names.indices.map { .number(Double(results[$0][j].n)) })
        }
        return table
    }

    /// Reasons for the undefined entries, one per pair (each pair once), for notes.
    public var undefinedReasons: [String] {
        var reasons: [String] = []
        for i in names.indices {
            for j in i..<names.count {
                if let reason = results[i][j].reason, results[i][j].r == nil {
                    let pair = i == j ? "'\(names[i])'" : "'\(names[i])' and '\(names[j])'"
                    let note = "\(pair): \(reason)"
                    if !reasons.contains(note) { reasons.append(note) }
                }
            }
        }
        return reasons
    }

    /// `variable`, or with underscores added until it is not one of the variables' names.
    private var labelColumnName: String {
        var name = "variable"
        while names.contains(name) { name += "_" }
        return name
    }
}
