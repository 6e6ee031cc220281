import Foundation
import WWNumerics

/// How a classification head reads an encoder's token states.
public enum ClassifierPooling: String, CaseIterable, Sendable {
    /// HF `BertForSequenceClassification`: BERT's pooler (dense and tanh) on the first token
    /// ([CLS]), dropout, then the classifier.
    case cls
    /// The mean of the last layer's states over the real tokens (sentence-transformers' mean
    /// pooling), dropout, then the classifier; BERT's pooler is left out.
    case mean
}

/// The settings of ``Network/sequenceClassifier(_:)``. The dropout defaults are HF `BertConfig`'s.
public struct ClassifierHeadOptions: Sendable {
    public var classes: Int
    public var pooling: ClassifierPooling
    /// `hidden_dropout_prob`: after the embeddings and the attention output and feed-forward
    /// projections, and before the classifier unless `classifierDropout` is set.
    public var hiddenDropout: Double
    /// `classifier_dropout`: before the classifier; nil takes `hiddenDropout`, as HF does.
    public var classifierDropout: Double?
    /// `attention_probs_dropout_prob`: on the attention probabilities.
    public var attentionDropout: Double
    /// The longest sequence trained or evaluated, special tokens included; nil keeps the encoder's.
    public var maxLength: Int?
    /// Seeds the weights drawn for the head: the classifier and, when the encoder has none, the pooler.
    public var seed: UInt64
    /// The standard deviation of those weights (HF BERT's `initializer_range`).
    public var initializerRange: Double

    public init(classes: Int, pooling: ClassifierPooling = .cls, hiddenDropout: Double = 0.1, attentionDropout: Double = 0.1,
                maxLength: Int? = nil, seed: UInt64 = 0, initializerRange: Double = 0.02) {
        self.classes = classes
        self.pooling = pooling
        self.hiddenDropout = hiddenDropout
        self.attentionDropout = attentionDropout
        self.maxLength = maxLength
        self.seed = seed
        self.initializerRange = initializerRange
    }

    /// Most classes of a head: the classifier holds a row of `hidden` weights per class, and a
    /// million rows of BERT-large's 1,024 are already 4 GB.
    public static let maxClasses = 1_000_000

    func validate() throws {
        guard (1...Self.maxClasses).contains(classes) else {
            throw NeuralError.invalidArgument(argument: "classes", reason: "must be in 1...\(Self.maxClasses), got \(classes)")
        }
        for (name, p) in [("dropout", hiddenDropout), ("attention_dropout", attentionDropout),
                          ("classifier_dropout", classifierDropout ?? 0)] where !(p >= 0 && p < 1) {
            throw NeuralError.invalidArgument(argument: name, reason: "must be in [0, 1), got \(p)")
        }
        guard initializerRange.isFinite, initializerRange >= 0 else {
            throw NeuralError.invalidArgument(argument: "initializer_range", reason: "must be finite and >= 0, got \(initializerRange)")
        }
    }

    /// The dropout of an HF `config.json` (`hidden_dropout_prob`, `attention_probs_dropout_prob`,
    /// `classifier_dropout`; BertConfig's defaults when absent) for a head of `classes` outputs.
    /// - Throws: ``NeuralError`` naming the file and the field out of range.
    static func read(configurationPath path: String, classes: Int) throws -> ClassifierHeadOptions {
        let object = try readJSONObject(path: path, limit: TransformerLimits.maxConfigBytes, what: "configuration")
        func probability(_ key: String) throws -> Double? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let number = value as? NSNumber, number.doubleValue >= 0, number.doubleValue < 1 else {
                throw NeuralError.invalidData("\(path): '\(key)' must be a probability in [0, 1), got \(value)")
            }
            return number.doubleValue
        }
        var options = ClassifierHeadOptions(classes: classes, hiddenDropout: try probability("hidden_dropout_prob") ?? 0.1,
                                            attentionDropout: try probability("attention_probs_dropout_prob") ?? 0.1)
        options.classifierDropout = try probability("classifier_dropout")
        return options
    }
}

extension Network {
    /// A new network: a copy of this encoder with a classification head, laid out and named as
    /// HF's `BertForSequenceClassification` — `bert.embeddings`, `bert.encoder.layer.<i>`,
    /// `bert.pooler` (with `.cls` pooling), `dropout`, `classifier` — so its weights are that
    /// model's checkpoint, key for key. Its outputs are `classes` logits, and it trains on data
    /// sets of labelled texts (``train(on:options:)`` tokenises them with the encoder's tokeniser).
    ///
    /// The encoder's weights are copied (the encoder is left unchanged); the pooler is the
    /// encoder's when it has one. New weights are drawn as HF initialises them: linear weights
    /// normal(0, `initializerRange`), biases 0, pooler first, from a stream seeded with `seed`.
    /// Dropout is set in every block as `options` says; it acts only while training.
    /// - Throws: ``NeuralError`` for a network that is no encoder or already has a head, or
    ///   options out of range.
    public func sequenceClassifier(_ options: ClassifierHeadOptions) throws -> Network {
        guard let input = encoderInput else {
            throw NeuralError.invalidArgument(argument: "model", reason: "is not a transformer encoder (\(name)); classifier puts a head on networks made by load_network or transformer_encoder")
        }
        guard input.classifierPooling == nil else {
            throw NeuralError.invalidArgument(argument: "model", reason: "already has a classification head (\(name))")
        }
        try options.validate()
        let configuration = input.configuration
        var maxLength = input.maxLength
        if let requested = options.maxLength {
            guard (2...configuration.maxPositions).contains(requested) else {
                throw NeuralError.invalidArgument(argument: "max_length", reason: "must be in 2...\(configuration.maxPositions) (the model's positions), got \(requested)")
            }
            maxLength = requested
        }
        var stages: [LayerPasses] = (0...input.lastEncoderStage).map { self.stages[$0].copy() }
        var names = (0...input.lastEncoderStage).map { "bert." + stageNames[$0] }
        for stage in stages {
            (stage as? BertEmbeddingsLayer)?.dropout.probability = options.hiddenDropout
            (stage as? BertLayer)?.setDropout(hidden: options.hiddenDropout, attention: options.attentionDropout)
        }
        var random = SeededRandom(seed: options.seed)
        func drawn(_ linear: LinearLayer) -> LinearLayer {
            for index in linear.weight.values.indices {
                linear.weight.values[index] = Float(random.nextNormal() * options.initializerRange)
            }
            linear.bias?.values = [Float](repeating: 0, count: linear.bias?.count ?? 0)
            return linear
        }
        let hidden = configuration.hiddenSize
        switch options.pooling {
        case .cls:
            let existing = stages.count < self.stages.count ? self.stages[stages.count] as? BertPoolerLayer : nil
            let pooler = existing?.copy() as? BertPoolerLayer ?? BertPoolerLayer(hiddenSize: hidden)
            if existing == nil { _ = drawn(pooler.dense) }
            stages.append(pooler)
            names.append("bert.pooler")
        case .mean:
            stages.append(MeanPoolingLayer(hiddenSize: hidden))
            names.append("pooling")
        }
        stages.append(try DropoutLayer(probability: options.classifierDropout ?? options.hiddenDropout))
        names.append("dropout")
        stages.append(drawn(LinearLayer(inputFeatures: hidden, outputFeatures: options.classes)))
        names.append("classifier")
        let network = try Network(name: "\(name) + classifier (\(options.classes) classes, \(options.pooling.rawValue) pooling)",
                                  inputShape: inputShape, stages: stages, names: names)
        network.encoderInput = EncoderInput(configuration: configuration, tokenizer: input.tokenizer, maxLength: maxLength,
                                            lastEncoderStage: input.lastEncoderStage, classifierPooling: options.pooling)
        return network
    }
}
