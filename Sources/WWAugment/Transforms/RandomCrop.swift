import WWNumerics

/// torchvision's RandomCrop with padding: the image is padded by `padding` zero pixels on every
/// side, then a `height x width` window at a uniform position is cut out (the CIFAR recipe:
/// padding 4, output the input size).
public struct RandomCrop: ImageAugmentation {
    public let padding: Int
    /// Output size (height, width); nil keeps each image's own size.
    public let size: (height: Int, width: Int)?

    public init(padding: Int = 4, size: (height: Int, width: Int)? = nil) throws {
        guard padding >= 0, padding <= TransformLimits.maxSide else {
            throw AugmentError.invalidArgument(argument: "padding", reason: "must be between 0 and \(TransformLimits.maxSide) pixels, got \(padding)")
        }
        if let size {
            try TransformArguments.side(size.height, "size")
            try TransformArguments.side(size.width, "size")
        }
        self.padding = padding
        self.size = size
    }

    public var name: String { "random_crop" }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let (h, w) = size ?? (image.height, image.width)
        let paddedHeight = image.height + 2 * padding, paddedWidth = image.width + 2 * padding
        guard h <= paddedHeight, w <= paddedWidth else {
            throw AugmentError.invalidArgument(argument: "size", reason: "\(h) x \(w) is larger than the padded image (\(paddedHeight) x \(paddedWidth))")
        }
        let top = TransformArguments.integer(upTo: paddedHeight - h, &random)
        let left = TransformArguments.integer(upTo: paddedWidth - w, &random)
        return RandomCrop.paddedCrop(image, padding: padding, top: top, left: left, height: h, width: w)
    }

    /// The deterministic core: the `height x width` window at (`top`, `left`) of `image` padded
    /// with `padding` zeros on each side (coordinates in the padded image).
    public static func paddedCrop(_ image: Image, padding: Int, top: Int, left: Int, height: Int, width: Int) -> Image {
        var result = Image(channels: image.channels, height: height, width: width)
        for c in 0..<image.channels {
            for i in 0..<height {
                let row = top + i - padding
                guard row >= 0, row < image.height else { continue }
                for j in 0..<width {
                    let column = left + j - padding
                    if column >= 0, column < image.width { result[c, i, j] = image[c, row, column] }
                }
            }
        }
        return result
    }
}
