import WWNumerics

/// Mirror images: torchvision's RandomHorizontalFlip and RandomVerticalFlip.
public struct Flip: ImageAugmentation {
    public enum Axis: String, Sendable {
        /// Left and right swap (columns reversed).
        case horizontal
        /// Top and bottom swap (rows reversed).
        case vertical
    }

    public let axis: Axis
    public let probability: Double

    public init(_ axis: Axis, probability: Double = 0.5) throws {
        try TransformArguments.probability(probability)
        self.axis = axis
        self.probability = probability
    }

    public var name: String { axis == .horizontal ? "hflip" : "vflip" }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        TransformArguments.applies(probability, &random) ? Flip.flipped(image, axis) : image
    }

    /// The deterministic core: `image` mirrored along `axis`.
    public static func flipped(_ image: Image, _ axis: Axis) -> Image {
        var result = image
        let (h, w) = (image.height, image.width)
        for c in 0..<image.channels {
            for i in 0..<h {
                for j in 0..<w {
                    result[c, i, j] = axis == .horizontal ? image[c, i, w - 1 - j] : image[c, h - 1 - i, j]
                }
            }
        }
        return result
    }
}
