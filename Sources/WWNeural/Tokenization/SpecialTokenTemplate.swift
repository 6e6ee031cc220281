import Foundation

/// The ids a tokeniser's post-processor puts around a single text: [CLS] ... [SEP] for BERT,
/// <|startoftext|> ... <|endoftext|> for CLIP, nothing for GPT-2.
struct SpecialTokenTemplate: Sendable {
    let prefixIDs: [Int]
    let suffixIDs: [Int]

    /// Reads `post_processor`: TemplateProcessing (its single-sequence template),
    /// BertProcessing and RobertaProcessing (cls and sep), ByteLevel (offsets only: no ids),
    /// or none.
    /// - Throws: through `fail`, naming another post-processor or a template token it does not define.
    static func read(_ value: Any?, vocabulary: [String: Int], fail: (String) -> NeuralError) throws -> SpecialTokenTemplate {
        guard let object = value as? [String: Any] else { return SpecialTokenTemplate(prefixIDs: [], suffixIDs: []) }
        let type = object["type"] as? String
        switch type {
        case "BertProcessing", "RobertaProcessing":
            guard let cls = object["cls"] as? [Any], let sep = object["sep"] as? [Any],
                  let clsID = (cls.last as? NSNumber)?.intValue, let sepID = (sep.last as? NSNumber)?.intValue else {
                throw fail("its \(type ?? "") lacks 'cls' or 'sep'")
            }
            return SpecialTokenTemplate(prefixIDs: [clsID], suffixIDs: [sepID])
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
            return SpecialTokenTemplate(prefixIDs: before, suffixIDs: after)
        case "ByteLevel":
            return SpecialTokenTemplate(prefixIDs: [], suffixIDs: [])
        default:
            throw fail("its post_processor is \(type ?? "unnamed"); only TemplateProcessing, BertProcessing, RobertaProcessing and ByteLevel are read")
        }
    }

    /// `ids` cut to `maxLength` minus the special tokens (HF's truncation of a single
    /// sequence), with the special tokens around them.
    func wrap(_ ids: [Int], maxLength: Int) -> [Int] {
        let room = max(0, maxLength - prefixIDs.count - suffixIDs.count)
        return prefixIDs + ids.prefix(room) + suffixIDs
    }
}
