import Foundation
import WWNumerics

/// A least-squares line `y = intercept + slope x` and how well it fits.
///
/// Fields follow `scipy.stats.linregress`; `rSquared` and `rmse` are added because studies
/// of metrics against accuracy report them. Optional fields are nil when undefined, and
/// `reason` says why: a constant `y` has no correlation (r, R², p nil), and two points fit
/// exactly so no standard errors or p-value exist (SciPy reports p = 0 or 1 and standard errors
/// of 0 there; wwn reports nil rather than a number with no meaning).
public struct LinearFit: Equatable, Sendable {
    public let slope: Double
    public let intercept: Double
    /// Pearson's r of x and y.
    public let r: Double?
    /// The coefficient of determination, r².
    public let rSquared: Double?
    /// Two-sided p-value for "slope = 0" (t-test with n - 2 degrees of freedom).
    public let p: Double?
    /// Standard error of the slope.
    public let slopeStandardError: Double?
    /// Standard error of the intercept.
    public let interceptStandardError: Double?
    /// Root-mean-square error of the fitted values, `sqrt(SSE / n)`: the typical size of a
    /// residual, in the units of y. Divided by n (not n - 2), as users comparing models expect
    /// and as `sklearn.metrics.mean_squared_error` does.
    public let rmse: Double
    /// Points used, and points dropped because x or y was missing.
    public let n: Int
    public let dropped: Int
    public let reason: String?
}

/// Ordinary least squares of y on x.
public enum LinearRegression {
    /// Fewest points a line is fitted to.
    public static let minimumPoints = 2

    /// The least-squares fit of `y` on `x`, skipping pairs with a missing (NaN) side.
    ///
    /// - Throws: `StatisticsError` when lengths differ, a value is infinite, fewer than 2 points
    ///   remain, or x is constant (a vertical line has no slope).
    public static func fit(_ x: [Double], _ y: [Double], names: (String, String) = ("x", "y")) throws -> LinearFit {
        let observed = try Observations.pairs(x, y, names: names)
        // The squares below overflow for values near 1e160 and underflow near 1e-160 (a slope of
        // 0 or -inf with r = ±1). Scaling x and y by powers of two is exact, so the fit is
        // computed on values near 1 and the results are scaled back without rounding.
        let (scaleX, scaleY) = (powerOfTwoScale(observed.x), powerOfTwoScale(observed.y))
        let data = (x: observed.x.map { $0 / scaleX }, y: observed.y.map { $0 / scaleY }, dropped: observed.dropped)
        let scaled = try fitScaled(data, names: names, original: observed)
        return LinearFit(slope: scaled.slope * scaleY / scaleX, intercept: scaled.intercept * scaleY, r: scaled.r,
                         rSquared: scaled.rSquared, p: scaled.p, slopeStandardError: scaled.slopeStandardError.map { $0 * scaleY / scaleX },
                         interceptStandardError: scaled.interceptStandardError.map { $0 * scaleY }, rmse: scaled.rmse * scaleY,
                         n: scaled.n, dropped: scaled.dropped, reason: scaled.reason)
    }

    /// The power of two nearest the largest magnitude of `values` (1 when they are all 0).
    static func powerOfTwoScale(_ values: [Double]) -> Double {
        let largest = values.reduce(0.0) { max($0, abs($1)) }
        return largest > 0 ? Double(sign: .plus, exponent: largest.exponent, significand: 1) : 1
    }

    /// The fit of values scaled near 1; `original` only names constant values in messages.
    private static func fitScaled(_ data: (x: [Double], y: [Double], dropped: Int), names: (String, String),
                                  original: (x: [Double], y: [Double], dropped: Int)) throws -> LinearFit {
        let n = data.x.count
        guard n >= minimumPoints else {
            throw StatisticsError.tooFew("the regression of \(names.1) on \(names.0)", count: n, required: minimumPoints, dropped: data.dropped)
        }
        guard !Observations.isConstant(data.x) else {
            throw StatisticsError("\(names.0) is constant (every value is \(formatted(original.x[0]))), so no line can be fitted against it")
        }
        let meanX = try Statistics.mean(data.x)
        let meanY = try Statistics.mean(data.y)
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = data.x[i] - meanX
            let dy = data.y[i] - meanY
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        let count = Double(n)
        let (ssxm, ssxym, ssym) = (sxx / count, sxy / count, syy / count)
        let slope = ssxym / ssxm
        let intercept = meanY - slope * meanX
        var residualSquares = 0.0
        for i in 0..<n {
            let residual = data.y[i] - (intercept + slope * data.x[i])
            residualSquares += residual * residual
        }
        let rmse = (residualSquares / count).squareRoot()

        if ssym == 0 {
            return LinearFit(slope: slope, intercept: intercept, r: nil, rSquared: nil, p: nil, slopeStandardError: nil,
                             interceptStandardError: nil, rmse: rmse, n: n, dropped: data.dropped,
                             reason: "\(names.1) is constant (every value is \(formatted(original.y[0]))), so r, R² and the p-value are undefined")
        }
        let r = min(1, max(-1, ssxym / (ssxm * ssym).squareRoot()))
        guard n > 2 else {
            return LinearFit(slope: slope, intercept: intercept, r: r, rSquared: r * r, p: nil, slopeStandardError: nil,
                             interceptStandardError: nil, rmse: rmse, n: n, dropped: data.dropped,
                             reason: "two points fit a line exactly, so there are no standard errors or p-value")
        }
        let freedom = count - 2
        // SciPy adds 1e-20 to both factors so r = ±1 gives a huge finite t (p ≈ 0), not inf/NaN.
        let t = r * (freedom / ((1 - r + perfectFitGuard) * (1 + r + perfectFitGuard))).squareRoot()
        let p = ProbabilityDistribution.studentTTwoSided(t, degreesOfFreedom: freedom)
        let slopeError = ((1 - r * r) * ssym / ssxm / freedom).squareRoot()
        return LinearFit(slope: slope, intercept: intercept, r: r, rSquared: r * r, p: p, slopeStandardError: slopeError,
                         interceptStandardError: slopeError * (ssxm + meanX * meanX).squareRoot(),
                         rmse: rmse, n: n, dropped: data.dropped, reason: nil)
    }

    /// `linregress`'s `TINY`: keeps the t statistic of a perfect fit finite.
    static let perfectFitGuard = 1e-20
}
