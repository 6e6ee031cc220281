import Foundation

/// torchvision's tensor `resize(..., BILINEAR, antialias=True)` of a byte image.
///
/// Both of PyTorch's kernels are separable (width pass, then height pass, each skipped when
/// that side keeps its size) with the same triangle filter, whose support widens with the
/// downscaling factor and whose weights are normalised per output pixel. They differ in
/// arithmetic; torchvision.transforms (v1, the spec's reference) always takes the float one,
/// transforms.v2 picks one by CPU:
/// - ``Path/fixedPoint``: the native uint8 kernel transforms.v2 uses on x86 with
///   AVX2/AVX-512 and on ARM64, after Pillow: weights in double, scaled to 16-bit integers with
///   as many fraction bits as the largest weight allows, integer sums rounded by adding half
///   and shifting, and a byte-rounded intermediate between the passes.
/// - ``Path/float`` (the default): `upsample_bilinear2d_aa` in float32 (float weights, sums by
///   fused multiply-add, no rounding between the passes, then rounded half to even), which v1
///   uses for byte images everywhere and v2 on other CPUs and for float images.
/// The two differ by at most one level in some pixels; the fixtures check both exactly.
public enum AntialiasedResize {
    public enum Path: Sendable {
        case fixedPoint
        case float
    }

    /// Source ranges and normalised weights of each output position along one axis.
    struct Axis<Weight: BinaryFloatingPoint> {
        var starts: [Int] = []
        var weights: [[Weight]] = []

        init(input: Int, output: Int) {
            let scale = Weight(input) / Weight(output)
            let support: Weight = scale >= 1 ? scale : 1
            let inverse: Weight = scale >= 1 ? 1 / scale : 1
            for i in 0..<output {
                let centre = scale * (Weight(i) + 0.5)
                let low = max(Int(centre - support + 0.5), 0)
                let high = min(Int(centre + support + 0.5), input)
                var w: [Weight] = []
                var total: Weight = 0
                for j in 0..<max(high - low, 0) {
                    let x = abs((Weight(j + low) - centre + 0.5) * inverse)
                    let value: Weight = x < 1 ? 1 - x : 0
                    w.append(value)
                    total += value
                }
                if total != 0 { w = w.map { $0 / total } }
                starts.append(low)
                weights.append(w)
            }
        }
    }

    /// `image` resized to `height x width`.
    public static func resized(_ image: Image, height: Int, width: Int, path: Path = .float) -> Image {
        if height == image.height, width == image.width { return image }
        switch path {
        case .fixedPoint: return fixedPointResized(image, height: height, width: width)
        case .float: return floatResized(image, height: height, width: width)
        }
    }

    /// Applies `pass(line reader, output index)` along the width, then along the height, to
    /// each channel plane; `store` turns the final value into a byte.
    private static func separable<Value>(_ image: Image, height: Int, width: Int, zero: Value,
                                         convert: (UInt8) -> Value, store: (Value) -> UInt8,
                                         across: (_ read: (Int) -> Value, _ output: Int) -> Value,
                                         down: (_ read: (Int) -> Value, _ output: Int) -> Value) -> Image {
        let (h, w) = (image.height, image.width)
        var result = Image(channels: image.channels, height: height, width: width)
        for c in 0..<image.channels {
            let plane = (0..<(h * w)).map { convert(image.pixels[c * h * w + $0]) }
            var rows = plane
            if width != w {
                rows = [Value](repeating: zero, count: h * width)
                for i in 0..<h {
                    for j in 0..<width { rows[i * width + j] = across({ plane[i * w + $0] }, j) }
                }
            }
            for i in 0..<height {
                for j in 0..<width {
                    result[c, i, j] = store(height != h ? down({ rows[$0 * width + j] }, i) : rows[i * width + j])
                }
            }
        }
        return result
    }

    private static func floatResized(_ image: Image, height: Int, width: Int) -> Image {
        let across = Axis<Float>(input: image.width, output: width), down = Axis<Float>(input: image.height, output: height)
        func apply(_ axis: Axis<Float>, _ read: (Int) -> Float, _ i: Int) -> Float {
            let w = axis.weights[i], start = axis.starts[i]
            guard !w.isEmpty else { return 0 }
            var sum = read(start) * w[0]
            // Fused multiply-adds, as PyTorch's compiled kernel accumulates (checked on fixtures).
            for k in 1..<w.count { sum.addProduct(read(start + k), w[k]) }
            return sum
        }
        return separable(image, height: height, width: width, zero: Float(0), convert: { Float($0) },
                         store: { UInt8(min(max($0.rounded(.toNearestOrEven), 0), 255)) },
                         across: { apply(across, $0, $1) }, down: { apply(down, $0, $1) })
    }

    /// One axis's weights as 16-bit integers: the fraction bits are the most (up to 22) for
    /// which twice the largest weight still rounds below 2^15; each weight rounds half away
    /// from zero.
    struct FixedPointAxis {
        let starts: [Int]
        let weights: [[Int32]]
        let precision: Int

        init(input: Int, output: Int) {
            let axis = Axis<Double>(input: input, output: output)
            let largest = axis.weights.flatMap { $0 }.max() ?? 0
            var bits = 0
            while bits < 22, Int(0.5 + largest * Double(1 << (bits + 1))) < (1 << 15) { bits += 1 }
            starts = axis.starts
            precision = bits
            weights = axis.weights.map { row in
                row.map { v in Int32(v < 0 ? Int(-0.5 + v * Double(1 << bits)) : Int(0.5 + v * Double(1 << bits))) }
            }
        }

        func apply(_ read: (Int) -> UInt8, _ i: Int) -> UInt8 {
            var sum: Int32 = precision > 0 ? 1 << (precision - 1) : 0
            for (k, weight) in weights[i].enumerated() { sum += Int32(read(starts[i] + k)) * weight }
            return UInt8(min(max(sum >> precision, 0), 255))
        }
    }

    private static func fixedPointResized(_ image: Image, height: Int, width: Int) -> Image {
        let across = FixedPointAxis(input: image.width, output: width), down = FixedPointAxis(input: image.height, output: height)
        return separable(image, height: height, width: width, zero: UInt8(0), convert: { $0 }, store: { $0 },
                         across: { across.apply($0, $1) }, down: { down.apply($0, $1) })
    }
}
