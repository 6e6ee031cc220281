import Foundation
import WWNumerics

/// A shifted copy of a data set for out-of-distribution tests, or an augmentation applied to
/// each training batch (it is a ``BatchTransform``). Values are clamped to [0, 1] when every
/// input value already lay there (images), and left unclamped otherwise (normalised or
/// synthetic features), so the corruption never invents a range the data did not have.
public struct Corruption: BatchTransform, Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// Adds independent Gaussian noise of standard deviation `strength` to every value.
        case noise
        /// Adds `strength` to every value (negative darkens).
        case brightness
        /// Scales every sample's deviations from its own mean by `strength` (below 1 flattens).
        case contrast
        /// Rotates every image by `strength` degrees counter-clockwise about its centre
        /// (bilinear; pixels from outside the image repeat the nearest edge pixel, which keeps
        /// a plain background plain). Needs samples `[channels, height, width]`.
        case rotation
    }

    public let kind: Kind
    public let strength: Double

    public init(_ kind: Kind, strength: Double) throws {
        guard strength.isFinite else { throw DatasetError.invalid("the \(kind.rawValue) strength must be finite, got \(strength)") }
        if kind == .noise, strength < 0 {
            throw DatasetError.invalid("the noise strength is a standard deviation and must be >= 0, got \(strength)")
        }
        if kind == .contrast, strength < 0 {
            throw DatasetError.invalid("the contrast strength is a factor and must be >= 0, got \(strength)")
        }
        self.kind = kind
        self.strength = strength
    }

    public func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
        try batch.requireSamples(for: "corrupt")
        let original = batch.features  // read once: an image set's bytes become floats on each read
        var values = original.doubleValues
        let clamps = values.allSatisfy { $0 >= 0 && $0 <= 1 }
        let width = batch.sampleShape.reduce(1, *)
        switch kind {
        case .noise:
            for i in values.indices { values[i] += strength * random.nextNormal() }
        case .brightness:
            for i in values.indices { values[i] += strength }
        case .contrast:
            for start in stride(from: 0, to: values.count, by: max(width, 1)) {
                let range = start..<(start + width)
                let mean = values[range].reduce(0, +) / Double(width)
                for i in range { values[i] = mean + (values[i] - mean) * strength }
            }
        case .rotation:
            guard batch.sampleShape.count == 3 else {
                throw DatasetError.invalid("\(batch.name): rotation needs image samples [channels, height, width], got \(batch.sampleShape)")
            }
            values = Corruption.rotate(values, height: batch.sampleShape[1], width: batch.sampleShape[2], degrees: strength)
        }
        if clamps { for i in values.indices { values[i] = min(max(values[i], 0), 1) } }
        let features = try Tensor(shape: original.shape, values: values).converted(to: original.elementType)
        let amount = strength == strength.rounded() && abs(strength) < 1e15 ? String(Int(strength)) : String(strength)
        var result = try Dataset(name: "\(batch.name) (\(kind.rawValue) \(amount))", features: features, labels: batch.labels,
                                 classNames: batch.classNames, texts: batch.texts)
        result.softLabels = batch.softLabels
        return result
    }

    /// Every `height x width` plane of `values` rotated by `degrees`, by inverse mapping.
    static func rotate(_ values: [Double], height: Int, width: Int, degrees: Double) -> [Double] {
        let plane = height * width
        guard plane > 0 else { return values }
        let angle = degrees * Double.pi / 180
        let (c, s) = (cos(angle), sin(angle))
        let cy = Double(height - 1) / 2, cx = Double(width - 1) / 2
        var result = values
        for base in stride(from: 0, to: values.count, by: plane) {
            for y in 0..<height {
                for x in 0..<width {
                    // The source point that lands on (x, y); y grows downwards, so a
                    // counter-clockwise turn on screen is clockwise in these coordinates.
                    let dx = Double(x) - cx, dy = Double(y) - cy
                    let sx = cx + c * dx - s * dy
                    let sy = cy + s * dx + c * dy
                    result[base + y * width + x] = bilinear(values, base, height, width, sx, sy)
                }
            }
        }
        return result
    }

    private static func bilinear(_ v: [Double], _ base: Int, _ height: Int, _ width: Int, _ x: Double, _ y: Double) -> Double {
        let x = min(max(x, 0), Double(width - 1)), y = min(max(y, 0), Double(height - 1))
        let x0 = Int(x), y0 = Int(y)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let fx = x - Double(x0), fy = y - Double(y0)
        let top = v[base + y0 * width + x0] * (1 - fx) + v[base + y0 * width + x1] * fx
        let bottom = v[base + y1 * width + x0] * (1 - fx) + v[base + y1 * width + x1] * fx
        return top * (1 - fy) + bottom * fy
    }
}

extension Dataset {
    /// A corrupted copy (see ``Corruption``); noise draws from `random`.
    public func corrupted(_ kind: Corruption.Kind, strength: Double, using random: inout SeededRandom) throws -> Dataset {
        try Corruption(kind, strength: strength).transform(self, random: &random)
    }
}
