import WWNumerics

/// Hypothesis tests on samples, matching SciPy (`f_oneway`, `ttest_ind(equal_var=False)`,
/// `ttest_rel`) and the autocorrelation-adjusted t-test of the data-diversity study.
///
/// Policies: missing values (NaN) are skipped and counted (see `Observations`); samples with
/// fewer than 2 usable values are an error naming the sample; degenerate data whose statistic
/// is undefined (all values equal, so the variance is 0) is an error that says so, rather than
/// an infinite or NaN statistic.
public enum StatisticalTests {
    /// Fewest usable values in a sample for a variance, hence a t or F statistic.
    public static let minimumSampleSize = 2

    /// One-way ANOVA F-test for equal means across `groups` (`scipy.stats.f_oneway`).
    ///
    /// - Parameter names: labels of the groups for messages (default "group 1", "group 2", ...).
    /// - Throws: fewer than 2 groups, a group with fewer than 2 values (after dropping
    ///   missing ones), or every group constant.
    public static func oneWayANOVA(_ groups: [[Double]], names: [String]? = nil) throws -> TestResult {
        let labels = names ?? groups.indices.map { "group \($0 + 1)" }
        guard groups.count >= 2 else {
            throw StatisticsError("ANOVA compares at least 2 groups, got \(groups.count)")
        }
        var cleaned: [[Double]] = []
        var dropped = 0
        for (index, group) in groups.enumerated() {
            let sample = try Observations.sample(group, name: labels[index])
            guard sample.values.count >= minimumSampleSize else {
                throw StatisticsError.tooFew(labels[index], count: sample.values.count, required: minimumSampleSize, dropped: sample.dropped)
            }
            cleaned.append(sample.values)
            dropped += sample.dropped
        }
        let all = cleaned.flatMap { $0 }
        let offset = try Statistics.mean(all)  // centring first keeps the sums of squares exact
        let total = Double(all.count)
        let grandSum = all.reduce(0) { $0 + ($1 - offset) }
        let normalized = grandSum * grandSum / total
        let totalSquares = all.reduce(0) { $0 + ($1 - offset) * ($1 - offset) } - normalized
        var betweenSquares = 0.0
        for group in cleaned {
            let sum = group.reduce(0) { $0 + ($1 - offset) }
            betweenSquares += sum * sum / Double(group.count)
        }
        betweenSquares -= normalized
        let withinSquares = totalSquares - betweenSquares
        let dfBetween = Double(cleaned.count - 1)
        let dfWithin = total - Double(cleaned.count)
        guard withinSquares > 0 else {
            throw StatisticsError("every group is constant, so the within-group variance is 0 and F is undefined")
        }
        let f = (betweenSquares / dfBetween) / (withinSquares / dfWithin)
        return TestResult(test: "one-way ANOVA", statistic: f,
                          p: ProbabilityDistribution.fSurvival(f, numerator: dfBetween, denominator: dfWithin),
                          degreesOfFreedom: dfBetween, denominatorDegreesOfFreedom: dfWithin,
                          counts: cleaned.map(\.count), dropped: dropped, details: [], notes: droppedNote(dropped))
    }

    /// Welch's t-test for equal means of two independent samples with possibly unequal
    /// variances (`scipy.stats.ttest_ind(a, b, equal_var=False)`): t = (mean a - mean b) /
    /// sqrt(va/na + vb/nb), Welch–Satterthwaite degrees of freedom.
    public static func welchT(_ a: [Double], _ b: [Double], names: (String, String) = ("a", "b")) throws -> TestResult {
        let first = try usableSample(a, name: names.0)
        let second = try usableSample(b, name: names.1)
        let varianceA = try Statistics.variance(first.values, deltaDegreesOfFreedom: 1) / Double(first.values.count)
        let varianceB = try Statistics.variance(second.values, deltaDegreesOfFreedom: 1) / Double(second.values.count)
        guard varianceA + varianceB > 0 else {
            throw StatisticsError("\(names.0) and \(names.1) are both constant, so the t statistic is undefined")
        }
        let df = (varianceA + varianceB) * (varianceA + varianceB)
            / (varianceA * varianceA / Double(first.values.count - 1) + varianceB * varianceB / Double(second.values.count - 1))
        let t = (try Statistics.mean(first.values) - Statistics.mean(second.values)) / (varianceA + varianceB).squareRoot()
        let dropped = first.dropped + second.dropped
        return TestResult(test: "Welch's t-test", statistic: t, p: ProbabilityDistribution.studentTTwoSided(t, degreesOfFreedom: df),
                          degreesOfFreedom: df, denominatorDegreesOfFreedom: nil,
                          counts: [first.values.count, second.values.count], dropped: dropped, details: [], notes: droppedNote(dropped))
    }

    /// The paired t-test (`scipy.stats.ttest_rel`): a one-sample t-test of the differences
    /// `a[i] - b[i]` against 0, with n - 1 degrees of freedom. Pairs with a missing side are dropped.
    public static func pairedT(_ a: [Double], _ b: [Double], names: (String, String) = ("a", "b")) throws -> TestResult {
        let differences = try pairedDifferences(a, b, names: names)
        let n = Double(differences.values.count)
        let deviation = try Statistics.standardDeviation(differences.values, deltaDegreesOfFreedom: 1)
        let t = try Statistics.mean(differences.values) / (deviation / n.squareRoot())
        return TestResult(test: "paired t-test", statistic: t, p: ProbabilityDistribution.studentTTwoSided(t, degreesOfFreedom: n - 1),
                          degreesOfFreedom: n - 1, denominatorDegreesOfFreedom: nil,
                          counts: [differences.values.count], dropped: differences.dropped, details: [],
                          notes: droppedNote(differences.dropped, unit: "pair"))
    }

    // MARK: - Shared checks

    static func usableSample(_ values: [Double], name: String) throws -> (values: [Double], dropped: Int) {
        let sample = try Observations.sample(values, name: name)
        guard sample.values.count >= minimumSampleSize else {
            throw StatisticsError.tooFew(name, count: sample.values.count, required: minimumSampleSize, dropped: sample.dropped)
        }
        return sample
    }

    /// `a[i] - b[i]` over complete pairs; at least `minimum` of them, not all equal.
    static func pairedDifferences(_ a: [Double], _ b: [Double], names: (String, String),
                                  minimum: Int = minimumSampleSize) throws -> (values: [Double], dropped: Int) {
        let data = try Observations.pairs(a, b, names: names)
        guard data.x.count >= minimum else {
            throw StatisticsError.tooFew("the pairs of \(names.0) and \(names.1)", count: data.x.count, required: minimum, dropped: data.dropped)
        }
        let differences = zip(data.x, data.y).map { $0 - $1 }
        guard !Observations.isConstant(differences) else {
            throw StatisticsError("every difference \(names.0) - \(names.1) is \(formatted(differences[0])), so their variance is 0 and t is undefined")
        }
        return (differences, data.dropped)
    }

    static func droppedNote(_ dropped: Int, unit: String = "value") -> [String] {
        dropped > 0 ? ["\(dropped) missing \(unit)\(dropped == 1 ? "" : "s") (NaN or nil) dropped"] : []
    }
}
