import WWNumerics

/// AutoAugment's CIFAR-10 policy (Cubuk et al. 2019) as torchvision applies it to uint8 tensors:
/// one of 25 sub-policies drawn uniformly, each of its two ops applied with its probability at its
/// magnitude bin (of 10), signed ops negated with probability 1/2, nearest sampling.
public struct AutoAugment: ImageAugmentation {
    /// One step of a sub-policy: the op, its probability and its magnitude bin.
    struct Step: Sendable {
        let range: OpRange
        let probability: Double
        let bin: Int
    }

    /// Magnitude bins of the CIFAR-10 policy.
    static let binCount = 10

    /// The 25 sub-policies of the CIFAR-10 policy, as published and as torchvision lists them.
    static let cifar10: [(Step, Step)] = {
        func step(_ kind: ImageOpKind, _ probability: Double, _ bin: Int = 0) -> Step {
            let range = OpRange.autoAugmentSpace.first { $0.kind == kind } ?? OpRange.plain(kind)
            return Step(range: range, probability: probability, bin: bin)
        }
        return [
            (step(.invert, 0.1), step(.contrast, 0.2, 6)),
            (step(.rotate, 0.7, 2), step(.translateX, 0.3, 9)),
            (step(.sharpness, 0.8, 1), step(.sharpness, 0.9, 3)),
            (step(.shearY, 0.5, 8), step(.translateY, 0.7, 9)),
            (step(.autocontrast, 0.5), step(.equalize, 0.9)),
            (step(.shearY, 0.2, 7), step(.posterize, 0.3, 7)),
            (step(.color, 0.4, 3), step(.brightness, 0.6, 7)),
            (step(.sharpness, 0.3, 9), step(.brightness, 0.7, 9)),
            (step(.equalize, 0.6), step(.equalize, 0.5)),
            (step(.contrast, 0.6, 7), step(.sharpness, 0.6, 5)),
            (step(.color, 0.7, 7), step(.translateX, 0.5, 8)),
            (step(.equalize, 0.3), step(.autocontrast, 0.4)),
            (step(.translateY, 0.4, 3), step(.sharpness, 0.2, 6)),
            (step(.brightness, 0.9, 6), step(.color, 0.2, 8)),
            (step(.solarize, 0.5, 2), step(.invert, 0.0)),
            (step(.equalize, 0.2), step(.autocontrast, 0.6)),
            (step(.equalize, 0.2), step(.equalize, 0.6)),
            (step(.color, 0.9, 9), step(.equalize, 0.6)),
            (step(.autocontrast, 0.8), step(.solarize, 0.2, 8)),
            (step(.brightness, 0.1, 3), step(.color, 0.7, 0)),
            (step(.solarize, 0.4, 5), step(.autocontrast, 0.9)),
            (step(.translateY, 0.9, 9), step(.translateY, 0.7, 9)),
            (step(.autocontrast, 0.9), step(.solarize, 0.8, 3)),
            (step(.equalize, 0.8), step(.invert, 0.1)),
            (step(.translateY, 0.7, 9), step(.autocontrast, 0.9)),
        ]
    }()

    public init() {}

    public var name: String { "autoaugment" }

    /// Draws per image, in order: the sub-policy, then for each step a uniform number (the step
    /// runs when it is at most the probability) and, for a signed op that runs, a sign bit.
    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let policy = Self.cifar10[random.nextInt(in: 0...(Self.cifar10.count - 1))]
        var result = image
        for step in [policy.0, policy.1] where random.nextDouble() <= step.probability {
            step.range.apply(bin: step.bin, of: Self.binCount, to: &result, interpolation: .nearest, random: &random)
        }
        return result
    }
}
