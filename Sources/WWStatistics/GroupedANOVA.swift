import WWTables

/// One-way ANOVA of a table in long form: one row per observation, a numeric column of values
/// and a column naming each row's group. A study's groups are whatever its rows hold, so a group
/// too small for a variance is left out and reported rather than failing the whole test, unlike
/// samples given one by one, where the caller chose each and a small one is an error.
public struct GroupedANOVA: Sendable {
    /// A group left out: its key and how many of its values were usable (not NaN).
    public struct SkippedGroup: Equatable, Sendable, CustomStringConvertible {
        public let key: Cell
        public let usableValues: Int

        public init(key: Cell, usableValues: Int) {
            self.key = key
            self.usableValues = usableValues
        }

        /// "key (1 usable value)", as the result lists it.
        public var description: String {
            "\(key.description) (\(usableValues) usable value\(usableValues == 1 ? "" : "s"))"
        }
    }

    public let result: TestResult
    /// Keys of the groups compared, in ascending key order (the order of `result.counts`).
    public let groups: [Cell]
    /// Groups with fewer than ``StatisticalTests/minimumSampleSize`` usable values.
    public let skipped: [SkippedGroup]
}

extension StatisticalTests {
    /// One-way ANOVA of column `value` across the groups of column `group`, skipping groups with
    /// too few usable values (see ``GroupedANOVA``). Groups are labelled `group "a"` (the key
    /// as the table shows it quoted) in messages.
    /// - Throws: unknown or non-numeric columns; then as ``oneWayANOVA(_:names:)`` for what is left.
    public static func oneWayANOVA(table: DataTable, value: String, group: String) throws -> GroupedANOVA {
        let values = try table.numericColumn(named: value)
        var samples: [[Double]] = []
        var labels: [String] = []
        var keys: [Cell] = []
        var skipped: [GroupedANOVA.SkippedGroup] = []
        for (key, rows) in try table.groups(by: [group]) {
            let groupValues = rows.map { values[$0] }
            let usable = groupValues.filter { !$0.isNaN }.count
            guard usable >= minimumSampleSize else {
                skipped.append(GroupedANOVA.SkippedGroup(key: key[0], usableValues: usable))
                continue
            }
            samples.append(groupValues)
            labels.append("group \(key[0].debugDescription)")
            keys.append(key[0])
        }
        let result = try oneWayANOVA(samples, names: labels)
        return GroupedANOVA(result: result, groups: keys, skipped: skipped)
    }
}
