import Foundation

/// NLTK's word tokeniser (`NLTKWordTokenizer`, the improved Penn Treebank rules that
/// `nltk.word_tokenize` applies), as `word_tokenize(text, preserve_line=True)` runs it: the
/// whole text as one line.
///
/// Why one line: `word_tokenize` first splits sentences with the Punkt model, which is data
/// wwn cannot ship or download. The only rule that sees sentence ends is the final period, so
/// the sole difference is a period closing an inner sentence ("York. Please" keeps "York." as
/// one token here; Punkt would split off the "."). Everything else (quotes, clitics, brackets,
/// dashes, contractions such as "cannot" -> "can", "not") follows NLTK 3.10's rules in order.
public struct WordTokenizer: Sendable {
    private struct Rule: @unchecked Sendable {
        let pattern: NSRegularExpression
        let template: String
    }

    private let startingQuotes: [Rule]
    private let punctuation: [Rule]
    private let brackets: [Rule]
    private let endingQuotes: [Rule]
    private let contractions: [Rule]

    /// - Throws: ``DiversityError`` if the platform's regular expressions reject a rule (they
    ///   are constants, so this would be a build fault, reported rather than crashing).
    public init() throws {
        func rule(_ pattern: String, _ template: String) throws -> Rule {
            do {
                return Rule(pattern: try NSRegularExpression(pattern: pattern), template: template)
            } catch {
                throw DiversityError("internal error: the tokeniser rule /\(pattern)/ does not compile: \(error)")
            }
        }
        startingQuotes = [
            try rule("([«“‘„]|[`]+)", " $1 "),
            try rule("^\"", "``"),
            try rule("(``)", " $1 "),
            try rule("([ (\\[{<])(\"|'{2})", "$1 `` "),
            try rule("(?i)(?<!\\w)(')(?!(?:re|ve|ll|m|t|s|d|n)\\b)(?=\\w)", "$1 "),
        ]
        punctuation = [
            try rule("([^.])(\\.)([\\])}>\"'»”’ ]*+)\\s*$", "$1 $2 $3 "),
            try rule("([:,])([^\\d])", " $1 $2"),
            try rule("([:,])$", " $1 "),
            try rule("\\.{2,}", " $0 "),
            try rule("[;@#$%&]", " $0 "),
            try rule("[\\u2012-\\u2015]", " $0 "),
            try rule("([^.])(\\.)([\\])}>\"']*)\\s*$", "$1 $2$3 "),
            try rule("[?!]", " $0 "),
            try rule("([^'])' ", "$1 ' "),
            try rule("[*]", " $0 "),
        ]
        brackets = [
            try rule("[\\]\\[(){}<>]", " $0 "),
            try rule("--", " -- "),
        ]
        endingQuotes = [
            try rule("([»”’])", " $1 "),
            try rule("''", " '' "),
            try rule("\"", " '' "),
            try rule("\\s+", " "),
            try rule("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
            try rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "),
        ]
        contractions = try [
            "(?i)\\b(can)(not)\\b", "(?i)\\b(d)('ye)\\b", "(?i)\\b(gim)(me)\\b", "(?i)\\b(gon)(na)\\b",
            "(?i)\\b(got)(ta)\\b", "(?i)\\b(lem)(me)\\b", "(?i)\\b(more)('n)\\b", "(?i)\\b(wan)(na)(?=\\s)",
            "(?i) ('t)(is)\\b", "(?i) ('t)(was)\\b",
        ].map { try rule($0, " $1 $2 ") }
    }

    /// The tokens of `text`, in order.
    public func tokens(_ text: String) -> [String] {
        var text = apply(startingQuotes + punctuation + brackets, to: text)
        text = " " + text + " "
        text = apply(endingQuotes + contractions, to: text)
        return text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    private func apply(_ rules: [Rule], to text: String) -> String {
        var text = text
        for rule in rules {
            let whole = NSRange(text.startIndex..<text.endIndex, in: text)
            text = rule.pattern.stringByReplacingMatches(in: text, range: whole, withTemplate: rule.template)
        }
        return text
    }
}
