/// The outcome of a hypothesis test.
public struct TestResult: Equatable, Sendable {
    /// Which test: "one-way ANOVA", "Welch's t-test", "paired t-test", "autocorrelation-adjusted t-test".
    public let test: String
    /// The test statistic (F or t).
    public let statistic: Double
    /// The two-sided p-value (for F, the upper tail).
    public let p: Double
    /// Degrees of freedom (for F, of the numerator).
    public let degreesOfFreedom: Double
    /// Denominator degrees of freedom of F; nil for t-tests.
    public let denominatorDegreesOfFreedom: Double?
    /// Values used (per group or sample, in order).
    public let counts: [Int]
    /// Values dropped as missing (NaN), in total.
    public let dropped: Int
    /// Further named figures of the test (e.g. `r1`, `n_eff`), in a fixed order.
    public let details: [(name: String, value: Double)]
    /// Anything the caller should know: groups skipped, values dropped.
    public let notes: [String]

    public static func == (lhs: TestResult, rhs: TestResult) -> Bool {
        lhs.test == rhs.test && lhs.statistic == rhs.statistic && lhs.p == rhs.p
            && lhs.degreesOfFreedom == rhs.degreesOfFreedom && lhs.denominatorDegreesOfFreedom == rhs.denominatorDegreesOfFreedom
            && lhs.counts == rhs.counts && lhs.dropped == rhs.dropped && lhs.notes == rhs.notes
            && lhs.details.map(\.name) == rhs.details.map(\.name) && lhs.details.map(\.value) == rhs.details.map(\.value)
    }

    /// A detail by name.
    public func detail(_ name: String) -> Double? {
        details.first { $0.name == name }?.value
    }
}
