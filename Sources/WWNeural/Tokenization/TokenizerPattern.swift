import Foundation

/// The `pattern` of a `tokenizer.json` Split or Replace: `{"Regex": ...}` (Oniguruma syntax in
/// HF `tokenizers`; CLIP's and GPT-2's patterns, with \p{L}, \p{N} and a lookahead, mean the
/// same to ICU) or `{"String": ...}` (matched literally).
enum TokenizerPattern {
    /// Longest pattern compiled: CLIP's is 95 characters; a pattern is compiled once per load,
    /// but a huge one is a sign of a wrong file.
    static let maxPatternLength = 4_096

    /// NSRegularExpression rather than Swift's Regex: GPT-2's pattern over 2,000 fixture
    /// sentences took 4 ms against 40 ms (debug build, BytePairTokenizerTests
    /// .testPreTokenizationSpeed), and it matches Unicode scalars as Rust does, where Swift's
    /// Regex matches grapheme clusters.
    static func read(_ value: Any?, role: String, fail: (String) -> NeuralError) throws -> NSRegularExpression {
        let object = value as? [String: Any]
        let source: String
        if let regex = object?["Regex"] as? String {
            source = regex
        } else if let literal = object?["String"] as? String {
            source = NSRegularExpression.escapedPattern(for: literal)
        } else {
            throw fail("its \(role) has no 'Regex' or 'String' pattern")
        }
        guard source.count <= maxPatternLength else {
            throw fail("the pattern of its \(role) has \(source.count) characters, more than the limit of \(maxPatternLength)")
        }
        do {
            return try NSRegularExpression(pattern: source)
        } catch {
            throw fail("the pattern of its \(role) is not a regular expression wwn can compile: \(source)")
        }
    }
}
