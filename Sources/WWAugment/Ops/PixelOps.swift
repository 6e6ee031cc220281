/// torchvision's pixel ops on uint8 tensors, byte for byte.
///
/// Every op that maps a byte to a byte independently of its neighbours builds a 256-entry table
/// first: the float32 arithmetic then runs 256 times per channel instead of once per pixel, and
/// it is the same arithmetic, so the result is still exactly torchvision's.
enum PixelOps {
    /// float32 to byte as `clamp(0, 255).to(uint8)`: clamped, then truncated.
    @inline(__always)
    static func truncatedByte(_ value: Float) -> UInt8 {
        UInt8(min(max(value, 0), 255))
    }

    /// Replaces every byte of every channel by `table[byte]`.
    static func applyTable(_ table: [UInt8], to image: inout Image) {
        table.withUnsafeBufferPointer { t in
            image.pixels.withUnsafeMutableBufferPointer { p in
                for k in 0..<p.count { p[k] = t[Int(p[k])] }
            }
        }
    }

    /// Replaces the bytes of one channel plane by `table[byte]`.
    static func applyTable(_ table: [UInt8], to image: inout Image, channel: Int) {
        let plane = image.planeSize
        table.withUnsafeBufferPointer { t in
            image.pixels.withUnsafeMutableBufferPointer { p in
                for k in (channel * plane)..<((channel + 1) * plane) { p[k] = t[Int(p[k])] }
            }
        }
    }

    /// `adjust_brightness`: a blend with black.
    static func brightness(_ image: inout Image, factor: Double) {
        let w = PixelMath.BlendWeights(factor: factor)
        applyTable((0..<256).map { truncatedByte(w.own * Float($0)) }, to: &image)
    }

    /// `adjust_saturation`: a blend with the truncated grey plane; a one-channel image is
    /// returned unchanged, as torchvision does to match PIL.
    static func color(_ image: inout Image, factor: Double) {
        guard image.channels == 3 else { return }
        let grey = PixelMath.greyPlane(of: image)
        blend(&image, withPlane: grey, weights: PixelMath.BlendWeights(factor: factor))
    }

    /// `adjust_contrast`: a blend with one scalar, the float32 mean of the grey plane (of the
    /// image itself when it is not RGB).
    static func contrast(_ image: inout Image, factor: Double) {
        let grey: [UInt8] = image.channels == 3 ? PixelMath.greyPlane(of: image) : image.pixels
        // Integer sums are exact; torch's float32 sum is exact too while it stays below 2^24.
        let sum = grey.reduce(0) { $0 + Int($1) }
        let mean = Float(sum) / Float(grey.count)
        let w = PixelMath.BlendWeights(factor: factor)
        applyTable((0..<256).map { PixelMath.blend(UInt8($0), mean, weights: w) }, to: &image)
    }

    /// `adjust_sharpness`: a blend with the image blurred by [[1,1,1],[1,5,1],[1,1,1]]/13 on the
    /// interior (the border keeps its own bytes, but is still blended, which can lower it by one).
    ///
    /// The blur is rounded half to even by torchvision, but `S / 13` for an integer `S` is never
    /// within 1/26 of a half, so integer rounding `(2S + 13) / 26` gives the same bytes without
    /// depending on the order of the float32 convolution sum.
    static func sharpness(_ image: inout Image, factor: Double) {
        let (h, w) = (image.height, image.width)
        guard h > 2, w > 2 else { return }
        let plane = image.planeSize
        var blurred = image.pixels
        image.pixels.withUnsafeBufferPointer { p in
            blurred.withUnsafeMutableBufferPointer { b in
                for c in 0..<image.channels {
                    let base = c * plane
                    for i in 1..<(h - 1) {
                        let row = base + i * w
                        for j in 1..<(w - 1) {
                            let k = row + j
                            let up = Int(p[k - w - 1]) + Int(p[k - w]) + Int(p[k - w + 1])
                            let down = Int(p[k + w - 1]) + Int(p[k + w]) + Int(p[k + w + 1])
                            let sum = up + down + Int(p[k - 1]) + Int(p[k + 1]) + 5 * Int(p[k])
                            b[k] = UInt8((2 * sum + 13) / 26)
                        }
                    }
                }
            }
        }
        let weights = PixelMath.BlendWeights(factor: factor)
        blurred.withUnsafeBufferPointer { b in
            image.pixels.withUnsafeMutableBufferPointer { p in
                for k in 0..<p.count { p[k] = PixelMath.blend(p[k], Float(b[k]), weights: weights) }
            }
        }
    }

    /// Blends every channel with one plane (the grey image), as `_blend(img, grey, f)`.
    static func blend(_ image: inout Image, withPlane plane: [UInt8], weights: PixelMath.BlendWeights) {
        let size = image.planeSize
        plane.withUnsafeBufferPointer { g in
            image.pixels.withUnsafeMutableBufferPointer { p in
                for c in 0..<image.channels {
                    let base = c * size
                    for k in 0..<size { p[base + k] = PixelMath.blend(p[base + k], Float(g[k]), weights: weights) }
                }
            }
        }
    }

    /// `posterize`: keeps the top `bits` bits (0 bits gives black, 8 leaves the image).
    static func posterize(_ image: inout Image, bits: Int) {
        let mask = UInt8(truncatingIfNeeded: -(1 << (8 - bits)))
        applyTable((0..<256).map { UInt8($0) & mask }, to: &image)
    }

    /// `solarize`: inverts every byte at or above the threshold, compared in float32 as torch
    /// promotes a uint8 tensor against a float.
    static func solarize(_ image: inout Image, threshold: Double) {
        let t = Float(threshold)
        applyTable((0..<256).map { Float($0) >= t ? UInt8(255 - $0) : UInt8($0) }, to: &image)
    }

    /// `invert`: `255 - x`.
    static func invert(_ image: inout Image) {
        applyTable((0..<256).map { UInt8(255 - $0) }, to: &image)
    }

    /// `autocontrast`: stretches each channel's [lo, hi] to [0, 255] in float32, truncating;
    /// a flat channel (an infinite scale) is left as it is.
    static func autocontrast(_ image: inout Image) {
        let plane = image.planeSize
        for c in 0..<image.channels {
            let values = image.pixels[(c * plane)..<((c + 1) * plane)]
            guard let lo = values.min(), let hi = values.max(), hi != lo else { continue }
            let low = Float(lo)
            // `bound / tensor` is `tensor.reciprocal() * bound` in torch: two roundings.
            let scale = (1 / (Float(hi) - low)) * 255
            applyTable((0..<256).map { truncatedByte((Float($0) - low) * scale) }, to: &image, channel: c)
        }
    }

    /// `equalize`: per channel, the 256-bin histogram's cumulative counts mapped through
    /// `(cum + step // 2) // step`, shifted one bin, with `step = (N - count of the last
    /// occupied bin) // 255`; a channel with `step == 0` is left as it is.
    static func equalize(_ image: inout Image) {
        let plane = image.planeSize
        for c in 0..<image.channels {
            var histogram = [Int](repeating: 0, count: 256)
            image.pixels.withUnsafeBufferPointer { p in
                for k in (c * plane)..<((c + 1) * plane) { histogram[Int(p[k])] += 1 }
            }
            guard let last = histogram.lastIndex(where: { $0 != 0 }) else { continue }
            let step = (plane - histogram[last]) / 255
            guard step > 0 else { continue }
            var table = [UInt8](repeating: 0, count: 256)
            var cumulative = 0
            for k in 0..<255 {
                cumulative += histogram[k]
                table[k + 1] = UInt8(min(255, (cumulative + step / 2) / step))
            }
            applyTable(table, to: &image, channel: c)
        }
    }
}
