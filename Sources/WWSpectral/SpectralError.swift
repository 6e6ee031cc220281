import WWBase
import WWNumerics

/// Errors of the spectral analysis that depend on the caller's input. Each message names the
/// layer, argument or value at fault.
public enum SpectralError: DomainError, Equatable, Sendable, CustomStringConvertible {
    /// A tensor whose shape is not a layer the analysis can read.
    case notAMatrix(name: String, shape: [Int])
    /// A tensor whose shape differs from what its collection listed.
    case shapeMismatch(name: String, expected: [Int], actual: [Int])
    /// An option outside its domain.
    case invalidOption(name: String, reason: String)
    /// Input values that cannot be analysed (NaN, infinity, too few values).
    case invalidInput(reason: String)
    /// The user interrupted a long analysis.
    case interrupted
    /// An error from the numerics core, with the layer it happened in.
    case numerics(layer: String, message: String)

    public var description: String {
        switch self {
        case let .notAMatrix(name, shape):
            return "\(name) has shape \(shape): a layer must be a matrix (rank 2) or a 2-D convolution (rank 4)"
        case let .shapeMismatch(name, expected, actual):
            return "\(name) was listed with shape \(expected) but read with shape \(actual)"
        case let .invalidOption(name, reason):
            return "option '\(name)' \(reason)"
        case let .invalidInput(reason):
            return reason
        case .interrupted:
            return "interrupted"
        case let .numerics(layer, message):
            return "\(layer): \(message)"
        }
    }
}
