import Foundation
import WWData
import WWNumerics
@testable import WWNeural
import XCTest

/// The fixtures of tools/neural/make_residual_fixtures.py.
enum ResidualFixtures {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/neural/\(name).json")
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name)))
    }
}

/// A small network recorded whole, in training and evaluation mode (bn1d, bn2d, residual).
struct WholeFixture: Decodable {
    struct Training: Decodable {
        let lr: Double
        let momentum: Double
        let weight_decay: Double
        let epochs: Int
        let losses: [Double]
        let weights: [String: TorchFixture.Weight]
    }
    let input_shape: [Int]
    let classes: Int
    let x: [Float]
    let y: [Int]
    let weights: [String: TorchFixture.Weight]
    let train_logits: [Float]
    let loss_value: Double
    let gradients: [String: [Float]]
    let state_after_forward: [String: TorchFixture.Weight]
    let eval_logits: [Float]
    let training: Training

    var dataset: Dataset {
        get throws {
            try Dataset(name: "fixture", features: Tensor(shape: [y.count] + input_shape, values: x), labels: y,
                        classNames: (0..<classes).map { "c\($0)" })
        }
    }
}

/// A ResNet whose tensors and inputs both sides fill from one integer hash (resnet20, resnet18),
/// run by PyTorch in float32 (the reference) and float64 (`float64`).
struct HashedFixture: Decodable {
    struct Summary: Decodable {
        let head: [Double]
        let sum: Double
        let norm: Double
    }
    struct Training: Decodable {
        let lr: Double
        let momentum: Double
        let weight_decay: Double
        let epochs: Int
        let losses: [Double]
        let state: [String: Summary]
    }
    /// One run: a training-mode pass, evaluation logits, then SGD steps.
    struct Run: Decodable {
        let train_logits: [Double]
        let loss_value: Double
        let gradients: [String: Summary]
        let running_after_forward: [String: Summary]
        let eval_logits: [Double]
        let training: Training
    }
    let input_shape: [Int]
    let classes: Int
    let batch: Int
    let keys: [String]
    let run: Run
    let float64: Run

    enum CodingKeys: String, CodingKey { case input_shape, classes, batch, keys, float64 }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input_shape = try container.decode([Int].self, forKey: .input_shape)
        classes = try container.decode(Int.self, forKey: .classes)
        batch = try container.decode(Int.self, forKey: .batch)
        keys = try container.decode([String].self, forKey: .keys)
        float64 = try container.decode(Run.self, forKey: .float64)
        run = try Run(from: decoder)
    }

    /// The hashed inputs, labels `i mod classes`.
    var dataset: Dataset {
        get throws {
            let size = input_shape.reduce(1, *)
            let values = HashedValues.uniform(stream: HashedValues.inputStream, count: batch * size).map { Float($0) }
            return try Dataset(name: "hashed", features: Tensor(shape: [batch] + input_shape, values: values),
                               labels: (0..<batch).map { $0 % classes }, classNames: (0..<classes).map { "c\($0)" })
        }
    }

    /// Fills every tensor of the network's state from the hash, by its index in the fixture's keys.
    func fill(_ network: Network) throws {
        for entry in network.namedState {
            guard let stream = keys.firstIndex(of: entry.name) else { throw NeuralError.weightMismatch("no key \(entry.name)") }
            entry.tensor.values = HashedValues.values(key: entry.name, shape: entry.tensor.shape, stream: stream)
        }
    }
}

/// The integer hash of make_residual_fixtures.py (`splitmix`, `uniform`, `hashed`).
enum HashedValues {
    static let inputStream = 1_000_000

    static func splitmix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func uniform(stream: Int, count: Int) -> [Double] {
        (0..<count).map { Double(splitmix(UInt64(stream) &* (1 << 32) &+ UInt64($0)) >> 11) * 0x1p-53 }
    }

    static func values(key: String, shape: [Int], stream: Int) -> [Float] {
        let count = shape.reduce(1, *)
        let u = uniform(stream: stream, count: count)
        let leaf = key.split(separator: ".").last.map(String.init) ?? key
        let values: [Double]
        switch leaf {
        case "num_batches_tracked": values = [Double](repeating: 0, count: count)
        case "running_mean": values = u.map { 0.1 * (2 * $0 - 1) }
        case "running_var": values = u.map { 1 + 0.5 * $0 }
        case "weight" where shape.count == 1: values = u.map { 1 + 0.2 * (2 * $0 - 1) }
        default:
            if shape.count == 1 {
                values = u.map { 0.1 * (2 * $0 - 1) }
            } else {
                let fanIn = count / shape[0]
                let bound = ((shape.count == 4 ? 6.0 : 1.0) / Double(fanIn)).squareRoot()
                values = u.map { (2 * $0 - 1) * bound }
            }
        }
        return values.map { Float($0) }
    }
}

/// Training-mode passes as PyTorch's `model.train()` runs them: batch statistics (running
/// statistics updated), no dropout, gradients of the mean cross-entropy.
enum TrainModePass {
    static func run(_ network: Network, on data: Dataset) -> (logits: [Float], loss: Double, gradients: [String: [Float]]) {
        let n = data.count, outputs = network.outputCount
        data.features.floatValues.withUnsafeBufferPointer { network.input.copy(from: $0.baseAddress!, count: $0.count) }
        let mode = ForwardMode(recordsForBackward: true, appliesDropout: false, usesBatchStatistics: true)
        let logits = network.forward(batchSize: n, mode: mode)
        let values = logits.array
        let gradient = FloatBuffer(count: n * outputs)
        let loss = data.labels.withUnsafeBufferPointer { labels in
            Loss.crossEntropy.evaluate(logits: logits.pointer, batchSize: n, outputs: outputs, labels: labels.baseAddress!,
                                       targets: nil, temperature: 1, gradient: gradient.pointer)
        }
        network.backward(gradient, batchSize: n)
        return (values, loss, Dictionary(uniqueKeysWithValues: network.namedParameters.map { ($0.name, $0.parameter.gradient) }))
    }

    /// SGD options of the fixtures: full batch, no shuffling, one step per epoch.
    static func options(lr: Double, momentum: Double, weightDecay: Double, epochs: Int, batch: Int) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = batch
        options.shuffle = false
        options.learningRate = lr
        options.weightDecay = weightDecay
        options.optimizer = .sgd(momentum: momentum)
        return options
    }
}

/// The largest difference between `actual` and `expected` relative to `scale`.
func largestDifference(_ actual: [Float], _ expected: [Double], scale: Double) -> Double {
    largestDifference(actual.map(Double.init), expected, scale: scale)
}

func largestDifference(_ actual: [Double], _ expected: [Double], scale: Double = 1) -> Double {
    zip(actual, expected).map { abs($0 - $1) / scale }.max() ?? 0
}
