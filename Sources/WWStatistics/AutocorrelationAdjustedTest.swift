import WWNumerics

extension StatisticalTests {
    /// Fewest pairs for the adjusted test: the lag-1 autocorrelation of fewer than 3
    /// differences rests on one or two products and means nothing.
    public static let minimumAdjustedPairs = 3

    /// The paired t-test adjusted for autocorrelation across layers, as in the data-diversity
    /// study (arXiv 2410.14602): metrics of neighbouring layers are correlated, so n layers carry
    /// less than n independent observations.
    ///
    /// Definition (the paper states only the effective sample size; the rest is the standard
    /// construction it comes from, e.g. Wilks, *Statistical Methods in the Atmospheric
    /// Sciences*, §5.2.4):
    /// 1. `d[i] = a[i] - b[i]` for layers in order (pairs with a missing side are dropped and the
    ///    remaining differences kept in order).
    /// 2. `r1`, the lag-1 autocorrelation of `d`: `Σ_{i<n} (d[i] - d̄)(d[i+1] - d̄) / Σ (d[i] - d̄)²`
    ///    (the usual ACF estimator, as `statsmodels.tsa.acf`). It is taken of the **differences**,
    ///    not of each series, because the test is about the mean difference and its variance is
    ///    governed by how the differences persist from layer to layer; two series can each be
    ///    strongly autocorrelated (a shared depth trend) while their differences are not.
    /// 3. `n_eff = n (1 - r1) / (1 + r1)`, clamped to [2, n]: never more than the layers there
    ///    are (a negative r1 would otherwise inflate the evidence) and at least 2 so a
    ///    t distribution exists.
    /// 4. `t = d̄ / (s_d / sqrt(n_eff))` with `s_d` the sample standard deviation (n - 1), and
    ///    `n_eff - 1` (real-valued) degrees of freedom; two-sided p.
    ///
    /// With r1 = 0 it is exactly `ttest_rel`.
    public static func autocorrelationAdjustedT(_ a: [Double], _ b: [Double],
                                                names: (String, String) = ("a", "b")) throws -> TestResult {
        let differences = try pairedDifferences(a, b, names: names, minimum: minimumAdjustedPairs)
        let d = differences.values
        let n = Double(d.count)
        let r1 = lagOneAutocorrelation(d)
        let raw = r1 > -1 ? n * (1 - r1) / (1 + r1) : n
        let effective = min(max(raw, 2), n)
        let deviation = try Statistics.standardDeviation(d, deltaDegreesOfFreedom: 1)
        let t = try Statistics.mean(d) / (deviation / effective.squareRoot())
        var notes = droppedNote(differences.dropped, unit: "pair")
        if raw != effective {
            notes.append("n_eff = \(formatted(raw)) was clamped to \(formatted(effective))")
        }
        return TestResult(test: "autocorrelation-adjusted t-test", statistic: t,
                          p: ProbabilityDistribution.studentTTwoSided(t, degreesOfFreedom: effective - 1),
                          degreesOfFreedom: effective - 1, denominatorDegreesOfFreedom: nil,
                          counts: [d.count], dropped: differences.dropped,
                          details: [("r1", r1), ("n_eff", effective)], notes: notes)
    }

    /// The lag-1 sample autocorrelation (see step 2 above). 0 for a constant sequence.
    public static func lagOneAutocorrelation(_ values: [Double]) -> Double {
        guard values.count > 1, let mean = try? Statistics.mean(values) else { return 0 }
        var products = 0.0
        var squares = 0.0
        for index in values.indices {
            let deviation = values[index] - mean
            squares += deviation * deviation
            if index + 1 < values.count { products += deviation * (values[index + 1] - mean) }
        }
        return squares > 0 ? products / squares : 0
    }
}
