import WWData
import WWNumerics

/// Additive Gaussian noise of ratio `r` (the augmentation studies use .1, .3, .5), in two forms.
///
/// ``GaussianNoise`` works on a data set's floats, `x + r z` with z standard normal, clamped to
/// [0, 1] unless told not to; it must not go through bytes, which would quantise the noise to
/// 1/255 steps. ``ByteGaussianNoise`` is the uint8 form, `clamp(x + trunc(255 r z), 0, 255)`,
/// for compositions that stay in bytes. Each sample draws from its own stream (`itemStream`),
/// so the result does not depend on how a data set is cut into batches or threads.
public struct GaussianNoise: BatchTransform, Sendable {
    public let ratio: Double
    public let clamps: Bool

    public init(ratio: Double, clamps: Bool = true) throws {
        try GaussianNoise.checkRatio(ratio)
        self.ratio = ratio
        self.clamps = clamps
    }

    static func checkRatio(_ ratio: Double) throws {
        guard ratio.isFinite, ratio >= 0 else {
            throw AugmentError.invalidArgument(argument: "ratio", reason: "is a standard deviation and must be finite and >= 0, got \(ratio)")
        }
    }

    public func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
        guard batch.count > 0 else {
            throw AugmentError.invalidImage("\(batch.name): cannot add noise to an empty data set (0 samples)")
        }
        let base = random.next()
        var values = batch.features.floatValues
        let width = values.count / batch.count
        for sample in 0..<batch.count {
            var stream = itemStream(base: base, index: sample)
            for k in (sample * width)..<((sample + 1) * width) {
                let noisy = Double(values[k]) + ratio * stream.nextNormal()
                values[k] = Float(clamps ? min(max(noisy, 0), 1) : noisy)
            }
        }
        var result = batch
        result.features = try Tensor(shape: [batch.count] + batch.sampleShape, values: values)
        return result
    }
}

/// The uint8 form of ``GaussianNoise``: `clamp(x + trunc(255 r z), 0, 255)` per element.
public struct ByteGaussianNoise: ImageAugmentation {
    public let ratio: Double

    public init(ratio: Double) throws {
        try GaussianNoise.checkRatio(ratio)
        self.ratio = ratio
    }

    public var name: String { "gaussian_noise" }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        var result = image
        for k in result.pixels.indices {
            let step = (255 * ratio * random.nextNormal()).rounded(.towardZero)
            result.pixels[k] = UInt8(min(max(Double(image.pixels[k]) + step, 0), 255))
        }
        return result
    }
}
