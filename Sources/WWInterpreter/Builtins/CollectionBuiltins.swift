import Foundation
import WWTables

extension Registry {
    func defineLists() {
        category("Lists", doc: "Lists are ordered and shared when assigned; the functions here return new lists unless they say otherwise. Most also work on ranges, strings, and (where it makes sense) tables.")
        defineListEditing()
        defineListTransforms()
        defineListQueries()
    }

    /// Lists changed in place.
    private func defineListEditing() {
        define("push(items, value)", category: "Lists", methodOf: ["list"], global: false,
               doc: "Appends `value` to the end of the list, in place (`xs.push(4)`).") { call in
            let list = try call.list(0)
            guard list.items.count < RuntimeLimits.maxListElements else { throw BuiltinError(Interpreter.listLimitMessage) }
            list.items.append(call.value(1))
            return .nil
        }
        define("pop(items) -> value", category: "Lists", methodOf: ["list"], global: false,
               doc: "Removes and returns the last element of the list; errors on an empty list.") { call in
            let l = try call.list(0)
            guard let last = l.items.popLast() else { throw BuiltinError("cannot pop from an empty list") }
            return last
        }
        define("insert(items, index, value)", category: "Lists", methodOf: ["list"], global: false,
               doc: "Inserts `value` before position `index` (0 inserts at the front, len(items) at the end), in place.") { call in
            let l = try call.list(0)
            let i = try call.integer(1, in: 0...l.items.count)
            guard l.items.count < RuntimeLimits.maxListElements else { throw BuiltinError(Interpreter.listLimitMessage) }
            l.items.insert(call.value(2), at: i)
            return .nil
        }
    }

    /// Lists made from lists: transformed, filtered, sorted, combined.
    private func defineListTransforms() {
        define("map(items, transform) -> list", category: "Lists", methodOf: ["list", "range", "table"],
               doc: "A list of `transform(x)` for every element x: `map([1, 2], fn(x) => x * 10)` is [10, 20]. On a table, x is each row as a record (`t.map(fn(r) => r.acc)`); to keep a table, use `mutate`.") { call in
            let f = try call.callable(1)
            var out: [Value] = []
            for item in try call.elements(0) {
                try call.interpreter.checkInterrupt()
                out.append(try call.call(f, [item]))
            }
            return .list(ListObject(out))
        }
        define("filter(items, keep) -> value", category: "Lists", methodOf: ["list", "range", "table"],
               doc: "The elements for which `keep(x)` is true; on a table, the rows (passed as records) for which it is true, as a new table.") { call in
            let f = try call.callable(1)
            if case .table(let t) = call.value(0) {
                let kept = try t.table.filtering { (row: Int) -> Bool in
                    try call.call(f, [.record(rowRecord(t.table, row))]).isTruthy
                }
                return .table(TableObject(kept))
            }
            var out: [Value] = []
            for item in try call.elements(0) where try call.call(f, [item]).isTruthy { out.append(item) }
            return .list(ListObject(out))
        }
        define("reduce(items, combine, initial) -> value", category: "Lists", methodOf: ["list", "range"],
               doc: "Folds the elements from the left: `reduce([1, 2, 3], fn(acc, x) => acc + x, 0)` is 6.") { call in
            let f = try call.callable(1)
            var acc = call.value(2)
            for item in try call.elements(0) { acc = try call.call(f, [acc, item]) }
            return acc
        }
        define("sort(items, by = nil, descending = false) -> value", category: "Lists", methodOf: ["list", "table"],
               doc: "A sorted copy (stable). For a list, `by` is an optional key function; for a table, `by` names a column or a list of columns. Numbers and strings sort naturally; mixed types are an error.") { call in
            let descending = try call.bool(2)
            if case .table(let t) = call.value(0) {
                let names: [String]
                switch call.value(1) {
                case .string(let s): names = [s]
                case .list(let l):
                    names = try l.items.map { v -> String in
                        guard case .string(let s) = v else { throw BuiltinError("argument 'by' must list column names") }
                        return s
                    }
                default: throw call.fail(1, expected: "a column name or a list of column names")
                }
                return .table(TableObject(try t.table.sorted(by: names.map { (name: $0, descending: descending) })))
            }
            return .list(ListObject(try sortedItems(call, try call.elements(0))))
        }
        define("sort_in_place(items, by = nil, descending = false)", category: "Lists", methodOf: ["list"], global: false,
               doc: "Sorts the list itself (stable), as `sort` would sort a copy: `xs.sort_in_place()`, `xs.sort_in_place(fn(r) => r.acc, descending: true)`. Returns nil, like `push`, so a sorted copy is never mistaken for it.") { call in
            let l = try call.list(0)
            l.items = try sortedItems(call, l.items)
            return .nil
        }
        define("reversed(items) -> list", category: "Lists", methodOf: ["list", "range", "string"],
               doc: "The elements in reverse order, as a new list.") { call in
            .list(ListObject(try call.elements(0).reversed()))
        }
        define("enumerate(items, start = 0) -> list", category: "Lists", methodOf: ["list"],
               doc: "Pairs [index, element]: `for (i, x) in enumerate(xs) { ... }`.") { call in
            let start = try call.integer(1)
            return .list(ListObject(try call.elements(0).enumerated().map { .list(ListObject([.number(Double($0 + start)), $1])) }))
        }
        define("zip(first, second, more...) -> list", category: "Lists",
               doc: "Lists [a, b, ...] of the elements at the same position of two or more lists (or other iterables), as long as the shortest input: `zip([1, 2], [\"a\", \"b\"], [true, false])` is [[1, \"a\", true], [2, \"b\", false]].") { call in
            var inputs = [try call.elements(0), try call.elements(1)]
            for (i, extra) in call.rest.enumerated() {
                guard let items = iterate(extra) else {
                    throw BuiltinError("argument \(i + 3) must be a list or another iterable value, got \(describeForError(extra))")
                }
                inputs.append(items)
            }
            let length = inputs.map(\.count).min() ?? 0
            return .list(ListObject((0..<length).map { row in .list(ListObject(inputs.map { $0[row] })) }))
        }
    }

    /// Questions about a list and ways to reduce it to one value.
    private func defineListQueries() {
        define("any(items, test = nil) -> bool", category: "Lists", methodOf: ["list"],
               doc: "Whether some element is true (or passes `test`).") { call in
            let f = try call.optionalCallable(1)
            for item in try call.elements(0) where try (f.map { try call.call($0, [item]) } ?? item).isTruthy { return .bool(true) }
            return .bool(false)
        }
        define("all(items, test = nil) -> bool", category: "Lists", methodOf: ["list"],
               doc: "Whether every element is true (or passes `test`); true for an empty list.") { call in
            let f = try call.optionalCallable(1)
            for item in try call.elements(0) where try !(f.map { try call.call($0, [item]) } ?? item).isTruthy { return .bool(false) }
            return .bool(true)
        }
        define("index_of(items, value) -> value", category: "Lists", methodOf: ["list"],
               doc: "The position of the first element equal to `value`, or nil if there is none.") { call in
            let items = try call.elements(0)
            guard let i = items.firstIndex(where: { valuesEqual($0, call.value(1)) }) else { return .nil }
            return .number(Double(i))
        }
        define("unique(items) -> list", category: "Lists", methodOf: ["list"],
               doc: "The elements without repeats, in order of first appearance.") { call in
            // Numbers and strings are hashed: comparing each item with every kept one took
            // minutes for a column of 20,000 distinct numbers. Other values have no hash.
            var out: [Value] = []
            var numbers = Set<Double>(), strings = Set<String>(), others: [Value] = []
            for item in try call.elements(0) {
                switch item {
                case .number(let x): if x.isNaN || numbers.insert(x).inserted { out.append(item) }  // NaN equals nothing
                case .string(let text): if strings.insert(text).inserted { out.append(item) }
                default:
                    if !others.contains(where: { valuesEqual($0, item) }) {
                        others.append(item)
                        out.append(item)
                    }
                }
            }
            return .list(ListObject(out))
        }
        define("flatten(items) -> list", category: "Lists", methodOf: ["list"],
               doc: "Joins a list of lists into one list (one level).") { call in
            var out: [Value] = []
            for item in try call.elements(0) {
                if case .list(let inner) = item { out.append(contentsOf: inner.items) } else { out.append(item) }
            }
            return .list(ListObject(out))
        }
        define("join(items, separator = \"\") -> string", category: "Lists", methodOf: ["list"],
               doc: "The elements as text (`str`) with `separator` between them: `join([1, 2], \", \")` is \"1, 2\".") { call in
            .string(try call.elements(0).map(ValueFormatter.str).joined(separator: try call.string(1)))
        }
    }

    func defineStrings() {
        category("Strings", doc: "Strings are Unicode text; indexing and `len` count characters. These are methods: `s.upper()`.")
        let simple: [(String, String, (String) -> String)] = [
            ("upper", "The text in upper case.", { $0.uppercased() }),
            ("lower", "The text in lower case.", { $0.lowercased() }),
            ("trim", "The text without leading and trailing spaces and line breaks.", { $0.trimmingCharacters(in: .whitespacesAndNewlines) }),
        ]
        for (name, doc, f) in simple {
            define("\(name)(text) -> string", category: "Strings", methodOf: ["string"], global: false, doc: doc) { call in
                .string(f(try call.string(0)))
            }
        }
        define("split(text, separator = nil) -> list", category: "Strings", methodOf: ["string"], global: false,
               doc: "The pieces of the text between occurrences of `separator`, or between runs of white space when it is nil.") { call in
            let s = try call.string(0)
            guard let sep = try call.optionalString(1) else {
                return .list(ListObject(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) }))
            }
            guard !sep.isEmpty else { throw BuiltinError("argument 'separator' must not be empty") }
            return .list(ListObject(s.components(separatedBy: sep).map { .string($0) }))
        }
        define("replace(text, old, new) -> string", category: "Strings", methodOf: ["string"], global: false,
               doc: "The text with every occurrence of `old` replaced by `new`.") { call in
            let old = try call.string(1)
            guard !old.isEmpty else { throw BuiltinError("argument 'old' must not be empty") }
            return .string(try call.string(0).replacingOccurrences(of: old, with: try call.string(2)))
        }
        define("starts_with(text, prefix) -> bool", category: "Strings", methodOf: ["string"], global: false,
               doc: "Whether the text begins with `prefix`.") { call in
            .bool(try call.string(0).hasPrefix(try call.string(1)))
        }
        define("ends_with(text, suffix) -> bool", category: "Strings", methodOf: ["string"], global: false,
               doc: "Whether the text ends with `suffix`.") { call in
            .bool(try call.string(0).hasSuffix(try call.string(1)))
        }
        define("lines(text) -> list", category: "Strings", methodOf: ["string"], global: false,
               doc: "The lines of the text, without their line breaks.") { call in
            .list(ListObject(try call.string(0).split(separator: "\n", omittingEmptySubsequences: false).map { .string(String($0)) }))
        }
        define("pad(text, width, align = \"left\") -> string", category: "Strings", methodOf: ["string"], global: false,
               doc: "The text padded with spaces to `width` characters, aligned \"left\", \"right\" or \"center\".") { call in
            let s = try call.string(0)
            let width = try call.integer(1, in: 0...10_000)
            let align = try call.choice(2, ["left", "right", "center"])
            let missing = max(0, width - s.count)
            switch align {
            case "right": return .string(String(repeating: " ", count: missing) + s)
            case "center": return .string(String(repeating: " ", count: missing / 2) + s + String(repeating: " ", count: missing - missing / 2))
            default: return .string(s + String(repeating: " ", count: missing))
            }
        }
    }

    func defineRecords() {
        category("Records", doc: "Records are ordered sets of named fields: `{kind: \"dropout\", level: 0.1}`. `a ++ b` merges two records (b wins).")
        define("keys(record) -> list", category: "Records", methodOf: ["record"],
               doc: "The field names, in order.") { call in
            .list(ListObject(try call.record(0).keys.map { .string($0) }))
        }
        define("values(record) -> list", category: "Records", methodOf: ["record"],
               doc: "The field values, in order.") { call in
            .list(ListObject(try call.record(0).values))
        }
        define("pairs(record) -> list", category: "Records", methodOf: ["record"],
               doc: "[name, value] pairs in order: `for (k, v) in pairs(r) { ... }`.") { call in
            .list(ListObject(try call.record(0).pairs.map { .list(ListObject([.string($0.0), $0.1])) }))
        }
        define("has(record, name) -> bool", category: "Records", methodOf: ["record"],
               doc: "Whether the record has a field called `name` (same as `name in record`).") { call in
            .bool(try call.record(0).position(of: try call.string(1)) != nil)
        }
        define("get(record, name, default = nil) -> value", category: "Records", methodOf: ["record"],
               doc: "The field `name`, or `default` when the record has no such field.") { call in
            try call.record(0).get(try call.string(1)) ?? call.value(2)
        }
        define("remove(record, name) -> value", category: "Records", methodOf: ["record"], global: false,
               doc: "Removes the field `name` in place and returns its value (nil if there was none).") { call in
            try call.record(0).remove(try call.string(1)) ?? .nil
        }
    }

    func defineTables() {
        category("Tables", doc: "Tables are rows of records with named columns holding numbers, strings, booleans or nil. They print aligned at the REPL and as HTML in reports. `t.nrows`, `t.ncols` and `t.columns` describe a table; `t[\"col\"]` is a column as a list and `t[i]` a row as a record.")
        define("table(rows = nil) -> table", category: "Tables",
               doc: "A new table: empty, from a list of records (missing fields become nil), or from a record of equally long column lists.") { call in
            switch call.value(0) {
            case .nil: return .table(TableObject(DataTable()))
            case .list(let l):
                let records = try l.items.enumerated().map { i, item -> [(String, Cell)] in
                    guard case .record(let r) = item else {
                        throw BuiltinError("row \(i) is \(describeForError(item)); a table is built from records")
                    }
                    return try r.pairs.map { ($0.0, try $0.1.cell(column: $0.0)) }
                }
                return .table(TableObject(DataTable(records: records)))
            case .record(let r):
                let table = DataTable()
                var length: Int?
                for (name, column) in r.pairs {
                    guard let items = iterate(column), case .list = column else {
                        throw BuiltinError("column '\(name)' must be a list, got \(describeForError(column))")
                    }
                    if let length, length != items.count {
                        throw BuiltinError("column '\(name)' has \(items.count) values but the first column has \(length)")
                    }
                    length = items.count
                    try table.addColumn(name: name, values: try items.map { try $0.cell(column: name) })
                }
                return .table(TableObject(table))
            default:
                throw call.fail(0, expected: "nil, a list of records or a record of columns")
            }
        }
        define("add(table, row)", category: "Tables", methodOf: ["table"], global: false,
               doc: "Appends a record as a row, in place; new field names add columns (earlier rows get nil).") { call in
            let t = try call.table(0)
            let r = try call.record(1)
            var row: [(String, Cell)] = []
            row.reserveCapacity(r.count)
            for i in 0..<r.count { row.append((r.keys[i], try r.values[i].cell(column: r.keys[i]))) }
            t.table.addRow(row)
            return .nil
        }
        define("select(table, columns...) -> table", category: "Tables", methodOf: ["table"],
               doc: "A new table with only the named columns, in the order given: `t.select(\"alpha\", \"layer\")` (a single list of names works too).") { call in
            let t = try call.table(0)
            var names: [Value] = call.rest
            if names.count == 1, case .list(let l) = names[0] { names = l.items }
            let strings = try names.map { v -> String in
                guard case .string(let s) = v else { throw BuiltinError("column names must be strings, got \(describeForError(v))") }
                return s
            }
            return .table(TableObject(try t.table.selecting(strings)))
        }
        define("column(table, name) -> list", category: "Tables", methodOf: ["table"],
               doc: "The values of one column as a list (same as `t[name]`).") { call in
            do {
                return .list(ListObject(try call.table(0).table.column(named: try call.string(1)).map(Value.init(cell:))))
            } catch let e as TableError { throw BuiltinError(e.description) }
        }
        define("rows(table) -> list", category: "Tables", methodOf: ["table"],
               doc: "The rows as a list of records.") { call in
            let t = try call.table(0).table
            return .list(ListObject(t.rowIndices.map { .record(rowRecord(t, $0)) }))
        }
        define("head(table, n = 5) -> table", category: "Tables", methodOf: ["table"],
               doc: "The first `n` rows as a new table.") { call in
            .table(TableObject(try call.table(0).table.head(try call.integer(1, in: 0...Int(Int32.max)))))
        }
        define("tail(table, n = 5) -> table", category: "Tables", methodOf: ["table"],
               doc: "The last `n` rows as a new table.") { call in
            .table(TableObject(try call.table(0).table.tail(try call.integer(1, in: 0...Int(Int32.max)))))
        }
        define("to_markdown(table) -> string", category: "Tables", methodOf: ["table"],
               doc: "The table as a GitHub-style Markdown table, cells escaped.") { call in
            .string(try call.table(0).table.renderMarkdown())
        }
        defineTableColumns()
    }
}

/// The items in `sort`'s order: stable, by the optional key function `by` (argument 1),
/// `descending` (argument 2) reversing it; mixed types are an error.
private func sortedItems(_ call: BuiltinCall, _ items: [Value]) throws -> [Value] {
    let descending = try call.bool(2)
    let key = try call.optionalCallable(1)
    let keys = try key.map { k in try items.map { try call.call(k, [$0]) } } ?? items
    if let order = numericOrder(keys, descending: descending) { return order.map { items[$0] } }
    var failure: BuiltinError?
    let order = Array(items.indices).sorted { a, b in
        guard let c = compareValues(keys[a], keys[b]) else {
            if failure == nil { failure = BuiltinError("cannot order \(describeForError(keys[a])) and \(describeForError(keys[b]))") }
            return a < b
        }
        if c == 0 { return a < b }
        return descending ? c > 0 : c < 0
    }
    if let failure { throw failure }
    return order.map { items[$0] }
}

/// The order of `keys` when all are numbers and none is nan (the common case: sorting by a
/// score), by plain Double comparisons on a contiguous array instead of `compareValues` on
/// values; ties keep the items' order, so the result is the stable sort's. Nil otherwise (nan
/// has no order: the general path reports it).
private func numericOrder(_ keys: [Value], descending: Bool) -> [Int]? {
    var pairs: [(key: Double, index: Int)] = []
    pairs.reserveCapacity(keys.count)
    for (i, k) in keys.enumerated() {
        guard case .number(let x) = k, !x.isNaN else { return nil }
        pairs.append((x, i))
    }
    if descending {
        pairs.sort { $0.key > $1.key || ($0.key == $1.key && $0.index < $1.index) }
    } else {
        pairs.sort { $0.key < $1.key || ($0.key == $1.key && $0.index < $1.index) }
    }
    return pairs.map(\.index)
}
