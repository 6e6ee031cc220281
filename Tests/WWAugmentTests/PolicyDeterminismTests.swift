import XCTest
import WWData
import WWNumerics
@testable import WWAugment

/// Same seed, same bytes, whatever the threads and batch splits; bad options refused by name.
final class PolicyDeterminismTests: XCTestCase {
    static let policies: [ImageAugmentation] = {
        var list: [ImageAugmentation] = [AutoAugment()]
        if let r = try? RandAugment() { list.append(r) }
        if let t = try? TrivialAugmentWide() { list.append(t) }
        if let a = try? AugMix() { list.append(a) }
        return list
    }()

    /// 150 seeded 3 x 12 x 10 images: more than two parallel chunks.
    func images(count: Int = 150) throws -> [Image] {
        var random = SeededRandom(seed: 5)
        return try (0..<count).map { _ in
            try Image(channels: 3, height: 12, width: 10, pixels: (0..<360).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
    }

    func testSameSeedGivesSameBytesAndAnotherSeedDiffers() throws {
        let input = try images()
        XCTAssertEqual(Self.policies.count, 4)
        for policy in Self.policies {
            let a = try ImageAugmentationTransform.augment(input, with: policy, base: 99)
            let b = try ImageAugmentationTransform.augment(input, with: policy, base: 99)
            let c = try ImageAugmentationTransform.augment(input, with: policy, base: 100)
            XCTAssertEqual(a, b, policy.name)
            XCTAssertNotEqual(a, c, policy.name)
        }
    }

    func testBatchResultDoesNotDependOnChunksOrThreads() throws {
        let input = try images()
        for policy in Self.policies {
            let parallel = try ImageAugmentationTransform.augment(input, with: policy, base: 7)
            // One image at a time, on this thread, each with its own item stream.
            let serial = try input.enumerated().map { index, image -> Image in
                var random = itemStream(base: 7, index: index)
                return try policy.augment(image, random: &random)
            }
            XCTAssertEqual(parallel, serial, policy.name)
        }
    }

    func testDatasetTransformKeepsLabelsAndShape() throws {
        let input = try images(count: 20)
        let values = input.flatMap { $0.pixels.map { Float($0) / 255 } }
        let data = try Dataset(name: "tiny", features: Tensor(shape: [20, 3, 12, 10], values: values),
                               labels: (0..<20).map { $0 % 2 }, classNames: ["a", "b"])
        var random = SeededRandom(seed: 3)
        let out = try ImageAugmentationTransform(AutoAugment()).transform(data, random: &random)
        XCTAssertEqual(out.labels, data.labels)
        XCTAssertEqual(out.features.shape, data.features.shape)
        XCTAssertTrue(out.features.floatValues.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    func testAugmentingInPlaceEqualsTransformingTheSameSamples() throws {
        let input = try images(count: 90)
        let values = input.flatMap { $0.pixels.map { Float($0) / 255 } }
        let data = try Dataset(name: "tiny", features: Tensor(shape: [90, 3, 12, 10], values: values),
                               labels: (0..<90).map { $0 % 2 }, classNames: ["a", "b"])
        let layout = try DatasetImages.layout(of: data, for: "test")
        for policy in Self.policies {
            let transform = ImageAugmentationTransform(policy)
            var stream = SeededRandom(seed: 31)
            let expected = try transform.transform(data.samples(at: Array(20..<85)), random: &stream)
            var output = [Float](repeating: -1, count: 65 * layout.size)
            let wrote = try values.withUnsafeBufferPointer { features in
                try output.withUnsafeMutableBufferPointer { out in
                    try transform.augment(samples: 20..<85, of: features, layout: layout, name: "tiny", seed: 31, into: out)
                }
            }
            XCTAssertTrue(wrote)
            XCTAssertEqual(output, expected.features.floatValues, policy.name)
        }
    }

    func testImageOpIsDeterministicAndIgnoresTheStream() throws {
        let image = try images(count: 1)[0]
        let op = try ImageOp(.rotate, magnitude: 30)
        var r1 = SeededRandom(seed: 1), r2 = SeededRandom(seed: 2)
        XCTAssertEqual(try op.augment(image, random: &r1), try op.augment(image, random: &r2))
        XCTAssertEqual(op.name, "rotate 30")
    }

    func testBadOptionsAreRefusedWithTheirNames() {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(message { try RandAugment(magnitude: 31) }.contains("argument 'magnitude'"))
        XCTAssertTrue(message { try RandAugment(numOps: -1) }.contains("argument 'num_ops'"))
        XCTAssertTrue(message { try RandAugment(bins: 1) }.contains("argument 'bins'"))
        XCTAssertTrue(message { try AugMix(severity: 11) }.contains("argument 'severity'"))
        XCTAssertTrue(message { try AugMix(depth: 0) }.contains("argument 'depth'"))
        XCTAssertTrue(message { try AugMix(alpha: 0) }.contains("argument 'alpha'"))
        XCTAssertTrue(message { try AugMix(width: 0) }.contains("argument 'width'"))
        XCTAssertTrue(message { try ImageOp(.posterize, magnitude: 9) }.contains("0 to 8"))
        XCTAssertTrue(message { try ImageOp(.solarize, magnitude: 300) }.contains("0 to 255"))
        XCTAssertTrue(message { try ImageOp(.brightness, magnitude: -1.5) }.contains("between -1 (factor 0) and"))
        XCTAssertTrue(message { try ImageOp(.contrast, magnitude: 1e39) }.contains("between -1 (factor 0) and"))
        XCTAssertTrue(message { try ImageOp(.rotate, magnitude: .nan) }.contains("finite"))
    }

    func testPosterizeZeroBitsIsBlackAndSharpnessLeavesTinyImages() throws {
        let image = try images(count: 1)[0]
        var black = image
        try ImageOp(.posterize, magnitude: 0).apply(to: &black)
        XCTAssertTrue(black.pixels.allSatisfy { $0 == 0 })
        let tiny = try Image(channels: 1, height: 2, width: 5, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        var sharpened = tiny
        try ImageOp(.sharpness, magnitude: 0.9).apply(to: &sharpened)
        XCTAssertEqual(sharpened, tiny)
    }
}
