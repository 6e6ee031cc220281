import Foundation

/// The CDF and quantile function of the univariate families. Both tails are computed directly
/// (as ``ProbabilityDistribution`` does), and a quantile above the median is solved on the upper
/// tail, so `quantile(0.999999)` keeps its digits.
extension Distribution {
    /// `P(X <= x)`: SciPy's `cdf`. NaN for a NaN `x`.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for Dirichlet.
    public func cdf(_ x: Double) throws -> Double { try tails(x).lower }

    /// `P(X > x)`, without the cancellation of `1 - cdf(x)`: SciPy's `sf`.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for Dirichlet.
    public func survival(_ x: Double) throws -> Double { try tails(x).upper }

    /// Both tails at `x`.
    func tails(_ x: Double) throws -> ProbabilityPair {
        guard !x.isNaN else { return .undefined }
        switch family {
        case let .uniform(low, high):
            if x <= low { return ProbabilityPair(lower: 0, upper: 1) }
            if x >= high { return ProbabilityPair(lower: 1, upper: 0) }
            return ProbabilityPair(lower: (x - low) / (high - low), upper: (high - x) / (high - low))
        case let .normal(mean, sd):
            return ProbabilityDistribution.normalTails((x - mean) / sd)
        case let .pareto(alpha, xmin):
            if x <= xmin { return ProbabilityPair(lower: 0, upper: 1) }
            let logRatio = log(x / xmin)
            return ProbabilityPair(lower: -expm1(-alpha * logRatio), upper: exp(-alpha * logRatio))
        case let .studentT(df):
            return ProbabilityDistribution.studentTTails(x, degreesOfFreedom: df)
        case let .cauchy(loc, scale):
            // atan2 keeps both tails accurate, where 0.5 + atan(z) / pi cancels.
            let z = (x - loc) / scale
            return ProbabilityPair(lower: atan2(1, -z) / Double.pi, upper: atan2(1, z) / Double.pi)
        case let .lognormal(mu, sigma):
            if x <= 0 { return ProbabilityPair(lower: 0, upper: 1) }
            return ProbabilityDistribution.normalTails((log(x) - mu) / sigma)
        case let .exponential(rate):
            if x <= 0 { return ProbabilityPair(lower: 0, upper: 1) }
            return ProbabilityPair(lower: -expm1(-rate * x), upper: exp(-rate * x))
        case let .gamma(shape, scale):
            if x <= 0 { return ProbabilityPair(lower: 0, upper: 1) }
            return SpecialFunctions.incompleteGamma(shape, x / scale)
        case let .beta(a, b):
            if x <= 0 { return ProbabilityPair(lower: 0, upper: 1) }
            if x >= 1 { return ProbabilityPair(lower: 1, upper: 0) }
            return SpecialFunctions.incompleteBeta(a, b, x: x, complement: 1 - x)
        case .dirichlet:
            throw Self.notUnivariate
        case let .bernoulli(p):
            if x < 0 { return ProbabilityPair(lower: 0, upper: 1) }
            if x < 1 { return ProbabilityPair(lower: 1 - p, upper: p) }
            return ProbabilityPair(lower: 1, upper: 0)
        }
    }

    /// The `q`-quantile, SciPy's `ppf`: the smallest `x` with `cdf(x) >= q`. Closed forms for
    /// uniform, Pareto, Cauchy, exponential and Bernoulli; the others solve `cdf(x) = q` (or `survival(x) = 1 - q` above the median,
    /// where `1 - q` is exact) by bisection over the doubles themselves, which ends in at most
    /// 64 steps at the adjacent pair where the computed tail crosses `q`, so the quantile is as
    /// accurate as the CDF. `q = 0` and `q = 1` give the ends of the support (possibly infinite).
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` unless `0 <= q <= 1`, or for Dirichlet.
    public func quantile(_ q: Double) throws -> Double {
        guard q >= 0, q <= 1 else {
            throw NumericsError.invalidArgument(name: "q", reason: "must be between 0 and 1, got \(q)")
        }
        switch family {
        case let .uniform(low, high):
            return low + q * (high - low)
        case let .pareto(alpha, xmin):
            return xmin * pow(1 - q, -1 / alpha)
        case let .cauchy(loc, scale):
            // -cot(pi q) on the nearer tail: tan(pi q - pi / 2) loses the argument's last bits
            // next to the pole (1e-11 relative at q = 1e-6).
            if q == 0.5 { return loc }
            return loc + scale * (q < 0.5 ? -1 / tan(Double.pi * q) : 1 / tan(Double.pi * (1 - q)))
        case let .exponential(rate):
            return -log1p(-q) / rate
        case let .bernoulli(p):
            return q <= 1 - p && p < 1 ? 0 : 1
        case let .normal(mean, sd):
            return mean + sd * Self.standardNormalQuantile(q)
        case let .lognormal(mu, sigma):
            return exp(mu + sigma * Self.standardNormalQuantile(q))
        case .studentT:
            return try invertTails(q, support: -Double.infinity...Double.infinity)
        case .gamma:
            return try invertTails(q, support: 0...Double.infinity)
        case .beta:
            return try invertTails(q, support: 0...1)
        case .dirichlet:
            throw Self.notUnivariate
        }
    }

    /// What the scalar functions of a Dirichlet distribution throw.
    static let notUnivariate = NumericsError.invalidArgument(
        name: "distribution", reason: "dirichlet has no cdf or quantiles: its draws are lists")

    /// The standard normal quantile, by bisection on its tails.
    static func standardNormalQuantile(_ q: Double) -> Double {
        invert(q, support: -Double.infinity...Double.infinity) { ProbabilityDistribution.normalTails($0) }
    }

    /// ``invert(_:support:tails:)`` on this distribution's tails (never Dirichlet's).
    private func invertTails(_ q: Double, support: ClosedRange<Double>) throws -> Double {
        var failure: Error?
        let x = Self.invert(q, support: support) { x in
            do { return try self.tails(x) } catch { failure = error; return .undefined }
        }
        if let failure { throw failure }
        return x
    }

    /// The smallest double `x` in `support` whose tails satisfy `lower >= q` (for `q <= 1/2`)
    /// or `upper <= 1 - q` (above), by bisection on the doubles' order: a double's bit pattern,
    /// negated for negative numbers, is monotone in its value, so halving the integer interval
    /// halves the count of doubles between the ends and 64 steps reach adjacent ones.
    static func invert(_ q: Double, support: ClosedRange<Double>, tails: (Double) -> ProbabilityPair) -> Double {
        if q == 0 { return support.lowerBound }
        if q == 1 { return support.upperBound }
        let useUpper = q > 0.5
        let complement = 1 - q  // exact for q > 1/2 (Sterbenz)
        func reached(_ x: Double) -> Bool {
            let pair = tails(x)
            return useUpper ? pair.upper <= complement : pair.lower >= q
        }
        var below = orderKey(max(support.lowerBound, -.greatestFiniteMagnitude))
        var above = orderKey(min(support.upperBound, .greatestFiniteMagnitude))
        if reached(double(fromKey: below)) { return double(fromKey: below) }
        if !reached(double(fromKey: above)) { return support.upperBound }
        // The keys span up to 2^64 doubles, more than Int64 holds: the width is unsigned.
        while UInt64(bitPattern: above &- below) > 1 {
            let middle = below &+ Int64(bitPattern: UInt64(bitPattern: above &- below) / 2)
            if reached(double(fromKey: middle)) { above = middle } else { below = middle }
        }
        return double(fromKey: above)
    }

    private static let magnitudeMask: UInt64 = 0x7FFF_FFFF_FFFF_FFFF

    /// A signed integer in the order of the doubles: `+0` and `-0` both map to 0.
    static func orderKey(_ x: Double) -> Int64 {
        let magnitude = Int64(bitPattern: x.bitPattern & magnitudeMask)
        return x.sign == .minus ? -magnitude : magnitude
    }

    static func double(fromKey key: Int64) -> Double {
        key >= 0 ? Double(bitPattern: UInt64(key)) : -Double(bitPattern: UInt64(-key))
    }
}
