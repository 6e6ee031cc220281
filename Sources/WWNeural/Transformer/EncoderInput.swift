/// What a transformer encoder network reads: token ids up to `maxLength` per sequence, and the
/// tokeniser that makes them from text when the network was loaded with one.
public struct EncoderInput: Sendable {
    public let configuration: BertConfiguration
    /// The tokeniser of the checkpoint (`tokenizer.json`), nil for a network built in wwn.
    public let tokenizer: (any TextTokenizer)?
    /// The longest sequence embedded, special tokens included: sentence-transformers'
    /// `max_seq_length` when the directory has one, else the tokeniser's truncation length, else
    /// the number of positions.
    public let maxLength: Int
    /// The index of the last encoder layer among the network's stages (the pooler, when
    /// present, comes after it; embeddings are read before it).
    public let lastEncoderStage: Int
    /// How the classification head reads the token states when the network has one
    /// (``Network/sequenceClassifier(_:)``), so it trains on labelled texts; nil for a bare encoder.
    public internal(set) var classifierPooling: ClassifierPooling? = nil
}
