import Foundation
import XCTest
import WWData
import WWNumerics
@testable import WWAugment

/// The random parameters against draws of torchvision's own samplers: at each stored probe
/// (a reference quantile) the fractions of draws `<=` and `<` it must agree within sampling
/// error of the two samples (4.5 standard errors, plus the width of a float's last bits).
final class TransformDistributionTests: XCTestCase {
    static let draws = 20_000

    func assertMatches(_ values: [Double], _ reference: TransformFixture.Quantiles, _ label: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        let n = Double(values.count), m = Double(reference.n)
        for probe in reference.probes {
            let le = Double(values.filter { $0 <= probe.x + 1e-12 }.count) / n
            let lt = Double(values.filter { $0 < probe.x - 1e-12 }.count) / n
            for (mine, theirs, kind) in [(le, probe.le, "<="), (lt, probe.lt, "<")] {
                let pooled = (mine * n + theirs * m) / (n + m)
                let tolerance = 4.5 * (pooled * (1 - pooled) * (1 / n + 1 / m)).squareRoot() + 1e-9
                XCTAssertLessThanOrEqual(abs(mine - theirs), tolerance,
                                         "\(label): fraction \(kind) \(probe.x) is \(mine), torchvision's \(theirs)", file: file, line: line)
            }
        }
    }

    func assertRate(_ mine: Double, n: Int, _ reference: TransformFixture.Rate, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        let pooled = (mine * Double(n) + reference.fraction * Double(reference.n)) / Double(n + reference.n)
        let tolerance = 4.5 * (pooled * (1 - pooled) * (1 / Double(n) + 1 / Double(reference.n))).squareRoot() + 1e-9
        XCTAssertLessThanOrEqual(abs(mine - reference.fraction), tolerance, "\(label): \(mine) vs torchvision's \(reference.fraction)", file: file, line: line)
    }

    func testRandomResizedCropBoxes() throws {
        let reference = try TransformFixture.load().distributions
        var random = SeededRandom(seed: 1)
        var area: [Double] = [], logRatio: [Double] = []
        for _ in 0..<Self.draws {
            let box = RandomResizedCrop.box(height: 32, width: 32, scale: (0.08, 1), ratio: (3.0 / 4, 4.0 / 3), random: &random)
            area.append(Double(box.height * box.width) / 1024)
            logRatio.append(log(Double(box.width) / Double(box.height)))
            XCTAssertTrue(box.top >= 0 && box.left >= 0 && box.top + box.height <= 32 && box.left + box.width <= 32)
        }
        assertMatches(area, reference.rrc_area, "area share")
        assertMatches(logRatio, reference.rrc_log_ratio, "log aspect ratio")
    }

    func testErasingBoxesAndRate() throws {
        let reference = try TransformFixture.load().distributions
        var random = SeededRandom(seed: 2)
        var area: [Double] = [], logRatio: [Double] = [], none = 0
        for _ in 0..<Self.draws {
            guard let box = RandomErasing.box(height: 32, width: 32, scale: (0.02, 0.33), ratio: (0.3, 3.3), random: &random) else {
                none += 1
                continue
            }
            area.append(Double(box.height * box.width) / 1024)
            logRatio.append(log(Double(box.height) / Double(box.width)))
        }
        assertMatches(area, reference.erasing_area, "erased share")
        assertMatches(logRatio, reference.erasing_log_ratio, "erased log aspect ratio")
        assertRate(Double(none) / Double(Self.draws), n: Self.draws, reference.erasing_no_box, "no box found")

        let erasing = try RandomErasing(probability: 0.5)
        let white = Image(channels: 1, height: 8, width: 8, filledWith: 255)
        var applied = 0
        for _ in 0..<Self.draws where try erasing.augment(white, random: &random) != white { applied += 1 }
        assertRate(Double(applied) / Double(Self.draws), n: Self.draws, reference.erasing_applied, "erasing applied")
    }

    func testColorJitterFactorsAndOrder() throws {
        let reference = try TransformFixture.load().distributions
        let jitter = try ColorJitter(brightness: 0.4, contrast: 0.8, saturation: 1.5, hue: 0.2)
        var random = SeededRandom(seed: 3)
        var factors = [[Double]](repeating: [], count: 4)
        var first = [0, 0, 0, 0]
        for _ in 0..<Self.draws {
            let (order, values) = jitter.parameters(random: &random)
            XCTAssertEqual(order.sorted(), [0, 1, 2, 3])
            first[order[0]] += 1
            for k in 0..<4 { factors[k].append(values[k] ?? .nan) }
        }
        assertMatches(factors[0], reference.jitter_brightness, "brightness")
        assertMatches(factors[1], reference.jitter_contrast, "contrast")
        assertMatches(factors[2], reference.jitter_saturation, "saturation")
        assertMatches(factors[3], reference.jitter_hue, "hue")
        XCTAssertEqual(factors[2].min() ?? -1, 0, accuracy: 0.01, "saturation's lower bound is max(0, 1 - 1.5)")
        for k in 0..<4 {
            let theirs = TransformFixture.Rate(n: reference.jitter_first.n, fraction: Double(reference.jitter_first.counts[k]) / Double(reference.jitter_first.n))
            assertRate(Double(first[k]) / Double(Self.draws), n: Self.draws, theirs, "adjustment \(k) first")
        }
    }

    func testMixUpLambdaAndCutMixArea() throws {
        let reference = try TransformFixture.load().distributions
        var random = SeededRandom(seed: 4)
        for (alpha, lambdas, areas) in [(1.0, reference.mixup_lambda_1, reference.cutmix_area_1),
                                        (0.4, reference.mixup_lambda_04, reference.cutmix_area_04)] {
            let lambda = try (0..<Self.draws).map { _ in try random.nextBeta(alpha, alpha) }
            assertMatches(lambda, lambdas, "lambda, alpha \(alpha)")

            // torchvision's own CutMix on [zeros, ones]: image 0 takes its box from image 1, so its
            // mean is the pasted share, and its soft label for class 0 (image 1's) must equal it.
            let pixels = [Float](repeating: 0, count: 1024) + [Float](repeating: 1, count: 1024)
            let batch = try Dataset(name: "pair", features: Tensor(shape: [2, 1, 32, 32], values: pixels), labels: [1, 0], classNames: ["a", "b"])
            let cutmix = try BatchMixing(.cutmix, alpha: alpha)
            var shares: [Double] = []
            for _ in 0..<areas.n {
                let mixed = try cutmix.transform(batch, random: &random)
                let share = Double(mixed.features.floatValues[0..<1024].reduce(0, +)) / 1024
                XCTAssertEqual(Double(mixed.softLabels?.floatValues[0] ?? -1), share, accuracy: 1e-6)
                shares.append(share)
            }
            assertMatches(shares, areas, "cutmix pasted share, alpha \(alpha)")
        }
    }
}
