import WWBase
import WWNumerics

/// Features and labels of one split (training, in-distribution test, or shifted test).
public struct ProbeSplit {
    /// `[n, d]` (higher ranks are read as `[n, rest]`).
    public var features: Tensor
    /// One class in `0..<C` per row.
    public var labels: [Int]

    public init(features: Tensor, labels: [Int]) {
        self.features = features
        self.labels = labels
    }
}

/// How a linear probe is trained; see ``LinearProbe``.
public struct LinearProbeOptions: Equatable, Sendable {
    /// `λ` of the penalty `(λ/2) ||W||_F²` added to the mean cross-entropy (scikit-learn's
    /// `C = 1 / (n λ)`). 1e-4 is light: it keeps the problem strictly convex (a unique probe
    /// even on separable features, where the unregularised optimum is at infinity) while
    /// barely biasing accuracy.
    public var l2: Double = 1e-4
    /// Whether to standardise each feature with the training split's mean and population
    /// standard deviation (constant features are only centred), as scikit-learn's
    /// `StandardScaler`. On by default: representations of different layers differ in scale
    /// by orders of magnitude, and one `λ` then means the same strength for all of them.
    public var standardizes = true
    /// Iteration cap of the solver; a probe that hits it reports `converged == false`.
    public var maxIterations = 1_000
    /// Convergence when every component of the objective's gradient is at most this.
    public var gradientTolerance = 1e-8

    public init(l2: Double = 1e-4, standardizes: Bool = true, maxIterations: Int = 1_000, gradientTolerance: Double = 1e-8) {
        self.l2 = l2
        self.standardizes = standardizes
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
    }
}

/// A trained probe: `argmax_c (W ((x - mean) / scale) + b)_c`.
public struct LinearProbeModel: Equatable, Sendable {
    /// `[C, d]` weights acting on standardised features (on raw features without standardising).
    public var weights: Tensor
    /// `C` intercepts, centred to sum to 0 (softmax is blind to a common shift).
    public var bias: [Double]
    /// Per-feature centre and scale, `nil` when the probe was trained on raw features.
    public var featureMean: [Double]?
    public var featureScale: [Double]?

    public var classCount: Int { bias.count }

    /// The probe's logits `[n, C]` for features `[n, d]`.
    /// - Throws: ``EvaluationError`` for a bad matrix or a feature count other than the probe's.
    public func logits(_ features: Tensor, argument: String = "features") throws -> Tensor {
        var x = try EvaluationMatrix(features, argument: argument, flattensTrailingDimensions: true)
        let featureCount = weights.shape[1]
        guard x.columns == featureCount else {
            throw EvaluationError.lengthMismatch(argument: argument, expected: featureCount, actual: x.columns,
                                                 reason: "features per sample, as in the training split")
        }
        if let featureMean, let featureScale { LinearProbe.standardize(&x, mean: featureMean, scale: featureScale) }
        var scores = try gemm(x.tensor, weights, transposeB: true).doubleValues
        for row in 0..<x.rows {
            for c in 0..<classCount { scores[row * classCount + c] += bias[c] }
        }
        return try Tensor(shape: [x.rows, classCount], values: scores)
    }

    /// Predicted classes for features `[n, d]`.
    public func predictions(_ features: Tensor, argument: String = "features") throws -> [Int] {
        try Evaluation.predictions(scores: logits(features, argument: argument))
    }
}

/// What a probe achieved: its accuracy on each split and how its training ended.
public struct LinearProbeReport: Equatable, Sendable {
    public var model: LinearProbeModel
    public var trainAccuracy: Double
    public var testAccuracy: Double
    /// Accuracy on the shifted (out-of-distribution) split, if one was given.
    public var shiftedAccuracy: Double?
    /// Final value of the regularised objective (see ``LinearProbe``).
    public var objective: Double
    /// Largest gradient component at the end.
    public var gradientMaxNorm: Double
    public var iterations: Int
    public var converged: Bool
}

/// Linear probes (Alain & Bengio 2016): a multinomial logistic regression trained on a layer's
/// frozen features, whose accuracy measures how linearly decodable the classes are there.
///
/// **Model and objective**: softmax regression with intercept, minimising the mean
/// cross-entropy plus `(λ/2) ||W||_F²` (intercepts unpenalised); see ``LinearProbeOptions`` for
/// `λ` and standardisation. This is scikit-learn's `LogisticRegression(C = 1/(n λ))` (lbfgs,
/// multinomial), and the tests check equal accuracies and coefficients within 1e-4 on fixtures.
///
/// **Solver**: full-batch L-BFGS with an Armijo backtracking line search from zero weights
/// (see `ProbeOptimizer`); nothing is random, so a probe is reproducible bit for bit.
/// The number of classes is the largest training label + 1, and every class must occur in the
/// training split (an absent class would have an intercept running to minus infinity).
public enum LinearProbe {
    /// Trains on `train` and reports accuracy on `train`, `test` and, if given, `shifted`.
    /// - Parameter cancellation: polled once per solver iteration; once cancelled its error
    ///   stops the fit (the language binding passes Ctrl-C).
    /// - Throws: ``EvaluationError`` for bad features or labels in any split (naming the split),
    ///   a test label the training split never shows, or bad options.
    public static func evaluate(train: ProbeSplit, test: ProbeSplit, shifted: ProbeSplit? = nil,
                                options: LinearProbeOptions = LinearProbeOptions(),
                                cancellation: Cancellation = .never) throws -> LinearProbeReport {
        let fitted = try fit(train, options: options, cancellation: cancellation)
        func accuracy(_ split: ProbeSplit, _ name: String) throws -> Double {
            let predictions = try fitted.model.predictions(split.features, argument: "\(name) features")
            try LabelValidation.check(split.labels, argument: "\(name) labels", count: predictions.count,
                                      classCount: fitted.model.classCount, countReason: "one label per row of \(name) features")
            return try Evaluation.accuracy(predictions: predictions, labels: split.labels)
        }
        return LinearProbeReport(
            model: fitted.model, trainAccuracy: try accuracy(train, "train"), testAccuracy: try accuracy(test, "test"),
            shiftedAccuracy: try shifted.map { try accuracy($0, "shifted") }, objective: fitted.outcome.value,
            gradientMaxNorm: fitted.outcome.gradientMaxNorm, iterations: fitted.outcome.iterations,
            converged: fitted.outcome.converged)
    }

    /// Trains a probe on one split (see the type's documentation).
    static func fit(_ train: ProbeSplit, options: LinearProbeOptions,
                    cancellation: Cancellation) throws -> (model: LinearProbeModel, outcome: ProbeOptimizer.Outcome) {
        try check(options)
        var x = try EvaluationMatrix(train.features, argument: "train features", flattensTrailingDimensions: true)
        let classCount = try LabelValidation.classCount(of: train.labels, argument: "train labels", requiresEveryClass: true)
        try LabelValidation.check(train.labels, argument: "train labels", count: x.rows, classCount: classCount,
                                  countReason: "one label per row of train features")
        guard classCount >= 2 else {
            throw EvaluationError.tooFewClasses(operation: "a linear probe", count: classCount, required: 2)
        }
        var mean: [Double]?
        var scale: [Double]?
        if options.standardizes {
            let statistics = try featureStatistics(x)
            standardize(&x, mean: statistics.mean, scale: statistics.scale)
            (mean, scale) = (statistics.mean, statistics.scale)
        }
        let objective = ProbeObjective(features: x.tensor, labels: train.labels, classCount: classCount,
                                       featureCount: x.columns, l2: options.l2)
        let outcome = try ProbeOptimizer.minimize(
            start: [Double](repeating: 0, count: objective.parameterCount), maxIterations: options.maxIterations,
            gradientTolerance: options.gradientTolerance, cancellation: cancellation,
            objective: objective.valueAndGradient)
        let weightCount = classCount * x.columns
        var bias = Array(outcome.parameters[weightCount...])
        let biasMean = bias.reduce(0, +) / Double(classCount)
        bias = bias.map { $0 - biasMean }
        let weights = try Tensor(shape: [classCount, x.columns], values: Array(outcome.parameters[0..<weightCount]))
        return (LinearProbeModel(weights: weights, bias: bias, featureMean: mean, featureScale: scale), outcome)
    }

    static func check(_ options: LinearProbeOptions) throws {
        guard options.l2.isFinite, options.l2 >= 0 else {
            throw EvaluationError.invalidArgument(name: "l2", reason: "must be a finite number >= 0, got \(options.l2)")
        }
        guard options.maxIterations >= 1 else {
            throw EvaluationError.invalidArgument(name: "maxIterations", reason: "must be at least 1, got \(options.maxIterations)")
        }
        guard options.gradientTolerance.isFinite, options.gradientTolerance > 0 else {
            throw EvaluationError.invalidArgument(name: "gradientTolerance",
                                                  reason: "must be a positive finite number, got \(options.gradientTolerance)")
        }
    }

    /// Per-column mean and population standard deviation; a constant column (all values equal)
    /// gets scale 1, so it is centred to exact zeros instead of blown up by round-off.
    static func featureStatistics(_ x: EvaluationMatrix) throws -> (mean: [Double], scale: [Double]) {
        var mean = [Double](repeating: 0, count: x.columns)
        var scale = [Double](repeating: 1, count: x.columns)
        for column in 0..<x.columns {
            let values = (0..<x.rows).map { x.values[$0 * x.columns + column] }
            mean[column] = try Statistics.mean(values)
            if values.contains(where: { $0 != values[0] }) {
                let deviation = try Statistics.standardDeviation(values)
                if deviation > 0 { scale[column] = deviation }
            } else {
                mean[column] = values[0]
            }
        }
        return (mean, scale)
    }

    static func standardize(_ x: inout EvaluationMatrix, mean: [Double], scale: [Double]) {
        for row in 0..<x.rows {
            for column in 0..<x.columns {
                let index = row * x.columns + column
                x.values[index] = (x.values[index] - mean[column]) / scale[column]
            }
        }
    }
}
