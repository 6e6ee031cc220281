import Foundation
import WWNumerics

/// Limits and argument checks shared by the transforms, so every one words its errors alike.
public enum TransformLimits {
    /// torchvision's number of tries before RandomResizedCrop falls back to a centre crop and
    /// RandomErasing gives up; part of the definition, not a tuning knob.
    public static let boxTries = 10
    /// The largest padding or output side accepted: far above any image a study trains on
    /// (CIFAR 32, ImageNet 224), low enough that a typo cannot ask for more than about 50 MB
    /// per RGB image.
    public static let maxSide = 4_096
}

enum TransformArguments {
    /// Throws unless `p` is a probability.
    static func probability(_ p: Double, _ name: String = "p") throws {
        guard p.isFinite, p >= 0, p <= 1 else {
            throw AugmentError.invalidArgument(argument: name, reason: "must be a probability in [0, 1], got \(p)")
        }
    }

    /// Throws unless `range` is an ordered pair of finite numbers inside `lower...upper`.
    static func range(_ range: (Double, Double), _ name: String, lower: Double, upper: Double = .infinity, open: Bool = false) throws {
        let inside = { (x: Double) in x.isFinite && (open ? x > lower : x >= lower) && x <= upper }
        guard inside(range.0), inside(range.1), range.0 <= range.1 else {
            let bound = open ? "above \(lower)" : "at least \(lower)"
            let cap = upper.isFinite ? " and at most \(upper)" : ""
            throw AugmentError.invalidArgument(argument: name, reason: "must be [low, high] with low <= high, both finite, \(bound)\(cap); got [\(range.0), \(range.1)]")
        }
    }

    /// Throws unless `side` is a usable output side.
    static func side(_ side: Int, _ name: String) throws {
        guard side >= 1, side <= TransformLimits.maxSide else {
            throw AugmentError.invalidArgument(argument: name, reason: "must be between 1 and \(TransformLimits.maxSide), got \(side)")
        }
    }

    /// torchvision's `_RandomApplyTransform` test: the op runs when a uniform draw is below `p`.
    /// The draw is always made, so an image's stream advances the same way whatever `p` is.
    static func applies(_ p: Double, _ random: inout SeededRandom) -> Bool {
        random.nextDouble() < p
    }

    /// A uniform integer in `0...upper` (torch.randint(0, upper + 1)).
    static func integer(upTo upper: Int, _ random: inout SeededRandom) -> Int {
        random.nextInt(in: 0...max(upper, 0))
    }

    /// The box search RandomResizedCrop and RandomErasing share: up to 10 draws of an area
    /// `A = height * width * U(scale)` and an aspect `r = exp(U(log ratio))`; `sides` turns them
    /// into (box height, box width), and the first box that `fits` gets a uniform position.
    static func box(height: Int, width: Int, scale: (Double, Double), ratio: (Double, Double), random: inout SeededRandom,
                    sides: (_ area: Double, _ aspect: Double) -> (Int, Int),
                    fits: (_ boxHeight: Int, _ boxWidth: Int) -> Bool) -> (top: Int, left: Int, height: Int, width: Int)? {
        let area = Double(height * width)
        let logRatio = (log(ratio.0), log(ratio.1))
        for _ in 0..<TransformLimits.boxTries {
            let target = area * uniform(scale.0, scale.1, &random)
            let aspect = exp(uniform(logRatio.0, logRatio.1, &random))
            let (h, w) = sides(target, aspect)
            guard fits(h, w) else { continue }
            let top = integer(upTo: height - h, &random)
            let left = integer(upTo: width - w, &random)
            return (top, left, h, w)
        }
        return nil
    }

    /// `round(sqrt(x))` with Python's rounding (half to even), as torchvision's `int(round(...))`.
    /// A side too large for any image (an extreme `ratio` makes `x` overflow) becomes
    /// `Int32.max`, and a NaN 0, so the box simply does not fit and is drawn again.
    static func roundedRoot(_ x: Double) -> Int {
        let root = x.squareRoot().rounded(.toNearestOrEven)
        guard !root.isNaN else { return 0 }
        return Int(min(max(root, 0), Double(Int32.max)))
    }

    /// A uniform double in `[low, high)`, or `low` when the range is a point.
    static func uniform(_ low: Double, _ high: Double, _ random: inout SeededRandom) -> Double {
        low + (high - low) * random.nextDouble()
    }
}
