import Foundation
import XCTest
import WWData
import WWNumerics
@testable import WWNeural

/// Cross-entropy against soft labels (MixUp, CutMix) and training on batches that carry them.
final class SoftLabelTrainingTests: XCTestCase {
    func evaluate(_ logits: [Float], _ labels: [Int], targets: [Float]?, temperature: Float = 1,
                  gradient: UnsafeMutablePointer<Float>? = nil) -> Double {
        logits.withUnsafeBufferPointer { z in labels.withUnsafeBufferPointer { y in
            if let targets {
                return targets.withUnsafeBufferPointer { t in
                    Loss.crossEntropy.evaluate(logits: z.baseAddress!, batchSize: labels.count, outputs: logits.count / labels.count,
                                               labels: y.baseAddress!, targets: t.baseAddress, temperature: temperature, gradient: gradient)
                }
            }
            return Loss.crossEntropy.evaluate(logits: z.baseAddress!, batchSize: labels.count, outputs: logits.count / labels.count,
                                              labels: y.baseAddress!, targets: nil, temperature: temperature, gradient: gradient)
        } }
    }

    func testSoftCrossEntropyByHandAndItsGradient() {
        let logits: [Float] = [1, 2, 0.5, -1, 0, 3]
        let targets: [Float] = [0.25, 0.75, 0, 0, 0.4, 0.6]
        func logSoftmax(_ v: [Double]) -> [Double] {
            let s = log(v.map { exp($0) }.reduce(0, +))
            return v.map { $0 - s }
        }
        let first = logSoftmax([0.5, 1, 0.25]), second = logSoftmax([-0.5, 0, 1.5])
        let expected = -(0.25 * first[0] + 0.75 * first[1] + 0.4 * second[1] + 0.6 * second[2]) / 2
        XCTAssertEqual(evaluate(logits, [1, 2], targets: targets, temperature: 2), expected, accuracy: 1e-6)
        // One-hot targets give the hard-label loss and gradient.
        let gradient = UnsafeMutablePointer<Float>.allocate(capacity: 6), hard = UnsafeMutablePointer<Float>.allocate(capacity: 6)
        defer { gradient.deallocate(); hard.deallocate() }
        let oneHot: [Float] = [0, 1, 0, 0, 0, 1]
        XCTAssertEqual(evaluate(logits, [1, 2], targets: oneHot, gradient: gradient), evaluate(logits, [1, 2], targets: nil, gradient: hard), accuracy: 1e-9)
        for j in 0..<6 { XCTAssertEqual(gradient[j], hard[j], accuracy: 1e-7) }
        // Central differences on the soft loss.
        _ = evaluate(logits, [1, 2], targets: targets, temperature: 2, gradient: gradient)
        for j in 0..<6 {
            var plus = logits, minus = logits
            plus[j] += 1e-2
            minus[j] -= 1e-2
            let numeric = (evaluate(plus, [1, 2], targets: targets, temperature: 2) - evaluate(minus, [1, 2], targets: targets, temperature: 2)) / 2e-2
            XCTAssertEqual(Double(gradient[j]), numeric, accuracy: 1e-4, "logit \(j)")
        }
    }

    /// Mixes each sample with the previous one (weights 0.7 / 0.3), as MixUp does with a fixed lambda.
    struct FixedMix: BatchTransform {
        var classes: Int
        var wrongShape = false
        func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
            let n = batch.count, width = batch.sampleShape.reduce(1, *)
            let x = batch.features.floatValues, t = batch.targetDistribution
            var mixed = x, soft = t
            for i in 0..<n {
                let p = (i + n - 1) % n
                for k in 0..<width { mixed[i * width + k] = 0.7 * x[i * width + k] + 0.3 * x[p * width + k] }
                for c in 0..<classes { soft[i * classes + c] = 0.7 * t[i * classes + c] + 0.3 * t[p * classes + c] }
            }
            var result = batch
            result.features = try Tensor(shape: batch.features.shape, values: mixed)
            result.softLabels = try Tensor(shape: wrongShape ? [n * classes] : [n, classes], values: soft)
            return result
        }
    }

    func testTrainingOnSoftLabelsLowersTheLossDeterministically() throws {
        let data = try TestData.uniform(count: 96, shape: [6], classes: 3, seed: 4)
        var options = TrainingOptions()
        options.epochs = 8
        options.batchSize = 16
        options.learningRate = 0.2
        options.seed = 5
        options.augmentation = FixedMix(classes: 3)
        func run() throws -> (Network, [Double]) {
            let net = try Network.mlp(widths: [6, 16, 3], seed: 1)
            let result = try net.train(on: data, options: options)
            return (net, try result.history.column(named: "loss").map { $0.numberValue ?? .nan })
        }
        let (a, losses) = try run()
        let (b, again) = try run()
        XCTAssertEqual(losses, again)
        XCTAssertEqual(a.parameterVector(), b.parameterVector())
        XCTAssertLessThan(losses.last ?? 9, losses.first ?? 0)
        // The soft loss is not the hard one: training without the mix differs.
        options.augmentation = nil
        let plain = try Network.mlp(widths: [6, 16, 3], seed: 1)
        XCTAssertNotEqual(try plain.train(on: data, options: options).history.column(named: "loss").map { $0.numberValue ?? .nan }, losses)

        // A data set that carries soft labels trains on them too.
        var softData = data
        softData = try softData.withSoftLabels(Tensor(shape: [96, 3], values: data.targetDistribution.map { $0 * 0.8 + 0.2 / 3 }))
        let smooth = try Network.mlp(widths: [6, 16, 3], seed: 1)
        let smoothed = try smooth.train(on: softData, options: options).history.column(named: "loss").map { $0.numberValue ?? .nan }
        XCTAssertNotEqual(smoothed, try Network.mlp(widths: [6, 16, 3], seed: 1).train(on: data, options: options).history.column(named: "loss").map { $0.numberValue ?? .nan })

        options.augmentation = FixedMix(classes: 3, wrongShape: true)
        XCTAssertThrowsError(try Network.mlp(widths: [6, 16, 3], seed: 1).train(on: data, options: options)) { error in
            XCTAssertTrue("\(error)".contains("soft labels"), "\(error)")
        }
    }
}
