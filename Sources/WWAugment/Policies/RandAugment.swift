import WWNumerics

/// Limits of the random policies' options.
public enum PolicyLimits {
    /// Most ops RandAugment may chain per image: more would only repeat ops at a cost per image.
    public static let maxRandAugmentOps = 100
    /// Most magnitude bins: torchvision's defaults are 31; far more only splits the same ranges.
    public static let maxBins = 1000
    /// AugMix's magnitude bins (`_PARAMETER_MAX`); severity draws bins below it.
    public static let augMixBins = 10
    /// Most AugMix chains or chain steps: each costs a full pass over the image.
    public static let maxAugMixWidth = 100
}

/// RandAugment (Cubuk et al. 2020) as torchvision applies it: `numOps` ops drawn uniformly with
/// replacement from 14 (identity included), all at bin `magnitude` of `bins`, signed ops negated
/// with probability 1/2, nearest sampling.
public struct RandAugment: ImageAugmentation {
    public let numOps: Int
    public let magnitude: Int
    public let bins: Int

    /// - Throws: ``AugmentError/invalidArgument(argument:reason:)`` when `numOps` is negative or
    ///   too large, `bins` is below 2, or `magnitude` is not a bin index `0..<bins`.
    public init(numOps: Int = 2, magnitude: Int = 9, bins: Int = 31) throws {
        guard (0...PolicyLimits.maxRandAugmentOps).contains(numOps) else {
            throw AugmentError.invalidArgument(argument: "num_ops", reason: "must be 0 to \(PolicyLimits.maxRandAugmentOps), got \(numOps)")
        }
        guard (2...PolicyLimits.maxBins).contains(bins) else {
            throw AugmentError.invalidArgument(argument: "bins", reason: "must be 2 to \(PolicyLimits.maxBins), got \(bins)")
        }
        guard (0..<bins).contains(magnitude) else {
            throw AugmentError.invalidArgument(argument: "magnitude", reason: "is a bin index and must be 0 to \(bins - 1) (bins = \(bins)), got \(magnitude)")
        }
        self.numOps = numOps
        self.magnitude = magnitude
        self.bins = bins
    }

    public var name: String { "randaugment" }

    /// Draws per op: the op index, then a sign bit if the op is signed.
    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let space = OpRange.randAugmentSpace
        var result = image
        for _ in 0..<numOps {
            let range = space[random.nextInt(in: 0...(space.count - 1))]
            range.apply(bin: magnitude, of: bins, to: &result, interpolation: .nearest, random: &random)
        }
        return result
    }
}

/// TrivialAugmentWide (Müller & Hutter 2021): one op per image from 14, at a bin drawn
/// uniformly from 31 over its wide range, signed ops negated with probability 1/2.
public struct TrivialAugmentWide: ImageAugmentation {
    public let bins: Int

    /// - Throws: ``AugmentError/invalidArgument(argument:reason:)`` when `bins` is below 2.
    public init(bins: Int = 31) throws {
        guard (2...PolicyLimits.maxBins).contains(bins) else {
            throw AugmentError.invalidArgument(argument: "bins", reason: "must be 2 to \(PolicyLimits.maxBins), got \(bins)")
        }
        self.bins = bins
    }

    public var name: String { "trivialaugment" }

    /// Draws: the op index, the bin (only for ops with magnitudes, as torchvision), the sign.
    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let space = OpRange.trivialAugmentSpace
        let range = space[random.nextInt(in: 0...(space.count - 1))]
        let bin = range.kind.takesMagnitude ? random.nextInt(in: 0...(bins - 1)) : 0
        var result = image
        range.apply(bin: bin, of: bins, to: &result, interpolation: .nearest, random: &random)
        return result
    }
}
