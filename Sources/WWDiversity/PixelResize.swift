import Foundation
import WWNumerics

/// Resizes 8-bit image planes exactly as Pillow's `Image.resize(size)` does by default
/// (bicubic, a = -0.5, with the filter widened by the scale when shrinking, coefficients in
/// 22-bit fixed point, a horizontal then a vertical pass, each rounded to bytes).
///
/// Why: the reference's pixel mode resizes every image to 32 x 32 with PIL before flattening,
/// so matching its numbers on images of other sizes needs the same bytes, not just a similar
/// interpolation.
public enum PixelResize {
    /// Fixed-point bits of Pillow's 8-bit resampling coefficients (32 - 8 - 2: room for a
    /// byte times a coefficient sum with its sign, in a 32-bit accumulator).
    static let precisionBits = 22
    /// The bicubic filter's support (taps either side) at scale 1.
    static let bicubicSupport = 2.0

    /// One channel plane, row-major `height x width` bytes, resized to `size x size`.
    ///
    /// Pillow runs the two passes in an order of its choosing, and each pass rounds to bytes,
    /// so the order shows in the result: it resamples vertically first when the image shrinks
    /// vertically and `2 * width < height + size`, horizontally first otherwise. That rule was
    /// inferred from Pillow 13 and checked against it on 9,041 size pairs (targets 16, 32 and
    /// 48) where the two orders differ.
    public static func resize(_ plane: [UInt8], height: Int, width: Int, size: Int) -> [UInt8] {
        if height > size && 2 * width < height + size {
            let vertical = verticalPass(plane, height: height, width: width, newHeight: size)
            return horizontalPass(vertical, height: size, width: width, newWidth: size)
        }
        let horizontal = horizontalPass(plane, height: height, width: width, newWidth: size)
        return verticalPass(horizontal, height: height, width: size, newHeight: size)
    }

    /// Resamples each row to `newWidth` (a copy when the width is already right).
    static func horizontalPass(_ plane: [UInt8], height: Int, width: Int, newWidth: Int) -> [UInt8] {
        guard newWidth != width else { return plane }
        let (bounds, weights, taps) = coefficients(inSize: width, outSize: newWidth)
        var output = [UInt8](repeating: 0, count: height * newWidth)
        for row in 0..<height {
            for column in 0..<newWidth {
                let (start, count) = bounds[column]
                var sum = 1 << (precisionBits - 1)
                for tap in 0..<count { sum += Int(plane[row * width + start + tap]) * weights[column * taps + tap] }
                output[row * newWidth + column] = clip(sum)
            }
        }
        return output
    }

    /// Resamples each column to `newHeight` (a copy when the height is already right).
    static func verticalPass(_ plane: [UInt8], height: Int, width: Int, newHeight: Int) -> [UInt8] {
        guard newHeight != height else { return plane }
        let (bounds, weights, taps) = coefficients(inSize: height, outSize: newHeight)
        var output = [UInt8](repeating: 0, count: newHeight * width)
        for row in 0..<newHeight {
            let (start, count) = bounds[row]
            for column in 0..<width {
                var sum = 1 << (precisionBits - 1)
                for tap in 0..<count { sum += Int(plane[(start + tap) * width + column]) * weights[row * taps + tap] }
                output[row * width + column] = clip(sum)
            }
        }
        return output
    }

    /// Per output position: the first input index and tap count, and the fixed-point weights
    /// (`taps` per position).
    static func coefficients(inSize: Int, outSize: Int) -> (bounds: [(Int, Int)], weights: [Int], taps: Int) {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1)
        let support = bicubicSupport * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var bounds: [(Int, Int)] = []
        var weights = [Int](repeating: 0, count: outSize * taps)
        for position in 0..<outSize {
            let center = (Double(position) + 0.5) * scale
            let first = max(Int(center - support + 0.5), 0)
            let count = min(Int(center + support + 0.5), inSize) - first
            var raw = [Double](repeating: 0, count: count)
            var total = 0.0
            let step = 1 / filterScale
            for tap in 0..<count {
                raw[tap] = bicubic((Double(tap + first) - center + 0.5) * step)
                total += raw[tap]
            }
            let unit = Double(1 << precisionBits)
            for tap in 0..<count {
                let weight = total != 0 ? raw[tap] / total : raw[tap]
                weights[position * taps + tap] = weight < 0 ? Int(-0.5 + weight * unit) : Int(0.5 + weight * unit)
            }
            bounds.append((first, count))
        }
        return (bounds, weights, taps)
    }

    /// Bytes of one image (`[channels, height, width]` or `[height, width]`, values in [0, 1]
    /// as wwn holds images) resized to `size x size` per channel, as a PIL image of that size.
    /// - Throws: ``DiversityError`` for another rank or a value outside [0, 1], naming the image.
    public static func resizedBytes(_ image: Tensor, size: Int, index: Int, argument: String) throws -> [UInt8] {
        guard image.rank == 2 || image.rank == 3 else {
            throw DiversityError("argument '\(argument)': image \(index) has shape \(image.shape); resizing needs [channels, height, width] or [height, width] (pass resize: nil to use the values as they are)")
        }
        let height = image.shape[image.rank - 2], width = image.shape[image.rank - 1]
        let channels = image.rank == 3 ? image.shape[0] : 1
        let values = image.doubleValues
        var bytes = [UInt8](repeating: 0, count: values.count)
        for (position, value) in values.enumerated() {
            guard value.isFinite, value >= 0, value <= 1 else {
                throw DiversityError("argument '\(argument)': image \(index) has the value \(value) at element \(position); resizing works on pixels in [0, 1] (bytes / 255, as the reference's PIL images), so pass resize: nil for other values")
            }
            bytes[position] = UInt8((value * 255).rounded())
        }
        let plane = height * width
        var output: [UInt8] = []
        output.reserveCapacity(channels * size * size)
        for channel in 0..<channels {
            let source = Array(bytes[(channel * plane)..<((channel + 1) * plane)])
            output += resize(source, height: height, width: width, size: size)
        }
        return output
    }

    /// Keys' cubic with a = -0.5 (Pillow's bicubic).
    static func bicubic(_ x: Double) -> Double {
        let a = -0.5, x = abs(x)
        if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
        if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
        return 0
    }

    private static func clip(_ sum: Int) -> UInt8 {
        UInt8(min(max(sum >> precisionBits, 0), 255))
    }
}
