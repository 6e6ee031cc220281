import Foundation
import WWTables

/// Numbers print as users write them: integers without ".0", others in the shortest form that
/// reads back to the same double.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    // Below 1e16 every integral double prints exactly as an integer; Swift's own description
    // would add ".0" from 1e15 on.
    if x == x.rounded(), abs(x) < 1e16 {
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
        // Numbers (interpolation's common case) without repr's cycle-tracking set.
        if case .number(let x) = value { return formatNumber(x) }
        return repr(value)
    }

    /// A value as `print` writes it: like `str`, but a table as its aligned text (fitting
    /// `lineWidth` columns when given), since printing a table means wanting to see it.
    public static func printed(_ value: Value, lineWidth: Int? = nil) -> String {
        if case .table = value { return display(value, lineWidth: lineWidth) }
        return str(value)
    }

    public static func repr(_ value: Value, depth: Int = 0) -> String {
        var path = Set<ObjectIdentifier>()
        return repr(value, depth: depth, path: &path)
    }

    /// `path` holds the lists and records being shown around this value: meeting one of them
    /// again is a cycle (`xs.push(xs)`), shown as `[...]` or `{...}` as Python does, so display
    /// stays linear in the size of the value instead of unrolling the cycle.
    private static func repr(_ value: Value, depth: Int, path: inout Set<ObjectIdentifier>) -> String {
        if depth > RuntimeLimits.maxValueDepth { return "..." }
        switch value {
        case .nil: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return formatNumber(x)
        case .string(let s): return quote(s)
        case .list(let l):
            if depth == RuntimeLimits.maxValueDepth { return "[...]" }
            guard path.insert(ObjectIdentifier(l)).inserted else { return "[...]" }
            defer { path.remove(ObjectIdentifier(l)) }
            let shown = l.items.prefix(RuntimeLimits.maxDisplayedElements).map { repr($0, depth: depth + 1, path: &path) }
            let more = l.items.count > shown.count ? ", … (\(l.items.count - shown.count) more)" : ""
            return "[" + shown.joined(separator: ", ") + more + "]"
        case .record(let r):
            if depth == RuntimeLimits.maxValueDepth { return "{...}" }
            guard path.insert(ObjectIdentifier(r)).inserted else { return "{...}" }
            defer { path.remove(ObjectIdentifier(r)) }
            let fields = zip(r.keys, r.values).map { k, v in "\(key(k)): \(repr(v, depth: depth + 1, path: &path))" }
            return "{" + fields.joined(separator: ", ") + "}"
        case .function(let f):
            // A lambda's prototype is named "<fn>": show `<fn(x)>`, not `<fn <fn>(x)>`.
            return f.prototype.name == "<fn>" ? "<fn(\(f.parameterNames.joined(separator: ", ")))>" : "<fn \(f.prototype.signature)>"
        case .builtin(let b): return b.receiver == nil ? "<built-in \(b.name)>" : "<method \(b.name) of \(b.receiver!.typeName)>"
        case .range(let r):
            let op = r.isInclusive ? "..." : "..<"
            if r.step != 1 { return "range(\(formatNumber(r.start)), \(formatNumber(r.end)), \(formatNumber(r.step)))" }
            return "\(formatNumber(r.start))\(op)\(formatNumber(r.end))"
        case .table(let t):
            let rows = t.table.rowCount, columns = t.table.columnNames.count
            return "<table: \(rows) row\(rows == 1 ? "" : "s") × \(columns) column\(columns == 1 ? "" : "s")>"
        case .object(let o): return o.summary
        }
    }

    /// The display of a top-level result: like `repr`, but tables and objects show in full.
    /// A table fits `lineWidth` columns (a terminal's width; the tables' default without one).
    public static func display(_ value: Value, lineWidth: Int? = nil) -> String {
        switch value {
        case .table(let t): return t.table.renderText(maxLineWidth: lineWidth ?? DataTable.defaultMaxLineWidth)
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
    public init(cell: Cell) {
        switch cell {
        case .null: self = .nil
        case .bool(let b): self = .bool(b)
        case .number(let x): self = .number(x)
        case .string(let s): self = .string(s)
        }
    }

    /// Tables hold scalars; anything else is refused with a message naming the column.
    public func cell(column: String) throws -> Cell {
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

/// Structural equality for data (numbers, strings, lists, records), element-wise for tensors,
/// identity for other objects. Iterative, with no depth limit: two equal values nested 10,000
/// deep compare equal, and the native stack does not grow with the nesting.
///
/// Each pair of lists or records is compared once: meeting a pair again (shared parts, or cycles
/// such as `xs.push(xs)`) assumes it equal, as a bisimulation does, so `==` terminates on cycles
/// and the result is false exactly when some reachable pair differs.
public func valuesEqual(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
    var pending: [(Value, Value)] = [(a, b)]
    var assumed = Set<ContainerPair>()
    while let (x, y) = pending.popLast() {
        switch (x, y) {
        case (.nil, .nil): continue
        case let (.bool(p), .bool(q)): if p != q { return false }
        case let (.number(p), .number(q)): if p != q { return false }
        case let (.string(p), .string(q)): if p != q { return false }
        case let (.list(p), .list(q)):
            if p === q { continue }
            guard p.items.count == q.items.count else { return false }
            guard assumed.insert(ContainerPair(a: ObjectIdentifier(p), b: ObjectIdentifier(q))).inserted else { continue }
            for (u, v) in zip(p.items, q.items).reversed() { pending.append((u, v)) }
        case let (.record(p), .record(q)):
            if p === q { continue }
            guard p.keys == q.keys else { return false }
            guard assumed.insert(ContainerPair(a: ObjectIdentifier(p), b: ObjectIdentifier(q))).inserted else { continue }
            for (u, v) in zip(p.values, q.values).reversed() { pending.append((u, v)) }
        case let (.range(p), .range(q)):
            if !(p.start == q.start && p.end == q.end && p.step == q.step && p.isInclusive == q.isInclusive) { return false }
        case let (.function(p), .function(q)): if p !== q { return false }
        case let (.builtin(p), .builtin(q)): if p !== q { return false }
        case let (.table(p), .table(q)): if p !== q { return false }
        case let (.object(p), .object(q)):
            if p === q { continue }
            if let s = p as? DistributionObject, let t = q as? DistributionObject {
                if s.distribution != t.distribution { return false }
                continue
            }
            guard let s = p as? TensorObject, let t = q as? TensorObject, s.tensor == t.tensor else { return false }
        default: return false
        }
    }
    return true
}

/// A pair of lists or records already being compared.
private struct ContainerPair: Hashable {
    let a: ObjectIdentifier, b: ObjectIdentifier
}

/// Ordering for sort and comparisons: numbers with numbers, strings with strings, lists
/// lexicographically. Mixed types have no order (nil).
public func compareValues(_ a: Value, _ b: Value, depth: Int = 0) -> Int? {
    switch (a, b) {
    case let (.number(x), .number(y)): return x < y ? -1 : x > y ? 1 : (x == y ? 0 : nil)
    case let (.string(x), .string(y)): return x < y ? -1 : x > y ? 1 : 0
    case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
    case let (.list(x), .list(y)):
        // The same list is equal to itself; a cycle between two lists, or nesting deeper than a
        // call chain may be, has no order (instead of recursing until the stack overflows).
        if x === y { return 0 }
        if depth > RuntimeLimits.maxCallDepth { return nil }
        for (u, v) in zip(x.items, y.items) {
            guard let c = compareValues(u, v, depth: depth + 1) else { return nil }
            if c != 0 { return c }
        }
        return x.items.count < y.items.count ? -1 : x.items.count > y.items.count ? 1 : 0
    default: return nil
    }
}

/// A deep copy of lists and records (tables and `CopyableObject`s such as networks are copied
/// too); other values are shared.
/// Iterative, with no depth limit. Each list or record is copied once, so parts reached twice
/// stay shared in the copy and cycles survive, as with Python's deepcopy.
public func deepCopy(_ value: Value, depth: Int = 0) -> Value {
    var copies: [ObjectIdentifier: Value] = [:]
    var pending: [(original: Value, copy: Value)] = []
    /// The copy of `v`: a new empty container (filled later from `pending`) or `v` itself.
    func shell(_ v: Value) -> Value {
        switch v {
        case .list(let l):
            if let done = copies[ObjectIdentifier(l)] { return done }
            let copy = Value.list(ListObject())
            copies[ObjectIdentifier(l)] = copy
            pending.append((v, copy))
            return copy
        case .record(let r):
            if let done = copies[ObjectIdentifier(r)] { return done }
            let copy = Value.record(RecordObject())
            copies[ObjectIdentifier(r)] = copy
            pending.append((v, copy))
            return copy
        case .table(let t): return .table(TableObject(t.table.copy()))
        case .object(let o as CopyableObject):
            if let done = copies[ObjectIdentifier(o)] { return done }
            let copy = Value.object(o.deepCopy())
            copies[ObjectIdentifier(o)] = copy
            return copy
        default: return v
        }
    }
    let result = shell(value)
    while let (original, copy) = pending.popLast() {
        switch (original, copy) {
        case let (.list(o), .list(c)): c.items = o.items.map(shell)
        case let (.record(o), .record(c)): for (k, v) in zip(o.keys, o.values) { c.set(k, shell(v)) }
        default: break
        }
    }
    return result
}
