/// Numerically careful summary statistics over `[Double]`.
///
/// Eigenvalue spectra span 10+ orders of magnitude and metric averages run over hundreds of
/// layers, so the naive `sum / n` and `Σx² - n m²` forms lose digits; these use compensated
/// summation and the corrected two-pass variance. Non-finite inputs propagate (NaN in, NaN out).
public enum Statistics {
    /// The arithmetic mean: the Neumaier-compensated sum divided by `n`. (No second correction
    /// pass `mean += Σ(x - mean) / n`: with a compensated sum it only adds the rounding of
    /// `x - mean`, which is large when values of very different magnitude cancel.)
    /// Finite inputs whose sum would overflow are averaged as `Σ (x / n)` instead.
    /// - Throws: ``NumericsError/insufficientData(operation:count:required:)`` for empty input.
    public static func mean(_ values: [Double]) throws -> Double {
        guard !values.isEmpty else {
            throw NumericsError.insufficientData(operation: "mean", count: 0, required: 1)
        }
        let count = Double(values.count)
        let average = compensatedSum(values) / count
        if !average.isFinite, values.allSatisfy({ $0.isFinite }) {
            return compensatedSum(values.map { $0 / count })
        }
        return average
    }

    /// The variance `Σ(x - mean)² / (n - deltaDegreesOfFreedom)` by the corrected two-pass
    /// algorithm (Chan, Golub and LeVeque 1983): `(Σd² - (Σd)²/n) / (n - ddof)` with `d = x - mean`,
    /// where the second term cancels the error of the computed mean.
    /// - Parameter deltaDegreesOfFreedom: 0 for the population variance (the default, as in
    ///   NumPy and the spec's `distribution_compare`), 1 for the sample variance.
    /// - Throws: ``NumericsError/insufficientData(operation:count:required:)`` unless
    ///   `values.count > deltaDegreesOfFreedom`; ``NumericsError/invalidArgument(name:reason:)``
    ///   for a negative `deltaDegreesOfFreedom`.
    public static func variance(_ values: [Double], deltaDegreesOfFreedom: Int = 0) throws -> Double {
        guard deltaDegreesOfFreedom >= 0 else {
            throw NumericsError.invalidArgument(name: "deltaDegreesOfFreedom",
                                                reason: "\(deltaDegreesOfFreedom) is negative")
        }
        guard values.count > deltaDegreesOfFreedom else {
            throw NumericsError.insufficientData(operation: "variance", count: values.count,
                                                 required: deltaDegreesOfFreedom + 1)
        }
        let average = try mean(values)
        var squares = 0.0
        var deviations = 0.0
        for value in values {
            let deviation = value - average
            squares += deviation * deviation
            deviations += deviation
        }
        let corrected = squares - deviations * deviations / Double(values.count)
        // Clip round-off below 0 but let NaN through (`max(0, .nan)` would return 0).
        return (corrected < 0 ? 0 : corrected) / Double(values.count - deltaDegreesOfFreedom)
    }

    /// `sqrt(variance)`; see ``variance(_:deltaDegreesOfFreedom:)``.
    public static func standardDeviation(_ values: [Double], deltaDegreesOfFreedom: Int = 0) throws -> Double {
        try variance(values, deltaDegreesOfFreedom: deltaDegreesOfFreedom).squareRoot()
    }

    /// Neumaier's improved Kahan summation: the error is bounded independently of `n`.
    public static func compensatedSum(_ values: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for value in values {
            let next = sum + value
            if abs(sum) >= abs(value) {
                compensation += (sum - next) + value
            } else {
                compensation += (value - next) + sum
            }
            sum = next
        }
        // Once the sum is infinite or NaN the compensation is meaningless (inf - inf).
        return sum.isFinite ? sum + compensation : sum
    }
}
