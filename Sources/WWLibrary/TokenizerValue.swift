import WWInterpreter
import WWNeural

/// A tokeniser read from an HF `tokenizer.json` (`tokenizer(path)`), usable with `tokenize`
/// without loading the network it belongs to.
public final class TokenizerObject: NativeObject {
    public let tokenizer: any TextTokenizer
    public init(_ tokenizer: any TextTokenizer) { self.tokenizer = tokenizer }

    public var typeName: String { "tokenizer" }
    public var fieldNames: [String] { ["kind", "vocab_size", "path"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "kind": return .string(tokenizer.modelType)
        case "vocab_size": return .number(Double(tokenizer.vocabularySize))
        case "path": return .string(tokenizer.source)
        default: return nil
        }
    }

    public var summary: String { "<tokenizer \(tokenizer.modelType), \(tokenizer.vocabularySize) ids, from \(tokenizer.source)>" }
}
