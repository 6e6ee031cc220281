import WWNumerics

/// Inverted dropout, as `nn.Dropout`: while training, each element is zeroed with probability
/// `p` and the survivors are scaled by `1 / (1 - p)`; in evaluation it passes its input through.
/// Masks come from the forward pass's seeded stream, so a seed fixes every mask of a run.
public final class DropoutLayer: LayerPasses {
    public let probability: Double
    public private(set) var inputShape: [Int] = []
    public var outputShape: [Int] { inputShape }

    private let output = FloatBuffer()
    /// The multiplier of each element in the last training pass: 0 or `1 / (1 - p)`.
    private let mask = FloatBuffer()
    private var wasTraining = false

    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` unless `0 <= probability < 1`.
    public convenience init(probability: Double) throws {
        guard probability >= 0, probability < 1 else {
            throw NeuralError.invalidArgument(argument: "dropout", reason: "must be in [0, 1), got \(probability)")
        }
        self.init(checkedProbability: probability)
    }

    private init(checkedProbability: Double) { probability = checkedProbability }

    public var typeName: String { "Dropout" }
    public var summary: String { "Dropout(p=\(probability), inplace=False)" }
    public var parameters: [Parameter] { [] }
    var mayReturnInput: Bool { true }
    var overwritesOutputGradient: Bool { true }

    func configure(inputShape: [Int]) throws -> [Int] {
        self.inputShape = inputShape
        return inputShape
    }

    /// 2^-24: turns the top 24 bits of a random word into a float in [0, 1) exactly.
    static let uniformUnit: Float = 0x1p-24

    func forward(_ input: FloatBuffer, batchSize: Int, mode: ForwardMode) -> FloatBuffer {
        wasTraining = mode.appliesDropout && probability > 0
        guard wasTraining else { return input }
        let count = batchSize * inputSize
        output.resize(count)
        mask.resize(count)
        Self.drawMask(mask.pointer, count: count, probability: probability, random: &mode.random)
        Vector.multiply(input.pointer, mask.pointer, output.pointer, count: count)
        return output
    }

    /// Fills `m` with `count` multipliers of inverted dropout, 0 with probability `probability`
    /// and `1 / (1 - probability)` otherwise, drawn in order from `random` (one stream, one
    /// thread: the masks do not depend on the thread count). The transformer blocks draw theirs
    /// here too.
    static func drawMask(_ m: UnsafeMutablePointer<Float>, count: Int, probability: Double, random: inout SeededRandom) {
        let keep = Float(1 / (1 - probability)), p = Float(probability), unit = uniformUnit
        // Two masks per 64-bit draw (24 bits each) halve the generator's share of the cost.
        var i = 0
        while i < count {
            let word = random.next()
            m[i] = Float(word >> 40) * unit < p ? 0 : keep
            if i + 1 < count { m[i + 1] = Float((word >> 8) & 0xFF_FFFF) * unit < p ? 0 : keep }
            i += 2
        }
    }

    func backward(_ outputGradient: FloatBuffer, batchSize: Int, needsInputGradient: Bool) -> FloatBuffer? {
        guard needsInputGradient else { return nil }
        guard wasTraining else { return outputGradient }
        // Written over the output gradient, which nothing reads afterwards.
        Vector.multiply(outputGradient.pointer, mask.pointer, outputGradient.pointer, count: batchSize * inputSize)
        return outputGradient
    }

    func copy() -> LayerPasses {
        let layer = DropoutLayer(checkedProbability: probability)
        layer.inputShape = inputShape
        return layer
    }
}
