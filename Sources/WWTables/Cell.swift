/// One value in a `DataTable`.
///
/// Tables hold only these four kinds of scalar: they are what every display
/// (terminal, Markdown, HTML) and every later interchange format (CSV) can
/// show faithfully. Richer language values (lists, records, tensors) are the
/// interpreter's business; it decides how to flatten them into cells.
public enum Cell: Sendable {
    /// A missing value: the hole left by a record that lacks a column.
    case null
    case bool(Bool)
    /// Every number is a `Double`, as in the language: integers up to 2^53
    /// are exact, which covers row counts, indices and layer numbers.
    case number(Double)
    case string(String)
}

// MARK: - Equality and hashing

/// Cells compare equal when they are *the same value*, which differs from
/// IEEE `==` in one place: NaN equals NaN.
///
/// Why: cells will be grouping and join keys (`group_by`, `join`), stored in
/// dictionaries and sets. Hashing requires `a == a` for every value; with IEEE
/// semantics a NaN key could never be found again and every NaN row would form
/// its own group. `0.0` and `-0.0` stay equal (they already hash alike).
/// The language's own `==` operator is free to keep IEEE semantics.
extension Cell: Hashable {
    public static func == (lhs: Cell, rhs: Cell) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case let (.bool(a), .bool(b)):
            return a == b
        case let (.number(a), .number(b)):
            return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)):
            return a == b
        default:
            return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .number(let value):
            hasher.combine(2)
            // All NaNs are equal, so they must hash alike whatever their
            // sign and payload bits.
            hasher.combine(value.isNaN ? Double.nan : value)
        case .string(let value):
            hasher.combine(3)
            hasher.combine(value)
        }
    }
}

// MARK: - Conveniences

extension Cell {
    /// Whether this is the missing value.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The number, if this cell holds one.
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// Literal conformances let builders and tests write records tersely, as in
/// `[("layer", 3), ("name", "fc1")]`. There is deliberately no nil literal:
/// Swift reserves that for `Optional`, and `.null` reads clearly enough.
extension Cell: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
