import WWNumerics

/// A validated `rows x columns` matrix widened to float64, row-major.
///
/// Why float64: the metrics here sum thousands of terms (log-likelihoods, squared deviations,
/// bin counts) and compare them with references computed in float64; float32 inputs are
/// widened once, exactly, and everything after is done in double precision.
struct EvaluationMatrix {
    let rows: Int
    let columns: Int
    var values: [Double]

    /// Reads a matrix argument: rank 2, or rank > 2 flattened to `[n, rest]` when
    /// `flattensTrailingDimensions` (convolutional feature maps are samples x channels x h x w).
    /// - Throws: ``EvaluationError`` for a wrong rank, an empty matrix or a non-finite entry.
    init(_ tensor: Tensor, argument: String, flattensTrailingDimensions: Bool = false) throws {
        let shape = tensor.shape
        let acceptsRank = shape.count == 2 || (flattensTrailingDimensions && shape.count > 2)
        guard acceptsRank else {
            let expected = flattensTrailingDimensions
                ? "a matrix [samples, features] (or a higher-rank tensor whose first dimension is samples)"
                : "a matrix [samples, columns]"
            throw EvaluationError.rankMismatch(argument: argument, expected: expected, shape: shape)
        }
        let rows = shape[0]
        let columns = shape.dropFirst().reduce(1, *)
        guard rows > 0, columns > 0 else { throw EvaluationError.empty(argument: argument) }
        let values = tensor.doubleValues
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw EvaluationError.nonFinite(argument: argument, position: [bad / columns, bad % columns])
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    init(rows: Int, columns: Int, values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// One row as a slice of the buffer (no copy).
    func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// The float64 tensor holding these values.
    var tensor: Tensor {
        // The count equals rows * columns by construction, so this cannot fail; `try?` keeps
        // a trap off the input path all the same.
        (try? Tensor(shape: [rows, columns], values: values)) ?? Tensor([Double]())
    }

    /// The index of the largest entry of each row; the first one wins ties, as in NumPy's
    /// and PyTorch's `argmax`.
    func rowArgmax() -> [Int] {
        (0..<rows).map { row in
            let start = row * columns
            var best = start
            for index in (start + 1)..<(start + columns) where values[index] > values[best] { best = index }
            return best - start
        }
    }
}

/// Validation of label vectors shared by every metric.
enum LabelValidation {
    /// Checks that `labels` has one entry per sample and lies in `0..<classCount`.
    static func check(_ labels: [Int], argument: String, count: Int, classCount: Int, countReason: String) throws {
        guard !labels.isEmpty else { throw EvaluationError.empty(argument: argument) }
        guard labels.count == count else {
            throw EvaluationError.lengthMismatch(argument: argument, expected: count, actual: labels.count, reason: countReason)
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            throw EvaluationError.labelOutOfRange(argument: argument, index: bad, label: labels[bad], classCount: classCount)
        }
    }

    /// The number of classes implied by labels (largest label + 1), checking that none is
    /// negative and, when `requiresEveryClass`, that each class below the largest occurs.
    static func classCount(of labels: [Int], argument: String, requiresEveryClass: Bool) throws -> Int {
        guard let largest = labels.max() else { throw EvaluationError.empty(argument: argument) }
        if let bad = labels.firstIndex(where: { $0 < 0 }) {
            throw EvaluationError.labelOutOfRange(argument: argument, index: bad, label: labels[bad], classCount: largest + 1)
        }
        guard largest < EvaluationLimits.maxClassCount else {
            throw EvaluationError.invalidArgument(
                name: argument, reason: "has label \(largest), which implies more than the \(EvaluationLimits.maxClassCount) classes supported")
        }
        if requiresEveryClass {
            var seen = [Bool](repeating: false, count: largest + 1)
            for label in labels { seen[label] = true }
            if let missing = seen.firstIndex(of: false) {
                throw EvaluationError.emptyClass(argument: argument, label: missing)
            }
        }
        return largest + 1
    }
}

/// Euclidean norms that cannot overflow: the values are divided by their largest magnitude
/// before squaring (as LAPACK's `?nrm2` does), so float64 entries near 1e200 give their true
/// norm instead of infinity.
enum EvaluationNorm {
    static func euclidean<Values: Collection>(_ values: Values) -> Double where Values.Element == Double {
        let largest = values.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return largest }
        var sum = 0.0
        var compensation = 0.0
        for value in values {
            let scaled = value / largest
            // Kahan summation: the squares are all positive, so plain compensation suffices.
            let term = scaled * scaled - compensation
            let next = sum + term
            compensation = (next - sum) - term
            sum = next
        }
        return largest * sum.squareRoot()
    }
}
