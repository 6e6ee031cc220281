import Foundation
import WWNumerics

/// torchvision's RandomErasing: with probability `p`, a box of a random share of the area and a
/// log-uniform aspect ratio is overwritten.
///
/// Values are on the data set's [0, 1] scale. A number `v` writes the byte `round(255 v)`.
/// `.random` follows torchvision's float semantics: each erased element is a standard normal
/// draw z in pixel units of a [0, 1] image (not of a normalised one), which a [0, 1] image then
/// stores clamped, as the byte `round(255 clamp(z, 0, 1))`; about half the pixels come out
/// black, a sixth white, the rest uniform-ish greys.
public struct RandomErasing: ImageAugmentation {
    public enum Value: Equatable, Sendable {
        case constant(Double)
        case random
    }

    public let probability: Double
    public let scale: (Double, Double)
    public let ratio: (Double, Double)
    public let value: Value

    public init(probability: Double = 0.5, scale: (Double, Double) = (0.02, 0.33), ratio: (Double, Double) = (0.3, 3.3), value: Value = .constant(0)) throws {
        try TransformArguments.probability(probability)
        try TransformArguments.range(scale, "scale", lower: 0, upper: 1)
        try TransformArguments.range(ratio, "ratio", lower: 0, open: true)
        if case .constant(let v) = value, !(v.isFinite && v >= 0 && v <= 1) {
            throw AugmentError.invalidArgument(argument: "value", reason: "must be a pixel value in [0, 1] or \"random\", got \(v)")
        }
        self.probability = probability
        self.scale = scale
        self.ratio = ratio
        self.value = value
    }

    public var name: String { "random_erasing" }

    /// torchvision's `make_params` box: up to 10 draws of (area share, log aspect ratio); the
    /// first box strictly smaller than the image gets a uniform position. Nil: nothing is erased.
    public static func box(height: Int, width: Int, scale: (Double, Double), ratio: (Double, Double),
                           random: inout SeededRandom) -> (top: Int, left: Int, height: Int, width: Int)? {
        TransformArguments.box(height: height, width: width, scale: scale, ratio: ratio, random: &random,
                               sides: { area, aspect in (TransformArguments.roundedRoot(area * aspect), TransformArguments.roundedRoot(area / aspect)) },
                               fits: { h, w in h < height && w < width })
    }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        guard TransformArguments.applies(probability, &random),
              let box = RandomErasing.box(height: image.height, width: image.width, scale: scale, ratio: ratio, random: &random)
        else { return image }
        switch value {
        case .constant(let v):
            let byte = UInt8((v * 255).rounded(.toNearestOrEven))
            return RandomErasing.erased(image, top: box.top, left: box.left, height: box.height, width: box.width) { byte }
        case .random:
            return RandomErasing.erased(image, top: box.top, left: box.left, height: box.height, width: box.width) {
                UInt8((min(max(random.nextNormal(), 0), 1) * 255).rounded(.toNearestOrEven))
            }
        }
    }

    /// The deterministic core, torchvision's `erase`: the box filled with `fill()` per element,
    /// channel by channel, row by row.
    public static func erased(_ image: Image, top: Int, left: Int, height: Int, width: Int, fill: () -> UInt8) -> Image {
        var result = image
        for c in 0..<image.channels {
            for i in max(top, 0)..<min(top + height, image.height) {
                for j in max(left, 0)..<min(left + width, image.width) { result[c, i, j] = fill() }
            }
        }
        return result
    }
}
