import Foundation

/// A probability distribution with validated parameters: seeded draws from a ``SeededRandom``
/// stream, its mean and variance, and (for the univariate families) its CDF and quantile
/// function.
///
/// Parameterisations follow SciPy's `scipy.stats` (see each constructor for the mapping), so
/// a number computed here can be checked against SciPy's. How each draw consumes the stream is
/// documented on ``sample(using:)``: that is part of the reproducibility contract, as it is for
/// the draws of ``SeededRandom``.
///
/// Build one with the throwing constructors (`try Distribution.pareto(alpha: 1.5)`), which
/// validate the parameters and name the one at fault; ``family`` then only holds valid values.
public struct Distribution: Equatable, Sendable {
    /// The families and their parameters, named as the constructors name them.
    public enum Family: Equatable, Sendable {
        case uniform(low: Double, high: Double)
        case normal(mean: Double, sd: Double)
        case pareto(alpha: Double, xmin: Double)
        case studentT(df: Double)
        case cauchy(loc: Double, scale: Double)
        case lognormal(mu: Double, sigma: Double)
        case exponential(rate: Double)
        case gamma(shape: Double, scale: Double)
        case beta(a: Double, b: Double)
        case dirichlet(alpha: [Double])
        case bernoulli(p: Double)
    }

    /// Most components of a Dirichlet distribution: every draw is a list of that many numbers
    /// and costs as many Gamma draws; a million is far beyond any mixing or topic-model example,
    /// and a longer list of concentrations is almost surely a data set passed by mistake.
    public static let maxDirichletComponents = 1_000_000

    public let family: Family

    private init(_ family: Family) { self.family = family }

    // MARK: Constructors

    /// Uniform on `[low, high)`: SciPy `uniform(loc=low, scale=high-low)`, NumPy `uniform(low, high)`.
    public static func uniform(low: Double = 0, high: Double = 1) throws -> Distribution {
        try finite(low, "low")
        try finite(high, "high")
        guard low < high, (high - low).isFinite else {
            throw NumericsError.invalidArgument(name: "high", reason: "must be above low (\(text(low))) by a finite width, got \(text(high))")
        }
        return Distribution(.uniform(low: low, high: high))
    }

    /// Normal: SciPy `norm(loc=mean, scale=sd)`, NumPy `normal(loc=mean, scale=sd)`.
    public static func normal(mean: Double = 0, sd: Double = 1) throws -> Distribution {
        try finite(mean, "mean")
        try positive(sd, "sd")
        return Distribution(.normal(mean: mean, sd: sd))
    }

    /// Pareto (type I) with tail exponent `alpha` on `x >= xmin`, density
    /// `alpha xmin^alpha / x^(alpha + 1)`: SciPy `pareto(b=alpha, scale=xmin)`. NumPy's
    /// `pareto(a)` is the Lomax distribution: `xmin * (1 + numpy.random.pareto(alpha))` is this one.
    public static func pareto(alpha: Double, xmin: Double = 1) throws -> Distribution {
        try positive(alpha, "alpha")
        try positive(xmin, "xmin")
        return Distribution(.pareto(alpha: alpha, xmin: xmin))
    }

    /// Student's t with `df` degrees of freedom (any positive real): SciPy `t(df)`, NumPy `standard_t(df)`.
    public static func studentT(df: Double) throws -> Distribution {
        try positive(df, "df")
        return Distribution(.studentT(df: df))
    }

    /// Cauchy: SciPy `cauchy(loc, scale)`; NumPy's `standard_cauchy()` is `cauchy(0, 1)`.
    public static func cauchy(loc: Double = 0, scale: Double = 1) throws -> Distribution {
        try finite(loc, "loc")
        try positive(scale, "scale")
        return Distribution(.cauchy(loc: loc, scale: scale))
    }

    /// Log-normal: `exp(N(mu, sigma^2))`, SciPy `lognorm(s=sigma, scale=exp(mu))`, NumPy
    /// `lognormal(mean=mu, sigma=sigma)`.
    public static func lognormal(mu: Double = 0, sigma: Double = 1) throws -> Distribution {
        try finite(mu, "mu")
        try positive(sigma, "sigma")
        return Distribution(.lognormal(mu: mu, sigma: sigma))
    }

    /// Exponential with `rate` (mean `1 / rate`): SciPy `expon(scale=1/rate)`, NumPy `exponential(scale=1/rate)`.
    public static func exponential(rate: Double = 1) throws -> Distribution {
        try positive(rate, "rate")
        return Distribution(.exponential(rate: rate))
    }

    /// Gamma with `shape` and `scale` (mean `shape * scale`): SciPy `gamma(a=shape, scale=scale)`,
    /// NumPy `gamma(shape, scale)`.
    public static func gamma(shape: Double, scale: Double = 1) throws -> Distribution {
        try positive(shape, "shape")
        try positive(scale, "scale")
        return Distribution(.gamma(shape: shape, scale: scale))
    }

    /// Beta on `[0, 1]`: SciPy `beta(a, b)`, NumPy `beta(a, b)`.
    public static func beta(a: Double, b: Double) throws -> Distribution {
        try positive(a, "a")
        try positive(b, "b")
        return Distribution(.beta(a: a, b: b))
    }

    /// Dirichlet with concentrations `alpha` (at least two, at most
    /// ``maxDirichletComponents``): SciPy `dirichlet(alpha)`, NumPy `dirichlet(alpha)`.
    public static func dirichlet(alpha: [Double]) throws -> Distribution {
        guard alpha.count >= 2, alpha.count <= maxDirichletComponents else {
            throw NumericsError.invalidArgument(
                name: "alpha", reason: "needs between 2 and \(maxDirichletComponents) concentrations, got \(alpha.count)")
        }
        for (index, value) in alpha.enumerated() where !(value > 0 && value.isFinite) {
            throw NumericsError.invalidArgument(name: "alpha", reason: "concentration \(index) must be a finite number > 0, got \(text(value))")
        }
        return Distribution(.dirichlet(alpha: alpha))
    }

    /// Bernoulli: 1 with probability `p`, else 0. SciPy `bernoulli(p)`, NumPy `binomial(1, p)`.
    public static func bernoulli(p: Double) throws -> Distribution {
        guard p >= 0, p <= 1 else {
            throw NumericsError.invalidArgument(name: "p", reason: "must be a probability between 0 and 1, got \(text(p))")
        }
        return Distribution(.bernoulli(p: p))
    }

    /// A parameter as the user typed it: whole numbers without Swift's `.0`.
    private static func text(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    private static func finite(_ value: Double, _ name: String) throws {
        guard value.isFinite else { throw NumericsError.invalidArgument(name: name, reason: "must be a finite number, got \(text(value))") }
    }

    private static func positive(_ value: Double, _ name: String) throws {
        guard value > 0, value.isFinite else {
            throw NumericsError.invalidArgument(name: name, reason: "must be a finite number > 0, got \(text(value))")
        }
    }

    // MARK: Draws

    /// How many numbers one draw has: the number of concentrations for Dirichlet, 1 otherwise.
    public var dimension: Int {
        if case .dirichlet(let alpha) = family { return alpha.count }
        return 1
    }

    /// One draw of a univariate distribution. Each consumes the stream as follows, `u` being
    /// one ``SeededRandom/nextDouble()`` (in `[0, 1)`) and `z` one ``SeededRandom/nextNormal()``
    /// (Box-Muller, whose spare the next normal draw of any family takes):
    ///
    /// - uniform: one `u`; `low + (high - low) u`, kept below `high` against rounding.
    /// - normal: one `z`; `mean + sd z`.
    /// - pareto: one `u`, by inversion; `xmin (1 - u)^(-1 / alpha)`.
    /// - student_t: one `z`, then one Gamma(`df / 2`) draw `g` (``SeededRandom/nextGamma(shape:)``,
    ///   Marsaglia-Tsang, itself taking normals and uniforms); `z / sqrt(g / (df / 2))`.
    /// - cauchy: one `u`, by inversion; `loc + scale tan(pi u - pi / 2)`.
    /// - lognormal: one `z`; `exp(mu + sigma z)`.
    /// - exponential: one `u`, by inversion; `-log1p(-u) / rate`.
    /// - gamma: one Gamma(`shape`) draw times `scale`.
    /// - beta: ``SeededRandom/nextBeta(_:_:)`` (Gamma(`a`), then Gamma(`b`), normalised).
    /// - bernoulli: one `u`; 1 when `u < p`, else 0 (as ``SeededRandom/nextBool(probability:)``).
    ///
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for Dirichlet, whose draws are
    ///   vectors: use ``sample(into:using:)``.
    public func sample(using random: inout SeededRandom) throws -> Double {
        switch family {
        case let .uniform(low, high):
            let value = low + (high - low) * random.nextDouble()
            return value < high ? value : high.nextDown
        case let .normal(mean, sd):
            return mean + sd * random.nextNormal()
        case let .pareto(alpha, xmin):
            return xmin * pow(1 - random.nextDouble(), -1 / alpha)
        case let .studentT(df):
            let z = random.nextNormal()
            let g = try random.nextGamma(shape: df / 2)
            return z / (g / (df / 2)).squareRoot()
        case let .cauchy(loc, scale):
            return loc + scale * tan(Double.pi * random.nextDouble() - Double.pi / 2)
        case let .lognormal(mu, sigma):
            return exp(mu + sigma * random.nextNormal())
        case let .exponential(rate):
            return -log1p(-random.nextDouble()) / rate
        case let .gamma(shape, scale):
            return scale * (try random.nextGamma(shape: shape))
        case let .beta(a, b):
            return try random.nextBeta(a, b)
        case .dirichlet:
            throw NumericsError.invalidArgument(name: "distribution", reason: "a dirichlet draw is a list of \(dimension) numbers, not one number")
        case let .bernoulli(p):
            return random.nextDouble() < p ? 1 : 0
        }
    }

    /// Appends one draw (``dimension`` numbers) to `values`: a Dirichlet draw is
    /// ``SeededRandom/nextDirichlet(_:)`` (one Gamma(`alpha_i`) draw per component, in order,
    /// normalised); any other family appends ``sample(using:)``.
    public func sample(into values: inout [Double], using random: inout SeededRandom) throws {
        if case .dirichlet(let alpha) = family {
            values.append(contentsOf: try random.nextDirichlet(alpha))
        } else {
            values.append(try sample(using: &random))
        }
    }

    // MARK: Moments

    /// The mean of each component (one value, or one per concentration for Dirichlet), as
    /// SciPy gives it: `inf` where the integral diverges (Pareto with `alpha <= 1`), NaN where it
    /// is undefined (Cauchy; Student's t with `df <= 1`).
    public var mean: [Double] {
        switch family {
        case let .uniform(low, high): return [low / 2 + high / 2]
        case let .normal(mean, _): return [mean]
        case let .pareto(alpha, xmin): return [alpha > 1 ? alpha * xmin / (alpha - 1) : .infinity]
        case let .studentT(df): return [df > 1 ? 0 : .nan]
        case .cauchy: return [.nan]
        case let .lognormal(mu, sigma): return [exp(mu + sigma * sigma / 2)]
        case let .exponential(rate): return [1 / rate]
        case let .gamma(shape, scale): return [shape * scale]
        case let .beta(a, b): return [a / (a + b)]
        case let .dirichlet(alpha):
            let total = alpha.reduce(0, +)
            return alpha.map { $0 / total }
        case let .bernoulli(p): return [p]
        }
    }

    /// The variance of each component (Dirichlet: of each marginal), as SciPy gives it: `inf`
    /// where the integral diverges (Pareto with `alpha <= 2`, Student's t with `1 < df <= 2`),
    /// NaN where it is undefined (Cauchy; Student's t with `df <= 1`).
    public var variance: [Double] {
        switch family {
        case let .uniform(low, high): return [(high - low) * (high - low) / 12]
        case let .normal(_, sd): return [sd * sd]
        case let .pareto(alpha, xmin):
            return [alpha > 2 ? xmin * xmin * alpha / ((alpha - 1) * (alpha - 1) * (alpha - 2)) : .infinity]
        case let .studentT(df): return [df > 2 ? df / (df - 2) : df > 1 ? .infinity : .nan]
        case .cauchy: return [.nan]
        case let .lognormal(mu, sigma): return [expm1(sigma * sigma) * exp(2 * mu + sigma * sigma)]
        case let .exponential(rate): return [1 / (rate * rate)]
        case let .gamma(shape, scale): return [shape * scale * scale]
        case let .beta(a, b): return [a * b / ((a + b) * (a + b) * (a + b + 1))]
        case let .dirichlet(alpha):
            let total = alpha.reduce(0, +)
            return alpha.map { $0 * (total - $0) / (total * total * (total + 1)) }
        case let .bernoulli(p): return [p * (1 - p)]
        }
    }
}
