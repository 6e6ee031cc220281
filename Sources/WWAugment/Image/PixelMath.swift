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

    /// `_blend` weights as torchvision forms them: `ratio` and `1.0 - ratio` are computed in
    /// double by Python and each rounded to float32 by the tensor multiply, which is not the same
    /// as `1 - Float(ratio)` in every last bit.
    public struct BlendWeights: Sendable {
        public let own: Float
        public let other: Float
        public init(factor: Double) {
            own = Float(factor)
            other = Float(1.0 - factor)
        }
    }

    /// torchvision's `_blend`, `trunc(clamp(f a + (1 - f) b, 0, 255))`, as torchvision.transforms
    /// (v1, the spec's reference) evaluates `ratio * img1 + (1.0 - ratio) * img2`: both products
    /// rounded to float32, then added. (transforms.v2 fuses the second product into the sum, which
    /// differs by one level in about 3 pixels in 10,000; wwn follows v1 everywhere.)
    @inline(__always)
    public static func blend(_ a: UInt8, _ b: Float, weights: BlendWeights) -> UInt8 {
        let own = weights.own * Float(a)
        let other = weights.other * b
        return UInt8(min(max(own + other, 0), 255))
    }
}
