import WWNumerics
import WWTables

/// A Swift value with one obvious wwn value: how bindings return domain results without writing
/// `.number(Double(count))` at every field. Records are built from these
/// (`Value.record(["alpha": fit.alpha, "n": count, "notes": notes])`), in the order written.
public protocol ValueConvertible {
    var wwnValue: Value { get }
}

extension Value: ValueConvertible {
    public var wwnValue: Value { self }
}

extension Double: ValueConvertible {
    public var wwnValue: Value { .number(self) }
}

extension Int: ValueConvertible {
    /// Counts and indices: exact in a Double up to 2^53, beyond any count a built-in returns.
    public var wwnValue: Value { .number(Double(self)) }
}

extension Bool: ValueConvertible {
    public var wwnValue: Value { .bool(self) }
}

extension String: ValueConvertible {
    public var wwnValue: Value { .string(self) }
}

extension Optional: ValueConvertible where Wrapped: ValueConvertible {
    /// A missing result is nil in wwn.
    public var wwnValue: Value { self?.wwnValue ?? .nil }
}

extension Array: ValueConvertible where Element: ValueConvertible {
    public var wwnValue: Value { .list(ListObject(map(\.wwnValue))) }
}

extension DataTable: ValueConvertible {
    public var wwnValue: Value { .table(TableObject(self)) }
}

extension Tensor: ValueConvertible {
    public var wwnValue: Value { .object(TensorObject(self)) }
}

extension Value {
    /// A record with the fields in the order given. Filled in place, without an intermediate
    /// array of pairs (callgrind: the mapped copy doubled the cost of a six-field record).
    public static func record(_ fields: KeyValuePairs<String, any ValueConvertible>) -> Value {
        let record = RecordObject(capacity: fields.count)
        for (key, value) in fields { record.set(key, value.wwnValue) }
        return .record(record)
    }

    /// A record from fields assembled at run time (optional fields appended as they apply).
    public static func record(_ fields: [(String, any ValueConvertible)]) -> Value {
        let record = RecordObject(capacity: fields.count)
        for (key, value) in fields { record.set(key, value.wwnValue) }
        return .record(record)
    }
}
