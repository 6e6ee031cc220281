import Foundation
import WWNumerics

/// torchvision's RandomResizedCrop: a box of a random share of the area and a log-uniform
/// aspect ratio, resized (bilinear, antialiased) to the output size.
public struct RandomResizedCrop: ImageAugmentation {
    /// Output size (height, width); nil keeps each image's own size.
    public let size: (height: Int, width: Int)?
    public let scale: (Double, Double)
    public let ratio: (Double, Double)

    public init(size: (height: Int, width: Int)? = nil, scale: (Double, Double) = (0.08, 1), ratio: (Double, Double) = (3.0 / 4, 4.0 / 3)) throws {
        if let size {
            try TransformArguments.side(size.height, "size")
            try TransformArguments.side(size.width, "size")
        }
        try TransformArguments.range(scale, "scale", lower: 0, upper: 1, open: true)
        try TransformArguments.range(ratio, "ratio", lower: 0, open: true)
        self.size = size
        self.scale = scale
        self.ratio = ratio
    }

    public var name: String { "random_resized_crop" }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let box = RandomResizedCrop.box(height: image.height, width: image.width, scale: scale, ratio: ratio, random: &random)
        let (h, w) = size ?? (image.height, image.width)
        return RandomResizedCrop.resizedCrop(image, top: box.top, left: box.left, boxHeight: box.height, boxWidth: box.width,
                                             height: h, width: w)
    }

    /// torchvision's `get_params`: up to 10 draws of (area share, log aspect ratio); the first
    /// box that fits gets a uniform position; otherwise the largest centred box whose ratio is
    /// clamped into `ratio`.
    public static func box(height: Int, width: Int, scale: (Double, Double), ratio: (Double, Double),
                           random: inout SeededRandom) -> (top: Int, left: Int, height: Int, width: Int) {
        if let box = TransformArguments.box(height: height, width: width, scale: scale, ratio: ratio, random: &random,
                                            sides: { area, aspect in (TransformArguments.roundedRoot(area / aspect), TransformArguments.roundedRoot(area * aspect)) },
                                            fits: { h, w in w > 0 && w <= width && h > 0 && h <= height }) {
            return box
        }
        let inRatio = Double(width) / Double(height)
        var (h, w) = (height, width)
        if inRatio < ratio.0 {
            h = Int((Double(w) / ratio.0).rounded(.toNearestOrEven))
        } else if inRatio > ratio.1 {
            w = Int((Double(h) * ratio.1).rounded(.toNearestOrEven))
        }
        return ((height - h) / 2, (width - w) / 2, h, w)
    }

    /// The deterministic core, torchvision's `resized_crop`: the box cut out, then resized
    /// (see ``AntialiasedResize`` for the two arithmetic paths).
    public static func resizedCrop(_ image: Image, top: Int, left: Int, boxHeight: Int, boxWidth: Int, height: Int, width: Int,
                                   path: AntialiasedResize.Path = .float) -> Image {
        var crop = Image(channels: image.channels, height: boxHeight, width: boxWidth)
        for c in 0..<image.channels {
            for i in 0..<boxHeight where top + i >= 0 && top + i < image.height {
                for j in 0..<boxWidth where left + j >= 0 && left + j < image.width {
                    crop[c, i, j] = image[c, top + i, left + j]
                }
            }
        }
        return AntialiasedResize.resized(crop, height: height, width: width, path: path)
    }
}
