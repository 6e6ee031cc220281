import Foundation

/// The pre-tokenisers a byte-level BPE `tokenizer.json` may name, applied in order to each
/// piece of text: Split (CLIP: its pattern's matches kept, the rest dropped) and ByteLevel
/// (GPT-2: a space put before the text if asked, the text cut by GPT-2's pattern if asked, and
/// every piece spelled with ``ByteLevelAlphabet``).
struct BytePairPreTokenizer: @unchecked Sendable {
    enum Step {
        /// Cut at the pattern's matches; `keepsMatches` and `keepsRest` say which parts stay
        /// (HF's behaviours Isolated: both, Removed: the rest, or with `invert` the matches).
        case split(NSRegularExpression, keepsMatches: Bool, keepsRest: Bool)
        case byteLevel(addsPrefixSpace: Bool, usesRegex: Bool)
    }

    /// GPT-2's pattern, which ByteLevel cuts with when `use_regex` is true (tokenizers' own).
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    // The pattern is a constant known to compile; `try!` is not on an input path.
    private static let gpt2Expression = try! NSRegularExpression(pattern: gpt2Pattern)

    let steps: [Step]

    /// Reads `pre_tokenizer` (nil, one pre-tokeniser, or a Sequence of them).
    /// - Throws: through `fail`, naming a pre-tokeniser other than Split and ByteLevel, or a
    ///   Split behaviour other than Removed and Isolated.
    static func read(_ value: Any?, fail: (String) -> NeuralError) throws -> BytePairPreTokenizer {
        guard let object = value as? [String: Any] else { return BytePairPreTokenizer(steps: []) }
        var steps: [Step] = []
        func add(_ object: [String: Any], depth: Int) throws {
            let type = object["type"] as? String
            switch type {
            case "Sequence" where depth == 0:
                for inner in object["pretokenizers"] as? [[String: Any]] ?? [] { try add(inner, depth: depth + 1) }
            case "ByteLevel":
                steps.append(.byteLevel(addsPrefixSpace: object["add_prefix_space"] as? Bool ?? true,
                                        usesRegex: object["use_regex"] as? Bool ?? true))
            case "Split":
                let pattern = try TokenizerPattern.read(object["pattern"], role: "Split pre_tokenizer", fail: fail)
                let inverts = object["invert"] as? Bool ?? false
                switch object["behavior"] as? String {
                case "Removed": steps.append(.split(pattern, keepsMatches: inverts, keepsRest: !inverts))
                case "Isolated": steps.append(.split(pattern, keepsMatches: true, keepsRest: true))
                case let other:
                    throw fail("its Split pre_tokenizer's behavior \(other ?? "(none)") is not supported (only Removed and Isolated)")
                }
            default:
                throw fail("its pre_tokenizer \(type ?? "unnamed") is not supported (only Split, ByteLevel and a Sequence of them)")
            }
        }
        try add(object, depth: 0)
        return BytePairPreTokenizer(steps: steps)
    }

    /// The words of `text`, spelled as the model reads them; empty pieces are dropped.
    func words(of text: String) -> [String] {
        var pieces = text.isEmpty ? [] : [text]
        for step in steps {
            switch step {
            case .split(let pattern, let keepsMatches, let keepsRest):
                pieces = pieces.flatMap { Self.split($0, at: pattern, keepsMatches: keepsMatches, keepsRest: keepsRest) }
            case .byteLevel(let addsPrefixSpace, let usesRegex):
                pieces = pieces.flatMap { piece -> [String] in
                    let spaced = addsPrefixSpace && !piece.hasPrefix(" ") ? " " + piece : piece
                    let cut = usesRegex ? Self.split(spaced, at: Self.gpt2Expression, keepsMatches: true, keepsRest: true) : [spaced]
                    return cut.map(ByteLevelAlphabet.spell)
                }
            }
        }
        return pieces
    }

    /// `text` cut at `pattern`'s matches, keeping the matches and/or the parts between them.
    private static func split(_ text: String, at pattern: NSRegularExpression, keepsMatches: Bool, keepsRest: Bool) -> [String] {
        let whole = text as NSString
        var pieces: [String] = [], last = 0
        pattern.enumerateMatches(in: text, range: NSRange(location: 0, length: whole.length)) { match, _, _ in
            guard let range = match?.range, range.length > 0 else { return }
            if keepsRest, range.location > last {
                pieces.append(whole.substring(with: NSRange(location: last, length: range.location - last)))
            }
            if keepsMatches { pieces.append(whole.substring(with: range)) }
            last = range.location + range.length
        }
        if keepsRest, last < whole.length { pieces.append(whole.substring(from: last)) }
        return pieces
    }
}
