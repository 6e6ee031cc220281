import Foundation
import WWTables

/// Numbers print as users write them: integers without ".0", others in the shortest form that
/// reads back to the same double.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), abs(x) < 1e15 {
        if x == 0 { return "0" }  // also -0
        return String(Int64(x))
    }
    return "\(x)"
}

/// How values look: `repr` form (strings quoted) at the REPL, in reports and inside containers;
/// `str` form (strings bare) for print and interpolation.
public enum ValueFormatter {
    public static func str(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return repr(value)
    }

    public static func repr(_ value: Value, depth: Int = 0) -> String {
        if depth > RuntimeLimits.maxValueDepth { return "..." }
        switch value {
        case .nil: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return formatNumber(x)
        case .string(let s): return quote(s)
        case .list(let l):
            if depth == RuntimeLimits.maxValueDepth { return "[...]" }
            let shown = l.items.prefix(RuntimeLimits.maxDisplayedElements).map { repr($0, depth: depth + 1) }
            let more = l.items.count > shown.count ? ", … (\(l.items.count - shown.count) more)" : ""
            return "[" + shown.joined(separator: ", ") + more + "]"
        case .record(let r):
            if depth == RuntimeLimits.maxValueDepth { return "{...}" }
            let fields = zip(r.keys, r.values).map { k, v in "\(key(k)): \(repr(v, depth: depth + 1))" }
            return "{" + fields.joined(separator: ", ") + "}"
        case .function(let f): return "<fn \(f.prototype.signature)>"
        case .builtin(let b): return b.receiver == nil ? "<built-in \(b.name)>" : "<method \(b.name) of \(b.receiver!.typeName)>"
        case .range(let r):
            let op = r.isInclusive ? "..." : "..<"
            if r.step != 1 { return "range(\(formatNumber(r.start)), \(formatNumber(r.end)), \(formatNumber(r.step)))" }
            return "\(formatNumber(r.start))\(op)\(formatNumber(r.end))"
        case .table(let t):
            return "<table: \(t.table.rowCount) rows × \(t.table.columnNames.count) columns>"
        case .object(let o): return o.summary
        }
    }

    /// The display of a top-level result: like `repr`, but tables and objects show in full.
    public static func display(_ value: Value) -> String {
        switch value {
        case .table(let t): return t.table.renderText()
        case .object(let o): return o.display()
        default: return repr(value)
        }
    }

    static func key(_ k: String) -> String {
        guard let first = k.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)),
              k.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }) else {
            return quote(k)
        }
        return k
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += "\\u{\(String(c.value, radix: 16))}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

/// A short description of a value for error messages: its type, and the value if it is short.
public func describeForError(_ value: Value) -> String {
    switch value {
    case .nil: return "nil"
    case .bool, .number: return "\(value.typeName) \(ValueFormatter.repr(value))"
    case .string(let s): return s.count <= 40 ? "string \(ValueFormatter.quote(s))" : "a string of \(s.count) characters"
    case .list(let l): return "a list of \(l.items.count) elements"
    case .record(let r): return "a record with fields \(r.keys.prefix(8).joined(separator: ", "))"
    default: return "a \(value.typeName)"
    }
}

/// The elements `for` visits: list items, range numbers, string characters, record keys, table
/// rows (as records), or a domain object's elements.
public func iterate(_ value: Value) -> [Value]? {
    switch value {
    case .list(let l): return l.items
    case .range(let r): return (0..<r.count).map { .number(r.element($0)) }
    case .string(let s): return s.map { .string(String($0)) }
    case .record(let r): return r.keys.map { .string($0) }
    case .table(let t): return (0..<t.table.rowCount).map { .record(rowRecord(t.table, $0)) }
    case .object(let o): return o.elements()
    default: return nil
    }
}

func rowRecord(_ table: DataTable, _ row: Int) -> RecordObject {
    RecordObject(table.row(at: row).map { ($0.0, Value(cell: $0.1)) })
}

extension Value {
    init(cell: Cell) {
        switch cell {
        case .null: self = .nil
        case .bool(let b): self = .bool(b)
        case .number(let x): self = .number(x)
        case .string(let s): self = .string(s)
        }
    }

    /// Tables hold scalars; anything else is refused with a message naming the column.
    func cell(column: String) throws -> Cell {
        switch self {
        case .nil: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        default:
            throw BuiltinError("column '\(column)' would hold \(describeForError(self)); table cells are numbers, strings, booleans or nil")
        }
    }
}

/// Structural equality for data (numbers, strings, lists, records), identity for objects.
public func valuesEqual(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
    if depth > RuntimeLimits.maxValueDepth { return false }
    switch (a, b) {
    case (.nil, .nil): return true
    case let (.bool(x), .bool(y)): return x == y
    case let (.number(x), .number(y)): return x == y
    case let (.string(x), .string(y)): return x == y
    case let (.list(x), .list(y)):
        if x === y { return true }
        guard x.items.count == y.items.count else { return false }
        return zip(x.items, y.items).allSatisfy { valuesEqual($0, $1, depth: depth + 1) }
    case let (.record(x), .record(y)):
        if x === y { return true }
        guard x.keys == y.keys else { return false }
        return zip(x.values, y.values).allSatisfy { valuesEqual($0, $1, depth: depth + 1) }
    case let (.range(x), .range(y)):
        return x.start == y.start && x.end == y.end && x.step == y.step && x.isInclusive == y.isInclusive
    case let (.function(x), .function(y)): return x === y
    case let (.builtin(x), .builtin(y)): return x === y
    case let (.table(x), .table(y)): return x === y
    case let (.object(x), .object(y)): return x === y
    default: return false
    }
}

/// Ordering for sort and comparisons: numbers with numbers, strings with strings, lists
/// lexicographically. Mixed types have no order (nil).
public func compareValues(_ a: Value, _ b: Value) -> Int? {
    switch (a, b) {
    case let (.number(x), .number(y)): return x < y ? -1 : x > y ? 1 : (x == y ? 0 : nil)
    case let (.string(x), .string(y)): return x < y ? -1 : x > y ? 1 : 0
    case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
    case let (.list(x), .list(y)):
        for (u, v) in zip(x.items, y.items) {
            guard let c = compareValues(u, v) else { return nil }
            if c != 0 { return c }
        }
        return x.items.count < y.items.count ? -1 : x.items.count > y.items.count ? 1 : 0
    default: return nil
    }
}

/// A deep copy of lists and records (tables are copied too); other values are shared.
public func deepCopy(_ value: Value, depth: Int = 0) -> Value {
    if depth > RuntimeLimits.maxValueDepth { return value }
    switch value {
    case .list(let l): return .list(ListObject(l.items.map { deepCopy($0, depth: depth + 1) }))
    case .record(let r): return .record(RecordObject(zip(r.keys, r.values).map { ($0, deepCopy($1, depth: depth + 1)) }))
    case .table(let t): return .table(TableObject(t.table.copy()))
    default: return value
    }
}
