import WWBase

/// A data file that cannot be read: names the file, where in it the problem is, and what it is,
/// so a user can open the file at that spot.
public struct DataFileError: DomainError, CustomStringConvertible, Equatable {
    /// Where in the file: a byte offset for binary formats, a line for text ones, a row
    /// (1-based) for tables stored by column (Parquet).
    public enum Location: Equatable, Sendable {
        case byte(Int)
        case line(Int)
        case row(Int)
    }

    public let path: String
    public let location: Location?
    public let message: String

    public init(_ path: String, at location: Location? = nil, _ message: String) {
        self.path = path
        self.location = location
        self.message = message
    }

    public var description: String {
        switch location {
        case .byte(let offset)?: return "\(path): at byte \(offset): \(message)"
        case .line(let line)?: return "\(path): line \(line): \(message)"
        case .row(let row)?: return "\(path): row \(row): \(message)"
        case nil: return "\(path): \(message)"
        }
    }
}

extension DataFileError {
    /// `text` in double quotes for a message, cut to ``DataLimits/maxQuotedCharacters`` with
    /// its length said: a 30 MB field must not become a 30 MB error.
    static func quoted(_ text: String) -> String {
        guard text.count > DataLimits.maxQuotedCharacters else { return "\"\(text)\"" }
        return "\"\(text.prefix(DataLimits.maxQuotedCharacters))…\" (\(text.utf8.count) bytes)"
    }
}
