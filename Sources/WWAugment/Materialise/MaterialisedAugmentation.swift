import WWBase
import WWData
import WWNumerics

/// Applying an augmentation once to every sample of a data set, `copies` times, to keep the
/// result as a new data set (what `augment(data, a, copies: k)` does in the language).
///
/// Made in two steps so that everything that can be refused (an empty data set, copies that
/// exceed memory) is refused before the caller's random stream is touched: a failed call then
/// leaves a session's stream where it was.
public struct MaterialisedAugmentation {
    public let data: Dataset
    public let transform: BatchTransform
    public let copies: Int

    /// Called before each chunk of ``MaterialiseLimits/samplesPerChunk`` samples with the samples
    /// done and the total: it reports progress, then polls the cancellation.
    typealias BeforeChunk = (_ done: Int, _ total: Int) throws -> Void

    /// - Throws: ``AugmentError/cannotMaterialise(_:)`` for an empty data set, or copies that
    ///   exceed the samples a data set may hold or this machine's memory; ``AugmentError/invalidArgument(argument:reason:)``
    ///   for copies outside 1...``MaterialiseLimits/maxCopies``.
    public init(_ data: Dataset, with transform: BatchTransform, copies: Int = 1) throws {
        guard (1...MaterialiseLimits.maxCopies).contains(copies) else {
            throw AugmentError.invalidArgument(argument: "copies", reason: "must be between 1 and \(MaterialiseLimits.maxCopies), got \(copies)")
        }
        guard data.count > 0 else { throw AugmentError.cannotMaterialise("\(data.name) is empty (0 samples); there is nothing to augment") }
        try MaterialiseMemory.checkCopiesFit(data, copies: copies)
        self.data = data
        self.transform = transform
        self.copies = copies
    }

    /// The augmented copies, one after the other, labels kept (soft labels too, when the data
    /// set or a mixing step has them).
    ///
    /// Chunk c of copy k uses the stream seeded by draw k * chunks + c of `random`, so the
    /// output depends on nothing but the seed (not on the thread count). An image augmentation
    /// that keeps the size writes straight into the result.
    /// Before each chunk of ``MaterialiseLimits/samplesPerChunk`` samples, `progress` is told the
    /// samples done (labelled `progressLabel`) and then `cancellation` is polled.
    /// - Throws: ``AugmentError`` for a result larger than memory or samples of changing
    ///   shape; whatever the transform throws; the cancellation's error once it is cancelled.
    public func run(random: inout SeededRandom, progress: (any ProgressReporter)? = nil, progressLabel: String = "augment",
                    cancellation: Cancellation = .never) throws -> Dataset {
        let beforeChunk: BeforeChunk = { done, total in
            progress?.progress(done: done, total: total, label: progressLabel)
            try cancellation.checkCancelled()
        }
        // A crop or resize to `size` changes the sample size: one sample augmented on a throwaway
        // stream tells the output size, so a result that cannot fit is refused before a chunk of
        // large images is allocated (and the in-place path is skipped when sizes differ).
        var probeStream = SeededRandom(seed: 0)
        let probe = try transform.transform(data.samples(at: [0]), random: &probeStream)
        try MaterialiseMemory.checkOutputFits(data, copies: copies, sampleShape: probe.sampleShape)
        if let images = transform as? ImageAugmentationTransform, probe.sampleShape == data.sampleShape {
            // On a copy of the stream: if an image changes size after all, the general path
            // starts again from the same draws.
            var fast = random
            if let result = try MaterialisedImages.run(data, with: images, copies: copies, random: &fast, beforeChunk: beforeChunk) {
                random = fast
                return result
            }
        }
        return try runChunks(random: &random, beforeChunk: beforeChunk)
    }

    /// The general path: any batch transform, chunk by chunk, results concatenated.
    private func runChunks(random: inout SeededRandom, beforeChunk: BeforeChunk) throws -> Dataset {
        let chunk = MaterialiseLimits.samplesPerChunk
        var features: [Float] = []
        features.reserveCapacity(data.count * data.sampleShape.reduce(1, *) * copies)
        var labels: [Int] = []
        // Mixing steps (mixup, cutmix) return soft labels; they are kept, with one-hot rows for
        // chunks that have none, so a materialised mix trains as the on-the-fly one does.
        var soft: [Float] = []
        var hasSoftLabels = data.softLabels != nil
        var texts: [String]? = data.texts == nil ? nil : []
        var sampleShape: [Int]?
        for _ in 0..<copies {
            for start in stride(from: 0, to: data.count, by: chunk) {
                try beforeChunk(labels.count, data.count * copies)
                let part = try data.samples(at: Array(start..<min(data.count, start + chunk)))
                var stream = SeededRandom(seed: random.next())
                let augmented = try transform.transform(part, random: &stream)
                if let shape = sampleShape, shape != augmented.sampleShape {
                    throw AugmentError.cannotMaterialise("the augmentation gave samples of shape \(augmented.sampleShape) after \(shape); every sample needs one shape")
                }
                sampleShape = augmented.sampleShape
                features.append(contentsOf: augmented.features.floatValues)
                labels.append(contentsOf: augmented.labels)
                soft.append(contentsOf: augmented.targetDistribution)
                hasSoftLabels = hasSoftLabels || augmented.softLabels != nil
                if let more = augmented.texts { texts?.append(contentsOf: more) } else { texts = nil }
            }
        }
        let result = try Dataset(name: data.name, features: Tensor(shape: [labels.count] + (sampleShape ?? data.sampleShape), values: features),
                                 labels: labels, classNames: data.classNames, texts: texts)
        return hasSoftLabels ? try result.withSoftLabels(Tensor(shape: [labels.count, data.classNames.count], values: soft)) : result
    }
}

extension Dataset {
    /// This data set with `transform` applied once to every sample, `copies` times (see
    /// ``MaterialisedAugmentation``, which checks before drawing from `random`).
    public func augmented(with transform: BatchTransform, copies: Int = 1, random: inout SeededRandom,
                          progress: (any ProgressReporter)? = nil, cancellation: Cancellation = .never) throws -> Dataset {
        try MaterialisedAugmentation(self, with: transform, copies: copies)
            .run(random: &random, progress: progress, cancellation: cancellation)
    }
}
