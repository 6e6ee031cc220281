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
    /// A record with the fields in the order given.
    public static func record(_ fields: KeyValuePairs<String, any ValueConvertible>) -> Value {
        .record(RecordObject(fields.map { ($0.key, $0.value.wwnValue) }))
    }

    /// A record from fields assembled at run time (optional fields appended as they apply).
    public static func record(_ fields: [(String, any ValueConvertible)]) -> Value {
        .record(RecordObject(fields.map { ($0.0, $0.1.wwnValue) }))
    }
}
