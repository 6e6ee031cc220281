import WWBase

/// What goes wrong when building, loading, running or training a network. Every message names
/// the argument, weight or shape at fault, so a user can fix the call without reading the code.
public enum NeuralError: DomainError, CustomStringConvertible, Equatable {
    /// A constructor or training argument is out of its domain (`argument` names it).
    case invalidArgument(argument: String, reason: String)
    /// Data whose sample shape does not fit the network's input.
    case shapeMismatch(context: String, expected: [Int], actual: [Int])
    /// A weight a collection should provide is missing, has another shape, or is unexpected.
    case weightMismatch(String)
    /// A label outside the network's classes, an empty data set, and other data problems.
    case invalidData(String)

    public var description: String {
        switch self {
        case .invalidArgument(let argument, let reason):
            return "argument '\(argument)' \(reason)"
        case .shapeMismatch(let context, let expected, let actual):
            return "\(context): the network expects samples of shape \(expected) but the data has \(actual)"
        case .weightMismatch(let message), .invalidData(let message):
            return message
        }
    }
}
