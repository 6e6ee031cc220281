import Foundation

/// The training objectives, computed on the logits divided by the softmax temperature.
public enum Loss: String, CaseIterable, Sendable {
    /// Softmax cross-entropy, averaged over the batch (`nn.CrossEntropyLoss` on `logits / T`).
    case crossEntropy = "cross_entropy"
    /// Squared error against one-hot labels (or given targets), averaged over every element
    /// (`nn.MSELoss` on `logits / T`).
    case meanSquaredError = "mse"

    /// The loss of one batch and, when `gradient` is given, its derivative with respect to the
    /// logits (written there). Sums run in double precision in a fixed order.
    ///
    /// - Parameters:
    ///   - targets: the `[batch, outputs]` targets; nil means one-hot labels. For cross-entropy
    ///     they are target distributions t (soft labels from MixUp or CutMix), and the loss is
    ///     `-sum t log softmax(z / T)`, whose gradient is `(p sum(t) - t) / T` per row.
    func evaluate(logits: UnsafePointer<Float>, batchSize: Int, outputs: Int, labels: UnsafePointer<Int>,
                  targets: UnsafePointer<Float>?, temperature: Float, gradient: UnsafeMutablePointer<Float>?) -> Double {
        let inverseTemperature = 1 / temperature
        var total = 0.0
        switch self {
        case .crossEntropy:
            let scale = inverseTemperature / Float(batchSize)
            if let targets {
                return Loss.softCrossEntropy(logits: logits, batchSize: batchSize, outputs: outputs, targets: targets,
                                             inverseTemperature: inverseTemperature, gradient: gradient)
            }
            for row in 0..<batchSize {
                let z = logits + row * outputs, label = labels[row]
                var largest = -Float.infinity
                for j in 0..<outputs { largest = max(largest, z[j] * inverseTemperature) }
                var sum = 0.0
                for j in 0..<outputs { sum += Double(expf(z[j] * inverseTemperature - largest)) }
                let logSum = Double(largest) + Foundation.log(sum)
                total += logSum - Double(z[label] * inverseTemperature)
                if let gradient {
                    let g = gradient + row * outputs
                    for j in 0..<outputs {
                        let p = Float(Foundation.exp(Double(z[j] * inverseTemperature) - logSum))
                        g[j] = (p - (j == label ? 1 : 0)) * scale
                    }
                }
            }
            return total / Double(batchSize)
        case .meanSquaredError:
            let elements = Float(batchSize * outputs)
            let scale = 2 * inverseTemperature / elements
            for row in 0..<batchSize {
                let z = logits + row * outputs, label = labels[row]
                for j in 0..<outputs {
                    let target = targets.map { $0[row * outputs + j] } ?? (j == label ? 1 : 0)
                    let difference = z[j] * inverseTemperature - target
                    total += Double(difference) * Double(difference)
                    gradient?[row * outputs + j] = difference * scale
                }
            }
            return total / Double(elements)
        }
    }

    /// Cross-entropy against target distributions (see `evaluate`), averaged over the batch.
    private static func softCrossEntropy(logits: UnsafePointer<Float>, batchSize: Int, outputs: Int, targets: UnsafePointer<Float>,
                                         inverseTemperature: Float, gradient: UnsafeMutablePointer<Float>?) -> Double {
        let scale = inverseTemperature / Float(batchSize)
        var total = 0.0
        for row in 0..<batchSize {
            let z = logits + row * outputs, t = targets + row * outputs
            var largest = -Float.infinity
            for j in 0..<outputs { largest = max(largest, z[j] * inverseTemperature) }
            var sum = 0.0
            for j in 0..<outputs { sum += Double(expf(z[j] * inverseTemperature - largest)) }
            let logSum = Double(largest) + Foundation.log(sum)
            var mass = 0.0
            for j in 0..<outputs where t[j] != 0 {
                total += Double(t[j]) * (logSum - Double(z[j] * inverseTemperature))
                mass += Double(t[j])
            }
            if let gradient {
                let g = gradient + row * outputs
                for j in 0..<outputs {
                    let p = Foundation.exp(Double(z[j] * inverseTemperature) - logSum)
                    g[j] = Float(p * mass - Double(t[j])) * scale
                }
            }
        }
        return total / Double(batchSize)
    }
}

/// The index of the largest of `count` values (the first on ties; NaN never wins).
@inline(__always)
func argmax(_ values: UnsafePointer<Float>, count: Int) -> Int {
    var best = 0
    for j in 1..<max(count, 1) where values[j] > values[best] { best = j }
    return best
}
