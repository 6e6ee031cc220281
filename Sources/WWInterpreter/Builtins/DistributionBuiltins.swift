import WWNumerics

/// A `WWNumerics.Distribution` as a wwn value. It displays as the call that makes it
/// (`pareto(alpha: 1.5, xmin: 1)`), and two built with the same parameters are equal.
public final class DistributionObject: NativeObject {
    public let distribution: Distribution
    public init(_ distribution: Distribution) { self.distribution = distribution }

    public var typeName: String { "distribution" }
    public var fieldNames: [String] { ["family", "params", "mean", "variance"] }

    /// The constructor's name and its arguments, in the signature's order.
    var parts: (name: String, arguments: [(String, Value)]) {
        func n(_ x: Double) -> Value { .number(x) }
        switch distribution.family {
        case let .uniform(low, high): return ("uniform", [("low", n(low)), ("high", n(high))])
        case let .normal(mean, sd): return ("normal", [("mean", n(mean)), ("sd", n(sd))])
        case let .pareto(alpha, xmin): return ("pareto", [("alpha", n(alpha)), ("xmin", n(xmin))])
        case let .studentT(df): return ("student_t", [("df", n(df))])
        case let .cauchy(loc, scale): return ("cauchy", [("loc", n(loc)), ("scale", n(scale))])
        case let .lognormal(mu, sigma): return ("lognormal", [("mu", n(mu)), ("sigma", n(sigma))])
        case let .exponential(rate): return ("exponential", [("rate", n(rate))])
        case let .gamma(shape, scale): return ("gamma_dist", [("shape", n(shape)), ("scale", n(scale))])
        case let .beta(a, b): return ("beta_dist", [("a", n(a)), ("b", n(b))])
        case let .dirichlet(alpha): return ("dirichlet", [("alpha", .list(ListObject(alpha.map(n))))])
        case let .bernoulli(p): return ("bernoulli", [("p", n(p))])
        }
    }

    public func field(_ name: String) -> Value? {
        switch name {
        case "family": return .string(parts.name)
        case "params":
            return .record(RecordObject(parts.arguments))
        case "mean": return Self.perComponent(distribution.mean, distribution)
        case "variance": return Self.perComponent(distribution.variance, distribution)
        default: return nil
        }
    }

    /// A number, or a list for Dirichlet (one per component).
    private static func perComponent(_ values: [Double], _ distribution: Distribution) -> Value {
        distribution.dimension == 1 ? .number(values[0]) : .list(ListObject(values.map { .number($0) }))
    }

    public var summary: String {
        let (name, arguments) = parts
        return name + "(" + arguments.map { "\($0.0): \(ValueFormatter.repr($0.1))" }.joined(separator: ", ") + ")"
    }
}

extension Registry {
    /// Distribution values and their draws (issue 17): constructors named as users know the
    /// families, with SciPy's parameters (see docs/language.md, "Random numbers").
    func defineDistributions() {
        let random = "Random"
        let univariate = " Draw from it with `draw`; `.mean` and `.variance` are its moments, `cdf` and `quantile` its distribution function and inverse."
        func constructor(_ signature: String, _ doc: String, uses: String = univariate,
                         _ make: @escaping (BuiltinCall) throws -> Distribution) {
            define(signature + " -> distribution", category: random, doc: doc + uses) { call in
                .object(DistributionObject(try make(call)))
            }
        }
        constructor("uniform(low = 0, high = 1)",
                    "The uniform distribution on [low, high) (SciPy `uniform(loc=low, scale=high-low)`).") {
            try .uniform(low: try $0.number(0), high: try $0.number(1))
        }
        constructor("normal(mean = 0, sd = 1)",
                    "The normal distribution (SciPy `norm(loc=mean, scale=sd)`); its draws are `randn`'s, scaled.") {
            try .normal(mean: try $0.number(0), sd: try $0.number(1))
        }
        constructor("pareto(alpha, xmin = 1)",
                    "The Pareto (type I) distribution: P(X > x) = (xmin / x)^alpha for x >= xmin, the power law of heavy-tailed spectra (SciPy `pareto(b=alpha, scale=xmin)`; NumPy's `pareto(alpha)` is this minus 1, times xmin). The mean is infinite for alpha <= 1, the variance for alpha <= 2.") {
            try .pareto(alpha: try $0.number(0), xmin: try $0.number(1))
        }
        constructor("student_t(df)",
                    "Student's t distribution with `df` degrees of freedom, any positive number (SciPy `t(df)`): tails like |x|^-(df + 1), so moments of order df and above do not exist.") {
            try .studentT(df: try $0.number(0))
        }
        constructor("cauchy(loc = 0, scale = 1)",
                    "The Cauchy distribution (SciPy `cauchy(loc, scale)`), Student's t with one degree of freedom: no mean, no variance (both nan).") {
            try .cauchy(loc: try $0.number(0), scale: try $0.number(1))
        }
        constructor("lognormal(mu = 0, sigma = 1)",
                    "The log-normal distribution: exp of a normal with mean mu and standard deviation sigma (SciPy `lognorm(s=sigma, scale=exp(mu))`, NumPy `lognormal(mu, sigma)`).") {
            try .lognormal(mu: try $0.number(0), sigma: try $0.number(1))
        }
        constructor("exponential(rate = 1)",
                    "The exponential distribution with mean 1 / rate (SciPy `expon(scale=1/rate)`).") {
            try .exponential(rate: try $0.number(0))
        }
        constructor("gamma_dist(shape, scale = 1)",
                    "The gamma distribution with mean shape × scale (SciPy `gamma(a=shape, scale=scale)`). Named with `_dist` to leave `gamma` to the Gamma function.") {
            try .gamma(shape: try $0.number(0), scale: try $0.number(1))
        }
        constructor("beta_dist(a, b)",
                    "The beta distribution on [0, 1] (SciPy `beta(a, b)`). Named with `_dist` to leave `beta` to the Beta function.") {
            try .beta(a: try $0.number(0), b: try $0.number(1))
        }
        constructor("dirichlet(alpha)",
                    "The Dirichlet distribution with the list of concentrations `alpha` (at least 2), SciPy `dirichlet(alpha)`: each draw is a list of positive numbers summing to 1.",
                    uses: " Draw from it with `draw`; `.mean` and `.variance` are lists, one number per component. It has no cdf or quantiles.") {
            try .dirichlet(alpha: try $0.numbers(0))
        }
        constructor("bernoulli(p)", "The Bernoulli distribution: 1 with probability p, else 0 (SciPy `bernoulli(p)`).") {
            try .bernoulli(p: try $0.number(0))
        }

        define("draw(dist, n = nil, seed = nil) -> value", category: random, methodOf: ["distribution"],
               doc: "A draw from the distribution `dist`, or a list of `n` draws (a Dirichlet draw is itself a list), from the session's stream or from `seed`'s. Each family's use of the stream is fixed (documented in WWNumerics.Distribution), so a seed always gives the same numbers.") { call in
            let distribution = try distributionArgument(call, 0)
            let components = distribution.dimension
            let n = try call.optionalInteger(1, in: 0...RuntimeLimits.maxDrawnNumbers)
            if let n, n > RuntimeLimits.maxDrawnNumbers / components {
                throw BuiltinError("\(n) draws of \(components) numbers are more than the \(RuntimeLimits.maxDrawnNumbers) numbers one call lists")
            }
            var values: [Double] = []
            values.reserveCapacity((n ?? 1) * components)
            try withStream(&call, seed: 2) { stream in
                for _ in 0..<(n ?? 1) { try distribution.sample(into: &values, using: &stream) }
            }
            let draws: [Value] = components == 1
                ? values.map { .number($0) }
                : stride(from: 0, to: values.count, by: components).map { .list(ListObject(values[$0..<($0 + components)].map { .number($0) })) }
            return n == nil ? draws[0] : .list(ListObject(draws))
        }

        define("cdf(dist, x) -> value", category: random, methodOf: ["distribution"],
               doc: "P(X <= x) for the distribution `dist` (SciPy's `cdf`), or the list of them for a list of x. Both tails are computed directly, so `1 - cdf` is not needed for tail probabilities far out.") { call in
            let distribution = try distributionArgument(call, 0)
            return try mapNumbers(call, 1) { try distribution.cdf($0) }
        }
    }
}

/// The distribution argument `i`.
func distributionArgument(_ call: BuiltinCall, _ i: Int) throws -> Distribution {
    guard case .object(let o as DistributionObject) = call.value(i) else {
        throw call.fail(i, expected: "a distribution (made by pareto, normal, student_t, ...)")
    }
    return o.distribution
}

/// `f` of argument `i`: a number, or the list of results for a list or range of numbers.
func mapNumbers(_ call: BuiltinCall, _ i: Int, _ f: (Double) throws -> Double) throws -> Value {
    switch call.value(i) {
    case .list, .range: return .list(ListObject(try call.numbers(i).map { .number(try f($0)) }))
    default: return .number(try f(try call.number(i)))
    }
}
