import Foundation

/// torchvision's tensor `resize(..., BILINEAR, antialias=True)` of a byte image, as PyTorch's
/// `upsample_bilinear2d_aa` computes it on float32: separable (width first, then height), each
/// output a normalised triangle-filter average whose support widens with the downscaling
/// factor (weights in float32, sums by fused multiply-add), then rounded half to even.
///
/// This is the path torchvision takes for float images and for bytes on CPUs without a native
/// uint8 kernel. On x86 with AVX2/AVX-512 and on ARM64, torchvision instead resizes bytes with
/// 16-bit fixed-point weights and a byte-rounded intermediate row, which can differ from this by
/// one level in some pixels; the float path was chosen because it is the same on every machine.
public enum AntialiasedResize {
    /// Source range and normalised weights of each output position along one axis.
    struct Axis {
        var starts: [Int] = []
        var weights: [[Float]] = []

        init(input: Int, output: Int) {
            let scale = Float(input) / Float(output)
            let support: Float = scale >= 1 ? scale : 1
            let inverse: Float = scale >= 1 ? 1 / scale : 1
            for i in 0..<output {
                let centre = scale * (Float(i) + 0.5)
                let low = max(Int(centre - support + 0.5), 0)
                let high = min(Int(centre + support + 0.5), input)
                var w: [Float] = []
                var total: Float = 0
                for j in 0..<(high - low) {
                    let x = abs((Float(j + low) - centre + 0.5) * inverse)
                    let value: Float = x < 1 ? 1 - x : 0
                    w.append(value)
                    total += value
                }
                if total != 0 { w = w.map { $0 / total } }
                starts.append(low)
                weights.append(w)
            }
        }

        /// Resamples `count` lines of `stride`-spaced values read from `source(line, index)`.
        func apply(_ read: (Int) -> Float, output i: Int) -> Float {
            let w = weights[i], start = starts[i]
            guard !w.isEmpty else { return 0 }
            var sum = read(start) * w[0]
            // Fused multiply-adds, as PyTorch's compiled kernel accumulates (checked on fixtures).
            for k in 1..<w.count { sum.addProduct(read(start + k), w[k]) }
            return sum
        }
    }

    /// `image` resized to `height x width`.
    public static func resized(_ image: Image, height: Int, width: Int) -> Image {
        if height == image.height, width == image.width { return image }
        let (h, w) = (image.height, image.width)
        var plane = [Float](repeating: 0, count: h * w)
        var result = Image(channels: image.channels, height: height, width: width)
        let across = Axis(input: w, output: width), down = Axis(input: h, output: height)
        for c in 0..<image.channels {
            for k in 0..<(h * w) { plane[k] = Float(image.pixels[c * h * w + k]) }
            // Width first, into float rows (no rounding between the passes).
            var rows = [Float](repeating: 0, count: h * width)
            if width != w {
                for i in 0..<h {
                    for j in 0..<width { rows[i * width + j] = across.apply({ plane[i * w + $0] }, output: j) }
                }
            } else {
                rows = plane
            }
            for i in 0..<height {
                for j in 0..<width {
                    let value = height != h ? down.apply({ rows[$0 * width + j] }, output: i) : rows[i * width + j]
                    result[c, i, j] = UInt8(min(max(value.rounded(.toNearestOrEven), 0), 255))
                }
            }
        }
        return result
    }
}
