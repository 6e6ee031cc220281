import Foundation

/// A WordPiece tokeniser read from an HF `tokenizer.json` (BERT, MiniLM): special tokens matched
/// in the raw text, ``BertTextNormalizer`` (BertNormalizer and BertPreTokenizer), greedy
/// longest-match-first WordPiece with "##" continuations (a word with no split is [UNK]), and
/// the template's [CLS] ... [SEP] around the sequence. Token for token what HF `tokenizers`
/// gives.
public struct WordPieceTokenizer: Sendable {
    /// The file it was read from, for messages.
    public let source: String
    let vocabulary: [String: Int]
    public let vocabularySize: Int
    let normalizer: BertTextNormalizer
    let unknownID: Int
    let continuationPrefix: String
    let maxInputCharactersPerWord: Int
    /// Ids put before and after the text by the post-processor ([CLS] and [SEP]).
    let prefixIDs: [Int]
    let suffixIDs: [Int]
    public let paddingID: Int
    /// The truncation length stored in the file, if any.
    public let storedMaxLength: Int?
    /// Added tokens matched in the raw text before normalisation ([CLS], [SEP], [MASK], ...),
    /// longest first so that one containing another wins.
    let addedTokens: [(content: String, id: Int)]

    /// Reads `tokenizer.json`, checking its size first.
    /// - Throws: ``NeuralError/invalidData(_:)`` naming the file and the part it cannot use
    ///   (another model than WordPiece, another normaliser or pre-tokeniser, a missing token).
    public static func read(path: String) throws -> WordPieceTokenizer {
        let json = try readJSONObject(path: path, limit: TransformerLimits.maxTokenizerBytes, what: "tokenizer")
        func fail(_ reason: String) -> NeuralError { NeuralError.invalidData("\(path): \(reason)") }
        guard let model = json["model"] as? [String: Any], let type = model["type"] as? String else {
            throw fail("has no 'model' with a 'type'")
        }
        guard type == "WordPiece" else { throw fail("its model is \(type); only WordPiece tokenisers (BERT, MiniLM) are read") }
        guard let rawVocabulary = model["vocab"] as? [String: Any], !rawVocabulary.isEmpty else {
            throw fail("its WordPiece model has no 'vocab'")
        }
        guard rawVocabulary.count <= TransformerLimits.maxVocabularySize else {
            throw fail("its vocabulary has \(rawVocabulary.count) tokens, more than the limit of \(TransformerLimits.maxVocabularySize)")
        }
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(rawVocabulary.count)
        for (token, value) in rawVocabulary {
            guard let number = value as? NSNumber, let id = Int(exactly: number.doubleValue),
                  (0..<TransformerLimits.maxVocabularySize).contains(id) else {
                throw fail("the vocabulary gives '\(token)' the id \(value), not a whole number in 0..<\(TransformerLimits.maxVocabularySize)")
            }
            vocabulary[token] = id
        }
        func id(of token: String, _ role: String) throws -> Int {
            guard let id = vocabulary[token] else { throw fail("its \(role) '\(token)' is not in the vocabulary") }
            return id
        }
        let unknown = try id(of: model["unk_token"] as? String ?? "[UNK]", "unknown token")
        let normalizer = try readNormalizer(json["normalizer"], fail: fail)
        if let pre = json["pre_tokenizer"] as? [String: Any] {
            guard pre["type"] as? String == "BertPreTokenizer" else {
                throw fail("its pre_tokenizer is \(pre["type"] as? String ?? "unnamed"); only BertPreTokenizer is read")
            }
        } else {
            throw fail("has no BertPreTokenizer")
        }
        let (prefix, suffix) = try readSpecialTokens(json["post_processor"], vocabulary: vocabulary, fail: fail)
        var added: [(String, Int)] = []
        for entry in json["added_tokens"] as? [[String: Any]] ?? [] {
            guard let content = entry["content"] as? String, !content.isEmpty,
                  let number = entry["id"] as? NSNumber, let id = Int(exactly: number.doubleValue) else { continue }
            added.append((content, id))
        }
        let padding = (json["padding"] as? [String: Any])?["pad_id"] as? NSNumber
        let truncation = (json["truncation"] as? [String: Any])?["max_length"] as? NSNumber
        let size = (vocabulary.values.max() ?? 0) + 1
        return WordPieceTokenizer(
            source: path, vocabulary: vocabulary, vocabularySize: max(size, (added.map(\.1).max() ?? 0) + 1),
            normalizer: normalizer, unknownID: unknown,
            continuationPrefix: model["continuing_subword_prefix"] as? String ?? "##",
            maxInputCharactersPerWord: (model["max_input_chars_per_word"] as? NSNumber)?.intValue
                ?? TransformerLimits.defaultMaxInputCharactersPerWord,
            prefixIDs: prefix, suffixIDs: suffix,
            paddingID: padding?.intValue ?? vocabulary["[PAD]"] ?? 0, storedMaxLength: truncation?.intValue,
            addedTokens: added.sorted { $0.0.unicodeScalars.count > $1.0.unicodeScalars.count })
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

    /// The ids a TemplateProcessing (single-sequence template) or BertProcessing puts around the text.
    private static func readSpecialTokens(_ value: Any?, vocabulary: [String: Int],
                                          fail: (String) -> NeuralError) throws -> ([Int], [Int]) {
        guard let object = value as? [String: Any] else { return ([], []) }
        switch object["type"] as? String {
        case "BertProcessing":
            guard let cls = object["cls"] as? [Any], let sep = object["sep"] as? [Any],
                  let clsID = (cls.last as? NSNumber)?.intValue, let sepID = (sep.last as? NSNumber)?.intValue else {
                throw fail("its BertProcessing lacks 'cls' or 'sep'")
            }
            return ([clsID], [sepID])
        case "TemplateProcessing":
            guard let single = object["single"] as? [[String: Any]] else { throw fail("its TemplateProcessing has no 'single' template") }
            let specials = object["special_tokens"] as? [String: Any] ?? [:]
            var before: [Int] = [], after: [Int] = [], seenSequence = false
            for piece in single {
                if piece["Sequence"] != nil {
                    seenSequence = true
                } else if let special = piece["SpecialToken"] as? [String: Any], let name = special["id"] as? String {
                    let ids = ((specials[name] as? [String: Any])?["ids"] as? [NSNumber])?.map(\.intValue)
                        ?? vocabulary[name].map { [$0] }
                    guard let ids else { throw fail("its template names the special token '\(name)', which it does not define") }
                    if seenSequence { after += ids } else { before += ids }
                }
            }
            return (before, after)
        default:
            throw fail("its post_processor is \(object["type"] as? String ?? "unnamed"); only TemplateProcessing and BertProcessing are read")
        }
    }

    /// The ids of `text` with the special tokens around it, the text's own tokens cut to
    /// `maxLength` minus the special tokens (HF's truncation of a single sequence).
    public func encode(_ text: String, maxLength: Int) -> [Int] {
        let room = max(0, maxLength - prefixIDs.count - suffixIDs.count)
        return prefixIDs + tokenIDs(text).prefix(room) + suffixIDs
    }

    /// The ids of `text` without special tokens around it.
    public func tokenIDs(_ text: String) -> [Int] {
        var ids: [Int] = []
        for segment in splitOnAddedTokens(text) {
            switch segment {
            case .added(let id): ids.append(id)
            case .text(let piece):
                for word in normalizer.words(of: piece) { appendWordPieces(of: word, to: &ids) }
            }
        }
        return ids
    }

    /// The tokens of `text` as strings (for display and tests).
    public func tokens(_ text: String, maxLength: Int) -> [String] {
        var names = [Int: String]()
        for (token, id) in vocabulary where names[id] == nil { names[id] = token }
        for (content, id) in addedTokens where names[id] == nil { names[id] = content }
        return encode(text, maxLength: maxLength).map { names[$0] ?? "[\($0)]" }
    }

    private enum Segment {
        case text(String)
        case added(Int)
    }

    /// The text cut around occurrences of the added tokens (matched on the raw text, as
    /// tokenizers does for tokens marked `normalized: false`, the special tokens).
    private func splitOnAddedTokens(_ text: String) -> [Segment] {
        guard !addedTokens.isEmpty, addedTokens.contains(where: { text.contains($0.content) }) else { return [.text(text)] }
        let scalars = Array(text.unicodeScalars)
        let added = addedTokens.map { (Array($0.content.unicodeScalars), $0.id) }
        var segments: [Segment] = [], start = 0, index = 0
        while index < scalars.count {
            if let match = added.first(where: { token, _ in
                index + token.count <= scalars.count && scalars[index..<(index + token.count)].elementsEqual(token)
            }) {
                if start < index { segments.append(.text(String(String.UnicodeScalarView(scalars[start..<index])))) }
                segments.append(.added(match.1))
                index += match.0.count
                start = index
            } else {
                index += 1
            }
        }
        if start < scalars.count { segments.append(.text(String(String.UnicodeScalarView(scalars[start...])))) }
        return segments
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
