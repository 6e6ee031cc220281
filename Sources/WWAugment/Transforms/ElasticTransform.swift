import Foundation
import WWNumerics

/// torchvision's ElasticTransform: every pixel is moved by a smooth random displacement.
///
/// The displacement of each axis is uniform noise in (-1, 1) per pixel, blurred by a Gaussian
/// of standard deviation `sigma` (kernel `int(8 sigma + 1)` made odd, reflect padding) and scaled
/// by `alpha / width` (x) or `alpha / height` (y), in grid_sample's normalised coordinates where
/// the image spans [-1, 1]. The image is then sampled bilinearly at identity + displacement with
/// zero fill, exactly as `F.elastic(..., fill=0)`: a ones mask is sampled alongside and
/// multiplies the result, and float32 values are rounded half to even.
public struct ElasticTransform: ImageAugmentation {
    public let alpha: Double
    public let sigma: Double

    public init(alpha: Double = 50, sigma: Double = 5) throws {
        guard alpha.isFinite, alpha >= 0, alpha <= ImageOpLimits.maxEnhanceFactor else {
            throw AugmentError.invalidArgument(argument: "alpha", reason: "must be between 0 and \(ImageOpLimits.maxEnhanceFactor), got \(alpha)")
        }
        guard sigma.isFinite, sigma >= 0, sigma <= Double(TransformLimits.maxSide) else {
            throw AugmentError.invalidArgument(argument: "sigma", reason: "must be finite and between 0 and \(TransformLimits.maxSide), got \(sigma)")
        }
        self.alpha = alpha
        self.sigma = sigma
    }

    public var name: String { "elastic" }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        let (h, w) = (image.height, image.width)
        var fields: [[Float]] = []
        for axisSize in [w, h] {
            var field = (0..<(h * w)).map { _ in Float(random.nextDouble() * 2 - 1) }
            if sigma > 0 { field = ElasticTransform.blurred(field, height: h, width: w, sigma: sigma) }
            let scale = Float(alpha) / Float(axisSize)
            fields.append(field.map { $0 * scale })
        }
        return ElasticTransform.displaced(image, dx: fields[0], dy: fields[1])
    }

    /// torchvision's kernel size for a blur of `sigma`: `int(8 sigma + 1)`, made odd.
    public static func kernelSize(sigma: Double) -> Int {
        let size = Int(8 * sigma + 1)
        return size % 2 == 0 ? size + 1 : size
    }

    /// `field` (`height x width`) convolved with torchvision's normalised Gaussian kernel,
    /// reflect-padded (mirrored without repeating the edge). The kernel is separable, so the blur
    /// runs as two 1-D passes in double precision; torchvision's 2-D float32 convolution agrees
    /// within float rounding. Images narrower than half the kernel, where torch's reflect padding
    /// refuses, reflect again at the far edge (a periodic mirror).
    public static func blurred(_ field: [Float], height: Int, width: Int, sigma: Double) -> [Float] {
        let size = kernelSize(sigma: sigma), half = size / 2
        var kernel = (0..<size).map { k -> Double in
            let x = Double(k - half) / sigma
            return exp(-0.5 * x * x)
        }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        func reflect(_ i: Int, _ n: Int) -> Int {
            guard n > 1 else { return 0 }
            let period = 2 * (n - 1)
            var k = i % period
            if k < 0 { k += period }
            return k < n ? k : period - k
        }
        var across = [Double](repeating: 0, count: height * width)
        for i in 0..<height {
            for j in 0..<width {
                var sum = 0.0
                for k in 0..<size { sum += kernel[k] * Double(field[i * width + reflect(j + k - half, width)]) }
                across[i * width + j] = sum
            }
        }
        var result = [Float](repeating: 0, count: height * width)
        for i in 0..<height {
            for j in 0..<width {
                var sum = 0.0
                for k in 0..<size { sum += kernel[k] * across[reflect(i + k - half, height) * width + j] }
                result[i * width + j] = Float(sum)
            }
        }
        return result
    }

    /// The deterministic core, `F.elastic(image, displacement, BILINEAR, fill=0)`: `dx`, `dy`
    /// (`height x width` each) are the displacement in normalised coordinates.
    public static func displaced(_ image: Image, dx: [Float], dy: [Float]) -> Image {
        let (h, w) = (image.height, image.width)
        let xs = identityGrid(w), ys = identityGrid(h)
        var result = Image(channels: image.channels, height: h, width: w)
        let halfWidth = Float(w) / 2, halfHeight = Float(h) / 2
        for i in 0..<h {
            for j in 0..<w {
                let gx = xs[j] + dx[i * w + j], gy = ys[i] + dy[i * w + j]
                // grid_sample's unnormalisation with align_corners=False.
                let x = (gx + 1) * halfWidth - 0.5, y = (gy + 1) * halfHeight - 0.5
                let x0 = x.rounded(.down), y0 = y.rounded(.down)
                let e = x - x0, n = y - y0
                let w0 = 1 - e, s0 = 1 - n
                let weights = (nw: s0 * w0, ne: s0 * e, sw: n * w0, se: n * e)
                let left = Int(x0), top = Int(y0)
                let inside = (nw: Self.isInside(top, left, h, w), ne: Self.isInside(top, left + 1, h, w),
                              sw: Self.isInside(top + 1, left, h, w), se: Self.isInside(top + 1, left + 1, h, w))
                let mask = (inside.nw ? weights.nw : 0) + (inside.ne ? weights.ne : 0)
                    + (inside.sw ? weights.sw : 0) + (inside.se ? weights.se : 0)
                for c in 0..<image.channels {
                    func value(_ r: Int, _ q: Int, _ ok: Bool) -> Float { ok ? Float(image[c, r, q]) : 0 }
                    let sampled = value(top, left, inside.nw) * weights.nw + value(top, left + 1, inside.ne) * weights.ne
                        + value(top + 1, left, inside.sw) * weights.sw + value(top + 1, left + 1, inside.se) * weights.se
                    let filled = sampled * mask
                    result[c, i, j] = UInt8(min(max(filled.rounded(.toNearestOrEven), 0), 255))
                }
            }
        }
        return result
    }

    @inline(__always)
    static func isInside(_ row: Int, _ column: Int, _ h: Int, _ w: Int) -> Bool {
        row >= 0 && row < h && column >= 0 && column < w
    }

    /// torch.linspace((1 - n) / n, (n - 1) / n, n) in float32: the first half counted up from
    /// the start, the second down from the end, as PyTorch's kernel does.
    static func identityGrid(_ n: Int) -> [Float] {
        let start = Float(Double(1 - n) / Double(n)), end = Float(Double(n - 1) / Double(n))
        guard n > 1 else { return [start] }
        let step = (end - start) / Float(n - 1)
        return (0..<n).map { k in k < n / 2 ? start + step * Float(k) : end - step * Float(n - 1 - k) }
    }
}
