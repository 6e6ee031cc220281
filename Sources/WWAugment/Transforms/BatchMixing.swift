import WWData
import WWNumerics

/// MixUp and CutMix as torchvision.transforms.v2 defines them: one lambda ~ Beta(a, a) per
/// batch, and each sample mixed with its partner in the batch rolled by one (sample i with
/// sample i - 1, the first with the last). Labels are mixed as one-hot rows (or as the soft
/// labels a batch already carries), so the result has ``Dataset/softLabels``; `labels` becomes
/// each sample's dominant class. They work on a data set's floats, images or vectors alike.
public struct BatchMixing: BatchTransform, Sendable {
    public enum Kind: String, Sendable {
        /// `lambda x + (1 - lambda) partner`, labels likewise.
        case mixup
        /// A box of area share `1 - lambda` (centre uniform, clipped at the edges) is pasted
        /// from the partner; labels are mixed by the share actually pasted.
        case cutmix
    }

    public let kind: Kind
    public let alpha: Double

    public init(_ kind: Kind, alpha: Double = 1) throws {
        guard alpha.isFinite, alpha > 0 else {
            throw AugmentError.invalidArgument(argument: "alpha", reason: "must be finite and > 0 (the Beta distribution's parameter), got \(alpha)")
        }
        self.kind = kind
        self.alpha = alpha
    }

    /// torchvision v2 CutMix's box for `lambda` and a centre (`row`, `column`), as
    /// (top, left, bottom, right) with bottom and right exclusive.
    public static func cutMixBox(height: Int, width: Int, lambda: Double, row: Int, column: Int) -> (top: Int, left: Int, bottom: Int, right: Int) {
        let r = 0.5 * (1 - lambda).squareRoot()
        let halfWidth = Int(r * Double(width)), halfHeight = Int(r * Double(height))
        return (max(row - halfHeight, 0), max(column - halfWidth, 0), min(row + halfHeight, height), min(column + halfWidth, width))
    }

    public func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
        guard batch.count > 0 else {
            throw AugmentError.invalidImage("\(batch.name): cannot \(kind.rawValue) an empty data set (0 samples)")
        }
        let n = batch.count, shape = batch.sampleShape
        let width = shape.reduce(1, *)
        var lambda = try random.nextBeta(alpha, alpha)
        let values = batch.features.floatValues
        var mixed = values
        let partner = { (i: Int) in (i + n - 1) % n }
        switch kind {
        case .mixup:
            let keep = Float(lambda), take = Float(1 - lambda)
            for i in 0..<n {
                let p = partner(i)
                for k in 0..<width { mixed[i * width + k] = values[p * width + k] * take + values[i * width + k] * keep }
            }
        case .cutmix:
            guard shape.count >= 2 else {
                throw AugmentError.invalidImage("\(batch.name): cutmix pastes a box, so it needs image samples [channels, height, width], but samples have shape \(shape)")
            }
            let h = shape[shape.count - 2], w = shape[shape.count - 1]
            let column = random.nextInt(in: 0...(w - 1)), row = random.nextInt(in: 0...(h - 1))
            let box = BatchMixing.cutMixBox(height: h, width: w, lambda: lambda, row: row, column: column)
            let planes = width / (h * w)
            for i in 0..<n {
                let p = partner(i)
                for c in 0..<planes {
                    for y in box.top..<max(box.top, box.bottom) {
                        for x in box.left..<max(box.left, box.right) {
                            let k = (c * h + y) * w + x
                            mixed[i * width + k] = values[p * width + k]
                        }
                    }
                }
            }
            let pasted = max(box.bottom - box.top, 0) * max(box.right - box.left, 0)
            lambda = 1 - Double(pasted) / Double(h * w)
        }
        let classes = batch.classNames.count
        let targets = batch.targetDistribution
        var soft = targets
        let keep = Float(lambda), take = Float(1 - lambda)
        var dominant: [Int] = []
        for i in 0..<n {
            let p = partner(i)
            var best = 0
            for c in 0..<classes {
                soft[i * classes + c] = targets[p * classes + c] * take + targets[i * classes + c] * keep
                if soft[i * classes + c] > soft[i * classes + best] { best = c }
            }
            dominant.append(best)
        }
        var result = batch
        result.features = try Tensor(shape: [n] + shape, values: mixed)
        result.labels = dominant
        return try result.withSoftLabels(try Tensor(shape: [n, classes], values: soft))
    }
}
