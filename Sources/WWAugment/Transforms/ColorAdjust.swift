import Foundation

/// torchvision's tensor `adjust_brightness`, `adjust_contrast`, `adjust_saturation` and
/// `adjust_hue` on byte images, step for step in float32 so the bytes agree exactly.
public enum ColorAdjust {
    /// `trunc(clamp(f x, 0, 255))`.
    public static func brightness(_ image: Image, factor: Double) -> Image {
        var result = image
        let f = Float(factor)
        for k in result.pixels.indices { result.pixels[k] = UInt8(min(max(f * Float(image.pixels[k]), 0), 255)) }
        return result
    }

    /// Blended with the mean of the floored grey plane (one scalar per image); an image that is
    /// not RGB is blended with the mean of all its values, as torchvision does.
    public static func contrast(_ image: Image, factor: Double) -> Image {
        let values = image.channels == 3 ? PixelMath.greyPlane(of: image) : image.pixels
        let sum = values.reduce(0) { $0 + Int($1) }, count = values.count
        let mean = Float(sum) / Float(count)
        return blend(image, factor: factor) { _ in mean }
    }

    /// Blended with the floored grey plane; an image that is not RGB is returned unchanged.
    public static func saturation(_ image: Image, factor: Double) -> Image {
        guard image.channels == 3 else { return image }
        let grey = PixelMath.greyPlane(of: image)
        return blend(image, factor: factor) { Float(grey[$0]) }
    }

    /// torchvision's `_blend` as PyTorch evaluates `a.mul(f).add_(b, alpha=1 - f)`: the weight
    /// `1 - f` rounded to float32 from double, and one fused multiply-add. (`PixelMath.blend`,
    /// which rounds `1 - f` in float32 and does not fuse, differs from torchvision by one level in
    /// a few pixels per thousand; the fixtures pinned this form down.)
    static func blend(_ image: Image, factor: Double, with other: (Int) -> Float) -> Image {
        let f = Float(factor), complement = Float(1 - factor)
        let plane = image.planeSize
        var result = image
        for c in 0..<image.channels {
            for k in 0..<plane {
                let value = (f * Float(image.pixels[c * plane + k])).addingProduct(other(k), complement)
                result.pixels[c * plane + k] = UInt8(min(max(value, 0), 255))
            }
        }
        return result
    }

    /// Hue rotated by `factor` turns (in [-0.5, 0.5]) through HSV, as torchvision computes it:
    /// bytes times float32(1/255), PIL's RGB -> HSV, hue shifted modulo 1, back to RGB, and
    /// `trunc(x * 255.999)`. Only RGB images have a hue; others are returned unchanged.
    public static func hue(_ image: Image, factor: Double) -> Image {
        guard image.channels == 3 else { return image }
        let plane = image.planeSize
        let toUnit = Float(1.0 / 255.0), shift = Float(factor), sixth = Float(1.0 / 6.0), toByte = Float(255.999)
        var result = image
        for k in 0..<plane {
            let r = Float(image.pixels[k]) * toUnit, g = Float(image.pixels[plane + k]) * toUnit
            let b = Float(image.pixels[2 * plane + k]) * toUnit
            let maxc = max(r, g, b), minc = min(r, g, b)
            let equal = maxc == minc
            let range = maxc - minc
            let s = range / (equal ? 1 : maxc)
            let divisor = equal ? 1 : range
            let rc = (maxc - r) / divisor, gc = (maxc - g) / divisor, bc = (maxc - b) / divisor
            let hr: Float = maxc == r ? bc - gc : 0
            let hg: Float = maxc == g && maxc != r ? rc + 2 - bc : 0
            let hb: Float = maxc != r && maxc != g ? gc + 4 - rc : 0
            var h = fmodf((hr + hg + hb) * sixth + 1, 1)
            h = h + shift
            h = fmodf(h, 1)
            if h < 0 { h += 1 }
            let (red, green, blue) = hsvToRGB(h, s, maxc)
            result.pixels[k] = UInt8(red * toByte)
            result.pixels[plane + k] = UInt8(green * toByte)
            result.pixels[2 * plane + k] = UInt8(blue * toByte)
        }
        return result
    }

    private static func hsvToRGB(_ h: Float, _ s: Float, _ v: Float) -> (Float, Float, Float) {
        let h6 = h * 6
        let floorH6 = h6.rounded(.down)
        let f = h6 - floorH6
        var sector = Int(floorH6) % 6
        if sector < 0 { sector += 6 }
        let sxf = s * f, oneMinusS = 1 - s
        let q = min(max((1 - sxf) * v, 0), 1)
        let t = min(max((sxf + oneMinusS) * v, 0), 1)
        let p = min(max(oneMinusS * v, 0), 1)
        switch sector {
        case 0: return (v, t, p)
        case 1: return (q, v, p)
        case 2: return (p, v, t)
        case 3: return (p, q, v)
        case 4: return (t, p, v)
        default: return (v, p, q)
        }
    }
}
