import Foundation
import WWBase
import WWNumerics

/// Kernel matrices of samples: cosine (linear on L2-normalised rows), RBF, or any similarity.
public enum SampleKernels {
    /// The cosine kernel of the rows of `x` (n x d, or n samples of any shape flattened).
    /// - Throws: ``DiversityError`` for an all-zero row or a non-finite value, naming the row.
    public static func cosine(_ x: Tensor, argument: String = "x") throws -> KernelMatrix {
        let (values, rows, columns) = try EmbeddingRows.normalised(x, argument: argument)
        try checkSize(rows, argument: argument)
        let gram = try syrk(Tensor(shape: [rows, columns], values: values), .selfTimesTranspose)
        var kernel = gram.doubleValues
        // Exactly 1 on the diagonal, as the normalisation makes it up to round-off.
        for index in 0..<rows { kernel[index * rows + index] = 1 }
        return KernelMatrix(trusted: kernel, size: rows)
    }

    /// The RBF kernel `exp(-||a - b||² / (2 sigma²))` of the rows of `x`, with distances summed
    /// over differences (not through norms, which cancel badly for close samples).
    /// - Throws: ``DiversityError`` for a bad `sigma` or a non-finite value, naming the row.
    public static func rbf(_ x: Tensor, sigma: Double, argument: String = "x",
                           cancellation: Cancellation = .never) throws -> KernelMatrix {
        guard sigma.isFinite, sigma > 0 else {
            throw DiversityError("argument 'sigma' must be a finite number > 0, got \(sigma)")
        }
        let (rows, columns) = try EmbeddingRows.dimensions(x, argument: argument)
        try checkSize(rows, argument: argument)
        let values = x.doubleValues
        for (index, value) in values.enumerated() where !value.isFinite {
            throw DiversityError("argument '\(argument)' has a non-finite value (\(value)) in row \(index / columns)")
        }
        let scale = 1 / (2 * sigma * sigma)
        var kernel = [Double](repeating: 0, count: rows * rows)
        for row in 0..<rows {
            try cancellation.checkCancelled()
            kernel[row * rows + row] = 1
            for column in (row + 1)..<max(rows, row + 1) {
                var squares = 0.0
                for k in 0..<columns {
                    let difference = values[row * columns + k] - values[column * columns + k]
                    squares += difference * difference
                }
                let similarity = Foundation.exp(-squares * scale)
                kernel[row * rows + column] = similarity
                kernel[column * rows + row] = similarity
            }
        }
        return KernelMatrix(trusted: kernel, size: rows)
    }

    /// The kernel of any similarity, evaluated on every pair i <= j in row order (the
    /// reference's order, so a similarity with side effects sees the same calls).
    /// - Throws: ``DiversityError`` for an empty set, a non-finite value or k(x, x) != 1,
    ///   naming the samples; whatever `similarity` throws.
    public static func matrix<Sample>(_ samples: [Sample], cancellation: Cancellation = .never,
                                      similarity: (Sample, Sample) throws -> Double) throws -> KernelMatrix {
        let n = samples.count
        guard n > 0 else { throw DiversityError("the set of samples is empty: a diversity score needs at least one sample") }
        try checkSize(n, argument: "samples")
        var kernel = [Double](repeating: 0, count: n * n)
        for row in 0..<n {
            try cancellation.checkCancelled()
            for column in row..<n {
                let value = try similarity(samples[row], samples[column])
                guard value.isFinite else {
                    throw DiversityError("the kernel gave a non-finite similarity (\(value)) for samples \(row) and \(column)")
                }
                kernel[row * n + column] = value
                kernel[column * n + row] = value
            }
            let diagonal = kernel[row * n + row]
            guard abs(diagonal - 1) <= DiversityLimits.unitDiagonalTolerance else {
                throw DiversityError("the kernel must give k(x, x) = 1, but gave \(diagonal) for sample \(row)")
            }
        }
        return KernelMatrix(trusted: kernel, size: n)
    }

    static func checkSize(_ n: Int, argument: String) throws {
        guard n <= DiversityLimits.maxKernelSize else {
            throw DiversityError("argument '\(argument)' has \(n) samples, more than the limit of \(DiversityLimits.maxKernelSize) for a dense n x n kernel (embeddings with fewer values per sample than samples use the d x d dual under the cosine kernel, which has no such limit)")
        }
    }
}
