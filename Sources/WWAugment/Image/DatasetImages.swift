import WWData
import WWNumerics

/// Moving between a data set's float32 images in [0, 1] and the byte images augmentations use.
public enum DatasetImages {
    /// The images of `dataset` as bytes, `round(255 x)`.
    ///
    /// - Throws: ``AugmentError/invalidImage(_:)`` naming the data set when it is empty, when its
    ///   samples are not `[channels, height, width]`, or when a value is NaN or outside [0, 1]
    ///   (normalised features have lost the pixel scale the ops are defined on; augment before
    ///   normalising).
    public static func images(of dataset: Dataset, for operation: String) throws -> [Image] {
        guard dataset.count > 0 else {
            throw AugmentError.invalidImage("\(dataset.name): cannot \(operation) an empty data set (0 samples)")
        }
        let shape = dataset.sampleShape
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
            throw AugmentError.invalidImage("\(dataset.name): \(operation) needs images [channels, height, width], but samples have shape \(shape)")
        }
        let size = shape[0] * shape[1] * shape[2]
        let values = dataset.features.floatValues
        var images: [Image] = []
        images.reserveCapacity(dataset.count)
        for i in 0..<dataset.count {
            var bytes = [UInt8](repeating: 0, count: size)
            for k in 0..<size {
                let value = values[i * size + k]
                guard value >= 0, value <= 1 else {
                    throw AugmentError.invalidImage("\(dataset.name): sample \(i) has value \(value) at element \(k); \(operation) needs pixel values in [0, 1] (augment before normalising)")
                }
                bytes[k] = UInt8((value * 255).rounded())
            }
            images.append(try Image(channels: shape[0], height: shape[1], width: shape[2], pixels: bytes))
        }
        return images
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
        var values = [Float]()
        values.reserveCapacity(images.count * first.pixels.count)
        for image in images {
            for byte in image.pixels { values.append(Float(byte) / 255) }
        }
        var result = dataset
        result.features = try Tensor(shape: [images.count, first.channels, first.height, first.width], values: values)
        return result
    }
}
