import XCTest
import WWData
import WWNumerics
@testable import WWAugment

/// Determinism, compositions, mixing and argument errors.
final class TransformBehaviourTests: XCTestCase {
    /// `count` seeded random RGB images of `size x size` as a data set of bytes / 255.
    func images(_ count: Int, size: Int = 12, classes: Int = 3, seed: UInt64 = 1) throws -> Dataset {
        var random = SeededRandom(seed: seed)
        let values = (0..<(count * 3 * size * size)).map { _ in Float(random.nextInt(in: 0...255)) / 255 }
        return try Dataset(name: "pictures", features: Tensor(shape: [count, 3, size, size], values: values),
                           labels: (0..<count).map { $0 % classes }, classNames: (0..<classes).map { "c\($0)" })
    }

    func everyImageAugmentation() throws -> [ImageAugmentation] {
        [try ElasticTransform(), try RandomErasing(value: .random), try ColorJitter(brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1),
         try RandomResizedCrop(), try Flip(.horizontal), try Flip(.vertical), try RandomCrop(), try ByteGaussianNoise(ratio: 0.1)]
    }

    func testSameSeedSameBytesAndChunkingDoesNotMatter() throws {
        let data = try images(150)
        let byteImages = try DatasetImages.images(of: data, for: "test")
        for augmentation in try everyImageAugmentation() + [try Compose(try everyImageAugmentation())] {
            var a = SeededRandom(seed: 9), b = SeededRandom(seed: 9)
            let first = try ImageAugmentationTransform(augmentation).transform(data, random: &a)
            let second = try ImageAugmentationTransform(augmentation).transform(data, random: &b)
            XCTAssertEqual(first.features.floatValues, second.features.floatValues, augmentation.name)
            // Parallel chunks of 64 give what one image at a time gives.
            let parallel = try ImageAugmentationTransform.augment(byteImages, with: augmentation, base: 77)
            let sequential = try byteImages.indices.map { i -> Image in
                var stream = itemStream(base: 77, index: i)
                return try augmentation.augment(byteImages[i], random: &stream)
            }
            XCTAssertEqual(parallel, sequential, augmentation.name)
            XCTAssertNotEqual(parallel, byteImages, "\(augmentation.name) changed nothing")
        }
    }

    func testFloatNoiseIsPerSampleAndClamped() throws {
        let data = try images(130)
        var random = SeededRandom(seed: 5)
        let noisy = try GaussianNoise(ratio: 0.3).transform(data, random: &random)
        var again = SeededRandom(seed: 5)
        let base = again.next()
        let width = 3 * 12 * 12
        let x = data.features.floatValues, y = noisy.features.floatValues
        var stream = itemStream(base: base, index: 129)
        for k in 0..<width {
            let expected = Float(min(max(Double(x[129 * width + k]) + 0.3 * stream.nextNormal(), 0), 1))
            XCTAssertEqual(y[129 * width + k], expected)
        }
        XCTAssertTrue(y.allSatisfy { $0 >= 0 && $0 <= 1 })
        var unclamped = SeededRandom(seed: 5)
        let wild = try GaussianNoise(ratio: 0.3, clamps: false).transform(data, random: &unclamped)
        XCTAssertTrue(wild.features.floatValues.contains { $0 < 0 || $0 > 1 })
        // Not quantised to bytes.
        XCTAssertTrue(y.contains { ($0 * 255).rounded() != $0 * 255 })
    }

    func testRandomErasingValuesAreClampedNormalsAndByteNoiseTruncates() throws {
        let grey = Image(channels: 3, height: 32, width: 32, filledWith: 100)
        let erasing = try RandomErasing(probability: 1, scale: (0.3, 0.33), value: .random)
        var random = SeededRandom(seed: 6)
        var erased: [UInt8] = []
        for _ in 0..<200 { erased += try erasing.augment(grey, random: &random).pixels.filter { $0 != 100 } }
        let n = Double(erased.count)
        XCTAssertGreaterThan(n, 100_000)
        // z < 0 -> 0 (half), z > 1 -> 255 (15.9 %), else round(255 z).
        XCTAssertEqual(Double(erased.filter { $0 == 0 }.count) / n, 0.5, accuracy: 0.01)
        XCTAssertEqual(Double(erased.filter { $0 == 255 }.count) / n, 0.1587, accuracy: 0.01)

        let noise = try ByteGaussianNoise(ratio: 0.1)
        var a = SeededRandom(seed: 7), b = SeededRandom(seed: 7)
        let noisy = try noise.augment(grey, random: &a)
        for k in 0..<grey.pixels.count {
            let step = (25.5 * b.nextNormal()).rounded(.towardZero)
            XCTAssertEqual(Double(noisy.pixels[k]), min(max(100 + step, 0), 255))
        }
    }

    func testIdentitiesAtTheEdgesOfTheParameters() throws {
        let image = try DatasetImages.images(of: try images(1, size: 16), for: "test")[0]
        var random = SeededRandom(seed: 1)
        XCTAssertEqual(try ElasticTransform(alpha: 0).augment(image, random: &random), image)
        XCTAssertEqual(try RandomResizedCrop(scale: (1, 1), ratio: (1, 1)).augment(image, random: &random), image)
        XCTAssertEqual(try ByteGaussianNoise(ratio: 0).augment(image, random: &random), image)
        XCTAssertEqual(try Flip(.horizontal, probability: 0).augment(image, random: &random), image)
        XCTAssertEqual(try RandomCrop(padding: 0).augment(image, random: &random), image)
        XCTAssertEqual(try ColorJitter().augment(image, random: &random), image)
        XCTAssertEqual(try RandomErasing(probability: 0).augment(image, random: &random), image)
        XCTAssertEqual(Flip.flipped(Flip.flipped(image, .vertical), .vertical), image)
        let both = try Compose([try Flip(.horizontal, probability: 1), try Flip(.vertical, probability: 1)]).augment(image, random: &random)
        XCTAssertEqual(both, Flip.flipped(Flip.flipped(image, .horizontal), .vertical))
        let resized = try RandomResizedCrop(size: (5, 7)).augment(image, random: &random)
        XCTAssertEqual([resized.height, resized.width], [5, 7])
    }

    func testMixUpMixesWithTheRolledBatchAndCarriesSoftLabels() throws {
        let data = try images(6, classes: 6)
        var random = SeededRandom(seed: 3)
        let mixed = try BatchMixing(.mixup).transform(data, random: &random)
        let soft = try XCTUnwrap(mixed.softLabels).floatValues
        let lambda = soft[0 * 6 + 0]
        XCTAssertEqual(soft[0 * 6 + 5], 1 - lambda, accuracy: 1e-6, "sample 0's partner is the last sample")
        let x = data.features.floatValues, y = mixed.features.floatValues, width = 3 * 12 * 12
        for k in 0..<width {
            XCTAssertEqual(y[2 * width + k], lambda * x[2 * width + k] + (1 - lambda) * x[1 * width + k], accuracy: 1e-6)
        }
        for i in 0..<6 {
            XCTAssertEqual(soft[(i * 6)..<(i * 6 + 6)].reduce(0, +), 1, accuracy: 1e-6)
            XCTAssertEqual(mixed.labels[i], lambda >= 0.5 ? i : (i + 5) % 6)
        }
        // Mixing again mixes the soft labels, and works on vectors too.
        let flat = try mixed.flattened()
        XCTAssertEqual(flat.softLabels?.shape, [6, 6])
        let twice = try BatchMixing(.mixup, alpha: 0.4).transform(flat, random: &random)
        XCTAssertEqual(twice.softLabels?.shape, [6, 6])
        XCTAssertThrowsError(try BatchMixing(.cutmix).transform(flat, random: &random)) { error in
            XCTAssertTrue("\(error)".contains("cutmix pastes a box"), "\(error)")
        }
        let empty = try data.samples(at: [])
        XCTAssertThrowsError(try BatchMixing(.mixup).transform(empty, random: &random)) { error in
            XCTAssertTrue("\(error)".contains("cannot mixup an empty data set"), "\(error)")
        }
    }

    func testSoftLabelsSurviveSelectionAndConcatenation() throws {
        var random = SeededRandom(seed: 8)
        let mixed = try BatchMixing(.mixup).transform(try images(4, classes: 2), random: &random)
        let soft = try XCTUnwrap(mixed.softLabels).floatValues
        let picked = try mixed.samples(at: [3, 1])
        XCTAssertEqual(picked.softLabels?.floatValues, Array(soft[6..<8] + soft[2..<4]))
        let other = try Dataset(name: "other", features: Tensor(shape: [1, 3, 12, 12], values: [Float](repeating: 0, count: 432)),
                                labels: [0], classNames: ["new"])
        let joined = try mixed.concatenated(with: other)
        XCTAssertEqual(joined.softLabels?.shape, [5, 3])
        XCTAssertEqual(Array(joined.softLabels!.floatValues[12..<15]), [0, 0, 1])
        let kept = try mixed.keepingClasses([1])
        XCTAssertEqual(kept.softLabels?.floatValues, [Float](repeating: 1, count: 2))
        XCTAssertThrowsError(try mixed.withSoftLabels(Tensor(shape: [4, 3], values: [Float](repeating: 0, count: 12))))
    }

    func testSequentialTransformFusesImageRunsAndKeepsOrder() throws {
        let steps: [AugmentationStep] = [.image(try Flip(.horizontal, probability: 1)), .image(try RandomCrop()),
                                         .batch(try BatchMixing(.cutmix)), .batch(try GaussianNoise(ratio: 0.1)),
                                         .image(try Flip(.vertical, probability: 1))]
        let sequence = try SequentialTransform(steps)
        XCTAssertEqual(sequence.transforms.count, 4)
        XCTAssertEqual((sequence.transforms[0] as? ImageAugmentationTransform)?.augmentation.name, "compose(hflip, random_crop)")
        let data = try images(5)
        var a = SeededRandom(seed: 2), b = SeededRandom(seed: 2)
        let once = try sequence.transform(data, random: &a)
        XCTAssertEqual(once.features.floatValues, try sequence.transform(data, random: &b).features.floatValues)
        XCTAssertNotNil(once.softLabels)
    }

    func testBadArgumentsAreNamed() {
        func expect(_ fragment: String, _ body: () throws -> Any) {
            XCTAssertThrowsError(try body()) { XCTAssertTrue("\($0)".contains(fragment), "\($0) lacks \(fragment)") }
        }
        expect("argument 'p' must be a probability in [0, 1], got 1.5") { try Flip(.horizontal, probability: 1.5) }
        expect("argument 'scale'") { try RandomResizedCrop(scale: (0.5, 0.1)) }
        expect("argument 'scale'") { try RandomErasing(scale: (0.1, 2)) }
        expect("argument 'ratio'") { try RandomResizedCrop(ratio: (0, 1)) }
        expect("argument 'hue' must be in [0, 0.5]") { try ColorJitter(hue: 0.7) }
        expect("argument 'brightness'") { try ColorJitter(brightness: -1) }
        expect("argument 'value'") { try RandomErasing(value: .constant(3)) }
        expect("argument 'alpha'") { try BatchMixing(.mixup, alpha: 0) }
        expect("argument 'sigma'") { try ElasticTransform(sigma: .nan) }
        expect("argument 'ratio'") { try GaussianNoise(ratio: -0.1) }
        expect("argument 'augmentations' must list at least one") { try Compose([]) }
        expect("argument 'augmentations' must list at least one") { try SequentialTransform([]) }
        expect("argument 'size' 40 x 40 is larger than the padded image (20 x 20)") {
            var random = SeededRandom(seed: 1)
            return try RandomCrop(padding: 4, size: (40, 40)).augment(Image(channels: 1, height: 12, width: 12), random: &random)
        }
    }
}
