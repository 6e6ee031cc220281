/// The two primitives every torchvision enhance op is built from, kept in one place so that
/// Color, Contrast, Sharpness, ColorJitter and AugMix truncate exactly alike.
public enum PixelMath {
    /// torchvision's `rgb_to_grayscale` weights (ITU-R 601-2 luma), in float32 as it computes them.
    public static let greyWeights: (red: Float, green: Float, blue: Float) = (0.2989, 0.587, 0.114)

    /// The grey plane `floor(0.2989 R + 0.587 G + 0.114 B)` of an RGB image, computed in float32
    /// and truncated to bytes as torchvision does for uint8 input. A one-channel image is its own
    /// grey plane.
    public static func greyPlane(of image: Image) -> [UInt8] {
        let plane = image.planeSize
        guard image.channels >= 3 else { return Array(image.pixels[0..<plane]) }
        var grey = [UInt8](repeating: 0, count: plane)
        let w = greyWeights
        image.pixels.withUnsafeBufferPointer { p in
            for k in 0..<plane {
                let value = w.red * Float(p[k]) + w.green * Float(p[plane + k]) + w.blue * Float(p[2 * plane + k])
                grey[k] = UInt8(min(max(value, 0), 255))
            }
        }
        return grey
    }

    /// torchvision's `_blend`: `trunc(clamp(f a + (1 - f) b, 0, 255))` in float32.
    @inline(__always)
    public static func blend(_ a: UInt8, _ b: Float, factor: Float) -> UInt8 {
        let value = factor * Float(a) + (1 - factor) * b
        return UInt8(min(max(value, 0), 255))
    }

    /// Blends every pixel of `image` with `other(channel, index in plane)`.
    public static func blend(_ image: inout Image, factor: Float, with other: (Int, Int) -> Float) {
        let plane = image.planeSize
        for c in 0..<image.channels {
            for k in 0..<plane {
                image.pixels[c * plane + k] = blend(image.pixels[c * plane + k], other(c, k), factor: factor)
            }
        }
    }
}
