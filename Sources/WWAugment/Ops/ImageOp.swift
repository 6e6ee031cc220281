import WWNumerics

/// The ops of the augmentation policies, named as in the language (`image_op("shear_x", 0.3)`).
public enum ImageOpKind: String, CaseIterable, Sendable {
    case identity
    case brightness, color, contrast, sharpness
    case posterize, solarize, invert, autocontrast, equalize
    case shearX = "shear_x", shearY = "shear_y"
    case translateX = "translate_x", translateY = "translate_y"
    case rotate

    /// Whether the op reads a magnitude (invert, autocontrast, equalize and identity do not).
    public var takesMagnitude: Bool {
        switch self {
        case .identity, .invert, .autocontrast, .equalize: return false
        default: return true
        }
    }

    /// What the magnitude means, for messages and documentation.
    public var magnitudeMeaning: String {
        switch self {
        case .brightness, .color, .contrast, .sharpness: return "the enhance factor minus 1 (factor 1 + m, at least -1)"
        case .posterize: return "the bits kept, 0 to 8 (truncated to an integer)"
        case .solarize: return "the threshold, 0 to 255"
        case .shearX, .shearY: return "the shear m (x moves by m times the row)"
        case .translateX, .translateY: return "the shift in pixels (truncated toward zero)"
        case .rotate: return "the angle in degrees, counter-clockwise"
        case .identity, .invert, .autocontrast, .equalize: return "none"
        }
    }

    /// The ops `image_op` offers (identity is only a policy's "do nothing" draw).
    public static var userOps: [ImageOpKind] { allCases.filter { $0 != .identity } }
}

/// Limits on op magnitudes.
public enum ImageOpLimits {
    /// Largest translation or shear accepted: far beyond any image, and small enough that the
    /// pixel arithmetic cannot overflow.
    public static let maxGeometricMagnitude = 1.0e6
    /// Largest enhance factor (brightness, color, contrast, sharpness; also ColorJitter's
    /// strengths and ElasticTransform's alpha): a factor of a million already saturates every
    /// pixel, and larger ones overflow float32 to infinity, whose blends are NaN.
    public static let maxEnhanceFactor = 1.0e6
}

/// One op at a fixed magnitude: torchvision's `_apply_op(img, op, magnitude)`, deterministic.
public struct ImageOp: ImageAugmentation, Equatable {
    public let kind: ImageOpKind
    public let magnitude: Double
    public let interpolation: Interpolation

    /// - Throws: ``AugmentError/invalidArgument(argument:reason:)`` for a magnitude torchvision
    ///   rejects or that has no meaning (a negative enhance factor, posterize bits outside 0...8,
    ///   a solarize threshold outside 0...255, a non-finite value).
    public init(_ kind: ImageOpKind, magnitude: Double = 0, interpolation: Interpolation = .nearest) throws {
        guard magnitude.isFinite else {
            throw AugmentError.invalidArgument(argument: "magnitude", reason: "must be a finite number, got \(magnitudeText(magnitude))")
        }
        switch kind {
        case .brightness, .color, .contrast, .sharpness:
            guard magnitude >= -1, magnitude <= ImageOpLimits.maxEnhanceFactor else {
                throw AugmentError.invalidArgument(argument: "magnitude", reason: "of \(kind.rawValue) is the factor minus 1 and must be between -1 (factor 0) and \(ImageOpLimits.maxEnhanceFactor), got \(magnitudeText(magnitude))")
            }
        case .posterize:
            guard magnitude > -1, magnitude < 9 else {
                throw AugmentError.invalidArgument(argument: "magnitude", reason: "of posterize is the number of bits kept and must be 0 to 8, got \(magnitudeText(magnitude))")
            }
        case .solarize:
            guard magnitude >= 0, magnitude <= 255 else {
                throw AugmentError.invalidArgument(argument: "magnitude", reason: "of solarize is a threshold and must be 0 to 255, got \(magnitudeText(magnitude))")
            }
        case .shearX, .shearY, .translateX, .translateY, .rotate:
            guard abs(magnitude) <= ImageOpLimits.maxGeometricMagnitude else {
                throw AugmentError.invalidArgument(argument: "magnitude", reason: "of \(kind.rawValue) must be at most \(ImageOpLimits.maxGeometricMagnitude) in size, got \(magnitudeText(magnitude))")
            }
        case .identity, .invert, .autocontrast, .equalize:
            break
        }
        self.init(unchecked: kind, magnitude: magnitude, interpolation: interpolation)
    }

    /// For the policies, whose magnitudes come from their own valid bins.
    init(unchecked kind: ImageOpKind, magnitude: Double, interpolation: Interpolation) {
        self.kind = kind
        self.magnitude = magnitude
        self.interpolation = interpolation
    }

    public var name: String {
        kind.takesMagnitude ? "\(kind.rawValue) \(magnitudeText(magnitude))" : kind.rawValue
    }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        var result = image
        apply(to: &result)
        return result
    }

    /// Applies the op in place (geometric ops replace the pixels with a same-size image).
    public func apply(to image: inout Image) {
        Self.apply(kind, magnitude: magnitude, interpolation: interpolation, to: &image)
    }

    /// The dispatch every policy uses, without building an `ImageOp` per draw.
    static func apply(_ kind: ImageOpKind, magnitude: Double, interpolation: Interpolation, to image: inout Image) {
        switch kind {
        case .identity: return
        case .brightness: PixelOps.brightness(&image, factor: 1 + magnitude)
        case .color: PixelOps.color(&image, factor: 1 + magnitude)
        case .contrast: PixelOps.contrast(&image, factor: 1 + magnitude)
        case .sharpness: PixelOps.sharpness(&image, factor: 1 + magnitude)
        case .posterize: PixelOps.posterize(&image, bits: Int(magnitude))
        case .solarize: PixelOps.solarize(&image, threshold: magnitude)
        case .invert: PixelOps.invert(&image)
        case .autocontrast: PixelOps.autocontrast(&image)
        case .equalize: PixelOps.equalize(&image)
        case .shearX, .shearY:
            image = AffineTransform.shear(magnitude, horizontal: kind == .shearX, width: image.width, height: image.height)
                .apply(to: image, interpolation: interpolation)
        case .translateX:
            image = AffineTransform.translate(x: Int(magnitude), y: 0).apply(to: image, interpolation: interpolation)
        case .translateY:
            image = AffineTransform.translate(x: 0, y: Int(magnitude)).apply(to: image, interpolation: interpolation)
        case .rotate:
            image = AffineTransform.rotate(magnitude).apply(to: image, interpolation: interpolation)
        }
    }
}

/// A magnitude as people write it: `30`, not `30.0`.
private func magnitudeText(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}
