import Foundation
import WWBase

/// Errors of the evaluation and representation metrics. Every case names the argument at fault
/// and what is wrong with it, because these functions are called from scripts on user data
/// (logits, labels, features) and a vague message there costs an afternoon.
public enum EvaluationError: DomainError, Equatable, Sendable {
    /// An input with no samples or no columns.
    case empty(argument: String)
    /// NaN or infinity at a given position (row and column of a matrix, or index of a vector).
    case nonFinite(argument: String, position: [Int])
    /// A tensor of the wrong rank.
    case rankMismatch(argument: String, expected: String, shape: [Int])
    /// Two inputs that must describe the same samples (or classes) but differ in length.
    case lengthMismatch(argument: String, expected: Int, actual: Int, reason: String)
    /// A class label outside `0..<classCount`.
    case labelOutOfRange(argument: String, index: Int, label: Int, classCount: Int)
    /// A metric that is undefined with fewer classes than it needs.
    case tooFewClasses(operation: String, count: Int, required: Int)
    /// A class in `0..<classCount` without any sample, where the metric needs every class.
    case emptyClass(argument: String, label: Int)
    /// A probability outside [0, 1] or a row that does not sum to 1.
    case invalidProbability(argument: String, position: [Int], value: Double, reason: String)
    /// A parameter outside its domain (temperature, bin count, regularisation, sample count).
    case invalidArgument(name: String, reason: String)
    /// A user-supplied closure (gradient, Hessian-vector product) returned something unusable.
    case invalidCallbackResult(callback: String, reason: String)
}

extension EvaluationError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .empty(argument):
            return "argument '\(argument)' is empty: it needs at least one sample and one column"
        case let .nonFinite(argument, position):
            return "argument '\(argument)' contains NaN or infinity at \(format(position))"
        case let .rankMismatch(argument, expected, shape):
            return "argument '\(argument)' must be \(expected), got a tensor of shape \(format(shape))"
        case let .lengthMismatch(argument, expected, actual, reason):
            return "argument '\(argument)' has \(actual) entries but \(expected) are needed (\(reason))"
        case let .labelOutOfRange(argument, index, label, classCount):
            return "argument '\(argument)' has label \(label) at index \(index), outside 0..\(classCount - 1) (\(classCount) classes)"
        case let .tooFewClasses(operation, count, required):
            return "\(operation) needs at least \(required) classes, got \(count)"
        case let .emptyClass(argument, label):
            return "argument '\(argument)' has no sample of class \(label); every class from 0 to the largest label needs one"
        case let .invalidProbability(argument, position, value, reason):
            return "argument '\(argument)' is not a matrix of probabilities: the value \(value) at \(format(position)) \(reason)"
        case let .invalidArgument(name, reason):
            return "argument '\(name)' \(reason)"
        case let .invalidCallbackResult(callback, reason):
            return "the \(callback) function \(reason)"
        }
    }

    private func format(_ position: [Int]) -> String {
        "[" + position.map(String.init).joined(separator: ", ") + "]"
    }
}

/// So `error.localizedDescription` shows the message instead of Foundation's generic text.
extension EvaluationError: LocalizedError {
    public var errorDescription: String? { description }
}
