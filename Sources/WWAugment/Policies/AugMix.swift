import WWNumerics

/// AugMix (Hendrycks et al. 2020) as torchvision applies it to uint8 tensors: `width` chains of
/// 1 to 3 random ops (bilinear sampling) mixed with weights `w ~ Dirichlet(alpha)`, then blended
/// with the original by `m ~ Beta(alpha, alpha)`, all in float32, truncated to bytes.
public struct AugMix: ImageAugmentation {
    public let severity: Int
    public let width: Int
    /// Ops per chain; -1 draws 1 to 3 per chain.
    public let depth: Int
    public let alpha: Double
    public let allOps: Bool
    private let space: [OpRange]

    /// - Throws: ``AugmentError/invalidArgument(argument:reason:)`` for a severity outside
    ///   1...10, a width below 1, a depth that is neither -1 nor positive, or a non-positive alpha.
    public init(severity: Int = 3, width: Int = 3, depth: Int = -1, alpha: Double = 1, allOps: Bool = false) throws {
        guard (1...PolicyLimits.augMixBins).contains(severity) else {
            throw AugmentError.invalidArgument(argument: "severity", reason: "must be 1 to \(PolicyLimits.augMixBins), got \(severity)")
        }
        guard (1...PolicyLimits.maxAugMixWidth).contains(width) else {
            throw AugmentError.invalidArgument(argument: "width", reason: "must be 1 to \(PolicyLimits.maxAugMixWidth), got \(width)")
        }
        guard depth == -1 || (1...PolicyLimits.maxAugMixWidth).contains(depth) else {
            throw AugmentError.invalidArgument(argument: "depth", reason: "must be -1 (1 to 3 at random) or 1 to \(PolicyLimits.maxAugMixWidth), got \(depth)")
        }
        guard alpha > 0, alpha.isFinite else {
            throw AugmentError.invalidArgument(argument: "alpha", reason: "must be a positive number, got \(alpha)")
        }
        self.severity = severity
        self.width = width
        self.depth = depth
        self.alpha = alpha
        self.allOps = allOps
        space = OpRange.augMixSpace(allOps: allOps)
    }

    public var name: String { "augmix" }

    /// Draws, in order: `(m0, m1) ~ Dirichlet(alpha, alpha)`, `w ~ Dirichlet(alpha x width)`, then
    /// per chain its depth (if random) and per op its index, bin and sign.
    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let m = try random.nextDirichlet([alpha, alpha])
        let weights = try random.nextDirichlet([Double](repeating: alpha, count: width))
        var chains: [Image] = []
        chains.reserveCapacity(width)
        for _ in 0..<width {
            var augmented = image
            let steps = depth > 0 ? depth : random.nextInt(in: 1...3)
            for _ in 0..<steps {
                let range = space[random.nextInt(in: 0...(space.count - 1))]
                let bin = random.nextInt(in: 0...(severity - 1))
                range.apply(bin: bin, of: PolicyLimits.augMixBins, to: &augmented, interpolation: .bilinear, random: &random)
            }
            chains.append(augmented)
        }
        return Self.mix(image, chains: chains, m: (m[0], m[1]), weights: weights)
    }

    /// `m0 x + sum_i (w_i m1) chain_i` in float32, truncated to bytes: torch draws the weights in
    /// float32 and multiplies `w` by `m1` in float32 before weighting each chain.
    static func mix(_ image: Image, chains: [Image], m: (Double, Double), weights: [Double]) -> Image {
        let m0 = Float(m.0), m1 = Float(m.1)
        var mix = [Float](repeating: 0, count: image.pixels.count)
        mix.withUnsafeMutableBufferPointer { out in
            image.pixels.withUnsafeBufferPointer { x in
                for k in 0..<out.count { out[k] = m0 * Float(x[k]) }
            }
            for (chain, w) in zip(chains, weights) {
                let weight = Float(w) * m1
                chain.pixels.withUnsafeBufferPointer { a in
                    for k in 0..<out.count { out[k] += weight * Float(a[k]) }
                }
            }
        }
        var result = image
        mix.withUnsafeBufferPointer { values in
            result.pixels.withUnsafeMutableBufferPointer { p in
                for k in 0..<p.count { p[k] = PixelOps.truncatedByte(values[k]) }
            }
        }
        return result
    }
}
