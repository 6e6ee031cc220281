import Foundation

/// A byte-level BPE tokeniser read from an HF `tokenizer.json` (CLIP's text tower, GPT-2):
/// added tokens matched in the raw text, then for the text between them the normaliser
/// (``BytePairNormalizer``), the pre-tokeniser (``BytePairPreTokenizer``) and the BPE merges
/// (``BytePairModel``), and the post-processor's special tokens around the whole
/// (<|startoftext|> ... <|endoftext|> for CLIP). Token for token what HF `tokenizers` gives.
public struct BytePairTokenizer: TextTokenizer {
    public let source: String
    public var modelType: String { "BPE" }
    public let vocabularySize: Int
    public let paddingID: Int
    public let storedMaxLength: Int?
    let model: BytePairModel
    let normalizer: BytePairNormalizer
    let preTokenizer: BytePairPreTokenizer
    let template: SpecialTokenTemplate
    let addedTokens: AddedTokens

    /// Reads the parsed `tokenizer.json` of `path` (``TokenizerFile/read(path:)`` reads the file).
    /// - Throws: ``NeuralError/invalidData(_:)`` naming the file and the part it cannot use.
    init(json: [String: Any], path: String) throws {
        func fail(_ reason: String) -> NeuralError { NeuralError.invalidData("\(path): \(reason)") }
        self.model = try BytePairModel(readModel(json, type: "BPE", fail: fail), fail: fail)
        normalizer = try BytePairNormalizer.read(json["normalizer"], fail: fail)
        preTokenizer = try BytePairPreTokenizer.read(json["pre_tokenizer"], fail: fail)
        template = try SpecialTokenTemplate.read(json["post_processor"], vocabulary: self.model.vocabulary, fail: fail)
        addedTokens = try AddedTokens.read(json["added_tokens"], strict: true, fail: fail)
        source = path
        let largest = max(self.model.vocabulary.values.max() ?? 0, addedTokens.largestID ?? 0,
                          (template.prefixIDs + template.suffixIDs).max() ?? 0)
        vocabularySize = largest + 1
        let padding = ((json["padding"] as? [String: Any])?["pad_id"] as? NSNumber)?.intValue
        paddingID = padding ?? self.model.unknownID ?? 0
        storedMaxLength = ((json["truncation"] as? [String: Any])?["max_length"] as? NSNumber)?.intValue
    }

    public func encode(_ text: String, maxLength: Int) -> [Int] {
        template.wrap(tokenIDs(text), maxLength: maxLength)
    }

    /// The ids of `text` without the post-processor's special tokens.
    public func tokenIDs(_ text: String) -> [Int] {
        addedTokens.ids(of: text) { piece, ids in
            for word in preTokenizer.words(of: normalizer.normalize(piece)) { model.appendIDs(of: word, to: &ids) }
        }
    }

    public func tokens(_ text: String, maxLength: Int) -> [String] {
        var names = addedTokens.names
        for (token, id) in model.vocabulary where names[id] == nil { names[id] = token }
        return encode(text, maxLength: maxLength).map { names[$0] ?? "[\($0)]" }
    }
}
