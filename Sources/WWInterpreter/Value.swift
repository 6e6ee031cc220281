import WWSyntax
import WWTables

/// A wwn value. Scalars are stored inline; lists, records, tables and functions are shared
/// references, as in Python: `let b = a` aliases a list, `copy(a)` duplicates it.
public enum Value {
    case `nil`
    case bool(Bool)
    case number(Double)
    case string(String)
    case list(ListObject)
    case record(RecordObject)
    case function(FunctionObject)
    case builtin(BuiltinFunction)
    case range(RangeObject)
    case table(TableObject)
    /// Domain objects (tensors, models, data sets, figures...), which describe themselves.
    case object(any NativeObject)

    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .function, .builtin: return "function"
        case .range: return "range"
        case .table: return "table"
        case .object(let o): return o.typeName
        }
    }

    /// nil and false are false; everything else is true (no surprising zero or empty-string falsiness).
    @inline(__always) public var isTruthy: Bool {
        switch self {
        case .nil: return false
        case .bool(let b): return b
        default: return true
        }
    }

    public var isNil: Bool { if case .nil = self { return true } else { return false } }

    /// `s += t` for a string value: appends in place when nothing else holds the string (the
    /// caller clears the variable first), so building a string piece by piece is amortised
    /// linear, not a copy per piece. Does nothing to other values.
    /// The UTF-8 length of a string value (nil for others), read without keeping a second
    /// reference to the text, which would make the next append copy it.
    @inline(__always) var stringByteCount: Int? {
        if case .string(let text) = self { return text.utf8.count }
        return nil
    }

    @inline(__always) mutating func appendString(_ tail: String) {
        guard case .string(var text) = self else { return }
        self = .nil
        text += tail
        self = .string(text)
    }
}

/// Domain objects that live in wwn values. Fields are read-only views documented by `fieldNames`.
public protocol NativeObject: AnyObject {
    var typeName: String { get }
    /// Names of the documented fields, for completion and error notes.
    var fieldNames: [String] { get }
    func field(_ name: String) -> Value?
    /// One line, used inside lists and records.
    var summary: String { get }
    /// The full display at the REPL or in a report (may span lines).
    func display() -> String
    /// Elements when iterated with `for`, or nil if not iterable.
    func elements() -> [Value]?
    /// What `len` reports: a data set's samples are not iterable one by one, but users still
    /// ask how many there are. Nil when `len` makes no sense for the object.
    var elementCount: Int? { get }
}

public extension NativeObject {
    func display() -> String { summary }
    func elements() -> [Value]? { nil }
    var elementCount: Int? { elements()?.count }
}

/// A native object with state a program can change (a network's weights), which `copy()`
/// must therefore duplicate instead of sharing. Immutable objects (tensors, model files) need
/// not conform: sharing them is indistinguishable from copying.
public protocol CopyableObject: NativeObject {
    /// An independent object equal to this one: changing either leaves the other alone.
    func deepCopy() -> NativeObject
}

public final class ListObject {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
}

/// An insertion-ordered record. Small records are the common case (rows of a table, keyword
/// bundles), so lookups scan the key array; a dictionary index is built past a threshold.
public final class RecordObject {
    public private(set) var keys: [String]
    public private(set) var values: [Value]
    private var index: [String: Int]?
    private static let indexThreshold = 12

    public init() { keys = []; values = [] }

    /// An empty record with room for `capacity` fields.
    public init(capacity: Int) {
        keys = []
        values = []
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    public init(_ pairs: [(String, Value)]) {
        keys = []
        values = []
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs { set(k, v) }
    }

    /// A record with these fields, in order; the keys must be distinct (a record literal's, which
    /// the parser checks). The keys array is shared with the caller until a field is added.
    init(distinctKeys keys: [String], values: [Value]) {
        self.keys = keys
        self.values = values
        if keys.count > Self.indexThreshold {
            var built: [String: Int] = [:]
            for (i, k) in keys.enumerated() { built[k] = i }
            index = built
        }
    }

    public var count: Int { keys.count }

    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    public func get(_ key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        return values[i]
    }

    public func set(_ key: String, _ value: Value) {
        if let i = position(of: key) {
            values[i] = value
            return
        }
        keys.append(key)
        values.append(value)
        if index != nil {
            index?[key] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            var built: [String: Int] = [:]
            for (i, k) in keys.enumerated() { built[k] = i }
            index = built
        }
    }

    @discardableResult
    public func remove(_ key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        let old = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        if index != nil {
            var built: [String: Int] = [:]
            for (j, k) in keys.enumerated() { built[k] = j }
            index = built
        }
        return old
    }

    public var pairs: [(String, Value)] { Array(zip(keys, values)) }
}

/// `a..<b` and `a...b` (step 1) or `range(a, b, step)`: iterated without building a list.
public final class RangeObject {
    public let start: Double
    public let end: Double
    public let step: Double
    public let isInclusive: Bool

    public init(start: Double, end: Double, step: Double = 1, isInclusive: Bool = false) {
        self.start = start
        self.end = end
        self.step = step
        self.isInclusive = isInclusive
    }

    public var count: Int {
        guard step != 0, start.isFinite, end.isFinite else { return 0 }
        let span = (end - start) / step
        if span < 0 { return 0 }
        // Int() traps beyond Int.max: a range longer than 2^53 numbers is counted as 2^53 (its
        // elements are not distinct doubles past that anyway).
        let whole = min(span.rounded(.down), 9_007_199_254_740_992)
        if isInclusive { return Int(whole) + 1 }
        return whole == span ? Int(whole) : Int(whole) + 1
    }

    public func element(_ i: Int) -> Double { start + Double(i) * step }

    /// A number where the range fails to advance, or nil: past 2^53 (or with a step below the
    /// spacing of doubles near its ends) consecutive elements round to the same double, and
    /// the range would repeat numbers instead of counting. Doubles are spaced most widely at
    /// the end of larger magnitude, so checking both ends covers the whole range.
    public var stalledElement: Double? {
        let n = count
        guard n >= 2 else { return nil }
        if element(1) == element(0) { return element(0) }
        if element(n - 1) == element(n - 2) { return element(n - 1) }
        return nil
    }
}

/// A table value: a shared `DataTable` whose cells are scalars.
public final class TableObject {
    public var table: DataTable
    public init(_ table: DataTable) { self.table = table }
}

/// A user function: its compiled prototype and the frame it closes over.
public final class FunctionObject {
    let prototype: FunctionPrototype
    let closure: Frame?
    init(prototype: FunctionPrototype, closure: Frame?) {
        self.prototype = prototype
        self.closure = closure
    }
    public var name: String { prototype.name }
    public var parameterNames: [String] { prototype.parameterNames }
    /// `name(a, b)`, as errors and help show it.
    public var signature: String { prototype.signature }
    /// The `##` comment lines above the function's `fn`, as the standard library documents its
    /// functions; nil when it has none. Read from the source when asked (help only).
    public var documentation: String? { prototype.file.documentation(above: prototype.location.line) }
    /// `file:line` of the function's `fn`.
    public var definition: String { "\(prototype.file.name):\(prototype.location.line)" }
}
