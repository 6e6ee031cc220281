/// A tokeniser read from an HF `tokenizer.json`: WordPiece (BERT, MiniLM) or byte-level BPE
/// (CLIP's text tower, GPT-2), each token for token what HF `tokenizers` gives.
public protocol TextTokenizer: Sendable {
    /// The file it was read from, for messages.
    var source: String { get }
    /// Its `model.type` in `tokenizer.json`: "WordPiece" or "BPE".
    var modelType: String { get }
    /// One more than the largest id it gives.
    var vocabularySize: Int { get }
    /// The id that pads a batch to its longest sequence.
    var paddingID: Int { get }
    /// The truncation length stored in the file, if any.
    var storedMaxLength: Int? { get }
    /// The ids of `text` with the post-processor's special tokens around it, the text's own
    /// tokens cut to `maxLength` minus the special tokens (HF's truncation of a single sequence).
    func encode(_ text: String, maxLength: Int) -> [Int]
    /// The tokens of `text` as strings, as `encode` gives them (for display and tests).
    func tokens(_ text: String, maxLength: Int) -> [String]
}

extension TextTokenizer {
    /// The ids of each text, cut to `maxLength` (special tokens included) when given, else to
    /// the file's truncation length, else not cut.
    public func encode(_ texts: [String], maxLength: Int?) -> [[Int]] {
        let length = maxLength ?? storedMaxLength ?? .max
        return texts.map { encode($0, maxLength: length) }
    }
}

/// Reading a `tokenizer.json` of either kind.
public enum TokenizerFile {
    /// The tokeniser `path` describes, chosen by its `model.type`: WordPiece or BPE.
    /// - Throws: ``NeuralError/invalidData(_:)`` naming the file and the part it cannot use.
    public static func read(path: String) throws -> any TextTokenizer {
        let json = try readJSONObject(path: path, limit: TransformerLimits.maxTokenizerBytes, what: "tokenizer")
        let type = (json["model"] as? [String: Any])?["type"] as? String
        switch type {
        case "WordPiece": return try WordPieceTokenizer(json: json, path: path)
        case "BPE": return try BytePairTokenizer(json: json, path: path)
        case nil: throw NeuralError.invalidData("\(path): has no 'model' with a 'type'")
        case let other?:
            throw NeuralError.invalidData("\(path): its model is \(other); only WordPiece (BERT, MiniLM) and BPE (CLIP, GPT-2) tokenisers are read")
        }
    }
}
