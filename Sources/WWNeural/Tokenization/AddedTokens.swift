import Foundation

/// A tokeniser's added tokens (`added_tokens` of `tokenizer.json`: [CLS], <|endoftext|>, ...),
/// matched in the raw text before normalisation, as HF `tokenizers` matches the tokens marked
/// `normalized: false` (the special tokens): at each position the longest token that starts
/// there (leftmost-longest), the text between them tokenised by the model.
struct AddedTokens: Sendable {
    /// The tokens' scalars and ids, longest first so that one containing another wins.
    private let tokens: [(scalars: [Unicode.Scalar], id: Int)]
    /// The scalars a token starts with: a text without any of them has no added token.
    private let firstScalars: Set<Unicode.Scalar>

    /// A piece of text between added tokens, or one added token.
    enum Segment: Equatable {
        case text(String)
        case added(Int)
    }

    init(_ tokens: [(content: String, id: Int)]) {
        self.tokens = tokens.map { (Array($0.content.unicodeScalars), $0.id) }
            .sorted { $0.scalars.count > $1.scalars.count }
        firstScalars = Set(self.tokens.compactMap(\.scalars.first))
    }

    /// The `added_tokens` entries with a content and an id.
    /// - Parameter strict: refuses (through `fail`) an entry that asks for matching the
    ///   tokenizer here does not do (`lstrip`, `rstrip`, `single_word`, or `normalized` for a
    ///   non-special token), instead of ignoring the flag.
    static func read(_ value: Any?, strict: Bool, fail: (String) -> NeuralError) throws -> AddedTokens {
        var tokens: [(String, Int)] = []
        for entry in value as? [[String: Any]] ?? [] {
            guard let content = entry["content"] as? String, !content.isEmpty,
                  let number = entry["id"] as? NSNumber, let id = Int(exactly: number.doubleValue) else { continue }
            if strict {
                for flag in ["lstrip", "rstrip", "single_word"] where entry[flag] as? Bool == true {
                    throw fail("its added token '\(content)' sets \(flag), which is not supported")
                }
                if entry["normalized"] as? Bool == true, entry["special"] as? Bool != true {
                    throw fail("its added token '\(content)' is matched after normalisation, which is not supported")
                }
                guard (0..<TransformerLimits.maxVocabularySize).contains(id) else {
                    throw fail("its added token '\(content)' has the id \(id), outside 0..<\(TransformerLimits.maxVocabularySize)")
                }
            }
            tokens.append((content, id))
        }
        return AddedTokens(tokens)
    }

    /// The largest id of an added token, nil when there is none.
    var largestID: Int? { tokens.map(\.id).max() }

    /// The content of each id, for displaying tokens.
    var names: [Int: String] {
        var names: [Int: String] = [:]
        for token in tokens where names[token.id] == nil {
            names[token.id] = String(String.UnicodeScalarView(token.scalars))
        }
        return names
    }

    /// The ids of `text`: each added token's own, and what `appendIDs` gives for each piece
    /// of text between them.
    func ids(of text: String, piecesBy appendIDs: (String, inout [Int]) -> Void) -> [Int] {
        var ids: [Int] = []
        for segment in split(text) {
            switch segment {
            case .added(let id): ids.append(id)
            case .text(let piece): appendIDs(piece, &ids)
            }
        }
        return ids
    }

    /// The text cut around occurrences of the added tokens.
    func split(_ text: String) -> [Segment] {
        guard !tokens.isEmpty else { return [.text(text)] }
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: firstScalars.contains) else { return [.text(text)] }
        var segments: [Segment] = [], start = 0, index = 0
        while index < scalars.count {
            if firstScalars.contains(scalars[index]), let match = tokens.first(where: { token, _ in
                index + token.count <= scalars.count && scalars[index..<(index + token.count)].elementsEqual(token)
            }) {
                if start < index { segments.append(.text(String(String.UnicodeScalarView(scalars[start..<index])))) }
                segments.append(.added(match.id))
                index += match.scalars.count
                start = index
            } else {
                index += 1
            }
        }
        if start < scalars.count { segments.append(.text(String(String.UnicodeScalarView(scalars[start...])))) }
        return segments
    }
}
