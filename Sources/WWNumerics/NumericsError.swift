import WWBase

/// Errors thrown by WWNumerics for anything that depends on caller input (shapes, indices,
/// weights, parameters) and for failures reported by BLAS/LAPACK.
///
/// The library never traps on user input: the interpreter turns these errors into diagnostics,
/// so every message names the offending shapes or values.
public enum NumericsError: DomainError, Equatable, Sendable {
    /// A shape has a negative dimension or its element count overflows `Int`.
    case invalidShape([Int], reason: String)
    /// A result would need more memory than the machine has (see ``TensorLimits``).
    case allocationTooLarge(shape: [Int], bytes: Int, limit: Int)
    /// The number of values supplied does not match the product of the shape.
    case countMismatch(shape: [Int], count: Int)
    /// Nested arrays whose rows do not all have the same length.
    case raggedRows(expectedLength: Int, row: Int, actualLength: Int)
    /// An operation needs a tensor of a given rank.
    case rankMismatch(operation: String, expectedRank: Int, shape: [Int])
    /// Two operands whose shapes do not fit together.
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    /// A matrix operation that needs a square matrix.
    case notSquare(operation: String, shape: [Int])
    /// An element index outside the tensor.
    case indexOutOfRange(index: [Int], shape: [Int])
    /// `reshaped` to a shape with a different element count, or an impossible inferred dimension.
    case reshapeMismatch(from: [Int], to: [Int])
    /// A dimension too large for the 32-bit integers of BLAS/LAPACK.
    case dimensionTooLarge(operation: String, dimension: Int, limit: Int)
    /// NaN or infinity in the input of a routine that cannot handle it (LAPACK may loop or
    /// return garbage on non-finite input).
    case nonFiniteInput(operation: String)
    /// A square matrix with no inverse: LU factorisation found an exactly zero pivot
    /// (`pivot` counts from 1, as LAPACK's `info` does).
    case singularMatrix(operation: String, shape: [Int], pivot: Int)
    /// LAPACK returned a non-zero `info`.
    case lapackFailure(routine: String, info: Int)
    /// A parameter outside its domain (probabilities, standard deviations, thread counts, ...).
    case invalidArgument(name: String, reason: String)
    /// A statistic of too few values (mean of nothing, variance with no degrees of freedom).
    case insufficientData(operation: String, count: Int, required: Int)
}

extension NumericsError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .invalidShape(shape, reason):
            return "invalid shape \(format(shape)): \(reason)"
        case let .allocationTooLarge(shape, bytes, limit):
            return "a tensor of shape \(format(shape)) needs \(bytes) bytes, more than the \(limit) bytes of memory"
        case let .countMismatch(shape, count):
            return "shape \(format(shape)) needs \(elementCount(shape)) values, got \(count)"
        case let .raggedRows(expectedLength, row, actualLength):
            return "ragged rows: row 0 has \(expectedLength) values but row \(row) has \(actualLength)"
        case let .rankMismatch(operation, expectedRank, shape):
            return "\(operation) needs a rank-\(expectedRank) tensor, got shape \(format(shape))"
        case let .shapeMismatch(operation, lhs, rhs):
            return "\(operation): shapes \(format(lhs)) and \(format(rhs)) do not match"
        case let .notSquare(operation, shape):
            return "\(operation) needs a square matrix, got shape \(format(shape))"
        case let .indexOutOfRange(index, shape):
            return "index \(format(index)) is out of range for shape \(format(shape))"
        case let .reshapeMismatch(from, to):
            return "cannot reshape \(format(from)) (\(elementCount(from)) values) to \(format(to))"
        case let .dimensionTooLarge(operation, dimension, limit):
            return "\(operation): dimension \(dimension) exceeds the BLAS/LAPACK limit \(limit)"
        case let .nonFiniteInput(operation):
            return "\(operation): input contains NaN or infinity"
        case let .singularMatrix(_, shape, pivot):  // the interpreter already prefixes the built-in's name
            return "the \(format(shape)) matrix is singular (pivot \(pivot) of its LU factorisation is exactly zero)"
        case let .lapackFailure(routine, info):
            if info < 0 {
                return "\(routine): argument \(-info) had an illegal value (LAPACK info \(info))"
            }
            return "\(routine) did not converge (LAPACK info \(info))"
        case let .invalidArgument(name, reason):
            return "invalid \(name): \(reason)"
        case let .insufficientData(operation, count, required):
            return "\(operation) needs at least \(required) values, got \(count)"
        }
    }

    private func format(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    private func elementCount(_ shape: [Int]) -> String {
        var product = 1
        for dimension in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            if overflow || dimension < 0 { return "?" }
            product = next
        }
        return String(product)
    }
}

import Foundation

/// So `error.localizedDescription` shows the message instead of Foundation's generic text.
extension NumericsError: LocalizedError {
    public var errorDescription: String? { description }
}
