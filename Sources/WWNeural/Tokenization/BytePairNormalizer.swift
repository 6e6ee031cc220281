import Foundation

/// The normalisers a byte-level BPE `tokenizer.json` may name, applied in order: CLIP's
/// Sequence[NFC, Replace(\s+ -> " "), Lowercase]; GPT-2 has none.
struct BytePairNormalizer: Sendable {
    enum Step: @unchecked Sendable {
        /// Unicode canonical composition.
        case nfc
        /// Every match of the pattern replaced by the content.
        case replace(NSRegularExpression, template: String)
        /// Each character lowercased on its own, as Rust's `char::to_lowercase` (no final sigma).
        case lowercase
    }

    let steps: [Step]

    /// Reads `normalizer` (nil, one normaliser, or a Sequence of them).
    /// - Throws: through `fail`, naming a normaliser other than NFC, Replace and Lowercase.
    static func read(_ value: Any?, fail: (String) -> NeuralError) throws -> BytePairNormalizer {
        guard let object = value as? [String: Any] else { return BytePairNormalizer(steps: []) }
        var steps: [Step] = []
        func add(_ object: [String: Any], depth: Int) throws {
            let type = object["type"] as? String
            switch type {
            case "Sequence" where depth == 0:
                for inner in object["normalizers"] as? [[String: Any]] ?? [] { try add(inner, depth: depth + 1) }
            case "NFC": steps.append(.nfc)
            case "Lowercase": steps.append(.lowercase)
            case "Replace":
                guard let content = object["content"] as? String else { throw fail("its Replace normalizer has no 'content'") }
                let pattern = try TokenizerPattern.read(object["pattern"], role: "Replace normalizer", fail: fail)
                steps.append(.replace(pattern, template: NSRegularExpression.escapedTemplate(for: content)))
            default:
                throw fail("its normalizer \(type ?? "unnamed") is not supported (only NFC, Replace, Lowercase and a Sequence of them)")
            }
        }
        try add(object, depth: 0)
        return BytePairNormalizer(steps: steps)
    }

    func normalize(_ text: String) -> String {
        var text = text
        for step in steps {
            switch step {
            case .nfc: text = text.precomposedStringWithCanonicalMapping
            case .replace(let pattern, let template):
                text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
            case .lowercase:
                var lowered = ""
                for scalar in text.unicodeScalars { lowered += scalar.properties.lowercaseMapping }
                text = lowered
            }
        }
        return text
    }
}
