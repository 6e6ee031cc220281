import WWNumerics

/// One trainable tensor of a layer (a weight or a bias) with its gradient.
///
/// Values are kept in PyTorch's layout and shape (Linear `[out, in]`, Conv2d `[out, in, kh, kw]`)
/// so that the weights a network exposes are exactly those a saved PyTorch model would hold.
public final class Parameter {
    /// The name within its layer: "weight" or "bias".
    public let localName: String
    public let shape: [Int]
    public internal(set) var values: [Float]
    /// The gradient of the last backward pass (zero before any).
    public internal(set) var gradient: [Float]
    /// Set by the training loop for frozen layers: the backward pass then skips this gradient.
    var isFrozen = false

    init(_ localName: String, shape: [Int]) {
        self.localName = localName
        self.shape = shape
        let count = shape.reduce(1, *)
        values = [Float](repeating: 0, count: count)
        gradient = [Float](repeating: 0, count: count)
    }

    public var count: Int { values.count }

    var tensor: Tensor {
        // Shapes and counts agree by construction.
        (try? Tensor(shape: shape, values: values)) ?? Tensor(values)
    }
}
