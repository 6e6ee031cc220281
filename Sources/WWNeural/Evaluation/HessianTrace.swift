import Foundation
import WWBase
import WWNumerics

/// Hutchinson's estimator of the trace of a loss Hessian (Hutchinson 1989; used for
/// loss-landscape curvature by PyHessian, Yao et al. 2020): for random `v` with independent
/// Rademacher (±1) entries, `E[vᵀ H v] = tr(H)`, so the mean of `vᵀ H v` over `k` draws is an
/// unbiased estimate with standard error `s / sqrt(k)` (`s` the sample standard deviation).
///
/// **Hessian-vector products** `H v` are exact when a closure for them is given (for example
/// an autodiff double-backward). Otherwise they come from central differences of the gradient,
///
///     H v ≈ (g(θ + ε v) - g(θ - ε v)) / (2 ε),    ε = u^(1/3) · (1 + ||θ||₂) / ||v||₂,
///
/// where `u` is the unit round-off of the gradient's arithmetic (2^-24 for float32, 2^-53 for
/// float64). The perturbation `ε v` then has norm `u^(1/3) (1 + ||θ||₂)`: relative to the
/// parameters, about 0.4 % in float32 and 5e-6 in float64, the step that balances the O(ε²)
/// truncation error of central differences against the O(u / ε) rounding error of the two
/// gradients. (The difference is exact for a quadratic loss, whatever ε.) `relativeStep`
/// replaces `u^(1/3)` when a loss needs another balance.
///
/// **Random vectors**: sample `j` takes `ceil(p / 64)` outputs of the ``SeededRandom`` stream;
/// bit `b` (least significant first) of output `k` is the sign of entry `64 k + b`, 1 for +1
/// and 0 for -1. The same seed therefore gives the same vectors and the same estimate.
public struct HessianTraceEstimator {
    /// `∇L(θ)`: one value per parameter.
    public typealias Gradient = ([Double]) throws -> [Double]
    /// `H(θ) v` for parameters `θ` and vector `v`.
    public typealias HessianVectorProduct = (_ parameters: [Double], _ vector: [Double]) throws -> [Double]

    /// Most random vectors one estimate may draw: each costs two gradient evaluations, and the
    /// standard error falls only as `1/sqrt(k)`; 100,000 is far past any useful precision.
    public static let maxSamples = 100_000

    let gradient: Gradient?
    let hessianVectorProduct: HessianVectorProduct?
    /// The `u^(1/3)` factor of the finite-difference step (see the type's documentation).
    public let relativeStep: Double

    /// An estimator from a gradient (products by central differences) or from an exact
    /// Hessian-vector product, which is used whenever it is given.
    /// - Parameters:
    ///   - gradientRoundoff: unit round-off of the gradient's arithmetic; the default assumes
    ///     float32 networks. Ignored when `relativeStep` is given.
    ///   - relativeStep: overrides `u^(1/3)`.
    /// - Throws: ``EvaluationError/invalidArgument(name:reason:)`` if neither closure is given
    ///   or the step is not a positive finite number.
    public init(gradient: Gradient?, hessianVectorProduct: HessianVectorProduct? = nil,
                gradientRoundoff: Double = Double(Float.ulpOfOne) / 2, relativeStep: Double? = nil) throws {
        guard gradient != nil || hessianVectorProduct != nil else {
            throw EvaluationError.invalidArgument(name: "gradient", reason: "is needed when no Hessian-vector product is given")
        }
        let step = relativeStep ?? Foundation.cbrt(gradientRoundoff)
        guard step.isFinite, step > 0 else {
            throw EvaluationError.invalidArgument(name: "relativeStep", reason: "must be a positive finite number, got \(step)")
        }
        self.gradient = gradient
        self.hessianVectorProduct = hessianVectorProduct
        self.relativeStep = step
    }

    /// An estimator over float32 parameters, as networks hold them: parameters are rounded to
    /// float32 on the way into the closures and results widened on the way out; the step
    /// assumes float32 round-off.
    public init(floatGradient: (([Float]) throws -> [Float])?,
                floatHessianVectorProduct: (([Float], [Float]) throws -> [Float])? = nil) throws {
        try self.init(
            gradient: floatGradient.map { closure in { parameters in try closure(parameters.map(Float.init)).map(Double.init) } },
            hessianVectorProduct: floatHessianVectorProduct.map { closure in
                { parameters, vector in try closure(parameters.map(Float.init), vector.map(Float.init)).map(Double.init) }
            })
    }

    /// The finite-difference step `ε` for these parameters (see the type's documentation).
    public func finiteDifferenceStep(parameters: [Double]) -> Double {
        relativeStep * (1 + EvaluationNorm.euclidean(parameters)) / Double(parameters.count).squareRoot()
    }

    /// Estimates `tr(H(θ))` from `samples` Rademacher vectors drawn from `random`.
    /// - Parameter cancellation: polled before each sample; once cancelled its error stops the estimate.
    /// - Throws: ``EvaluationError`` for empty or non-finite parameters, a sample count outside
    ///   `1...maxSamples`, or a closure returning the wrong number of values or NaN; and
    ///   whatever the closures throw, or the cancellation's error.
    public func estimate(at parameters: [Double], samples: Int, random: inout SeededRandom,
                         cancellation: Cancellation = .never) throws -> HessianTraceEstimate {
        guard !parameters.isEmpty else { throw EvaluationError.empty(argument: "parameters") }
        if let bad = parameters.firstIndex(where: { !$0.isFinite }) {
            throw EvaluationError.nonFinite(argument: "parameters", position: [bad])
        }
        guard samples >= 1, samples <= Self.maxSamples else {
            throw EvaluationError.invalidArgument(name: "samples", reason: "must be from 1 to \(Self.maxSamples), got \(samples)")
        }
        let step = hessianVectorProduct == nil ? finiteDifferenceStep(parameters: parameters) : nil
        var values: [Double] = []
        var running = HessianRunningStatistics()
        for _ in 0..<samples {
            try cancellation.checkCancelled()
            let vector = Self.rademacher(count: parameters.count, random: &random)
            let product = try hessianTimes(vector, at: parameters, step: step)
            var quadraticForm = 0.0
            for index in vector.indices { quadraticForm += vector[index] * product[index] }
            values.append(quadraticForm)
            running.add(quadraticForm)
        }
        return HessianTraceEstimate(samples: values, runningMeans: running.means,
                                    runningStandardErrors: running.standardErrors, step: step)
    }

    /// Float32 parameters, as a network holds them (widened exactly to float64).
    public func estimate(at parameters: [Float], samples: Int, random: inout SeededRandom,
                         cancellation: Cancellation = .never) throws -> HessianTraceEstimate {
        try estimate(at: parameters.map(Double.init), samples: samples, random: &random, cancellation: cancellation)
    }

    /// `H v` by the exact closure or by central differences of the gradient.
    func hessianTimes(_ vector: [Double], at parameters: [Double], step: Double?) throws -> [Double] {
        if let hessianVectorProduct {
            return try checked(hessianVectorProduct(parameters, vector), callback: "Hessian-vector product", count: parameters.count)
        }
        guard let gradient, let step else { return [] }  // init guarantees one closure
        let forward = try checked(gradient(zip(parameters, vector).map { $0 + step * $1 }), callback: "gradient",
                                  count: parameters.count)
        let backward = try checked(gradient(zip(parameters, vector).map { $0 - step * $1 }), callback: "gradient",
                                   count: parameters.count)
        return zip(forward, backward).map { ($0 - $1) / (2 * step) }
    }

    func checked(_ values: [Double], callback: String, count: Int) throws -> [Double] {
        guard values.count == count else {
            throw EvaluationError.invalidCallbackResult(callback: callback,
                                                        reason: "returned \(values.count) values for \(count) parameters")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw EvaluationError.invalidCallbackResult(callback: callback, reason: "returned \(values[bad]) at index \(bad)")
        }
        return values
    }

    /// A Rademacher vector: 64 signs per output of the stream (see the type's documentation).
    static func rademacher(count: Int, random: inout SeededRandom) -> [Double] {
        var vector = [Double](repeating: 0, count: count)
        var bits: UInt64 = 0
        for index in 0..<count {
            if index % 64 == 0 { bits = random.next() }
            vector[index] = (bits >> UInt64(index % 64)) & 1 == 1 ? 1 : -1
        }
        return vector
    }
}

/// Running mean and standard error of the samples seen so far.
struct HessianRunningStatistics {
    private(set) var means: [Double] = []
    private(set) var standardErrors: [Double?] = []
    private var count = 0
    private var mean = 0.0
    private var squaredDeviations = 0.0

    /// Welford's update: numerically stable for long runs of similar values.
    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        squaredDeviations += delta * (value - mean)
        means.append(mean)
        standardErrors.append(count > 1 ? (squaredDeviations / Double(count - 1) / Double(count)).squareRoot() : nil)
    }
}

/// The result of ``HessianTraceEstimator/estimate(at:samples:random:cancellation:)``.
public struct HessianTraceEstimate: Equatable, Sendable {
    /// `vᵀ H v` of each random vector, in draw order.
    public var samples: [Double]
    /// Mean and standard error after 1, 2, ... samples (the standard error needs two samples,
    /// so the first is `nil`), to see the estimate settle.
    public var runningMeans: [Double]
    public var runningStandardErrors: [Double?]
    /// The finite-difference step `ε`, or `nil` when products were exact.
    public var step: Double?

    /// The estimate of `tr(H)`: the mean of ``samples``.
    public var trace: Double { runningMeans.last ?? 0 }
    /// Its standard error `s / sqrt(k)`; `nil` with a single sample.
    public var standardError: Double? { runningStandardErrors.last ?? nil }
}
