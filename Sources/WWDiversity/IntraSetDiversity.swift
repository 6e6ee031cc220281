import Foundation

/// Intra-set diversity `intdiv(K, q, p) = 1 - sum_ij p_i p_j K_ij^q`: one minus the expected
/// similarity (raised to q) of two samples drawn by p, uniform by default.
public enum IntraSetDiversity {
    /// - Throws: ``DiversityError`` for a q that is not a finite number >= 0, weights that do
    ///   not fit, or a negative similarity with a non-integer q (its power is not real).
    public static func score(kernel: KernelMatrix, order q: Double = 1, weights: [Double]? = nil) throws -> Double {
        guard q.isFinite, q >= 0 else { throw DiversityError("argument 'q' must be a finite number >= 0 for intdiv, got \(q)") }
        let n = kernel.size
        let p = try weights.map { try SampleWeights($0, sampleCount: n).values } ?? [Double](repeating: 1 / Double(n), count: n)
        let integral = q == q.rounded()
        var total = 0.0
        for row in 0..<n {
            for column in 0..<n {
                let similarity = kernel.values[row * n + column]
                guard integral || similarity >= 0 else {
                    throw DiversityError("argument 'K' has a negative similarity \(similarity) at [\(row), \(column)], which has no real power q = \(q); use a whole q or a non-negative kernel")
                }
                total += Foundation.pow(similarity, q) * (p[row] * p[column])
            }
        }
        return 1 - total
    }
}
