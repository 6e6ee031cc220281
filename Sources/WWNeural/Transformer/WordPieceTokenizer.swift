import Foundation

/// A WordPiece tokeniser read from an HF `tokenizer.json` (BERT, MiniLM): special tokens matched
/// in the raw text, ``BertTextNormalizer`` (BertNormalizer and BertPreTokenizer), greedy
/// longest-match-first WordPiece with "##" continuations (a word with no split is [UNK]), and
/// the template's [CLS] ... [SEP] around the sequence. Token for token what HF `tokenizers`
/// gives.
public struct WordPieceTokenizer: TextTokenizer {
    /// The file it was read from, for messages.
    public let source: String
    public var modelType: String { "WordPiece" }
    let vocabulary: [String: Int]
    public let vocabularySize: Int
    let normalizer: BertTextNormalizer
    let unknownID: Int
    let continuationPrefix: String
    let maxInputCharactersPerWord: Int
    /// The ids put before and after the text by the post-processor ([CLS] and [SEP]).
    let template: SpecialTokenTemplate
    public let paddingID: Int
    /// The truncation length stored in the file, if any.
    public let storedMaxLength: Int?
    /// Added tokens matched in the raw text before normalisation ([CLS], [SEP], [MASK], ...).
    let addedTokens: AddedTokens

    /// Reads `tokenizer.json`, checking its size first.
    /// - Throws: ``NeuralError/invalidData(_:)`` naming the file and the part it cannot use
    ///   (another model than WordPiece, another normaliser or pre-tokeniser, a missing token).
    public static func read(path: String) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(json: readJSONObject(path: path, limit: TransformerLimits.maxTokenizerBytes, what: "tokenizer"),
                               path: path)
    }

    /// Reads the parsed `tokenizer.json` of `path`.
    init(json: [String: Any], path: String) throws {
        func fail(_ reason: String) -> NeuralError { NeuralError.invalidData("\(path): \(reason)") }
        let model = try readModel(json, type: "WordPiece", fail: fail)
        let vocabulary = try readVocabulary(model["vocab"], model: "WordPiece", fail: fail)
        func id(of token: String, _ role: String) throws -> Int {
            guard let id = vocabulary[token] else { throw fail("its \(role) '\(token)' is not in the vocabulary") }
            return id
        }
        let unknown = try id(of: model["unk_token"] as? String ?? "[UNK]", "unknown token")
        let normalizer = try Self.readNormalizer(json["normalizer"], fail: fail)
        if let pre = json["pre_tokenizer"] as? [String: Any] {
            guard pre["type"] as? String == "BertPreTokenizer" else {
                throw fail("its pre_tokenizer is \(pre["type"] as? String ?? "unnamed"); only BertPreTokenizer is read")
            }
        } else {
            throw fail("has no BertPreTokenizer")
        }
        let template = try SpecialTokenTemplate.read(json["post_processor"], vocabulary: vocabulary, fail: fail)
        let added = try AddedTokens.read(json["added_tokens"], strict: false, fail: fail)
        let padding = (json["padding"] as? [String: Any])?["pad_id"] as? NSNumber
        let truncation = (json["truncation"] as? [String: Any])?["max_length"] as? NSNumber
        let size = (vocabulary.values.max() ?? 0) + 1
        source = path
        self.vocabulary = vocabulary
        vocabularySize = max(size, (added.largestID ?? 0) + 1)
        self.normalizer = normalizer
        unknownID = unknown
        continuationPrefix = model["continuing_subword_prefix"] as? String ?? "##"
        maxInputCharactersPerWord = (model["max_input_chars_per_word"] as? NSNumber)?.intValue
            ?? TransformerLimits.defaultMaxInputCharactersPerWord
        self.template = template
        paddingID = padding?.intValue ?? vocabulary["[PAD]"] ?? 0
        storedMaxLength = truncation?.intValue
        addedTokens = added
    }

    private static func readNormalizer(_ value: Any?, fail: (String) -> NeuralError) throws -> BertTextNormalizer {
        guard let object = value as? [String: Any] else { throw fail("has no BertNormalizer") }
        guard object["type"] as? String == "BertNormalizer" else {
            throw fail("its normalizer is \(object["type"] as? String ?? "unnamed"); only BertNormalizer is read")
        }
        let lowercase = object["lowercase"] as? Bool ?? true
        return BertTextNormalizer(cleansText: object["clean_text"] as? Bool ?? true,
                                  separatesChineseCharacters: object["handle_chinese_chars"] as? Bool ?? true,
                                  stripsAccents: object["strip_accents"] as? Bool ?? lowercase, lowercases: lowercase)
    }

    /// The ids of `text` with the special tokens around it, the text's own tokens cut to
    /// `maxLength` minus the special tokens (HF's truncation of a single sequence).
    public func encode(_ text: String, maxLength: Int) -> [Int] {
        template.wrap(tokenIDs(text), maxLength: maxLength)
    }

    /// The ids of `text` without special tokens around it.
    public func tokenIDs(_ text: String) -> [Int] {
        addedTokens.ids(of: text) { piece, ids in
            for word in normalizer.words(of: piece) { appendWordPieces(of: word, to: &ids) }
        }
    }

    /// The tokens of `text` as strings (for display and tests).
    public func tokens(_ text: String, maxLength: Int) -> [String] {
        var names = [Int: String]()
        for (token, id) in vocabulary where names[id] == nil { names[id] = token }
        for (id, content) in addedTokens.names where names[id] == nil { names[id] = content }
        return encode(text, maxLength: maxLength).map { names[$0] ?? "[\($0)]" }
    }

    /// Greedy longest-match-first over the word's characters (Unicode scalars, as Rust's chars).
    private func appendWordPieces(of word: String, to ids: inout [Int]) {
        let characters = Array(word.unicodeScalars)
        guard characters.count <= maxInputCharactersPerWord else {
            ids.append(unknownID)
            return
        }
        var pieces: [Int] = [], start = 0
        while start < characters.count {
            var end = characters.count, found: Int?
            while start < end {
                var candidate = String(String.UnicodeScalarView(characters[start..<end]))
                if start > 0 { candidate = continuationPrefix + candidate }
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else {
                ids.append(unknownID)
                return
            }
            pieces.append(found)
            start = end
        }
        ids += pieces
    }
}
