import WWNumerics

/// Which correlation coefficient to compute.
public enum CorrelationMethod: String, CaseIterable, Sendable {
    /// Pearson's r: linear association.
    case pearson
    /// Spearman's rho: Pearson's r of the ranks (average ranks for ties); monotone association.
    case spearman
    /// Kendall's tau-b: concordant minus discordant pairs, corrected for ties.
    case kendall
}

/// A correlation coefficient with its two-sided p-value, as SciPy reports them.
///
/// `r` and `p` are nil when the coefficient is undefined, and `reason` then says why (a
/// constant input, too few pairs): a correlation matrix or a per-group loop then shows a hole
/// with an explanation instead of stopping at the first degenerate column.
public struct CorrelationResult: Equatable, Sendable {
    public let method: CorrelationMethod
    /// The coefficient, in [-1, 1]; nil when undefined.
    public let r: Double?
    /// The two-sided p-value for "no association"; nil when undefined.
    public let p: Double?
    /// Complete pairs used.
    public let n: Int
    /// Pairs dropped because one side was missing (NaN).
    public let dropped: Int
    /// Why `r` or `p` is nil; nil when both are defined.
    public let reason: String?

    public init(method: CorrelationMethod, r: Double?, p: Double?, n: Int, dropped: Int, reason: String?) {
        self.method = method
        self.r = r
        self.p = p
        self.n = n
        self.dropped = dropped
        self.reason = reason
    }
}

/// Pearson, Spearman and Kendall correlations with SciPy's default p-values
/// (`pearsonr`, `spearmanr`, `kendalltau` of SciPy 1.17).
///
/// Missing values (NaN) are skipped pairwise and counted in `dropped`; infinite values are an
/// error. A constant input, or fewer than 2 complete pairs, gives a nil coefficient with the
/// reason. The names passed in `names` label the inputs in reasons and errors.
public enum Correlation {
    /// Fewest complete pairs with which a correlation is defined.
    public static let minimumPairs = 2

    /// The correlation of `x` and `y` by `method`.
    /// - Throws: `StatisticsError` when the lengths differ or a value is infinite.
    public static func compute(_ method: CorrelationMethod, _ x: [Double], _ y: [Double],
                               names: (String, String) = ("x", "y")) throws -> CorrelationResult {
        let data = try Observations.pairs(x, y, names: names)
        func undefined(_ reason: String) -> CorrelationResult {
            CorrelationResult(method: method, r: nil, p: nil, n: data.x.count, dropped: data.dropped, reason: reason)
        }
        if data.x.count < minimumPairs {
            let droppedNote = data.dropped > 0 ? " (\(data.dropped) dropped as missing)" : ""
            return undefined("only \(data.x.count) complete pair\(data.x.count == 1 ? "" : "s")\(droppedNote); a correlation needs at least \(minimumPairs)")
        }
        for (values, name) in [(data.x, names.0), (data.y, names.1)] where Observations.isConstant(values) {
            return undefined("\(name) is constant (every value is \(formatted(values[0]))), so the correlation is undefined")
        }
        let (r, p): (Double, Double?)
        switch method {
        case .pearson: (r, p) = pearsonCoefficient(data.x, data.y)
        case .spearman: (r, p) = spearmanCoefficient(data.x, data.y)
        case .kendall: (r, p) = KendallTau.compute(data.x, data.y)
        }
        let reason = p == nil ? "the p-value needs at least 3 pairs" : nil
        return CorrelationResult(method: method, r: r, p: p, n: data.x.count, dropped: data.dropped, reason: reason)
    }

    /// Pearson's r (`scipy.stats.pearsonr`).
    public static func pearson(_ x: [Double], _ y: [Double], names: (String, String) = ("x", "y")) throws -> CorrelationResult {
        try compute(.pearson, x, y, names: names)
    }

    /// Spearman's rho (`scipy.stats.spearmanr`).
    public static func spearman(_ x: [Double], _ y: [Double], names: (String, String) = ("x", "y")) throws -> CorrelationResult {
        try compute(.spearman, x, y, names: names)
    }

    /// Kendall's tau-b (`scipy.stats.kendalltau`).
    public static func kendall(_ x: [Double], _ y: [Double], names: (String, String) = ("x", "y")) throws -> CorrelationResult {
        try compute(.kendall, x, y, names: names)
    }

    /// r from deviations scaled by their largest magnitude before the norms are taken, so
    /// values near 1e200 do not overflow; p from the exact null distribution of r,
    /// Beta(n/2 - 1, n/2 - 1) on [-1, 1], i.e. `2 I_{(1-|r|)/2}(n/2-1, n/2-1)`. With n = 2 the
    /// coefficient is ±1 and p is 1, as in SciPy.
    static func pearsonCoefficient(_ x: [Double], _ y: [Double]) -> (r: Double, p: Double?) {
        let deviationsX = deviations(x)
        let deviationsY = deviations(y)
        var dot = 0.0
        for index in x.indices { dot += deviationsX[index] * deviationsY[index] }
        let r = min(1, max(-1, dot))
        let n = Double(x.count)
        if x.count == 2 { return (r.rounded(), 1) }
        let shape = n / 2 - 1
        let half = (1 - abs(r)) / 2
        let tail = SpecialFunctions.incompleteBeta(shape, shape, x: half, complement: (1 + abs(r)) / 2).lower
        return (r, min(1, 2 * tail))
    }

    /// Deviations from the mean divided by their Euclidean norm (unit vector), scaling by the
    /// largest deviation first so squares do not overflow.
    private static func deviations(_ values: [Double]) -> [Double] {
        let mean = (try? Statistics.mean(values)) ?? .nan
        let centred = values.map { $0 - mean }
        let largest = centred.reduce(0) { max($0, abs($1)) }
        let scaled = centred.map { $0 / largest }
        let norm = Statistics.compensatedSum(scaled.map { $0 * $0 }).squareRoot()
        return scaled.map { $0 / norm }
    }

    /// Pearson's r of the average ranks; p from `t = r sqrt((n-2) / ((1+r)(1-r)))` with n - 2
    /// degrees of freedom (SciPy's default, an approximation). nil p for n = 2.
    static func spearmanCoefficient(_ x: [Double], _ y: [Double]) -> (r: Double, p: Double?) {
        let r = rankCorrelation(Ranking.averageRanks(x), Ranking.averageRanks(y))
        let freedom = Double(x.count - 2)
        guard freedom > 0 else { return (r, nil) }
        let t = r * max(0, freedom / ((r + 1) * (1 - r))).squareRoot()
        return (r, ProbabilityDistribution.studentTTwoSided(t, degreesOfFreedom: freedom))
    }

    /// The correlation of two rank vectors with the operations of NumPy's `corrcoef`, which
    /// SciPy's `spearmanr` uses: `(cov / sd_x) / sd_y` with covariances scaled by `1 / (n - 1)`.
    /// The rounding matters here, unlike for Pearson's r: a perfect rank correlation must come
    /// out as exactly ±1 or not exactly as SciPy's does, because with few pairs the t statistic
    /// of r = 1 - 1e-16 is finite and its p-value far from 0.
    private static func rankCorrelation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for index in x.indices {
            let dx = x[index] - meanX
            let dy = y[index] - meanY
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        let scale = 1 / (n - 1)
        let r = (sxy * scale / (sxx * scale).squareRoot()) / (syy * scale).squareRoot()
        return min(1, max(-1, r))
    }
}

/// Numbers in messages: integers without a fraction, others in Swift's shortest exact form.
func formatted(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
