import WWBase

/// A diversity score could not be computed; the message names the argument, sample or row at
/// fault and what is wrong with it, so bindings pass it on unchanged.
public struct DiversityError: DomainError, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
