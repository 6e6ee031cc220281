import Foundation

/// How cells turn into text.
///
/// There are two forms because they serve different readers:
/// - `description` is **exact**: numbers use Swift's shortest round-trip
///   form, so the text parses back to the very same `Double`. Use it where a
///   value is read back or compared (printing one cell, CSV later).
/// - `compactDescription` is **for tables**: at most
///   `compactSignificantDigits` significant digits, so weight statistics like
///   `0.12345678901` do not blow a column up to 18 characters. It is lossy
///   (`123456.5` shows as `123456`); HTML tables keep the exact form in a
///   tooltip for that reason.
///
/// Both print integral numbers below `integerDisplayLimit` as integers
/// (`3`, not `3.0`), because most numbers in a wwn table are counts, indices
/// and shapes. Non-finite numbers print as `nan`, `inf` and `-inf`;
/// null prints as `nil`, the language's name for it.
extension Cell: CustomStringConvertible, CustomDebugStringConvertible {
    /// Integral numbers with a magnitude below this print without a fraction
    /// or exponent. 1e15 keeps such integers to at most 15 digits, all of them
    /// exactly representable in a `Double` (which is exact up to 2^53 ≈ 9e15)
    /// and short enough to read in a table column.
    public static let integerDisplayLimit = 1e15

    /// Significant digits in `compactDescription`: the precision of C's `%g`,
    /// enough to tell weights apart at a glance while keeping columns narrow.
    public static let compactSignificantDigits = 6

    /// The exact text of this cell; see the type's discussion above.
    public var description: String {
        switch self {
        case .number(let value):
            return Self.format(value, compact: false)
        default:
            return nonNumericText
        }
    }

    /// The text of this cell as tables show it; see the discussion above.
    public var compactDescription: String {
        switch self {
        case .number(let value):
            return Self.format(value, compact: true)
        default:
            return nonNumericText
        }
    }

    /// Like `description`, but strings are quoted so that `"3"` and `3`, or
    /// `"nil"` and `nil`, can be told apart in test failures and debuggers.
    public var debugDescription: String {
        switch self {
        case .string(let value):
            return value.debugDescription
        default:
            return description
        }
    }

    private var nonNumericText: String {
        switch self {
        case .null: return "nil"
        case .bool(let value): return value ? "true" : "false"
        case .string(let value): return value
        case .number(let value): return Self.format(value, compact: false)
        }
    }

    private static func format(_ value: Double, compact: Bool) -> String {
        if value.isNaN {
            return "nan"  // whatever the sign bit: `-nan` would only confuse
        }
        if value.isInfinite {
            return value < 0 ? "-inf" : "inf"
        }
        if value.rounded(.towardZero) == value, abs(value) < integerDisplayLimit {
            // Also turns -0.0 into "0": the two are equal cells.
            return String(Int64(value))
        }
        if compact {
            // `String(format:)` without a locale uses the POSIX locale, so the
            // decimal separator is always ".".
            return String(format: "%.\(compactSignificantDigits)g", value)
        }
        return value.description
    }
}
