import Foundation
import WWBase
import WWModelFormats
import WWNumerics

extension Network {
    /// Buffers HF BERT checkpoints may hold that are not weights (the position and token-type
    /// index tables, `arange` and zeros): they are skipped when a checkpoint is read.
    static let bertIndexBuffers: Set<String> = ["embeddings.position_ids", "embeddings.token_type_ids",
                                                "bert.embeddings.position_ids", "bert.embeddings.token_type_ids"]

    /// A runnable BERT-layout encoder from an HF model directory: `config.json` (model_type
    /// "bert"), `model.safetensors` (or a sharded index of them) read through WWModelFormats,
    /// and `tokenizer.json` (or the file `tokenizer` names) when present. sentence-transformers'
    /// `sentence_bert_config.json` gives the longest sequence embedded.
    ///
    /// Every tensor of the checkpoint must fit the layout the configuration describes, by name
    /// and shape; the pooler is kept when the checkpoint has one. A checkpoint of HF's
    /// `BertForSequenceClassification` (`bert.*` and `classifier.*`, as a fine-tuned wwn
    /// classifier saves too) gives the network with its classification head
    /// (``sequenceClassifier(_:)``): as many classes as `classifier.weight` has rows, pooling
    /// "cls" (or "mean" when it has no pooler), and the dropout of its `config.json`.
    /// - Throws: ``NeuralError`` naming the file, or the first tensor that does not fit.
    public static func loadEncoder(directory: String, tokenizer tokenizerPath: String? = nil) throws -> Network {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NeuralError.invalidData("\(directory) is not a directory; load_network reads an HF model directory (config.json and model.safetensors)")
        }
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let configuration = try BertConfiguration.read(path: file("config.json"))
        let weightsPath = ["model.safetensors", "model.safetensors.index.json"].map(file)
            .first { FileManager.default.fileExists(atPath: $0) }
        guard let weightsPath else {
            throw NeuralError.invalidData("\(directory) has no model.safetensors (nor model.safetensors.index.json); only safetensors checkpoints are read")
        }
        let checkpoint: ModelFile
        do {
            checkpoint = try ModelFile.open(weightsPath)
        } catch let error as DomainError {
            throw NeuralError.invalidData(error.description)
        }
        let tokenizerFile = tokenizerPath ?? file("tokenizer.json")
        let tokenizer = tokenizerPath != nil || FileManager.default.fileExists(atPath: tokenizerFile)
            ? try TokenizerFile.read(path: tokenizerFile) : nil
        if let tokenizer, tokenizer.vocabularySize > configuration.vocabularySize {
            throw NeuralError.invalidData("\(tokenizer.source) has ids up to \(tokenizer.vocabularySize - 1), but \(file("config.json")) has a vocabulary of \(configuration.vocabularySize)")
        }
        let head = checkpoint.weights.first { $0.name == "classifier.weight" }
        let prefix = head == nil ? "" : "bert."
        let hasPooler = checkpoint.weights.contains { $0.name == prefix + "pooler.dense.weight" }
        var network = try encoderLayout(configuration, pooler: hasPooler, tokenizer: tokenizer,
                                        maxLength: try sentenceTransformersMaxLength(file("sentence_bert_config.json")))
        if let head {
            guard head.shape.count == 2, head.shape[1] == configuration.hiddenSize, head.shape[0] >= 1 else {
                throw NeuralError.weightMismatch("'classifier.weight' in \(checkpoint.source) has shape \(head.shape), but a classifier on hidden size \(configuration.hiddenSize) is [classes, \(configuration.hiddenSize)]")
            }
            var options = try ClassifierHeadOptions.read(configurationPath: file("config.json"), classes: head.shape[0])
            options.pooling = hasPooler ? .cls : .mean
            network = try network.sequenceClassifier(options)
        }
        try checkLayout(of: checkpoint, fits: network)
        try network.loadWeights(from: checkpoint, strict: false, matching: .name)
        network.name = "\((directory as NSString).lastPathComponent) (\(network.name))"
        return network
    }

    /// Checks tensor by tensor, in the network's order, that the checkpoint holds each one with
    /// the network's shape, then that it holds nothing else (but the names in `ignoring`).
    /// `layout` says what the network is, for the errors ("the BERT layout its config.json
    /// describes", "torchvision's resnet50").
    /// - Throws: ``NeuralError/weightMismatch(_:)`` naming the first tensor that does not fit.
    static func checkLayout(of checkpoint: WeightCollection, fits network: Network,
                            layout: String = "the BERT layout (embeddings, encoder.layer.N, pooler; under bert. with a classifier) its config.json describes",
                            ignoring: Set<String> = bertIndexBuffers) throws {
        let listed = Dictionary(checkpoint.weights.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in network.namedState {
            guard let info = listed[entry.name] else {
                throw NeuralError.weightMismatch("\(checkpoint.source) has no tensor '\(entry.name)' (shape \(entry.tensor.shape)) of \(layout) (its first tensor: '\(checkpoint.weights.first?.name ?? "none")')")
            }
            guard info.shape == entry.tensor.shape else {
                throw NeuralError.weightMismatch("'\(entry.name)' in \(checkpoint.source) has shape \(info.shape), but \(layout) has \(entry.tensor.shape)")
            }
        }
        let known = Set(network.namedState.map(\.name)).union(ignoring)
        if let stray = checkpoint.weights.first(where: { !known.contains($0.name) }) {
            throw NeuralError.weightMismatch("'\(stray.name)' (shape \(stray.shape)) in \(checkpoint.source) does not fit \(layout)")
        }
    }

    /// sentence-transformers' `max_seq_length`, when the file exists.
    private static func sentenceTransformersMaxLength(_ path: String) throws -> Int? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let object = try readJSONObject(path: path, limit: TransformerLimits.maxConfigBytes, what: "sentence-transformers configuration")
        guard let value = object["max_seq_length"] else { return nil }
        guard let number = value as? NSNumber, let length = Int(exactly: number.doubleValue), length >= 2 else {
            throw NeuralError.invalidData("\(path): max_seq_length must be a whole number of at least 2, got \(value)")
        }
        return length
    }
}
