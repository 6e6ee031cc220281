import Foundation
import WWNumerics

/// Synthetic classification problems whose difficulty is a parameter, for studies that need
/// many data sets of known structure (no files, no downloads, reproducible from a seed).
public enum SyntheticData {
    /// Most input dimensions of a synthetic set: wider is a typo for the sample count.
    public static let maxDimensions = 100_000
    /// Most classes of a synthetic set (a mean vector or an output unit each).
    public static let maxClasses = 10_000
    /// Most hidden units per teacher layer, and most teacher layers.
    public static let maxTeacherWidth = 65_536
    public static let maxTeacherDepth = 32

    /// `count` points in `dimensions` dimensions from `classes` Gaussians of identity covariance.
    /// Class means are random unit directions times `separation`, so separation is each mean's
    /// distance from the origin in noise standard deviations (larger is easier; 0 is chance).
    /// Sample `i` has label `i % classes`.
    public static func gaussianMixture(count: Int, dimensions: Int, classes: Int, separation: Double,
                                       seed: UInt64) throws -> Dataset {
        try check(count: count, dimensions: dimensions, classes: classes, what: "gaussian_mixture")
        guard separation.isFinite, separation >= 0 else {
            throw DatasetError.invalid("gaussian_mixture: separation must be finite and >= 0, got \(separation)")
        }
        var random = SeededRandom(seed: seed)
        var means: [[Double]] = []
        for _ in 0..<classes {
            var direction = [Double](repeating: 0, count: dimensions)
            var norm = 0.0
            while norm == 0 {  // a zero draw has no direction; vanishingly rare
                direction = (0..<dimensions).map { _ in random.nextNormal() }
                norm = direction.map { $0 * $0 }.reduce(0, +).squareRoot()
            }
            means.append(direction.map { $0 / norm * separation })
        }
        var values = [Float](repeating: 0, count: count * dimensions)
        var labels = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let label = i % classes
            labels[i] = label
            for d in 0..<dimensions { values[i * dimensions + d] = Float(means[label][d] + random.nextNormal()) }
        }
        return try Dataset(name: "gaussian_mixture", features: try Tensor(shape: [count, dimensions], values: values),
                           labels: labels, classNames: (0..<classes).map { "class \($0)" })
    }

    /// A teacher network and the data it labels.
    public struct TeacherStudent {
        public let dataset: Dataset
        /// The teacher's weight matrices, `[fan_out, fan_in]` (PyTorch's layout), input first.
        public let teacherWeights: [Tensor]
    }

    /// Standard Gaussian inputs labelled by a random teacher MLP: `depth` hidden layers of
    /// `hidden` ReLU units, weights N(0, 1/fan_in), no biases, label = argmax of its outputs.
    /// With probability `labelNoise` a label is replaced by a uniformly drawn other class.
    /// Class frequencies are whatever the teacher produces (not balanced).
    public static func teacherStudent(count: Int, dimensions: Int, classes: Int, hidden: Int, depth: Int,
                                      labelNoise: Double, seed: UInt64) throws -> TeacherStudent {
        try check(count: count, dimensions: dimensions, classes: classes, what: "teacher_student")
        guard classes >= 2 else { throw DatasetError.invalid("teacher_student: needs at least 2 classes, got \(classes)") }
        guard hidden >= 1, hidden <= maxTeacherWidth else {
            throw DatasetError.invalid("teacher_student: hidden must be between 1 and \(maxTeacherWidth), got \(hidden)")
        }
        guard depth >= 0, depth <= maxTeacherDepth else {
            throw DatasetError.invalid("teacher_student: depth must be between 0 and \(maxTeacherDepth), got \(depth)")
        }
        guard labelNoise >= 0, labelNoise <= 1 else {
            throw DatasetError.invalid("teacher_student: label noise must be a probability in [0, 1], got \(labelNoise)")
        }
        try DataLimits.checkFloatAllocation(count * max(dimensions, hidden, classes) * 2, what: "teacher_student(\(count))")
        var random = SeededRandom(seed: seed)
        let widths = [dimensions] + [Int](repeating: hidden, count: depth) + [classes]
        var weights: [Tensor] = []
        for layer in 0..<(widths.count - 1) {
            let (fanIn, fanOut) = (widths[layer], widths[layer + 1])
            let scale = 1 / Double(fanIn).squareRoot()
            weights.append(try Tensor(shape: [fanOut, fanIn], values: (0..<(fanIn * fanOut)).map { _ in random.nextNormal() * scale }))
        }
        let inputs = try Tensor(shape: [count, dimensions], values: (0..<(count * dimensions)).map { _ in random.nextNormal() })
        var activations = inputs
        for (layer, weight) in weights.enumerated() {
            activations = try gemm(activations, weight, transposeB: true)
            if layer < weights.count - 1 {
                activations = try Tensor(shape: activations.shape, values: activations.doubleValues.map { max($0, 0) })
            }
        }
        let outputs = activations.doubleValues
        var labels = (0..<count).map { i -> Int in
            let row = outputs[(i * classes)..<((i + 1) * classes)]
            return row.indices.max { row[$0] < row[$1] }.map { $0 - i * classes } ?? 0
        }
        for i in labels.indices where try random.nextBool(probability: labelNoise) {
            let other = try random.nextInt(in: 0..<(classes - 1))
            labels[i] = other >= labels[i] ? other + 1 : other
        }
        let dataset = try Dataset(name: "teacher_student", features: inputs.converted(to: .float32), labels: labels,
                                  classNames: (0..<classes).map { "class \($0)" })
        return TeacherStudent(dataset: dataset, teacherWeights: weights)
    }

    private static func check(count: Int, dimensions: Int, classes: Int, what: String) throws {
        try DataLimits.checkSampleCount(count, what: what)
        guard dimensions >= 1, dimensions <= maxDimensions else {
            throw DatasetError.invalid("\(what): dims must be between 1 and \(maxDimensions), got \(dimensions)")
        }
        guard classes >= 1, classes <= maxClasses else {
            throw DatasetError.invalid("\(what): classes must be between 1 and \(maxClasses), got \(classes)")
        }
        try DataLimits.checkFloatAllocation(count * dimensions, what: "\(what)(\(count) x \(dimensions))")
    }
}
