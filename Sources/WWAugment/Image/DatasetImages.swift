import Dispatch
import WWData
import WWNumerics

/// Moving between a data set's float32 images in [0, 1] and the byte images augmentations use.
public enum DatasetImages {
    /// The image shape `[channels, height, width]` of a data set's samples.
    public struct Layout: Sendable {
        public let channels: Int
        public let height: Int
        public let width: Int
        public var size: Int { channels * height * width }
    }

    /// `byte / 255` for every byte, so converting back is one look-up per pixel.
    static let unitValues: [Float] = (0..<256).map { Float($0) / 255 }

    /// The image layout of `dataset`'s samples.
    ///
    /// - Throws: ``AugmentError/invalidImage(_:)`` naming the data set when it is empty or its
    ///   samples are not `[channels, height, width]`.
    public static func layout(of dataset: Dataset, for operation: String) throws -> Layout {
        guard dataset.count > 0 else {
            throw AugmentError.invalidImage("\(dataset.name): cannot \(operation) an empty data set (0 samples)")
        }
        let shape = dataset.sampleShape
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
            throw AugmentError.invalidImage("\(dataset.name): \(operation) needs images [channels, height, width], but samples have shape \(shape)")
        }
        return Layout(channels: shape[0], height: shape[1], width: shape[2])
    }

    /// Sample `index` of `values` (a data set's features) as bytes, `round(255 x)`.
    ///
    /// - Throws: ``AugmentError/invalidImage(_:)`` naming the data set, sample and element when
    ///   a value is NaN or outside [0, 1] (normalised features have lost the pixel scale the ops
    ///   are defined on; augment before normalising).
    public static func image(_ index: Int, of values: UnsafeBufferPointer<Float>, layout: Layout,
                             name: String, for operation: String) throws -> Image {
        let size = layout.size
        let start = index * size
        var bad: Int?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            for k in 0..<size {
                let value = values[start + k]
                // NaN fails both comparisons, so it is caught here too.
                guard value >= 0, value <= 1 else {
                    bad = k
                    buffer[k] = 0
                    continue
                }
                buffer[k] = byte(value)
            }
            initialised = size
        }
        if let bad {
            throw AugmentError.invalidImage("\(name): sample \(index) has value \(values[start + bad]) at element \(bad); \(operation) needs pixel values in [0, 1] (augment before normalising)")
        }
        return try Image(channels: layout.channels, height: layout.height, width: layout.width, pixels: bytes)
    }

    /// `round(255 x)` with halves away from zero, for x in [0, 1]: rounding to even is one
    /// instruction where the schoolbook rounding is a libm call, and only exact halves differ,
    /// which the correction puts back.
    @inline(__always)
    static func byte(_ value: Float) -> UInt8 {
        let scaled = value * 255
        var rounded = scaled.rounded(.toNearestOrEven)
        if scaled - rounded == 0.5 { rounded += 1 }
        return UInt8(rounded)
    }

    /// The images of `dataset` as bytes, `round(255 x)`.
    ///
    /// - Throws: ``AugmentError/invalidImage(_:)`` naming the data set when it is empty, when its
    ///   samples are not `[channels, height, width]`, or when a value is NaN or outside [0, 1].
    public static func images(of dataset: Dataset, for operation: String) throws -> [Image] {
        let layout = try layout(of: dataset, for: operation)
        let values = dataset.features.floatValues
        return try values.withUnsafeBufferPointer { input in
            try (0..<dataset.count).map { try image($0, of: input, layout: layout, name: dataset.name, for: operation) }
        }
    }

    /// A copy of `dataset` whose images are replaced by `images` (`byte / 255`), labels kept.
    ///
    /// - Throws: ``AugmentError/invalidImage(_:)`` when the count differs or the images do not all
    ///   have one shape (an op that resizes must resize every image alike).
    public static func dataset(_ dataset: Dataset, replacingImagesWith images: [Image]) throws -> Dataset {
        guard images.count == dataset.count else {
            throw AugmentError.invalidImage("\(dataset.name): \(images.count) augmented images for \(dataset.count) samples")
        }
        guard let first = images.first else { return dataset }
        if let bad = images.firstIndex(where: { !$0.hasSameShape(as: first) }) {
            throw AugmentError.invalidImage("\(dataset.name): augmented image \(bad) is \(images[bad].channels) x \(images[bad].height) x \(images[bad].width), image 0 is \(first.channels) x \(first.height) x \(first.width); every image in a data set needs one size")
        }
        let size = first.pixels.count
        let chunk = AugmentLimits.imagesPerParallelChunk
        let values = unitValues.withUnsafeBufferPointer { unit in
            [Float](unsafeUninitializedCapacity: images.count * size) { buffer, initialised in
                // Disjoint slices of the buffer per work item; a large batch converts on all cores.
                let output = UnsafeMutableSendableBuffer(buffer)
                DispatchQueue.concurrentPerform(iterations: (images.count + chunk - 1) / chunk) { c in
                    for i in (c * chunk)..<min(images.count, (c + 1) * chunk) {
                        images[i].pixels.withUnsafeBufferPointer { p in
                            for k in 0..<size { output.base[i * size + k] = unit[Int(p[k])] }
                        }
                    }
                }
                initialised = images.count * size
            }
        }
        var result = dataset
        result.features = try Tensor(shape: [images.count, first.channels, first.height, first.width], values: values)
        return result
    }
}

/// A buffer that parallel work items write in disjoint parts.
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element>
    init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
}
