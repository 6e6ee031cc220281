import WWNumerics

/// A similarity (kernel) matrix K of n samples, row-major float64, checked to be usable for a
/// Vendi Score: square, finite, symmetric and with a unit diagonal (k(x, x) = 1).
public struct KernelMatrix: Sendable {
    public let size: Int
    /// Row-major values, `size * size` of them.
    public let values: [Double]

    /// - Throws: ``DiversityError`` naming the first entry that breaks a rule.
    public init(_ tensor: Tensor, argument: String = "K") throws {
        guard tensor.rank == 2, tensor.shape[0] == tensor.shape[1] else {
            throw DiversityError("argument '\(argument)' must be a square matrix (a kernel of n samples), got shape \(tensor.shape)")
        }
        try self.init(size: tensor.shape[0], values: tensor.doubleValues, argument: argument)
    }

    /// - Throws: ``DiversityError`` naming the first entry that breaks a rule.
    public init(size: Int, values: [Double], argument: String = "K") throws {
        guard size > 0 else { throw DiversityError("argument '\(argument)' is empty: a diversity score needs at least one sample") }
        guard values.count == size * size else {
            throw DiversityError("argument '\(argument)' must hold \(size * size) values for \(size) samples, got \(values.count)")
        }
        guard size <= DiversityLimits.maxKernelSize else {
            throw DiversityError("argument '\(argument)' has \(size) samples, more than the limit of \(DiversityLimits.maxKernelSize) for a dense kernel")
        }
        for row in 0..<size {
            for column in 0..<size {
                let value = values[row * size + column]
                guard value.isFinite else {
                    throw DiversityError("argument '\(argument)' has a non-finite entry \(value) at [\(row), \(column)]")
                }
                guard column > row else { continue }
                let mirror = values[column * size + row]
                guard abs(value - mirror) <= DiversityLimits.symmetryTolerance * max(1, abs(value), abs(mirror)) else {
                    throw DiversityError("argument '\(argument)' is not symmetric: [\(row), \(column)] = \(value) but [\(column), \(row)] = \(mirror)")
                }
            }
            let diagonal = values[row * size + row]
            guard abs(diagonal - 1) <= DiversityLimits.unitDiagonalTolerance else {
                throw DiversityError("argument '\(argument)' must have a unit diagonal (k(x, x) = 1), but [\(row), \(row)] = \(diagonal)")
            }
        }
        self.size = size
        self.values = values
    }

    /// For kernels built here whose properties hold by construction (n-gram kernels may have
    /// zero diagonal entries for texts shorter than n, as in the reference).
    init(trusted values: [Double], size: Int) {
        self.size = size
        self.values = values
    }
}
