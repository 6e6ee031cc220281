import WWData
import WWNumerics

/// The in-place path of ``MaterialisedAugmentation`` for an image augmentation: the same chunks
/// and streams as the general path, but each chunk is read from the data set and written
/// straight into the result, which skips copying every chunk out and back in.
enum MaterialisedImages {
    /// The result, or nil when an image changed size (the general path can hold another size).
    static func run(_ data: Dataset, with transform: ImageAugmentationTransform, copies: Int, random: inout SeededRandom,
                    beforeChunk: MaterialisedAugmentation.BeforeChunk) throws -> Dataset? {
        let layout = try DatasetImages.layout(of: data, for: transform.augmentation.name)
        let chunk = MaterialiseLimits.samplesPerChunk
        let size = layout.size
        let total = data.count * copies
        let values = data.features.floatValues
        var sameSize = true
        let features = try values.withUnsafeBufferPointer { input in
            try [Float](unsafeUninitializedCapacity: total * size) { output, initialised in
                initialised = 0
                var done = 0
                for _ in 0..<copies {
                    for start in stride(from: 0, to: data.count, by: chunk) {
                        try beforeChunk(done, total)
                        let range = start..<min(data.count, start + chunk)
                        let slice = UnsafeMutableBufferPointer(rebasing: output[(done * size)...])
                        sameSize = try transform.augment(samples: range, of: input, layout: layout, name: data.name, seed: random.next(), into: slice)
                        guard sameSize else { return }
                        done += range.count
                        initialised = done * size
                    }
                }
            }
        }
        guard sameSize else { return nil }
        let labels = Array([[Int]](repeating: data.labels, count: copies).joined())
        let texts = data.texts.map { Array([[String]](repeating: $0, count: copies).joined()) }
        let result = try Dataset(name: data.name, features: Tensor(shape: [total, layout.channels, layout.height, layout.width], values: features),
                                 labels: labels, classNames: data.classNames, texts: texts)
        guard let soft = data.softLabels else { return result }
        let rows = Array([[Float]](repeating: soft.floatValues, count: copies).joined())
        return try result.withSoftLabels(Tensor(shape: [total, data.classNames.count], values: rows))
    }
}
