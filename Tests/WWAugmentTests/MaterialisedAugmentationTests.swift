import Foundation
import XCTest
import WWBase
import WWData
import WWNumerics
@testable import WWAugment

/// `MaterialisedAugmentation`: augmenting a data set once and keeping it, chunk by chunk.
final class MaterialisedAugmentationTests: XCTestCase {
    /// More samples than one chunk, so chunk seeds and the progress calls are exercised.
    private func images(count: Int = MaterialiseLimits.samplesPerChunk + 7) throws -> Dataset {
        var random = SeededRandom(seed: 5)
        let values = (0..<(count * 3 * 4 * 4)).map { _ in Float(random.next() % 256) / 255 }
        return try Dataset(name: "tiny", features: Tensor(shape: [count, 3, 4, 4], values: values),
                           labels: (0..<count).map { $0 % 2 }, classNames: ["a", "b"])
    }

    /// Delegates to an image augmentation without being one, so the general path runs.
    private struct Opaque: BatchTransform {
        let inner: ImageAugmentationTransform
        func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
            try inner.transform(batch, random: &random)
        }
    }

    func testInPlaceAndGeneralPathsGiveTheSameBytes() throws {
        let data = try images()
        let rotate = ImageAugmentationTransform(try ImageOp(.rotate, magnitude: 30))
        var first = SeededRandom(seed: 11), second = SeededRandom(seed: 11)
        let fast = try data.augmented(with: rotate, copies: 2, random: &first)
        let general = try data.augmented(with: Opaque(inner: rotate), copies: 2, random: &second)
        XCTAssertEqual(fast.features.floatValues, general.features.floatValues)
        XCTAssertEqual(fast.labels, data.labels + data.labels)
        XCTAssertEqual(fast.features.shape, [2 * data.count, 3, 4, 4])
        // Both consumed the same draws, so a caller's stream continues alike.
        XCTAssertEqual(first.next(), second.next())
    }

    func testSameSeedSameResultAndProgressReachesTheTotal() throws {
        let data = try images()
        let policy = ImageAugmentationTransform(AutoAugment())
        let calls = ProgressLog()
        var a = SeededRandom(seed: 3), b = SeededRandom(seed: 3)
        let one = try data.augmented(with: policy, random: &a, progress: calls)
        let two = try data.augmented(with: policy, random: &b)
        XCTAssertEqual(one.features.floatValues, two.features.floatValues)
        XCTAssertEqual(calls.entries.map(\.done), [0, MaterialiseLimits.samplesPerChunk])
        XCTAssertTrue(calls.entries.allSatisfy { $0.total == data.count && $0.label == "augment" })
    }

    func testCancellationStopsBetweenChunks() throws {
        struct Stop: Error {}
        var random = SeededRandom(seed: 1)
        let seen = ProgressLog()
        let afterFirstChunk = Cancellation({ !seen.entries.isEmpty && seen.entries.last?.done ?? 0 > 0 }, error: { Stop() })
        XCTAssertThrowsError(try images().augmented(with: ImageAugmentationTransform(AutoAugment()), random: &random,
                                                    progress: seen, cancellation: afterFirstChunk)) { XCTAssertTrue($0 is Stop) }
    }

    /// Refusals come before any draw, with the messages the language shows.
    func testRefusalsLeaveTheStreamUntouched() throws {
        let empty = try Dataset(name: "none", features: Tensor(shape: [0, 1, 2, 2], values: [Float]()), labels: [], classNames: ["a"])
        XCTAssertThrowsError(try MaterialisedAugmentation(empty, with: ImageAugmentationTransform(AutoAugment()))) {
            XCTAssertEqual("\($0)", "none is empty (0 samples); there is nothing to augment")
        }
        let data = try images(count: 13_000)
        XCTAssertThrowsError(try MaterialisedAugmentation(data, with: ImageAugmentationTransform(AutoAugment()), copies: 1000)) {
            XCTAssertEqual("\($0)", "argument 'copies': 1000 copies of 13000 samples exceed the \(DataLimits.maxSamples) samples a data set may hold")
        }
        XCTAssertThrowsError(try MaterialisedAugmentation(data, with: ImageAugmentationTransform(AutoAugment()), copies: 0)) {
            XCTAssertEqual($0 as? AugmentError, .invalidArgument(argument: "copies", reason: "must be between 1 and 1000, got 0"))
        }
    }

    func testSamplesOfChangingShapeAreRefused() throws {
        /// Keeps the first chunk's samples, flattens later ones: an augmentation that is not consistent.
        struct Changing: BatchTransform {
            func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
                guard batch.count < MaterialiseLimits.samplesPerChunk else { return batch }
                return try Dataset(name: batch.name, features: Tensor(shape: [batch.count, 48], values: batch.features.floatValues),
                                   labels: batch.labels, classNames: batch.classNames)
            }
        }
        var random = SeededRandom(seed: 2)
        XCTAssertThrowsError(try images().augmented(with: Changing(), random: &random)) {
            XCTAssertEqual("\($0)", "the augmentation gave samples of shape [48] after [3, 4, 4]; every sample needs one shape")
        }
    }
}
