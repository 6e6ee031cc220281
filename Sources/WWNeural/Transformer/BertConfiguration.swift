import Foundation
import WWBase

/// The hyper-parameters of a BERT-layout encoder, as HF's `BertConfig` names them in
/// `config.json` (all-MiniLM-L6-v2 is a BERT with 6 layers of width 384).
public struct BertConfiguration: Equatable, Sendable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Double

    public init(vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int,
                maxPositions: Int = 512, typeVocabularySize: Int = 2, layerNormEpsilon: Double = 1e-12) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
    }

    /// Checks every size against ``TransformerLimits``; `source` names the file or argument.
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` naming the field.
    public func validate(source: String) throws {
        func check(_ value: Int, _ field: String, _ range: ClosedRange<Int>) throws {
            guard range.contains(value) else {
                throw NeuralError.invalidArgument(argument: source, reason: "\(field) is \(value), outside \(range.lowerBound)...\(range.upperBound)")
            }
        }
        try check(vocabularySize, "vocab_size", 1...TransformerLimits.maxVocabularySize)
        try check(hiddenSize, "hidden_size", 1...TransformerLimits.maxHiddenSize)
        try check(layerCount, "num_hidden_layers", 1...TransformerLimits.maxEncoderLayers)
        try check(headCount, "num_attention_heads", 1...hiddenSize)
        try check(intermediateSize, "intermediate_size", 1...TransformerLimits.maxHiddenSize)
        try check(maxPositions, "max_position_embeddings", 1...TransformerLimits.maxPositions)
        try check(typeVocabularySize, "type_vocab_size", 1...TransformerLimits.maxVocabularySize)
        guard hiddenSize % headCount == 0 else {
            throw NeuralError.invalidArgument(argument: source, reason: "hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
        guard layerNormEpsilon.isFinite, layerNormEpsilon > 0 else {
            throw NeuralError.invalidArgument(argument: source, reason: "layer_norm_eps must be finite and > 0, got \(layerNormEpsilon)")
        }
    }

    /// Reads an HF `config.json` of a BERT-layout model (`model_type` "bert", absolute
    /// positions, GELU), checking its size before reading it.
    /// - Throws: ``NeuralError`` naming the file and the field that is missing or unsupported.
    public static func read(path: String) throws -> BertConfiguration {
        let object = try readJSONObject(path: path, limit: TransformerLimits.maxConfigBytes, what: "configuration")
        func integer(_ key: String, default value: Int? = nil) throws -> Int {
            if let number = object[key] as? NSNumber, let whole = Int(exactly: number.doubleValue) { return whole }
            if object[key] == nil, let value { return value }
            throw NeuralError.invalidData("\(path): '\(key)' must be a whole number\(object[key] == nil ? " and is missing" : "")")
        }
        let type = object["model_type"] as? String ?? "(none)"
        guard type == "bert" else {
            throw NeuralError.invalidData("\(path): model_type is '\(type)'; load_network reads BERT-layout encoders (model_type \"bert\": BERT, MiniLM) only")
        }
        let activation = object["hidden_act"] as? String ?? "gelu"
        guard activation == "gelu" else {
            throw NeuralError.invalidData("\(path): hidden_act is '\(activation)'; only the exact \"gelu\" is supported")
        }
        let positions = object["position_embedding_type"] as? String ?? "absolute"
        guard positions == "absolute" else {
            throw NeuralError.invalidData("\(path): position_embedding_type is '\(positions)'; only \"absolute\" is supported")
        }
        let epsilon = (object["layer_norm_eps"] as? NSNumber)?.doubleValue ?? 1e-12
        let configuration = BertConfiguration(
            vocabularySize: try integer("vocab_size"), hiddenSize: try integer("hidden_size"),
            layerCount: try integer("num_hidden_layers"), headCount: try integer("num_attention_heads"),
            intermediateSize: try integer("intermediate_size"), maxPositions: try integer("max_position_embeddings", default: 512),
            typeVocabularySize: try integer("type_vocab_size", default: 2), layerNormEpsilon: epsilon)
        try configuration.validate(source: path)
        return configuration
    }
}

/// The top-level JSON object of a regular file of at most `limit` bytes; the size is checked on
/// the open descriptor before a byte is read (a FIFO or folder is refused without blocking).
/// - Throws: ``NeuralError/invalidData(_:)`` naming the file (missing, too large, not JSON, not an object).
func readJSONObject(path: String, limit: Int, what: String) throws -> [String: Any] {
    let descriptor: Int32
    switch RegularFile.open(path) {
    case .success(let opened): descriptor = opened
    case .failure(let error): throw NeuralError.invalidData("the \(what) file \(path) \(error.reason)")
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw NeuralError.invalidData("the \(what) file \(path) cannot be examined") }
    guard Int(info.st_size) <= limit else {
        throw NeuralError.invalidData("the \(what) file \(path) is \(info.st_size) bytes, more than the limit of \(limit)")
    }
    let data: Data
    do {
        data = try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
        throw NeuralError.invalidData("the \(what) file \(path) cannot be read (\(error.localizedDescription))")
    }
    guard data.count <= limit else {
        throw NeuralError.invalidData("the \(what) file \(path) grew past the limit of \(limit) bytes while being read")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any] else {
        throw NeuralError.invalidData("\(path): the \(what) is not a JSON object")
    }
    return dictionary
}
