/// The shape of a batch of token sequences during one forward pass of a transformer encoder:
/// every sample holds `length` tokens (the longest sequence of the batch; shorter ones are
/// padded), and `mask` says which are real (1) and which are padding (0), `[batch, length]`.
///
/// It travels with the pass (``ForwardMode/sequences``), not in the layers, so a network and its
/// copies share nothing, and a batch may be as long as its longest sequence instead of the
/// network's maximum: padding every sentence to 512 positions would multiply the work of a
/// 20-token sentence by 25.
final class SequenceBatch {
    let length: Int
    let mask: [Float]

    init(length: Int, mask: [Float]) {
        self.length = length
        self.mask = mask
    }

    /// Every position real: a pass without a batch description (the configured maximum length).
    static func full(batchSize: Int, length: Int) -> SequenceBatch {
        SequenceBatch(length: length, mask: [Float](repeating: 1, count: batchSize * length))
    }
}

extension ForwardMode {
    /// The token layout of this pass, or the layer's configured length with every position real.
    func sequenceBatch(batchSize: Int, configuredLength: Int) -> SequenceBatch {
        if let sequences, sequences.mask.count == batchSize * sequences.length { return sequences }
        return SequenceBatch.full(batchSize: batchSize, length: configuredLength)
    }
}
