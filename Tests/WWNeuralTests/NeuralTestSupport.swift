import Foundation
import WWData
import WWNumerics
@testable import WWNeural
import XCTest

/// Small data sets built in the tests from seeded streams.
enum TestData {
    /// `count` samples of `shape` with values uniform in [0, 1) and labels uniform in 0..<classes.
    static func uniform(count: Int, shape: [Int], classes: Int, seed: UInt64) throws -> Dataset {
        var random = SeededRandom(seed: seed)
        let size = shape.reduce(1, *)
        let values = (0..<(count * size)).map { _ in Float(random.nextDouble()) }
        let labels = (0..<count).map { _ in Int(random.next() % UInt64(classes)) }
        return try Dataset(name: "uniform", features: Tensor(shape: [count] + shape, values: values), labels: labels,
                           classNames: (0..<classes).map { "c\($0)" })
    }

    /// A Gaussian mixture: class k is centred on a random point of norm ~`separation`, with unit
    /// noise per dimension. Stands in for digits until the data module lands.
    static func gaussianMixture(count: Int, dimensions: Int, classes: Int, separation: Double = 3,
                                seed: UInt64) throws -> Dataset {
        var random = SeededRandom(seed: seed)
        let centres = (0..<classes).map { _ in
            (0..<dimensions).map { _ in random.nextNormal() * separation / Double(dimensions).squareRoot() }
        }
        var values: [Float] = []
        var labels: [Int] = []
        values.reserveCapacity(count * dimensions)
        for i in 0..<count {
            let label = i % classes
            labels.append(label)
            for d in 0..<dimensions { values.append(Float(centres[label][d] + 0.5 * random.nextNormal())) }
        }
        return try Dataset(name: "mixture", features: Tensor(shape: [count, dimensions], values: values), labels: labels,
                           classNames: (0..<classes).map { "c\($0)" })
    }
}

/// The reference values made by tools/neural/make_fixtures.py with PyTorch.
struct TorchFixture: Decodable {
    struct Weight: Decodable {
        let shape: [Int]
        let values: [Float]
    }
    struct Training: Decodable {
        let optimizer: String
        let lr: Double
        let momentum: Double?
        let weight_decay: Double?
        let nesterov: Bool?
        let schedule: String?
        let step_size: Int?
        let gamma: Double?
        let epochs: Int
        let losses: [Double]
        let rates: [Double]
        let weights: [String: Weight]
    }
    let input_shape: [Int]
    let classes: Int
    let loss: String
    let temperature: Double
    let x: [Float]
    let y: [Int]
    let weights: [String: Weight]
    let logits: [Float]
    let loss_value: Double
    let gradients: [String: [Float]]
    let training: [Training]

    static func load(_ name: String) throws -> TorchFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/neural/\(name).json")
        return try JSONDecoder().decode(TorchFixture.self, from: Data(contentsOf: url))
    }

    var dataset: Dataset {
        get throws {
            try Dataset(name: "fixture", features: Tensor(shape: [y.count] + input_shape, values: x), labels: y,
                        classNames: (0..<classes).map { "c\($0)" })
        }
    }

    static func collection(_ weights: [String: Weight]) throws -> NamedTensors {
        NamedTensors(source: "torch", try weights.keys.sorted().map { ($0, try Tensor(shape: weights[$0]!.shape, values: weights[$0]!.values)) })
    }
}

func assertClose(_ actual: [Float], _ expected: [Float], tolerance: Float, _ message: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
    let worst = zip(actual, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    XCTAssertLessThanOrEqual(worst, tolerance, "\(message): largest difference \(worst)", file: file, line: line)
}
