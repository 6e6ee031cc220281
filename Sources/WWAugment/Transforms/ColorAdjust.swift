import Foundation

/// torchvision's tensor `adjust_hue` on byte images, step for step in float32 so the bytes agree
/// exactly. (Brightness, contrast and saturation are the pixel ops of `PixelOps`.)
public enum ColorAdjust {
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
