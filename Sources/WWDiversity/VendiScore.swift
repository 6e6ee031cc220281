import WWBase
import WWNumerics

/// The Vendi Score: the exponential of the Rényi entropy of the eigenvalues of K / n (or of
/// K ∘ √p√pᵀ with sample weights p), the effective number of distinct samples.
public enum VendiScore {
    /// VS_q from a kernel matrix.
    /// - Throws: ``DiversityError`` for weights that do not fit; ``NumericsError`` if the
    ///   eigensolver fails.
    public static func score(kernel: KernelMatrix, order: VendiOrder = .shannon, weights: [Double]? = nil) throws -> Double {
        order.score(ofSpectrum: try spectrum(kernel: kernel, weights: weights))
    }

    /// The eigenvalues (ascending, float64) of K / n or K ∘ √p√pᵀ.
    public static func spectrum(kernel: KernelMatrix, weights: [Double]? = nil) throws -> [Double] {
        let n = kernel.size
        var scaled = kernel.values
        if let weights {
            let roots = try SampleWeights(weights, sampleCount: n).values.map { $0.squareRoot() }
            for row in 0..<n {
                for column in 0..<n { scaled[row * n + column] *= roots[row] * roots[column] }
            }
        } else {
            let count = Double(n)
            for index in scaled.indices { scaled[index] /= count }
        }
        return try syevd(Tensor(shape: [n, n], values: scaled)).values
    }

    /// VS_q of samples under a similarity function evaluated on every pair i <= j (the
    /// reference's order), e.g. a kernel of the language or a distance-based similarity.
    /// - Parameter cancellation: polled once per row so long evaluations can stop.
    /// - Throws: ``DiversityError`` for an empty set, a non-finite similarity or a self-similarity
    ///   other than 1; whatever `similarity` throws.
    public static func score<Sample>(samples: [Sample], order: VendiOrder = .shannon, weights: [Double]? = nil,
                                     cancellation: Cancellation = .never,
                                     similarity: (Sample, Sample) throws -> Double) throws -> Double {
        let kernel = try SampleKernels.matrix(samples, cancellation: cancellation, similarity: similarity)
        return try score(kernel: kernel, order: order, weights: weights)
    }
}
