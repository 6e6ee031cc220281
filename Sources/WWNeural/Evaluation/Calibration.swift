import WWNumerics
import WWTables

/// Expected Calibration Error and reliability diagrams (Naeini et al. 2015; Guo et al. 2017),
/// in the top-label ("max-probability") form used by the calibration literature and by
/// torchmetrics' `multiclass_calibration_error` with the L1 norm.
///
/// For each sample the **confidence** is its largest predicted probability and it is
/// **correct** when that class (the first one on ties) is its label. The interval (0, 1] is cut
/// into `B` equal-width bins, and
///
///     ECE = Σ_b (n_b / n) |acc_b - conf_b|,    MCE = max over non-empty bins of |acc_b - conf_b|,
///
/// with `acc_b` and `conf_b` the mean correctness and mean confidence of the `n_b` samples in
/// bin `b`; empty bins contribute nothing.
///
/// **Bin edges**: bin `b` (0-based) is the right-closed interval `(b/B, (b+1)/B]`, the
/// convention of Guo et al.'s reference code (`conf > lower and conf <= upper`); a confidence of
/// exactly 0 (impossible for a probability vector) joins bin 0. The edges are the float64
/// values `b/B` (correctly rounded) and membership is decided by comparing with them, so a
/// confidence of exactly 1 lies in the last bin. torchmetrics >= 0.8 bins by `bucketize(...,
/// right=True)`, which makes bins left-closed `[b/B, (b+1)/B)` and gives confidences of exactly
/// 1.0 a bin of their own; the two agree whenever no confidence sits exactly on an edge, and
/// differ when some samples are fully confident (common with saturated float32 softmax).
public enum Calibration {
    /// 15 equal-width bins: the setting of Guo et al. and of the data-diversity study.
    public static let defaultBinCount = 15

    /// The calibration of predicted probabilities `[samples, classes]` against labels.
    /// - Throws: ``EvaluationError`` for a non-matrix or empty input, an entry outside [0, 1]
    ///   or NaN, a row whose sum differs from 1 by more than
    ///   ``EvaluationLimits/probabilitySumTolerance``, mismatched lengths, a label out of range,
    ///   or a bin count outside `1...EvaluationLimits.maxCalibrationBinCount`.
    public static func report(probabilities: Tensor, labels: [Int], binCount: Int = defaultBinCount) throws -> CalibrationReport {
        let matrix = try probabilityMatrix(probabilities)
        try LabelValidation.check(labels, argument: "labels", count: matrix.rows, classCount: matrix.columns,
                                  countReason: "one label per row of probabilities")
        let predictions = matrix.rowArgmax()
        let confidences = (0..<matrix.rows).map { matrix.values[$0 * matrix.columns + predictions[$0]] }
        let correct = zip(predictions, labels).map { $0 == $1 }
        return try report(confidences: confidences, correct: correct, binCount: binCount)
    }

    /// The calibration of `softmax(logits / T)` against labels (see
    /// ``Evaluation/probabilities(logits:temperature:)``).
    /// - Throws: ``EvaluationError`` as for the logits and labels of the NLL, or a bad bin count.
    public static func report(logits: Tensor, labels: [Int], temperature: Double = Evaluation.defaultTemperature,
                              binCount: Int = defaultBinCount) throws -> CalibrationReport {
        try report(probabilities: try Evaluation.probabilities(logits: logits, temperature: temperature),
                   labels: labels, binCount: binCount)
    }

    /// The ECE of predicted probabilities (see the type's documentation for the definition).
    public static func expectedCalibrationError(probabilities: Tensor, labels: [Int],
                                                binCount: Int = defaultBinCount) throws -> Double {
        try report(probabilities: probabilities, labels: labels, binCount: binCount).expectedCalibrationError
    }

    /// The calibration of per-sample confidences in [0, 1] and correctness flags; the core the
    /// other entry points reduce to, for callers who already have top-label confidences.
    /// - Throws: ``EvaluationError`` for empty or mismatched inputs, a confidence outside [0, 1]
    ///   or a bad bin count.
    public static func report(confidences: [Double], correct: [Bool], binCount: Int = defaultBinCount) throws -> CalibrationReport {
        guard binCount >= 1, binCount <= EvaluationLimits.maxCalibrationBinCount else {
            throw EvaluationError.invalidArgument(
                name: "bins", reason: "must be a whole number from 1 to \(EvaluationLimits.maxCalibrationBinCount), got \(binCount)")
        }
        guard !confidences.isEmpty else { throw EvaluationError.empty(argument: "confidences") }
        guard correct.count == confidences.count else {
            throw EvaluationError.lengthMismatch(argument: "correct", expected: confidences.count, actual: correct.count,
                                                 reason: "one flag per confidence")
        }
        let edges = (0...binCount).map { Double($0) / Double(binCount) }
        var counts = [Int](repeating: 0, count: binCount)
        var confidenceSums = [[Double]](repeating: [], count: binCount)
        var correctCounts = [Int](repeating: 0, count: binCount)
        for (index, confidence) in confidences.enumerated() {
            guard confidence >= 0, confidence <= 1 else {  // also rejects NaN
                throw EvaluationError.invalidProbability(argument: "confidences", position: [index], value: confidence,
                                                         reason: "is outside [0, 1]")
            }
            let bin = binIndex(of: confidence, edges: edges)
            counts[bin] += 1
            confidenceSums[bin].append(confidence)
            if correct[index] { correctCounts[bin] += 1 }
        }
        let total = Double(confidences.count)
        var bins: [CalibrationBin] = []
        var ece = 0.0
        var mce = 0.0
        for bin in 0..<binCount {
            let count = counts[bin]
            let meanConfidence = count > 0 ? Statistics.compensatedSum(confidenceSums[bin]) / Double(count) : nil
            let accuracy = count > 0 ? Double(correctCounts[bin]) / Double(count) : nil
            if let meanConfidence, let accuracy {
                let gap = abs(accuracy - meanConfidence)
                ece += Double(count) / total * gap
                mce = max(mce, gap)
            }
            bins.append(CalibrationBin(index: bin, lower: edges[bin], upper: edges[bin + 1], count: count,
                                       fraction: Double(count) / total, meanConfidence: meanConfidence, accuracy: accuracy))
        }
        return CalibrationReport(expectedCalibrationError: ece, maximumCalibrationError: mce, sampleCount: confidences.count,
                                 bins: bins)
    }

    /// The bin of a confidence in [0, 1]: the `b` with `edges[b] < c <= edges[b + 1]` (0 joins
    /// bin 0). The guess `ceil(c B) - 1` can be off by one where `c B` rounds across an
    /// integer, so it is corrected against the stored edges, which are what the doc promises.
    static func binIndex(of confidence: Double, edges: [Double]) -> Int {
        let binCount = edges.count - 1
        var bin = min(max(Int((confidence * Double(binCount)).rounded(.up)) - 1, 0), binCount - 1)
        while bin > 0, confidence <= edges[bin] { bin -= 1 }
        while bin < binCount - 1, confidence > edges[bin + 1] { bin += 1 }
        return bin
    }

    /// Validates a probability matrix: entries in [0, 1], rows summing to 1.
    static func probabilityMatrix(_ tensor: Tensor) throws -> EvaluationMatrix {
        let argument = "probabilities"
        let shape = tensor.shape
        guard shape.count == 2 else {
            throw EvaluationError.rankMismatch(argument: argument, expected: "a matrix [samples, classes]", shape: shape)
        }
        let values = tensor.doubleValues
        let columns = shape[1]
        guard shape[0] > 0, columns > 0 else { throw EvaluationError.empty(argument: argument) }
        if let bad = values.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw EvaluationError.invalidProbability(argument: argument, position: [bad / columns, bad % columns],
                                                     value: values[bad], reason: "is outside [0, 1] (pass logits to nll, or softmax them first)")
        }
        let matrix = EvaluationMatrix(rows: shape[0], columns: columns, values: values)
        for row in 0..<matrix.rows {
            let sum = matrix.row(row).reduce(0, +)
            guard abs(sum - 1) <= EvaluationLimits.probabilitySumTolerance else {
                throw EvaluationError.invalidProbability(
                    argument: argument, position: [row], value: sum,
                    reason: "is the sum of the row, which should be 1 (within \(EvaluationLimits.probabilitySumTolerance))")
            }
        }
        return matrix
    }
}

/// One bin of a reliability diagram.
public struct CalibrationBin: Equatable, Sendable {
    /// 0-based position of the bin.
    public var index: Int
    /// The bin is `(lower, upper]` (bin 0 also holds confidence 0).
    public var lower: Double
    public var upper: Double
    /// Samples whose confidence falls in the bin, and their share of all samples.
    public var count: Int
    public var fraction: Double
    /// Mean confidence and accuracy of those samples; `nil` for an empty bin.
    public var meanConfidence: Double?
    public var accuracy: Double?
}

/// The calibration of a classifier on one data set: ECE, MCE and the reliability diagram.
public struct CalibrationReport: Equatable, Sendable {
    /// `Σ_b (n_b / n) |acc_b - conf_b|` (see ``Calibration``).
    public var expectedCalibrationError: Double
    /// The largest `|acc_b - conf_b|` over non-empty bins.
    public var maximumCalibrationError: Double
    public var sampleCount: Int
    public var bins: [CalibrationBin]

    /// The reliability diagram as a table, one row per bin (empty bins included, with null
    /// confidence, accuracy and gap so a plot can skip them): `bin`, `lower`, `upper`, `count`,
    /// `fraction`, `confidence`, `accuracy`, `gap` (accuracy - confidence; negative means
    /// over-confident).
    public var reliabilityTable: DataTable {
        DataTable(records: bins.map { bin in
            let gap = bin.accuracy.flatMap { accuracy in bin.meanConfidence.map { accuracy - $0 } }
            return [
                ("bin", .number(Double(bin.index))), ("lower", .number(bin.lower)), ("upper", .number(bin.upper)),
                ("count", .number(Double(bin.count))), ("fraction", .number(bin.fraction)),
                ("confidence", bin.meanConfidence.map(Cell.number) ?? .null),
                ("accuracy", bin.accuracy.map(Cell.number) ?? .null),
                ("gap", gap.map(Cell.number) ?? .null),
            ]
        })
    }
}
