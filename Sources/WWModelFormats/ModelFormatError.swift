import WWBase

/// A model file that cannot be read or written. The message always names the file and what is
/// wrong in it (a byte offset, a field, a tensor), because the user must be able to find it.
public struct ModelFormatError: DomainError, Equatable, Sendable, CustomStringConvertible {
    /// The file (or directory) at fault.
    public let file: String
    /// What is wrong, as a sentence fragment.
    public let message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
