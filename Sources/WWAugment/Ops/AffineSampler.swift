import Foundation

/// How a geometric op reads the input between pixel centres.
public enum Interpolation: String, Sendable, CaseIterable {
    /// The nearest pixel, ties to the even index (torch's `nearbyint`); the policies' default.
    case nearest
    /// The four neighbours weighted by distance, rounded half to even; AugMix's and elastic's.
    case bilinear
}

/// torchvision's tensor `affine`/`rotate`: an inverse affine matrix about the image centre,
/// a sampling grid in float32 and `grid_sample(align_corners=False, padding_mode="zeros")`.
///
/// The matrix is built in double (as Python does) and rounded to float32, and the grid is
/// computed with the same float32 steps as torch (`theta / (size / 2)`, a product with the
/// centred pixel coordinates, then `(g + 1) * size / 2 - 0.5`), because sampling at exact
/// half-pixel points depends on the last bit of those steps. torch's CPU build contracts
/// multiply-adds into fused ones (its matrix product, the unnormalisation and the bilinear sum),
/// so these steps use `addingProduct` exactly where torch fuses; plain products and sums there
/// differ from torchvision on a few pixels per image.
public struct AffineTransform: Sendable, Equatable {
    /// The inverse map (output to input) in torchvision's centred coordinates, row-major 2 x 3.
    public let matrix: [Double]

    /// `_get_inverse_affine_matrix(center, angle, translate, scale 1, shear)` with angles in
    /// degrees and `center` relative to the image centre.
    public init(center: (x: Double, y: Double), angle: Double, translate: (x: Double, y: Double), shear: (x: Double, y: Double)) {
        let degreesToRadians = Double.pi / 180
        let rot = angle * degreesToRadians
        let sx = shear.x * degreesToRadians
        let sy = shear.y * degreesToRadians
        let a = cos(rot - sy) / cos(sy)
        let b = -cos(rot - sy) * tan(sx) / cos(sy) - sin(rot)
        let c = sin(rot - sy) / cos(sy)
        let d = -sin(rot - sy) * tan(sx) / cos(sy) + cos(rot)
        var m = [d, -b, 0.0, -c, a, 0.0]
        m[2] += m[0] * (-center.x - translate.x) + m[1] * (-center.y - translate.y)
        m[5] += m[3] * (-center.x - translate.x) + m[4] * (-center.y - translate.y)
        m[2] += center.x
        m[5] += center.y
        matrix = m
    }

    /// AutoAugment's ShearX/ShearY: shear angle `degrees(atan(m))` about the top-left corner
    /// (torchvision passes `center=[0, 0]`, which is `(-W/2, -H/2)` from the centre).
    public static func shear(_ magnitude: Double, horizontal: Bool, width: Int, height: Int) -> AffineTransform {
        let degrees = atan(magnitude) * (180 / Double.pi)
        return AffineTransform(center: (-Double(width) * 0.5, -Double(height) * 0.5), angle: 0, translate: (0, 0),
                               shear: horizontal ? (degrees, 0) : (0, degrees))
    }

    /// A translation by whole pixels (torchvision truncates the magnitude with `int`).
    public static func translate(x: Int, y: Int) -> AffineTransform {
        AffineTransform(center: (0, 0), angle: 0, translate: (Double(x), Double(y)), shear: (0, 0))
    }

    /// `rotate(img, angle)`: counter-clockwise for positive angles, about the centre.
    public static func rotate(_ angle: Double) -> AffineTransform {
        AffineTransform(center: (0, 0), angle: -angle, translate: (0, 0), shear: (0, 0))
    }

    /// The transformed image, same size, zero outside the input.
    public func apply(to image: Image, interpolation: Interpolation) -> Image {
        let (h, w) = (image.height, image.width)
        // theta in float32, divided by half the size as `_gen_affine_grid` rescales it.
        let halfW = Float(0.5 * Double(w)), halfH = Float(0.5 * Double(h))
        let t = matrix.map { Float($0) }
        let (r00, r10, r20) = (t[0] / halfW, t[1] / halfW, t[2] / halfW)
        let (r01, r11, r21) = (t[3] / halfH, t[4] / halfH, t[5] / halfH)
        let scaleX = Float(w) / 2, scaleY = Float(h) / 2
        var output = Image(channels: image.channels, height: h, width: w)
        let plane = image.planeSize
        image.pixels.withUnsafeBufferPointer { src in
            output.pixels.withUnsafeMutableBufferPointer { dst in
                for i in 0..<h {
                    let y = Float(-Double(h) * 0.5 + 0.5 + Double(i))
                    for j in 0..<w {
                        let x = Float(-Double(w) * 0.5 + 0.5 + Double(j))
                        // torch's batched product accumulates with fused multiply-adds.
                        let gx = (x * r00).addingProduct(y, r10) + r20
                        let gy = (x * r01).addingProduct(y, r11) + r21
                        // grid_sample's unnormalisation, fused as torch's compiled kernel does.
                        let u = Float(-0.5).addingProduct(gx + 1, scaleX)
                        let v = Float(-0.5).addingProduct(gy + 1, scaleY)
                        let out = i * w + j
                        switch interpolation {
                        case .nearest:
                            let ix = u.rounded(.toNearestOrEven), iy = v.rounded(.toNearestOrEven)
                            guard ix >= 0, ix < Float(w), iy >= 0, iy < Float(h) else { continue }
                            let at = Int(iy) * w + Int(ix)
                            for c in 0..<image.channels { dst[c * plane + out] = src[c * plane + at] }
                        case .bilinear:
                            Self.bilinear(src, dst, u: u, v: v, width: w, height: h, channels: image.channels, at: out)
                        }
                    }
                }
            }
        }
        return output
    }

    /// One bilinear output pixel: the four neighbours (zero outside) weighted as torch's CPU
    /// grid sampler does, summed in its order and rounded half to even.
    @inline(__always)
    private static func bilinear(_ src: UnsafeBufferPointer<UInt8>, _ dst: UnsafeMutableBufferPointer<UInt8>,
                                 u: Float, v: Float, width w: Int, height h: Int, channels: Int, at out: Int) {
        guard u.isFinite, v.isFinite, u > -2, v > -2, u < Float(w + 1), v < Float(h + 1) else { return }
        let x0 = u.rounded(.down), y0 = v.rounded(.down)
        let we = u - x0, ww = 1 - we
        let ns = v - y0, nn = 1 - ns
        let nw = nn * ww, ne = nn * we, sw = ns * ww, se = ns * we
        let ix = Int(x0), iy = Int(y0)
        let west = ix >= 0 && ix < w, east = ix + 1 >= 0 && ix + 1 < w
        let north = iy >= 0 && iy < h, south = iy + 1 >= 0 && iy + 1 < h
        let plane = w * h
        for c in 0..<channels {
            let base = c * plane
            let vnw: Float = north && west ? Float(src[base + iy * w + ix]) : 0
            let vne: Float = north && east ? Float(src[base + iy * w + ix + 1]) : 0
            let vsw: Float = south && west ? Float(src[base + (iy + 1) * w + ix]) : 0
            let vse: Float = south && east ? Float(src[base + (iy + 1) * w + ix + 1]) : 0
            let value = (vnw * nw).addingProduct(vne, ne).addingProduct(vsw, sw).addingProduct(vse, se)
            dst[base + out] = UInt8(min(max(value.rounded(.toNearestOrEven), 0), 255))
        }
    }
}
