/// A dropout inside a transformer block (HF BERT's `dropout` modules: after the embeddings'
/// LayerNorm, on the attention probabilities, after the attention output and feed-forward
/// projections), applied where the block computes, not as a stage of its own.
///
/// In a pass that applies dropout (``ForwardMode/appliesDropout``, training) with a probability
/// above 0, a mask of inverted-dropout multipliers is drawn from the pass's stream in the
/// block's fixed order, one thread at a time, so the masks do not depend on the thread count; in
/// every other pass it is the identity and draws nothing.
final class BlockDropout {
    /// The chance of zeroing a value: 0 (off, as loaded for inference) up to, not including, 1.
    var probability: Double
    private let mask = FloatBuffer()
    /// Whether the last forward pass drew a mask (its backward pass then applies it).
    private(set) var isActive = false

    init(probability: Double = 0) {
        self.probability = probability
    }

    /// Draws a fresh mask of `count` multipliers when `mode` applies dropout and returns it; nil
    /// (and no draw) otherwise.
    func draw(count: Int, mode: ForwardMode) -> UnsafePointer<Float>? {
        isActive = mode.appliesDropout && probability > 0
        guard isActive else { return nil }
        mask.resize(count)
        DropoutLayer.drawMask(mask.pointer, count: count, probability: probability, random: &mode.random)
        return UnsafePointer(mask.pointer)
    }

    /// Multiplies `x` in place by a fresh mask (see ``draw(count:mode:)``).
    func apply(_ x: UnsafeMutablePointer<Float>, count: Int, mode: ForwardMode) {
        guard let m = draw(count: count, mode: mode) else { return }
        Vector.multiply(x, m, x, count: count)
    }

    /// The mask of the last forward pass, nil when it drew none.
    var lastMask: UnsafePointer<Float>? { isActive ? UnsafePointer(mask.pointer) : nil }

    /// The gradient through the last mask: `dy * m` written to `out` (which may be `dy`), or `dy`
    /// copied when no mask was drawn.
    func backward(_ dy: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        if isActive {
            Vector.multiply(dy, mask.pointer, out, count: count)
        } else if UnsafePointer(out) != dy {
            out.update(from: dy, count: count)
        }
    }
}
