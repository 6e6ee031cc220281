import Foundation
import WWNumerics

/// Classification metrics on plain matrices: logits `[samples, classes]` and integer labels.
///
/// They take matrices rather than networks so they work on any model's outputs (a network
/// trained here, logits saved from PyTorch) and can be checked against reference tools.
///
/// **Temperature**: probabilities are `softmax(z / T)` with `T > 0` (T > 1 softens, T < 1
/// sharpens), the convention of temperature scaling (Guo et al. 2017) and of the logit-norm
/// studies.
public enum Evaluation {
    /// The softmax temperature used when none is given.
    public static let defaultTemperature = 1.0

    /// `log softmax(z / T)` of every row, computed stably as `(z/T - m) - log Σ_j exp(z_j/T - m)`
    /// with `m` the row maximum, so logits of any size give finite results.
    /// - Returns: a float64 matrix of the logits' shape.
    /// - Throws: ``EvaluationError`` for a non-matrix, empty or non-finite logits, or a bad temperature.
    public static func logProbabilities(logits: Tensor, temperature: Double = defaultTemperature) throws -> Tensor {
        try logSoftmax(try EvaluationMatrix(logits, argument: "logits"), temperature: temperature).tensor
    }

    /// `softmax(z / T)` of every row: the predicted class probabilities.
    ///
    /// Returned in float64 whatever the logits' type: calibration bins and confidences near 1
    /// depend on the last bits, which float32 rounds away (a confidence of 0.99999997 becomes 1).
    /// - Throws: as ``logProbabilities(logits:temperature:)``.
    public static func probabilities(logits: Tensor, temperature: Double = defaultTemperature) throws -> Tensor {
        var result = try logSoftmax(try EvaluationMatrix(logits, argument: "logits"), temperature: temperature)
        for index in result.values.indices { result.values[index] = Foundation.exp(result.values[index]) }
        return result.tensor
    }

    /// The predicted class of every row of a matrix of logits or probabilities: the index of
    /// its largest entry (the first one on ties, as `argmax` in NumPy and PyTorch).
    /// - Throws: ``EvaluationError`` for a non-matrix, empty or non-finite input.
    public static func predictions(scores: Tensor) throws -> [Int] {
        try EvaluationMatrix(scores, argument: "scores").rowArgmax()
    }

    /// The fraction of predictions equal to their labels.
    /// - Throws: ``EvaluationError`` for empty input or different lengths.
    public static func accuracy(predictions: [Int], labels: [Int]) throws -> Double {
        guard !predictions.isEmpty else { throw EvaluationError.empty(argument: "predictions") }
        guard labels.count == predictions.count else {
            throw EvaluationError.lengthMismatch(argument: "labels", expected: predictions.count, actual: labels.count,
                                                 reason: "one label per prediction")
        }
        let correct = zip(predictions, labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(predictions.count)
    }

    /// Top-1 accuracy of logits (or probabilities) against labels in `0..<classes`.
    /// - Throws: ``EvaluationError`` for bad logits, a length mismatch or a label out of range.
    public static func accuracy(scores: Tensor, labels: [Int]) throws -> Double {
        let matrix = try EvaluationMatrix(scores, argument: "scores")
        try LabelValidation.check(labels, argument: "labels", count: matrix.rows, classCount: matrix.columns,
                                  countReason: "one label per row of scores")
        return try accuracy(predictions: matrix.rowArgmax(), labels: labels)
    }

    /// The mean negative log-likelihood `-(1/n) Σ_i log softmax(z_i / T)[y_i]`: the
    /// cross-entropy loss of PyTorch's `cross_entropy(z / T, y)` with mean reduction.
    /// - Throws: ``EvaluationError`` for bad logits (NaN included), a length mismatch, a label
    ///   out of range or a temperature that is not a positive finite number.
    public static func negativeLogLikelihood(logits: Tensor, labels: [Int],
                                             temperature: Double = defaultTemperature) throws -> Double {
        let matrix = try EvaluationMatrix(logits, argument: "logits")
        try LabelValidation.check(labels, argument: "labels", count: matrix.rows, classCount: matrix.columns,
                                  countReason: "one label per row of logits")
        let logProbabilities = try logSoftmax(matrix, temperature: temperature)
        let terms = labels.enumerated().map { row, label in -logProbabilities.values[row * matrix.columns + label] }
        return Statistics.compensatedSum(terms) / Double(matrix.rows)
    }

    /// The confusion matrix `counts[true][predicted]` (rows are true classes, columns predicted
    /// ones, as in scikit-learn's `confusion_matrix`).
    /// - Parameter classCount: the number of classes; `nil` takes the largest label or
    ///   prediction + 1.
    /// - Throws: ``EvaluationError`` for empty input, different lengths, negative or too large
    ///   classes, or a label beyond `classCount`.
    public static func confusionMatrix(predictions: [Int], labels: [Int], classCount: Int? = nil) throws -> [[Int]] {
        guard !predictions.isEmpty else { throw EvaluationError.empty(argument: "predictions") }
        guard labels.count == predictions.count else {
            throw EvaluationError.lengthMismatch(argument: "labels", expected: predictions.count, actual: labels.count,
                                                 reason: "one label per prediction")
        }
        let implied = max(try LabelValidation.classCount(of: predictions, argument: "predictions", requiresEveryClass: false),
                          try LabelValidation.classCount(of: labels, argument: "labels", requiresEveryClass: false))
        let classes = classCount ?? implied
        guard classes >= 1, classes <= EvaluationLimits.maxConfusionClassCount else {
            throw EvaluationError.invalidArgument(
                name: "classCount", reason: "must be between 1 and \(EvaluationLimits.maxConfusionClassCount), got \(classes)")
        }
        try LabelValidation.check(predictions, argument: "predictions", count: predictions.count, classCount: classes,
                                  countReason: "one prediction per sample")
        try LabelValidation.check(labels, argument: "labels", count: predictions.count, classCount: classes,
                                  countReason: "one label per prediction")
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (predicted, actual) in zip(predictions, labels) { counts[actual][predicted] += 1 }
        return counts
    }

    /// The size of the logits: the mean Euclidean norm of a row, `(1/n) Σ_i ||z_i||₂`, and the
    /// Frobenius norm of the whole matrix, `sqrt(Σ_ij z_ij²)`. The logit-norm studies track
    /// both at initialisation and after training (a larger initial norm leads to lower rank).
    /// - Throws: ``EvaluationError`` for a non-matrix, empty or non-finite input.
    public static func logitNorms(_ logits: Tensor) throws -> LogitNorms {
        let matrix = try EvaluationMatrix(logits, argument: "logits")
        let rowNorms = (0..<matrix.rows).map { EvaluationNorm.euclidean(matrix.row($0)) }
        return LogitNorms(meanRowNorm: Statistics.compensatedSum(rowNorms) / Double(matrix.rows),
                          frobeniusNorm: EvaluationNorm.euclidean(matrix.values))
    }

    /// Stable row-wise log-softmax of `z / T` (see ``logProbabilities(logits:temperature:)``).
    static func logSoftmax(_ logits: EvaluationMatrix, temperature: Double) throws -> EvaluationMatrix {
        try checkTemperature(temperature)
        var result = logits
        let columns = logits.columns
        for row in 0..<logits.rows {
            let start = row * columns
            var largest = -Double.infinity
            for index in start..<(start + columns) {
                let scaled = logits.values[index] / temperature
                guard scaled.isFinite else {
                    throw EvaluationError.invalidArgument(
                        name: "temperature", reason: "\(temperature) overflows logit \(logits.values[index]) at [\(row), \(index - start)]")
                }
                result.values[index] = scaled
                largest = max(largest, scaled)
            }
            var sum = 0.0
            for index in start..<(start + columns) {
                result.values[index] -= largest
                sum += Foundation.exp(result.values[index])
            }
            // sum >= 1 (the largest term is exp(0)), so its log is finite. Subtracting the
            // maximum first and the log-sum second keeps the digits of (z - max), which
            // `z - (max + log sum)` would round away for large logits.
            let logSum = Foundation.log(sum)
            for index in start..<(start + columns) { result.values[index] -= logSum }
        }
        return result
    }

    static func checkTemperature(_ temperature: Double) throws {
        guard temperature.isFinite, temperature > 0 else {
            throw EvaluationError.invalidArgument(name: "temperature", reason: "must be a positive finite number, got \(temperature)")
        }
    }
}

/// The two sizes of a logit matrix reported by ``Evaluation/logitNorms(_:)``.
public struct LogitNorms: Equatable, Sendable {
    /// `(1/n) Σ_i ||z_i||₂`, the average length of one sample's logit vector.
    public var meanRowNorm: Double
    /// `||Z||_F`, the Frobenius norm of the whole `[samples, classes]` matrix.
    public var frobeniusNorm: Double
}
