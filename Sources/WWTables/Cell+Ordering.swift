/// A total order over all cells, so that any column can be sorted, even one
/// that mixes kinds or holds missing values:
///
///     null < bool < number < string
///
/// - Booleans: `false < true`.
/// - Numbers: numeric order, with **NaN after every other number** (after
///   `+inf`). IEEE comparisons are false for NaN, which would make a sort
///   order inconsistent; putting NaN last keeps the order total and puts the
///   "broken" values together at one end. All NaNs are equal to one another,
///   and `-0.0 == 0.0`, matching `Cell`'s equality.
/// - Strings: Swift's `String` order (Unicode scalar order of the canonical
///   form). It is deterministic and locale-independent, so the same script
///   sorts the same way on every machine; it is not dictionary order
///   (`"B" < "a"`).
///
/// Null sorting first means that in an ascending sort the rows with missing
/// values come first, and in a descending sort they come last.
extension Cell: Comparable {
    public static func < (lhs: Cell, rhs: Cell) -> Bool {
        compare(lhs, rhs) == .orderedAscending
    }

    /// Three-way comparison in the order above; sorting by several columns
    /// needs "equal" as an answer to move on to the next column.
    public static func compare(_ lhs: Cell, _ rhs: Cell) -> Ordering {
        switch (lhs, rhs) {
        case (.null, .null):
            return .orderedSame
        case let (.bool(a), .bool(b)):
            return a == b ? .orderedSame : (a ? .orderedDescending : .orderedAscending)
        case let (.number(a), .number(b)):
            return compareNumbers(a, b)
        case let (.string(a), .string(b)):
            return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        default:
            return lhs.kindRank < rhs.kindRank ? .orderedAscending : .orderedDescending
        }
    }

    /// The result of a three-way comparison. A module type rather than
    /// Foundation's `ComparisonResult` keeps the public API free of
    /// Objective-C heritage.
    public enum Ordering: Sendable {
        case orderedAscending, orderedSame, orderedDescending
    }

    private static func compareNumbers(_ a: Double, _ b: Double) -> Ordering {
        switch (a.isNaN, b.isNaN) {
        case (true, true): return .orderedSame
        case (true, false): return .orderedDescending
        case (false, true): return .orderedAscending
        case (false, false):
            if a < b { return .orderedAscending }
            if a > b { return .orderedDescending }
            return .orderedSame
        }
    }

    /// Position of this cell's kind in `null < bool < number < string`.
    private var kindRank: Int {
        switch self {
        case .null: return 0
        case .bool: return 1
        case .number: return 2
        case .string: return 3
        }
    }
}
