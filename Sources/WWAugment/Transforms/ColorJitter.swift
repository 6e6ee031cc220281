import WWNumerics

/// torchvision's ColorJitter: brightness, contrast and saturation factors drawn from
/// U[max(0, 1 - v), 1 + v] and a hue shift from U[-h, h], applied in a random order (a uniform
/// permutation of the four). A zero strength leaves its adjustment out, as torchvision does.
public struct ColorJitter: ImageAugmentation {
    public let brightness: Double
    public let contrast: Double
    public let saturation: Double
    public let hue: Double

    public init(brightness: Double = 0, contrast: Double = 0, saturation: Double = 0, hue: Double = 0) throws {
        for (name, value) in [("brightness", brightness), ("contrast", contrast), ("saturation", saturation)] {
            guard value.isFinite, value >= 0, value <= ImageOpLimits.maxEnhanceFactor else {
                throw AugmentError.invalidArgument(argument: name, reason: "must be between 0 and \(ImageOpLimits.maxEnhanceFactor), got \(value)")
            }
        }
        guard hue.isFinite, hue >= 0, hue <= 0.5 else {
            throw AugmentError.invalidArgument(argument: "hue", reason: "must be in [0, 0.5] (a fraction of a turn), got \(hue)")
        }
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue
    }

    public var name: String { "color_jitter" }

    /// One draw of torchvision's `make_params`: the order, then each factor (nil when unused).
    public func parameters(random: inout SeededRandom) -> (order: [Int], factors: [Double?]) {
        var order = [0, 1, 2, 3]
        random.shuffle(&order)
        func factor(_ v: Double) -> Double? {
            v > 0 ? TransformArguments.uniform(max(0, 1 - v), 1 + v, &random) : nil
        }
        let factors = [factor(brightness), factor(contrast), factor(saturation),
                       hue > 0 ? TransformArguments.uniform(-hue, hue, &random) : nil]
        return (order, factors)
    }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let (order, factors) = parameters(random: &random)
        var result = image
        for step in order {
            guard let f = factors[step] else { continue }
            switch step {
            case 0: PixelOps.brightness(&result, factor: f)
            case 1: PixelOps.contrast(&result, factor: f)
            case 2: PixelOps.color(&result, factor: f)
            default: result = ColorAdjust.hue(result, factor: f)
            }
        }
        return result
    }
}
