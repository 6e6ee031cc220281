import Foundation
import WWNumerics

/// The distributions the powerlaw package fits to the tail `x >= xmin` (continuous case).
public enum TailDistribution: String, CaseIterable, Sendable {
    case powerLaw = "power_law"
    case exponential = "exponential"
    case lognormal = "lognormal"
    case truncatedPowerLaw = "truncated_power_law"

    /// The parameter names, in the powerlaw package's order and spelling (`Lambda` is the rate
    /// λ of `e^(-λx)`, the column WeightWatcher's `fit='TPL'` reports).
    public var parameterNames: [String] {
        switch self {
        case .powerLaw: return ["alpha"]
        case .exponential: return ["Lambda"]
        case .lognormal: return ["mu", "sigma"]
        case .truncatedPowerLaw: return ["alpha", "Lambda"]
        }
    }

    /// Looks a distribution up by the powerlaw package's name (`"truncated_power_law"`) or the
    /// short names users also write (`"tpl"`, `"pl"`).
    public init?(name: String) {
        switch name.lowercased() {
        case "power_law", "powerlaw", "pl": self = .powerLaw
        case "exponential", "exp": self = .exponential
        case "lognormal", "log_normal": self = .lognormal
        case "truncated_power_law", "tpl": self = .truncatedPowerLaw
        default: return nil
        }
    }
}

/// One distribution with fixed parameters on `[xmin, ∞)`, evaluated exactly as the powerlaw
/// package (2.0) evaluates it, including its numerical conventions: a density of 0 becomes
/// 1e-307 (`10**sys.float_info.min_10_exp`), parameters outside their open range give every
/// point that tiny density (the optimiser's penalty), and densities are formed as products
/// `f(x) * C` rather than in log space, so the log-likelihoods agree to rounding.
struct TailModel {
    /// `10**sys.float_info.min_10_exp`: the powerlaw package's stand-in for a zero density.
    static let tinyDensity = 1e-307

    let kind: TailDistribution
    let xmin: Double
    var parameters: [Double]
    /// Open parameter ranges (`nil` = unbounded), as the powerlaw package's `in_range()` checks them.
    let ranges: [(lower: Double?, upper: Double?)]
    /// For a power law with alpha <= 1 (not normalisable on [xmin, ∞)): the powerlaw package
    /// normalises on [xmin, max(data)] when the distribution was created verbosely (its
    /// `fit.power_law`) and produces NaN otherwise (the quiet objects of the xmin scan).
    var normaliseBelowOneAt: Double?
    /// powerlaw 1.x's truncated-power-law normaliser `Lambda^(1-alpha) / float(Γ(1-alpha, Lambda xmin))`:
    /// Γ is rounded to a double first, so where it underflows the constant is infinite (or NaN),
    /// which its optimiser then sees. powerlaw 2.0 divides in mpmath and never underflows.
    var roundsGammaFirst = false

    var isInRange: Bool {
        for (value, range) in zip(parameters, ranges) {
            if let lower = range.lower, !(value > lower) { return false }
            if let upper = range.upper, !(value < upper) { return false }
        }
        return true
    }

    /// The density at each point (all >= xmin), as the powerlaw package returns it.
    func likelihoods(_ data: [Double]) -> [Double] {
        guard isInRange else { return [Double](repeating: Self.tinyDensity, count: data.count) }
        var values: [Double]
        switch kind {
        case .powerLaw:
            let alpha = parameters[0]
            let constant: Double
            if alpha <= 1, let top = normaliseBelowOneAt {
                constant = (1 - alpha) / (Foundation.pow(top, 1 - alpha) - Foundation.pow(xmin, 1 - alpha))
            } else {
                constant = (alpha - 1) * Foundation.pow(xmin, alpha - 1)
            }
            values = data.map { Foundation.pow($0, -alpha) * constant }
        case .exponential:
            let rate = parameters[0]
            values = data.map { rate * Foundation.exp(rate * (xmin - $0)) }
        case .lognormal:
            let mu = parameters[0], sigma = parameters[1]
            let scale = sigma * (Double.pi / 2).squareRoot()
            let argument = -(mu - Foundation.log(xmin)) / (sigma * 2.0.squareRoot())
            // The package multiplies mpmath's erfc (which never underflows) by the scale before
            // rounding to a double; in the subnormal range that is exp(ln scale + ln erfc).
            let constant = argument < SpecialFunctions.logErfcAsymptoticThreshold
                ? scale * SpecialFunctions.erfc(argument)
                : Foundation.exp(Foundation.log(scale) + SpecialFunctions.logErfc(argument))
            guard constant > 0 else { return [Double](repeating: Self.tinyDensity, count: data.count) }
            values = data.map { x in
                let z = Foundation.log(x) - mu
                return 1 / x * Foundation.exp(-(z * z) / (2 * sigma * sigma)) / constant
            }
        case .truncatedPowerLaw:
            let alpha = parameters[0], rate = parameters[1]
            // C = λ^(1-α) / Γ(1-α, λ xmin), formed through logarithms so that it stays finite
            // where Γ underflows (the powerlaw package gets these from mpmath, which does not
            // underflow either).
            let constant = roundsGammaFirst
                ? Foundation.pow(rate, 1 - alpha) / SpecialFunctions.upperIncompleteGamma(1 - alpha, rate * xmin)
                : Foundation.exp((1 - alpha) * Foundation.log(rate)
                                 - SpecialFunctions.logUpperIncompleteGamma(1 - alpha, rate * xmin))
            values = data.map { Foundation.pow($0, -alpha) * Foundation.exp(-rate * $0) * constant }
        }
        for i in values.indices where values[i] == 0 { values[i] = Self.tinyDensity }
        return values
    }

    func logLikelihoods(_ data: [Double]) -> [Double] {
        likelihoods(data).map { Foundation.log($0) }
    }

    /// The model CDF at `points` (all >= xmin), computed as the powerlaw package computes it
    /// (`(F(x) - F(xmin)) / (1 - F(xmin))` from the unnormalised F), for the distance metrics.
    func cdf(_ points: [Double]) -> [Double] {
        guard isInRange else { return [Double](repeating: Self.tinyDensity, count: points.count) }
        switch kind {
        case .lognormal:
            let mu = parameters[0], sigma = parameters[1]
            let scale = 2.0.squareRoot() * sigma
            let argument = (Foundation.log(xmin) - mu) / scale
            if argument >= SpecialFunctions.logErfcAsymptoticThreshold {
                // erfc at xmin is (nearly) subnormal: the package's ratio becomes 0/0 (it reports
                // NaN distances); the ratio of logarithms stays exact.
                let logAtXmin = SpecialFunctions.logErfc(argument)
                return points.map { -Foundation.expm1(SpecialFunctions.logErfc((Foundation.log($0) - mu) / scale) - logAtXmin) }
            }
            let atXmin = SpecialFunctions.erfc(argument)
            let norm = 0.5 * atXmin
            return points.map { 0.5 * (atXmin - SpecialFunctions.erfc((Foundation.log($0) - mu) / scale)) / norm }
        default:
            let atXmin = baseCDF(xmin)
            if atXmin == 1 { return [Double](repeating: 1, count: points.count) }
            return points.map { (baseCDF($0) - atXmin) / (1 - atXmin) }
        }
    }

    /// The powerlaw package's `_cdf_base_function` (power law, exponential, truncated power law).
    private func baseCDF(_ x: Double) -> Double {
        switch kind {
        case .powerLaw:
            return 1 - Foundation.pow(x / xmin, -parameters[0] + 1)
        case .exponential:
            return 1 - Foundation.exp(-parameters[0] * x)
        case .truncatedPowerLaw:
            let alpha = parameters[0], rate = parameters[1]
            return 1 - SpecialFunctions.upperIncompleteGamma(1 - alpha, rate * x) / Foundation.pow(rate, 1 - alpha)
        case .lognormal:
            return 0.5 + 0.5 * SpecialFunctions.erf((Foundation.log(x) - parameters[0]) / (2.0.squareRoot() * parameters[1]))
        }
    }
}
