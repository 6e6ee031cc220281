import Foundation

/// The `vocab` of a `tokenizer.json` model (token to id), each id checked to be a whole
/// number below ``TransformerLimits/maxVocabularySize``.
/// - Throws: through `fail`, naming a missing or empty vocabulary, one too large, or a bad id.
func readVocabulary(_ value: Any?, model: String, fail: (String) -> NeuralError) throws -> [String: Int] {
    guard let rawVocabulary = value as? [String: Any], !rawVocabulary.isEmpty else {
        throw fail("its \(model) model has no 'vocab'")
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
    return vocabulary
}

/// The `model` object of a parsed `tokenizer.json`, checked to be of `type`.
/// - Throws: through `fail`, naming a missing model or another type.
func readModel(_ json: [String: Any], type expected: String, fail: (String) -> NeuralError) throws -> [String: Any] {
    guard let model = json["model"] as? [String: Any], let type = model["type"] as? String else {
        throw fail("has no 'model' with a 'type'")
    }
    guard type == expected else { throw fail("its model is \(type), not \(expected)") }
    return model
}
