import Foundation
import WWInterpreter
import WWTables

extension Registry {
    /// Table built-ins beyond the core ones: grouping, joining, pivoting and CSV files.
    func defineTableOperations() {
        category("Tables", doc: "Tables are rows of records with named columns.")
        define("group_by(table, by, count = false, sum = nil, mean = nil, median = nil, std = nil, min = nil, max = nil, first = nil) -> table",
               category: "Tables", methodOf: ["table"],
               doc: "One row per distinct value of the `by` column (or combination, for a list of columns), keys in ascending order, with the aggregates asked for: `t.group_by(\"depth\", mean: [\"alpha\", \"acc\"], count: true)` gives columns depth, count, alpha_mean, acc_mean. Each aggregate takes a column name or a list of them and names its output `<column>_<function>`. Missing values (nil, nan) are skipped, as in pandas; `std` is the sample standard deviation (n - 1); `count` counts rows. With no aggregate the result counts rows. For the rows themselves, use `groups`.") { call in
            let table = try call.table("table").table
            guard let keys = try optionalNames(call, "by") else { throw call.fail("by", expected: "a column name or a list of column names") }
            var aggregations: [Aggregation] = try call.bool("count") ? [.count] : []
            let functions: [(name: String, function: AggregateFunction)] = [
                ("sum", .sum), ("mean", .mean), ("median", .median), ("std", .std), ("min", .min), ("max", .max), ("first", .first),
            ]
            for (name, function) in functions {
                for column in try optionalNames(call, name) ?? [] { aggregations.append(Aggregation(function, of: column)) }
            }
            return .table(TableObject(try table.grouped(by: keys, aggregations: aggregations)))
        }
        define("groups(table, by) -> list", category: "Tables", methodOf: ["table"],
               doc: "The rows of each distinct value of the `by` column(s), as a list of records holding the key fields and `table`, the group's rows: `for g in t.groups(\"depth\") { print(g.depth, g.table.nrows) }`. Keys in ascending order.") { call in
            let table = try call.table("table").table
            guard let keys = try optionalNames(call, "by") else { throw call.fail("by", expected: "a column name or a list of column names") }
            let groups = try table.groups(by: keys)
            return .list(ListObject(groups.map { group in
                var fields = zip(keys, group.key).map { ($0, Value(cell: $1)) }
                let members = Set(group.rows)
                fields.append(("table", .table(TableObject(table.filtering { (row: Int) in members.contains(row) }))))
                return .record(RecordObject(fields))
            }))
        }
        define("join(table, other, on, how = \"inner\", suffixes = [\"_x\", \"_y\"]) -> table", category: "Tables", methodOf: ["table"], global: false,
               doc: "The rows of both tables matched on equal values of the `on` column(s): `runs.join(meta, \"model\", how: \"left\")`. `how` is \"inner\" (matches only), \"left\" (every row of this table), \"right\" (every row of `other`) or \"outer\" (all rows); unmatched cells are nil. Key columns appear once; other columns on both sides get the `suffixes`. Rows with a nil or nan key match nothing.") { call in
            let table = try call.table("table").table
            let other = try call.table("other").table
            guard let keys = try optionalNames(call, "on") else { throw call.fail("on", expected: "a column name or a list of column names") }
            let kind = try call.choice("how", of: JoinKind.self)
            let suffixes = try call.elements("suffixes")
            guard suffixes.count == 2, case .string(let left) = suffixes[0], case .string(let right) = suffixes[1] else {
                throw call.fail("suffixes", expected: "a list of two strings")
            }
            return .table(TableObject(try table.joined(with: other, on: keys, kind: kind, suffixes: (left, right))))
        }
        define("pivot(table, index, columns, values, aggregate = \"mean\") -> table", category: "Tables", methodOf: ["table"],
               doc: "A wide table: one row per value of `index`, one column per value of `columns` (named by its text), each cell the `aggregate` (count, sum, mean, median, std, min, max or first) of the `values` cells of that combination, nil where there are none: `t.pivot(\"depth\", \"kind\", \"acc\")`.") { call in
            let table = try call.table("table").table
            let function = try call.choice("aggregate", of: AggregateFunction.self)
            return .table(TableObject(try table.pivoted(index: try call.string("index"), columns: try call.string("columns"), values: try call.string("values"), aggregate: function)))
        }
        define("read_csv(path) -> table", category: "Tables",
               doc: "Reads a CSV file (RFC 4180: commas, fields quoted with \" when needed, the first line the header) into a table. A column whose non-empty fields are all numbers becomes numbers, all true/false becomes booleans, anything else text; empty fields are nil. Errors name the file and line.") { call in
            .table(TableObject(try DataTable.readCSV(path: try call.string("path"))))
        }
        define("write_csv(table, path, overwrite = false)", category: "Tables", methodOf: ["table"],
               doc: "Writes the table as CSV (header line, fields quoted only when needed, nil as an empty field). The file is written whole or not at all (through a temporary file), and an existing file is an error unless `overwrite: true`.") { call in
            let table = try call.table("table").table
            try table.writeCSV(path: try call.string("path"), overwrite: try call.bool("overwrite"))
            return .nil
        }
    }
}
