/// The limits of the transformer encoders and their tokenisers, each with its reason.
public enum TransformerLimits {
    /// Largest `config.json` read: real ones are a few hundred bytes; the size is checked before
    /// a byte is read, so a wrong path (a checkpoint named config.json) fails at once.
    public static let maxConfigBytes = 1 << 20
    /// Largest `tokenizer.json` read (whole, to be parsed): BERT's is 466 KB, multilingual
    /// vocabularies of 250,000 pieces reach 17 MB.
    public static let maxTokenizerBytes = 64 << 20
    /// Largest vocabulary a configuration may declare: the embedding table is this many rows.
    public static let maxVocabularySize = 1_000_000
    /// Most positions (the longest sequence): BERT-style models use 512; longer ones need
    /// attention that is not quadratic in memory.
    public static let maxPositions = 8_192
    /// Most encoder layers (BERT-large has 24).
    public static let maxEncoderLayers = 256
    /// Widest hidden or feed-forward size (BERT-large: 1,024 and 4,096).
    public static let maxHiddenSize = 65_536
    /// HF WordPiece's own default: a longer "word" becomes [UNK] without being split.
    public static let defaultMaxInputCharactersPerWord = 100
    /// Most texts one `embed` call takes: each keeps its token ids in memory until its batch runs.
    public static let maxTexts = 10_000_000
    /// Largest batch of texts per forward pass: activations of 1,024 sequences of 512 tokens at
    /// hidden size 384 already take 800 MB per buffer.
    public static let maxBatchSize = 1_024
}

extension TransformerLimits {
    /// Most values one `embed` result holds (1 GiB of float32): token states without pooling
    /// grow with texts × tokens × hidden.
    public static let maxEmbeddingElements = 1 << 28
}
