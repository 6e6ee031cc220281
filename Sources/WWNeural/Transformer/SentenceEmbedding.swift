import Foundation
import WWBase
import WWNumerics

/// How token states become one vector per text.
public enum EmbeddingPooling: String, CaseIterable, Sendable {
    /// The mean of the last layer's states over the real tokens (the attention mask), as
    /// sentence-transformers' mean pooling.
    case mean
    /// The first token's ([CLS]) last-layer state.
    case cls
    /// No pooling: every token's state, `[texts, longest, hidden]`, zeros past each text's end.
    case none
}

/// The settings of one ``Network/embed(_:options:progress:cancellation:)`` call.
public struct EmbeddingOptions: Sendable {
    public var pooling: EmbeddingPooling
    /// Divide each pooled vector by its Euclidean norm (at least 1e-12, as `F.normalize`).
    public var normalizes: Bool
    public var batchSize: Int
    /// The longest sequence, special tokens included; nil takes the network's.
    public var maxLength: Int?
    /// Whose states are pooled, numbered as HF's `hidden_states`: 0 the embeddings' output, i
    /// the output of encoder layer i (1-based), negative counting from the end (-1 the last
    /// layer); nil the last layer.
    public var layer: Int?

    public init(pooling: EmbeddingPooling = .mean, normalizes: Bool = false, batchSize: Int = 32, maxLength: Int? = nil,
                layer: Int? = nil) {
        self.pooling = pooling
        self.normalizes = normalizes
        self.batchSize = batchSize
        self.maxLength = maxLength
        self.layer = layer
    }

    /// `F.normalize`'s floor on the norm, so a zero vector stays zero.
    static let normFloor = 1e-12
    /// Texts tokenised between two checks for Ctrl-C (about 0.6 s of MiniLM sentences on one core).
    static let tokenizationChunk = 4_096
    /// sentence-transformers' floor on the token count of mean pooling.
    static let tokenCountFloor: Float = 1e-9
}

extension Network {
    /// Token ids of each text as the network's tokeniser makes them ([CLS] ... [SEP], truncated
    /// to `maxLength`, the network's by default).
    /// - Throws: ``NeuralError`` when the network is no encoder or has no tokeniser.
    public func tokenize(_ texts: [String], maxLength: Int? = nil) throws -> [[Int]] {
        let (input, tokenizer) = try encoderWithTokenizer()
        let length = try checkedMaxLength(maxLength, input: input)
        return texts.map { tokenizer.encode($0, maxLength: length) }
    }

    /// Embeddings of `texts`: tokenised, sorted by length so each batch pads little (as
    /// sentence-transformers does), run through the embeddings and every encoder layer in
    /// batches (the pooler is not used; `options.layer` stops earlier), pooled, and returned in
    /// the texts' order:
    /// `[texts, hidden]`, or `[texts, longest, hidden]` without pooling.
    /// Progress is reported per batch and `cancellation` checked between batches.
    /// - Throws: ``NeuralError`` for a network that is no encoder or has no tokeniser, or
    ///   options out of range; the cancellation's error when cancelled.
    public func embed(_ texts: [String], options: EmbeddingOptions = EmbeddingOptions(),
                      progress: ProgressReporter? = nil, cancellation: Cancellation = .never) throws -> Tensor {
        let (input, tokenizer) = try encoderWithTokenizer()
        guard (1...TransformerLimits.maxTexts).contains(texts.count) else {
            throw NeuralError.invalidArgument(argument: "texts", reason: "must hold 1 to \(TransformerLimits.maxTexts) texts, got \(texts.count)")
        }
        guard (1...TransformerLimits.maxBatchSize).contains(options.batchSize) else {
            throw NeuralError.invalidArgument(argument: "batch_size", reason: "must be in 1...\(TransformerLimits.maxBatchSize), got \(options.batchSize)")
        }
        if options.pooling == .none, options.normalizes {
            throw NeuralError.invalidArgument(argument: "normalize", reason: "applies to pooled embeddings; with pooling \"none\" leave it false")
        }
        let length = try checkedMaxLength(options.maxLength, input: input)
        let sequences = try Network.encode(texts, with: tokenizer, maxLength: length, cancellation: cancellation)
        return try embed(sequences: sequences, input: input, options: options, progress: progress, cancellation: cancellation)
    }

    /// Embeddings of sequences already tokenised (special tokens included), for an encoder with
    /// or without a tokeniser; see ``embed(_:options:progress:cancellation:)``.
    /// - Throws: ``NeuralError`` naming the first sequence that is empty, too long, or holds an
    ///   id outside the vocabulary.
    public func embed(tokenIDs sequences: [[Int]], options: EmbeddingOptions = EmbeddingOptions(),
                      progress: ProgressReporter? = nil, cancellation: Cancellation = .never) throws -> Tensor {
        guard let input = encoderInput else {
            throw NeuralError.invalidArgument(argument: "model", reason: "is not a transformer encoder (\(name))")
        }
        guard (1...TransformerLimits.maxTexts).contains(sequences.count) else {
            throw NeuralError.invalidArgument(argument: "token_ids", reason: "must hold 1 to \(TransformerLimits.maxTexts) sequences, got \(sequences.count)")
        }
        guard (1...TransformerLimits.maxBatchSize).contains(options.batchSize) else {
            throw NeuralError.invalidArgument(argument: "batch_size", reason: "must be in 1...\(TransformerLimits.maxBatchSize), got \(options.batchSize)")
        }
        let c = input.configuration
        for (index, sequence) in sequences.enumerated() {
            guard (1...c.maxPositions).contains(sequence.count) else {
                throw NeuralError.invalidArgument(argument: "token_ids", reason: "sequence \(index) has \(sequence.count) tokens; \(name) takes 1 to \(c.maxPositions)")
            }
            if let bad = sequence.first(where: { !(0..<c.vocabularySize).contains($0) }) {
                throw NeuralError.invalidArgument(argument: "token_ids", reason: "sequence \(index) holds id \(bad), outside the vocabulary 0..<\(c.vocabularySize)")
            }
        }
        return try embed(sequences: sequences, input: input, options: options, progress: progress, cancellation: cancellation)
    }

    private func embed(sequences: [[Int]], input: EncoderInput, options: EmbeddingOptions,
                       progress: ProgressReporter?, cancellation: Cancellation) throws -> Tensor {
        let hidden = input.configuration.hiddenSize, layers = input.configuration.layerCount
        var stage = options.layer ?? layers
        if stage < 0 { stage += layers + 1 }
        guard (0...layers).contains(stage) else {
            throw NeuralError.invalidArgument(argument: "layer", reason: "must be in \(-layers - 1)...\(layers) (0 the embeddings, \(layers) the last of \(name)'s \(layers) encoder layers), got \(options.layer ?? layers)")
        }
        let longest = sequences.map(\.count).max() ?? 1
        let rowSize = options.pooling == .none ? longest * hidden : hidden
        guard sequences.count.multipliedReportingOverflow(by: rowSize).partialValue <= TransformerLimits.maxEmbeddingElements,
              !sequences.count.multipliedReportingOverflow(by: rowSize).overflow else {
            throw NeuralError.invalidArgument(argument: "texts", reason: "\(sequences.count) texts of up to \(longest) tokens would give more than \(TransformerLimits.maxEmbeddingElements) values; embed fewer at a time or pool them")
        }
        var result = [Float](repeating: 0, count: sequences.count * rowSize)
        // Longest first, ties in text order: each batch pads to nearly its own length.
        let order = sequences.indices.sorted { sequences[$0].count > sequences[$1].count }
        defer { progress?.finish() }
        var done = 0
        while done < order.count {
            try cancellation.checkCancelled()
            let batch = Array(order[done..<min(done + options.batchSize, order.count)])
            let states = runEncoder(on: batch.map { sequences[$0] }, input: input, through: stage)
            let batchLength = sequences[batch[0]].count
            result.withUnsafeMutableBufferPointer { out in
                for (slot, text) in batch.enumerated() {
                    let count = sequences[text].count
                    let tokens = states.pointer + slot * batchLength * hidden
                    let row = out.baseAddress! + text * rowSize
                    pool(tokens, count: count, hidden: hidden, pooling: options.pooling, into: row)
                    if options.normalizes { normalize(row, count: hidden) }
                }
            }
            done += batch.count
            progress?.progress(done: done, total: order.count, label: "embed")
        }
        let shape = options.pooling == .none ? [sequences.count, longest, hidden] : [sequences.count, hidden]
        return try Tensor(shape: shape, values: result)
    }

    /// The states after stage `last` (0 the embeddings, i encoder layer i) for one batch,
    /// `[batch, longest of the batch, hidden]`.
    private func runEncoder(on batch: [[Int]], input: EncoderInput, through last: Int) -> FloatBuffer {
        let mode = ForwardMode.evaluation
        mode.sequences = loadSequences(batch, paddingID: input.tokenizer?.paddingID ?? 0)
        return forward(batchSize: batch.count, mode: mode, through: min(last, input.lastEncoderStage))
    }

    private func pool(_ tokens: UnsafePointer<Float>, count: Int, hidden: Int, pooling: EmbeddingPooling,
                      into row: UnsafeMutablePointer<Float>) {
        switch pooling {
        case .cls:
            row.update(from: tokens, count: hidden)
        case .none:
            row.update(from: tokens, count: count * hidden)
        case .mean:
            MeanPoolingLayer.mean(of: tokens, count: count, hidden: hidden, into: row)
        }
    }

    private func normalize(_ row: UnsafeMutablePointer<Float>, count: Int) {
        var squares = 0.0
        for j in 0..<count { squares += Double(row[j]) * Double(row[j]) }
        let norm = Float(max(squares.squareRoot(), EmbeddingOptions.normFloor))
        for j in 0..<count { row[j] /= norm }
    }

    private func encoderWithTokenizer() throws -> (EncoderInput, any TextTokenizer) {
        guard let input = encoderInput else {
            throw NeuralError.invalidArgument(argument: "model", reason: "is not a transformer encoder (\(name)); embed runs networks made by load_network or transformer_encoder")
        }
        guard let tokenizer = input.tokenizer else {
            throw NeuralError.invalidArgument(argument: "model", reason: "has no tokenizer (\(name)): load it with load_network from a directory with tokenizer.json, or name one with tokenizer:")
        }
        return (input, tokenizer)
    }

    private func checkedMaxLength(_ requested: Int?, input: EncoderInput) throws -> Int {
        guard let requested else { return input.maxLength }
        guard (2...input.configuration.maxPositions).contains(requested) else {
            throw NeuralError.invalidArgument(argument: "max_length", reason: "must be in 2...\(input.configuration.maxPositions) (the model's positions), got \(requested)")
        }
        return requested
    }
}
