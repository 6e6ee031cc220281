import Dispatch
import WWData
import WWNumerics

/// An augmentation of one image at a time: a pixel op, a geometric op, a policy or a transform.
///
/// Each image gets its own stream, derived from the batch's stream and the image's index, so a
/// batch gives the same result whether its images run on one thread or many.
public protocol ImageAugmentation: Sendable {
    /// A short name for messages and summaries ("autoaugment", "rotate 30").
    var name: String { get }
    /// Returns the augmented image; it may have a different size only if the op says so.
    func augment(_ image: Image, random: inout SeededRandom) throws -> Image
}

/// Derives the stream of item `index` from one draw of a batch stream.
///
/// Seeds are hashed, never `base + index`: consecutive SplitMix seeds that differ by its
/// increment would give overlapping xoshiro states, so neighbouring images would share draws.
public func itemStream(base: UInt64, index: Int) -> SeededRandom {
    var z = UInt64(truncatingIfNeeded: index) &+ 0x632B_E59B_D9B4_E019
    z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
    z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
    z ^= z >> 33
    return SeededRandom(seed: base ^ z)
}

/// Limits of the augmentation module.
public enum AugmentLimits {
    /// Images per parallel work item: 32 x 32 images take microseconds each, so smaller chunks
    /// would spend more time scheduling than augmenting.
    public static let imagesPerParallelChunk = 64
}

/// Applies an image augmentation to every image of a batch: the hook training calls each batch,
/// and what `augment(data, op)` uses to materialise a new data set.
public struct ImageAugmentationTransform: BatchTransform, Sendable {
    public let augmentation: ImageAugmentation

    public init(_ augmentation: ImageAugmentation) { self.augmentation = augmentation }

    public func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
        let layout = try DatasetImages.layout(of: batch, for: augmentation.name)
        let values = batch.features.floatValues
        let base = random.next()
        // Bytes in, the op, and bytes out all run inside the parallel chunks: converting a
        // batch on one thread would cost as much as a cheap policy itself.
        let output = try values.withUnsafeBufferPointer { input in
            try Self.augment(count: batch.count, with: augmentation, base: base) { i in
                try DatasetImages.image(i, of: input, layout: layout, name: batch.name, for: augmentation.name)
            }
        }
        return try DatasetImages.dataset(batch, replacingImagesWith: output)
    }

    /// Augments samples `range` of a data set's `features` straight into `output` (from its
    /// start), with the streams `transform` would use for a batch of exactly those samples and a
    /// stream seeded `seed`. Materialising a large data set this way skips copying each chunk
    /// out and back in.
    ///
    /// - Returns: false, writing nothing, when the augmentation changed an image's size (the
    ///   caller then needs the general path, which can hold another size).
    /// - Throws: ``AugmentError/invalidImage(_:)`` for a sample that is not an image in [0, 1].
    public func augment(samples range: Range<Int>, of features: UnsafeBufferPointer<Float>, layout: DatasetImages.Layout,
                        name: String, seed: UInt64, into output: UnsafeMutableBufferPointer<Float>) throws -> Bool {
        var stream = SeededRandom(seed: seed)
        let base = stream.next()
        let images = try Self.augment(count: range.count, with: augmentation, base: base) { i in
            try DatasetImages.image(range.lowerBound + i, of: features, layout: layout, name: name, for: augmentation.name)
        }
        guard images.allSatisfy({ $0.channels == layout.channels && $0.height == layout.height && $0.width == layout.width }),
              output.count >= images.count * layout.size else { return false }
        DatasetImages.write(images, into: output)
        return true
    }

    /// Augments `images` in parallel chunks; image i always uses `itemStream(base:index: i)`.
    public static func augment(_ images: [Image], with augmentation: ImageAugmentation, base: UInt64) throws -> [Image] {
        try augment(count: images.count, with: augmentation, base: base) { images[$0] }
    }

    /// Augments images `0..<count`, each made by `input(i)` inside its parallel chunk.
    static func augment(count: Int, with augmentation: ImageAugmentation, base: UInt64,
                        input: (Int) throws -> Image) throws -> [Image] {
        let chunk = AugmentLimits.imagesPerParallelChunk
        let chunks = (count + chunk - 1) / chunk
        let results = ResultSlots<Image>(count: count)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                var random = itemStream(base: base, index: i)
                results.set(i, Result { try augmentation.augment(input(i), random: &random) })
            }
        }
        return try results.values()
    }
}

/// Per-index result slots written from concurrent work items (each index by exactly one).
///
/// The slots live in one allocation made up front and are written through its fixed address:
/// going through the array's own mutating accessors from several threads at once would rely on
/// their uniqueness checks never touching shared state.
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<T, Error>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Result<T, Error>) {
        slots[index] = value
    }

    /// The values in order; the first failure (by index) is rethrown.
    func values() throws -> [T] {
        try slots.map { slot in
            guard let slot else { throw AugmentError.invalidImage("an image was not augmented") }
            return try slot.get()
        }
    }
}
