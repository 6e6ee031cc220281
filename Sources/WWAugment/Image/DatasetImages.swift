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
        var outside = 0
        // Branch-free so the loop vectorises: out-of-range values (NaN too) are counted and
        // clamped here, and looked up again only to name one in the error.
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            for k in 0..<size {
                let value = values[start + k]
                let inside = value >= 0 && value <= 1
                outside &+= inside ? 0 : 1
                buffer[k] = byte(value >= 0 ? (value <= 1 ? value : 1) : 0)
            }
            initialised = size
        }
        if outside > 0, let bad = (0..<size).first(where: { !(values[start + $0] >= 0 && values[start + $0] <= 1) }) {
            throw AugmentError.invalidImage("\(name): sample \(index) has value \(values[start + bad]) at element \(bad); \(operation) needs pixel values in [0, 1] (augment before normalising)")
        }
        return try Image(channels: layout.channels, height: layout.height, width: layout.width, pixels: bytes)
    }

    /// `round(255 x)` with halves away from zero, for x in [0, 1], in operations that do not
    /// trap, so the conversion loop vectorises: adding 2^23 rounds a float in [0, 2^23) to an
    /// integer (halves to even, the hardware's rounding) held in the low mantissa bits, and the
    /// correction turns the halves that went down back up. The result is at most 255.
    @inline(__always)
    static func byte(_ value: Float) -> UInt8 {
        let scaled = value * 255
        let magic: Float = 0x1p23
        let shifted = scaled + magic
        let halfWentDown: UInt32 = scaled - (shifted - magic) == 0.5 ? 1 : 0
        return UInt8(truncatingIfNeeded: shifted.bitPattern &+ halfWentDown)
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
        let values = [Float](unsafeUninitializedCapacity: images.count * size) { buffer, initialised in
            write(images, into: buffer)
            initialised = images.count * size
        }
        var result = dataset
        result.features = try Tensor(shape: [images.count, first.channels, first.height, first.width], values: values)
        return result
    }
}

extension DatasetImages {
    /// Writes `images` (all of one size) as `byte / 255`, one after the other, from the start of
    /// `buffer`, in parallel: disjoint slices per work item.
    public static func write(_ images: [Image], into buffer: UnsafeMutableBufferPointer<Float>) {
        guard let size = images.first?.pixels.count else { return }
        let chunk = AugmentLimits.imagesPerParallelChunk
        let output = UnsafeMutableSendableBuffer(buffer)
        unitValues.withUnsafeBufferPointer { unit in
            DispatchQueue.concurrentPerform(iterations: (images.count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(images.count, (c + 1) * chunk) {
                    images[i].pixels.withUnsafeBufferPointer { p in
                        for k in 0..<size { output.base[i * size + k] = unit[Int(p[k])] }
                    }
                }
            }
        }
    }
}

/// A buffer that parallel work items write in disjoint parts.
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element>
    init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
}
