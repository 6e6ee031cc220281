import WWBase

/// Errors of the statistics functions, with messages meant to be shown as-is: they name the
/// argument (or column) at fault and say what is wrong with it.
public struct StatisticsError: DomainError, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// Too few usable values (after dropping missing ones) for a statistic.
    static func tooFew(_ what: String, count: Int, required: Int, dropped: Int = 0) -> StatisticsError {
        let droppedNote = dropped > 0 ? " after dropping \(dropped) missing (NaN or nil)" : ""
        return StatisticsError("\(what) has \(count) usable value\(count == 1 ? "" : "s")\(droppedNote); at least \(required) are needed")
    }

    /// Two sequences that must pair up element by element differ in length.
    static func lengthMismatch(_ first: String, _ firstCount: Int, _ second: String, _ secondCount: Int) -> StatisticsError {
        StatisticsError("\(first) has \(firstCount) values but \(second) has \(secondCount); they must pair up one to one")
    }

    /// An infinite value, which no statistic here can use and no policy can sensibly skip.
    static func infinite(_ what: String, index: Int, value: Double) -> StatisticsError {
        StatisticsError("\(what) holds \(value > 0 ? "inf" : "-inf") at position \(index); statistics need finite numbers (NaN and nil count as missing)")
    }
}
