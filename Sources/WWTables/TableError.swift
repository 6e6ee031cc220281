import Foundation
import WWBase

/// Everything that can go wrong when building or transforming a table.
///
/// Column names come from users typing scripts, so mistakes there are
/// expected and reported as thrown errors with messages meant to be shown
/// as-is: they name the offending column and, for an unknown name, list the
/// columns that do exist. (Row indices, by contrast, come from `rowCount`, so
/// an index out of range is a programming error and traps, as with `Array`.)
public enum TableError: DomainError, Equatable, Sendable {
    /// No column has this name. `available` lists the table's columns.
    case unknownColumn(String, available: [String])
    /// A column with this name already exists, or a name was given twice.
    case duplicateColumn(String)
    /// A new column's values do not match the table's row count.
    case columnLengthMismatch(column: String, expected: Int, actual: Int)
    /// A numeric aggregate met a cell that is not a number.
    case notNumeric(column: String, function: String, value: String)
    /// An argument outside what an operation accepts; the message says why.
    case invalidArgument(String)
    /// A CSV text that does not parse: where, and what is wrong.
    case malformedCSV(line: Int, reason: String)
    /// A file that cannot be read or written, or exists and may not be replaced.
    case file(path: String, reason: String)

    /// An unknown-column message lists at most this many existing columns, so
    /// a typo in a 500-column table does not print a wall of names; beyond it
    /// the message says how many more there are.
    public static let maxListedColumns = 20
}

extension TableError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case let .unknownColumn(name, available):
            return "no column named \(quoted(name)); \(Self.describeColumns(available, near: name))"
        case let .duplicateColumn(name):
            return "duplicate column name \(quoted(name)); column names must be unique"
        case let .columnLengthMismatch(column, expected, actual):
            return "column \(quoted(column)) has \(Self.counted(actual, "value")), "
                + "but the table has \(Self.counted(expected, "row"))"
        case let .notNumeric(column, function, value):
            return "\(function) needs numbers, but column \(quoted(column)) holds \(value)"
        case let .invalidArgument(reason):
            return reason
        case let .malformedCSV(line, reason):
            return "CSV line \(line): \(reason)"
        case let .file(path, reason):
            return "\(quoted(path)): \(reason)"
        }
    }

    public var errorDescription: String? { description }

    private static func describeColumns(_ columns: [String], near name: String) -> String {
        guard !columns.isEmpty else { return "the table has no columns" }
        let shown = columns.prefix(maxListedColumns).map(quoted).joined(separator: ", ")
        let rest = columns.count - maxListedColumns
        var text = "the columns are \(shown)"
        if rest > 0 {
            text += " and \(rest) more"
        }
        // The commonest slip is capitalization (`Loss` for `loss`); say so
        // explicitly when exactly one column matches that way.
        let lowered = name.lowercased()
        let nearMatches = columns.filter { $0.lowercased() == lowered }
        if nearMatches.count == 1 {
            text += " (did you mean \(quoted(nearMatches[0]))?)"
        }
        return text
    }

    private static func counted(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}

/// Quotes a column name in a message, escaping as Swift string literals do so
/// empty names and names with quotes or newlines stay visible.
private func quoted(_ name: String) -> String {
    name.debugDescription
}
