/// Which rows a join keeps.
public enum JoinKind: String, CaseIterable, Sendable {
    /// Rows whose keys appear on both sides.
    case inner
    /// Every row of the left table; right columns null where nothing matches.
    case left
    /// Every row of the right table; left columns null where nothing matches.
    case right
    /// Every row of both tables.
    case outer
}

extension DataTable {
    /// The rows of this table and `other` matched on equal cells in the `on` columns.
    ///
    /// - Columns: the key columns once, then this table's other columns, then `other`'s. A
    ///   non-key name on both sides gets `suffixes.0` on the left and `suffixes.1` on the right
    ///   (pandas' `_x` and `_y` by default).
    /// - Rows: in this table's order, each followed by its matches in `other`'s order (every
    ///   pair when a key repeats on both sides); for `right` and `outer`, the unmatched rows of
    ///   `other` follow at the end, their key columns filled from `other`.
    /// - Missing keys: a row with a null or NaN key matches nothing (in SQL's way: an unknown
    ///   key equals no other), but is still kept by a left, right or outer join.
    ///
    /// - Throws: `TableError.unknownColumn` for a key missing on either side,
    ///   `TableError.invalidArgument` for no keys or equal suffixes, `TableError.duplicateColumn`
    ///   when a suffixed name collides with another column.
    public func joined(with other: DataTable, on keys: [String], kind: JoinKind = .inner,
                       suffixes: (String, String) = ("_x", "_y")) throws -> DataTable {
        guard !keys.isEmpty else { throw TableError.invalidArgument("a join needs at least one key column") }
        guard Set(keys).count == keys.count else { throw TableError.invalidArgument("a key column is named twice in the join keys") }
        let leftKeys = try keys.map { try columnIndex(named: $0) }
        let rightKeys = try keys.map { try other.columnIndex(named: $0) }

        var rightRowsByKey: [[Cell]: [Int]] = [:]
        for row in other.rowIndices {
            let key = rightKeys.map { other.cells(ofColumnAt: $0)[row] }
            if key.contains(where: \.isMissing) { continue }
            rightRowsByKey[key, default: []].append(row)
        }
        // Matched row pairs; nil marks the missing side.
        var pairs: [(left: Int?, right: Int?)] = []
        var matchedRight = Set<Int>()
        for row in rowIndices {
            let key = leftKeys.map { cells(ofColumnAt: $0)[row] }
            let matches = key.contains(where: \.isMissing) ? [] : rightRowsByKey[key] ?? []
            for match in matches {
                pairs.append((row, match))
                matchedRight.insert(match)
            }
            if matches.isEmpty, kind == .left || kind == .outer { pairs.append((row, nil)) }
        }
        if kind == .right || kind == .outer {
            if kind == .right { pairs.removeAll { $0.right == nil } }
            for row in other.rowIndices where !matchedRight.contains(row) { pairs.append((nil, row)) }
        }
        if kind == .right {
            // Right joins keep the right table's order.
            pairs.sort { ($0.right ?? 0, $0.left ?? -1) < ($1.right ?? 0, $1.left ?? -1) }
        }
        return try assembleJoin(other, keys: keys, leftKeys: leftKeys, rightKeys: rightKeys, pairs: pairs, suffixes: suffixes)
    }

    private func assembleJoin(_ other: DataTable, keys: [String], leftKeys: [Int], rightKeys: [Int],
                              pairs: [(left: Int?, right: Int?)], suffixes: (String, String)) throws -> DataTable {
        let keySet = Set(keys)
        let leftRest = columnNames.indices.filter { !keySet.contains(columnNames[$0]) }
        let rightRest = other.columnNames.indices.filter { !keySet.contains(other.columnNames[$0]) }
        let shared = Set(leftRest.map { columnNames[$0] }).intersection(rightRest.map { other.columnNames[$0] })
        if !shared.isEmpty, suffixes.0 == suffixes.1 {
            throw TableError.invalidArgument("both tables have a column \(shared.sorted().map { $0.debugDescription }.joined(separator: ", ")) and the suffixes are equal, so the names would clash")
        }
        func pick(_ source: [Cell], _ row: Int?) -> Cell { row.map { source[$0] } ?? .null }
        let result = DataTable()
        for (position, key) in keys.enumerated() {
            let left = cells(ofColumnAt: leftKeys[position])
            let right = other.cells(ofColumnAt: rightKeys[position])
            try result.addColumn(name: key, values: pairs.map { $0.left.map { left[$0] } ?? pick(right, $0.right) })
        }
        for index in leftRest {
            let name = columnNames[index]
            let source = cells(ofColumnAt: index)
            try result.addColumn(name: shared.contains(name) ? name + suffixes.0 : name, values: pairs.map { pick(source, $0.left) })
        }
        for index in rightRest {
            let name = other.columnNames[index]
            let source = other.cells(ofColumnAt: index)
            try result.addColumn(name: shared.contains(name) ? name + suffixes.1 : name, values: pairs.map { pick(source, $0.right) })
        }
        if result.columnNames.isEmpty { return DataTable(validatedNames: [], columns: [], rowCount: pairs.count) }
        return result
    }
}
