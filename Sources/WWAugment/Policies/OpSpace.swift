import WWNumerics

/// The magnitudes one op of a policy can take: torchvision's `_augmentation_space` entry.
struct OpRange: Sendable {
    enum Bins: Sendable {
        /// No magnitude (invert, autocontrast, equalize, identity).
        case none
        /// `torch.linspace(start, end(W, H), bins)` in float32.
        case linear(start: Double, end: @Sendable (_ width: Int, _ height: Int) -> Double)
        /// `top - round(i / ((bins - 1) / span))` bits, as an integer.
        case posterize(top: Int, span: Double)
    }

    let kind: ImageOpKind
    let bins: Bins
    /// Whether a draw negates the magnitude with probability 1/2.
    let signed: Bool

    /// Magnitude of `bin` out of `count` bins for a `width` x `height` image (unsigned).
    func magnitude(bin: Int, of count: Int, width: Int, height: Int) -> Double {
        switch bins {
        case .none: return 0
        case .linear(let start, let end):
            return MagnitudeBins.linspace(start, end(width, height), count: count, index: bin)
        case .posterize(let top, let span):
            return MagnitudeBins.posterizeBits(top: top, span: span, count: count, index: bin)
        }
    }

    static func linear(_ kind: ImageOpKind, to end: Double, signed: Bool = true) -> OpRange {
        OpRange(kind: kind, bins: .linear(start: 0, end: { _, _ in end }), signed: signed)
    }

    static func plain(_ kind: ImageOpKind) -> OpRange { OpRange(kind: kind, bins: .none, signed: false) }

    static let solarize = OpRange(kind: .solarize, bins: .linear(start: 255, end: { _, _ in 0 }), signed: false)

    /// The shared magnitudes of AutoAugment and RandAugment (shear .3, translate 150/331 of the
    /// size, rotate 30, enhance .9, posterize 8 -> 4, solarize 255 -> 0).
    static let autoAugmentSpace: [OpRange] = [
        linear(.shearX, to: 0.3), linear(.shearY, to: 0.3),
        OpRange(kind: .translateX, bins: .linear(start: 0, end: { w, _ in 150.0 / 331.0 * Double(w) }), signed: true),
        OpRange(kind: .translateY, bins: .linear(start: 0, end: { _, h in 150.0 / 331.0 * Double(h) }), signed: true),
        linear(.rotate, to: 30),
        linear(.brightness, to: 0.9), linear(.color, to: 0.9), linear(.contrast, to: 0.9), linear(.sharpness, to: 0.9),
        OpRange(kind: .posterize, bins: .posterize(top: 8, span: 4), signed: false),
        solarize,
        plain(.autocontrast), plain(.equalize), plain(.invert),
    ]

    /// RandAugment's list, in torchvision's order: identity first, no invert.
    static let randAugmentSpace: [OpRange] = [plain(.identity)] + autoAugmentSpace.filter { $0.kind != .invert }

    /// TrivialAugmentWide's wider ranges.
    static let trivialAugmentSpace: [OpRange] = [
        plain(.identity),
        linear(.shearX, to: 0.99), linear(.shearY, to: 0.99),
        linear(.translateX, to: 32), linear(.translateY, to: 32),
        linear(.rotate, to: 135),
        linear(.brightness, to: 0.99), linear(.color, to: 0.99), linear(.contrast, to: 0.99), linear(.sharpness, to: 0.99),
        OpRange(kind: .posterize, bins: .posterize(top: 8, span: 6), signed: false),
        solarize,
        plain(.autocontrast), plain(.equalize),
    ]

    /// AugMix's ops (translate a third of the size, posterize 4 -> 0); `allOps` appends the
    /// four enhance ops, which the paper leaves out because they overlap common corruptions.
    static func augMixSpace(allOps: Bool) -> [OpRange] {
        var space: [OpRange] = [
            linear(.shearX, to: 0.3), linear(.shearY, to: 0.3),
            OpRange(kind: .translateX, bins: .linear(start: 0, end: { w, _ in Double(w) / 3.0 }), signed: true),
            OpRange(kind: .translateY, bins: .linear(start: 0, end: { _, h in Double(h) / 3.0 }), signed: true),
            linear(.rotate, to: 30),
            OpRange(kind: .posterize, bins: .posterize(top: 4, span: 4), signed: false),
            solarize,
            plain(.autocontrast), plain(.equalize),
        ]
        if allOps {
            space += [linear(.brightness, to: 0.9), linear(.color, to: 0.9), linear(.contrast, to: 0.9), linear(.sharpness, to: 0.9)]
        }
        return space
    }

    /// Draws the sign and applies the op at `bin`, as the policies' `_apply_op` calls do.
    func apply(bin: Int, of count: Int, to image: inout Image, interpolation: Interpolation, random: inout SeededRandom) {
        var value = magnitude(bin: bin, of: count, width: image.width, height: image.height)
        if signed, random.next() >> 63 == 0 { value = -value }
        ImageOp.apply(kind, magnitude: value, interpolation: interpolation, to: &image)
    }
}

/// torch's float32 magnitude tables, reproduced bit for bit (the fixtures check every bin).
public enum MagnitudeBins {
    /// `torch.linspace(start, end, count)[index]` in float32, returned as the double Python's
    /// `.item()` gives: the step in float32, the first half counted from `start`, the second
    /// half back from `end`, each a fused multiply-add as torch's compiled CPU kernel does (an
    /// unfused product gives 16.0 instead of 15.999999 for TrivialAugment's translate bin 15,
    /// which `int()` then turns into a different shift).
    public static func linspace(_ start: Double, _ end: Double, count: Int, index: Int) -> Double {
        guard count > 1 else { return Double(Float(start)) }
        let s = Float(start), e = Float(end)
        let step = (e - s) / Float(count - 1)
        if index < count / 2 { return Double(s.addingProduct(step, Float(index))) }
        return Double(e.addingProduct(-step, Float(count - 1 - index)))
    }

    /// `top - (arange(count) / ((count - 1) / span)).round().int()` at `index`.
    public static func posterizeBits(top: Int, span: Double, count: Int, index: Int) -> Double {
        let divisor = Float((Double(count) - 1) / span)
        return Double(top - Int((Float(index) / divisor).rounded(.toNearestOrEven)))
    }
}
