import Foundation
import WWBase
import WWNumerics

/// "shapes": a procedural, seeded set of 32x32 colour images of simple figures, bundled because
/// it costs no bytes. Each image has one figure of its class at a random position, size,
/// small turn and colour on a plain background of another colour, with a little pixel noise,
/// so a small CNN learns it well but not instantly.
public enum Shapes {
    public static let imageSize = 32
    public static let channels = 3
    /// At most one class per defined figure.
    public static let maxClasses = ShapeKind.allCases.count
    /// Figure radius in pixels: large enough to recognise, small enough to move around.
    static let radiusRange = 6.0..<12.5
    /// Largest turn of figures that do not turn freely (so a square stays a square).
    static let maxTurnDegrees = 15.0
    /// Least RGB distance between figure and background, so every figure is visible.
    static let minColourDistance = 0.45
    /// Colour draws before falling back to the background's complement (almost never needed).
    static let maxColourDraws = 64
    /// Half-width of the uniform per-pixel noise (standard deviation 0.02). Uniform rather than
    /// Gaussian: four values come from one 64-bit draw, where a normal costs a log and a sine.
    static let pixelNoise = 0.02 * 3.0.squareRoot()
    /// Figures per interrupt check.
    static let checkEvery = 256

    /// `count` images of the first `classes` kinds. Sample `i` has label `i % classes` and its
    /// own stream derived from `(seed, i)`, so a smaller `count` gives a prefix of a larger one
    /// and the same seed gives the same pixels everywhere.
    public static func generate(count: Int, classes: Int, seed: UInt64, cancellation: Cancellation = .never) throws -> Dataset {
        guard classes >= 1, classes <= maxClasses else {
            throw DatasetError.invalid("shapes: classes must be between 1 and \(maxClasses) (one per figure: \(ShapeKind.allCases.map(\.rawValue).joined(separator: ", "))), got \(classes)")
        }
        return try generate(count: count, kinds: Array(ShapeKind.allCases.prefix(classes)), seed: seed, cancellation: cancellation)
    }

    /// `count` images of the given kinds, labelled by their position in `kinds`.
    public static func generate(count: Int, kinds: [ShapeKind], seed: UInt64, cancellation: Cancellation = .never) throws -> Dataset {
        try DataLimits.checkSampleCount(count, what: "shapes")
        guard !kinds.isEmpty, Set(kinds).count == kinds.count else {
            throw DatasetError.invalid("shapes: the kinds must be distinct and at least one")
        }
        let plane = imageSize * imageSize
        let width = channels * plane
        try DataLimits.checkFloatAllocation(count * width, what: "shapes(\(count))")
        var pixels = [Float](repeating: 0, count: count * width)
        try pixels.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<count {
                if index % checkEvery == 0 { try cancellation.checkCancelled() }
                var random = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
                try draw(kinds[index % kinds.count], into: buffer, at: index * width, random: &random)
            }
        }
        let features = try Tensor(shape: [count, channels, imageSize, imageSize], values: pixels)
        return try Dataset(name: "shapes", features: features, labels: (0..<count).map { $0 % kinds.count },
                           classNames: kinds.map(\.rawValue))
    }

    private static func draw(_ kind: ShapeKind, into buffer: UnsafeMutableBufferPointer<Float>, at start: Int,
                             random: inout SeededRandom) throws {
        let background = (0..<3).map { _ in random.nextDouble() }
        var figure = background.map { $0 < 0.5 ? 1.0 : 0.0 }  // kept only if every draw below is too close
        for _ in 0..<maxColourDraws {
            let candidate = (0..<3).map { _ in random.nextDouble() }
            if zip(candidate, background).map({ ($0 - $1) * ($0 - $1) }).reduce(0, +) >= minColourDistance * minColourDistance {
                figure = candidate
                break
            }
        }
        let radius = try random.nextDouble(in: radiusRange)
        let size = Double(imageSize)
        let margin = radius + 0.5
        let centreX = try random.nextDouble(in: margin..<(size - margin))
        let centreY = try random.nextDouble(in: margin..<(size - margin))
        let turn = kind.turnsFreely
            ? try random.nextDouble(in: 0..<Double.pi)
            : try random.nextDouble(in: -maxTurnDegrees..<maxTurnDegrees) * Double.pi / 180
        let (c, s) = (cos(turn), sin(turn))
        let plane = imageSize * imageSize
        var noise = NoiseSource()
        for y in 0..<imageSize {
            for x in 0..<imageSize {
                // Pixel centres at +0.5; turn the point back into the figure's frame.
                let dx = (Double(x) + 0.5 - centreX) / radius, dy = (Double(y) + 0.5 - centreY) / radius
                let fx = c * dx + s * dy, fy = -s * dx + c * dy
                let coverage = min(max(0.5 - kind.distance(fx, fy) * radius, 0), 1)
                for channel in 0..<3 {
                    let value = background[channel] + (figure[channel] - background[channel]) * coverage
                        + pixelNoise * noise.next(&random)
                    buffer[start + channel * plane + y * imageSize + x] = Float(min(max(value, 0), 1))
                }
            }
        }
    }

    /// Uniform values in [-1, 1), four per 64-bit output (16 bits each, plenty for noise).
    private struct NoiseSource {
        var bits: UInt64 = 0
        var left = 0

        mutating func next(_ random: inout SeededRandom) -> Double {
            if left == 0 {
                bits = random.next()
                left = 4
            }
            let value = Double(bits & 0xFFFF) / 32768 - 1
            bits >>= 16
            left -= 1
            return value
        }
    }
}

extension Dataset {
    /// The procedural shapes set (see ``Shapes``): `[count, 3, 32, 32]` colour images.
    public static func shapes(count: Int = 5000, classes: Int = 10, seed: UInt64 = 0) throws -> Dataset {
        try Shapes.generate(count: count, classes: classes, seed: seed)
    }
}
