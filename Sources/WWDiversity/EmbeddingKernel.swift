import WWBase
import WWNumerics

/// The similarity a Vendi Score of embeddings (or flattened images) uses between two rows.
public enum EmbeddingKernel: Equatable, Sendable {
    /// The linear kernel of L2-normalised rows (the reference's default; also called "linear").
    case cosine
    /// `exp(-||a - b||² / (2 sigma²))`.
    case rbf(sigma: Double)
}

extension VendiScore {
    /// VS_q of the rows of `embeddings` under `kernel`, by the cheapest path that gives it:
    /// the unweighted cosine score through ``EmbeddingVendi`` (the d x d dual when there are more
    /// rows than values per row, so millions of rows are fine); the weighted cosine score and the
    /// RBF score through the dense n x n kernel, which weights and RBF need.
    /// - Parameters:
    ///   - weights: one non-negative number per row (rescaled to sum to 1), or nil for uniform.
    ///   - argument: the name messages give the embeddings.
    ///   - cancellation: polled between blocks of rows (dual path) or rows (RBF kernel).
    /// - Throws: ``DiversityError`` for an empty set, an all-zero row (cosine), a non-finite
    ///   value, a bad `sigma`, weights that do not fit, or a dense kernel over the size limit.
    public static func score(embeddings: Tensor, kernel: EmbeddingKernel = .cosine, weights: [Double]? = nil,
                             order: VendiOrder = .shannon, argument: String = "x",
                             cancellation: Cancellation = .never) throws -> Double {
        switch kernel {
        case .rbf(let sigma):
            let matrix = try SampleKernels.rbf(embeddings, sigma: sigma, argument: argument, cancellation: cancellation)
            return try score(kernel: matrix, order: order, weights: weights)
        case .cosine:
            if let weights {
                return try score(kernel: SampleKernels.cosine(embeddings, argument: argument), order: order, weights: weights)
            }
            return try EmbeddingVendi.score(embeddings, order: order, argument: argument, cancellation: cancellation)
        }
    }
}
