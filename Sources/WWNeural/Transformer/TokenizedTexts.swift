import WWBase
import WWData

/// A data set's texts tokenised for an encoder with a classification head: what training and
/// evaluation feed it, batch by batch. Each batch is padded to its own longest sequence with the
/// attention mask (``SequenceBatch``), as HF's tokenisers pad with `padding=True`.
struct TokenizedTexts {
    let sequences: [[Int]]
    let paddingID: Int

    /// Tokenises `dataset.texts` with the network's tokeniser, cut to the network's longest sequence.
    /// - Throws: ``NeuralError`` naming `role` when the set keeps no texts or the network has no
    ///   tokeniser.
    init(_ dataset: Dataset, for network: Network, role: String, cancellation: Cancellation = .never) throws {
        guard let input = network.encoderInput else {
            throw NeuralError.invalidArgument(argument: "model", reason: "is not a transformer encoder (\(network.name))")
        }
        guard let texts = dataset.texts else {
            throw NeuralError.invalidData("\(network.name) reads texts, but the \(role) (\(dataset.name)) keeps none: load it with load_text, or make it with dataset(texts, labels)")
        }
        guard let tokenizer = input.tokenizer else {
            throw NeuralError.invalidArgument(argument: "model", reason: "has no tokenizer (\(network.name)): load the encoder with load_network from a directory with tokenizer.json, or name one with tokenizer:")
        }
        sequences = try Network.encode(texts, with: tokenizer, maxLength: input.maxLength, cancellation: cancellation)
        paddingID = tokenizer.paddingID
    }

    /// Puts the sequences `rows`, in that order, into the network's input and returns their layout.
    func load(into network: Network, rows: [Int]) -> SequenceBatch {
        network.loadSequences(rows.map { sequences[$0] }, paddingID: paddingID)
    }
}

extension Network {
    /// Token ids of each text ([CLS] ... [SEP], cut to `maxLength`), tokenised in parallel parts
    /// of chunks (0.3 s of 2,000 MiniLM sentences on one core), `cancellation` checked between
    /// chunks; texts are independent, so the ids do not depend on the thread count.
    static func encode(_ texts: [String], with tokenizer: any TextTokenizer, maxLength: Int,
                       cancellation: Cancellation) throws -> [[Int]] {
        var sequences = [[Int]](repeating: [], count: texts.count)
        for chunk in stride(from: 0, to: texts.count, by: EmbeddingOptions.tokenizationChunk) {
            try cancellation.checkCancelled()
            let end = min(chunk + EmbeddingOptions.tokenizationChunk, texts.count)
            sequences.withUnsafeMutableBufferPointer { out in
                Parallel.forEachPart { part in
                    for index in Parallel.range(of: part, count: end - chunk) {
                        out[chunk + index] = tokenizer.encode(texts[chunk + index], maxLength: maxLength)
                    }
                }
            }
        }
        return sequences
    }

    /// Puts `batch` into the input, each sequence padded with `paddingID` to the longest, and
    /// returns the batch's layout (length and attention mask) for the pass's ``ForwardMode``.
    func loadSequences(_ batch: [[Int]], paddingID: Int) -> SequenceBatch {
        let length = batch.map(\.count).max() ?? 1
        var mask = [Float](repeating: 0, count: batch.count * length)
        input.resize(batch.count * length)
        let ids = input.pointer
        for (slot, sequence) in batch.enumerated() {
            for position in 0..<length {
                let real = position < sequence.count
                ids[slot * length + position] = real ? Float(sequence[position]) : Float(paddingID)
                mask[slot * length + position] = real ? 1 : 0
            }
        }
        return SequenceBatch(length: length, mask: mask)
    }
}
