import WWBase
import WWNumerics

/// The weighted Vendi Score VS~ = rho(X, X~) * VS(X~) of "Data Diversity as Implicit
/// Regularization": the diversity of augmented or synthetic embeddings X~, discounted by how
/// well they align with the original embeddings X, so diversity that points away from the
/// original data is penalised.
public enum WeightedVendi {
    /// How rho pairs the rows of X with those of X~.
    public enum Variant: String, CaseIterable, Sendable {
        /// Same n, row i of X~ augments row i of X: rho = <X, X~>_F / (||X||_F ||X~||_F).
        case aligned
        /// X~ is k aligned copies stacked (rows c*n + i augment row i): X tiled k times.
        case tiled
        /// Unaligned or different sizes: rho = <C, C~>_F / (||C||_F ||C~||_F) of the d x d
        /// second moments C = XᵀX/n, C~ = X~ᵀX~/n~.
        case secondMoment = "moments"
    }

    public struct Result: Equatable, Sendable {
        /// rho * vendi.
        public let score: Double
        /// The alignment rho in [-1, 1].
        public let rho: Double
        /// The plain Vendi Score of X~.
        public let vendi: Double
        public let variant: Variant
        /// Rows of X and X~.
        public let originalCount: Int
        public let augmentedCount: Int
    }

    /// The variant used when none is forced: aligned for equal counts, second moments
    /// otherwise. Tiled is never guessed: a whole multiple of the original count is just as
    /// often an added mix (`mix_data(mode: "add")`) or an interleaved layout (`eda_augment`
    /// puts each text's copies after it), where pairing row c n + i with row i would be wrong.
    public static func automaticVariant(originalCount: Int, augmentedCount: Int) -> Variant {
        augmentedCount == originalCount ? .aligned : .secondMoment
    }

    /// Both sets are row-normalised first (the cosine kernel's representation), so rho and the
    /// Vendi Score see the same vectors.
    /// - Throws: ``DiversityError`` for empty sets, different widths, bad rows, or a forced
    ///   variant the counts do not allow.
    public static func score(original: Tensor, augmented: Tensor, order: VendiOrder = .shannon,
                             variant forced: Variant? = nil, cancellation: Cancellation = .never) throws -> Result {
        let (x, n, d) = try EmbeddingRows.normalised(original, argument: "original")
        let (y, m, dAugmented) = try EmbeddingRows.normalised(augmented, argument: "augmented")
        guard d == dAugmented else {
            throw DiversityError("arguments 'original' and 'augmented' must have the same number of values per sample, got \(d) and \(dAugmented)")
        }
        let variant = forced ?? automaticVariant(originalCount: n, augmentedCount: m)
        let rho: Double
        switch variant {
        case .aligned, .tiled:
            guard variant == .aligned ? m == n : m % n == 0 else {
                throw DiversityError(variant == .aligned
                    ? "variant 'aligned' needs as many augmented samples as original ones, got \(m) and \(n)"
                    : "variant 'tiled' needs a whole number of copies: \(m) augmented samples is not a multiple of \(n)")
            }
            var inner = 0.0
            for index in 0..<(m * d) { inner += x[index % (n * d)] * y[index] }
            // Rows are unit vectors, so the Frobenius norms are sqrt(n * copies) and sqrt(m).
            rho = inner / Double(m)
        case .secondMoment:
            let c = try moment(x, rows: n, columns: d), cAugmented = try moment(y, rows: m, columns: d)
            var inner = 0.0, norm = 0.0, normAugmented = 0.0
            for index in c.indices {
                inner += c[index] * cAugmented[index]
                norm += c[index] * c[index]
                normAugmented += cAugmented[index] * cAugmented[index]
            }
            rho = inner / (norm.squareRoot() * normAugmented.squareRoot())
        }
        let vendi = try EmbeddingVendi.score(Tensor(shape: [m, d], values: y), order: order, argument: "augmented",
                                             cancellation: cancellation)
        return Result(score: rho * vendi, rho: rho, vendi: vendi, variant: variant, originalCount: n, augmentedCount: m)
    }

    private static func moment(_ values: [Double], rows: Int, columns: Int) throws -> [Double] {
        let accumulator = try GramAccumulator(dimension: columns)
        try values.withUnsafeBufferPointer { try accumulator.add($0) }
        return try accumulator.secondMoment()
    }
}
