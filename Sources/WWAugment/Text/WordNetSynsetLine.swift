/// Parsing one line of a `data.<pos>` file:
/// `offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt ... | gloss`
/// (w_cnt and lex_id in hexadecimal). Only the words are needed for synonyms.
enum WordNetSynsetLine {
    static func lemmaNames(_ line: [UInt8], offset: Int, file: String) throws -> [String] {
        func fail(_ reason: String) -> WordNetError { .malformed(file: file, location: "byte offset \(offset)", reason: reason) }
        let columns = line.split(separator: 0x7C, maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        let fields = columns.split(whereSeparator: { $0 == 0x20 || $0 == 0x0D }).map { String(decoding: $0, as: UTF8.self) }
        // The offset field must repeat the byte offset: otherwise the index pointed into the
        // middle of a line (a wrong file or a wrong offset), and the "words" would be garbage.
        guard let first = fields.first, first.utf8.count == 8, Int(first) == offset else {
            throw fail("no synset starts here (the line begins '\(String(decoding: line.prefix(20), as: UTF8.self))')")
        }
        guard fields.count > 3, let wordCount = Int(fields[3], radix: 16), wordCount > 0 else {
            throw fail("the word count is missing or not hexadecimal")
        }
        guard fields.count >= 4 + 2 * wordCount else {
            throw fail("\(wordCount) words announced but the line ends early")
        }
        return (0..<wordCount).map { removingSyntacticMarker(fields[4 + 2 * $0]) }
    }

    /// Adjectives may carry a marker of their position, `(a)`, `(p)` or `(ip)`, glued to the
    /// word (`galore(ip)`); like NLTK, strip one trailing parenthesised group with no
    /// parentheses inside.
    static func removingSyntacticMarker(_ word: String) -> String {
        guard word.hasSuffix(")"), let open = word.lastIndex(of: "(") else { return word }
        let inside = word[word.index(after: open)..<word.index(before: word.endIndex)]
        return inside.contains(")") ? word : String(word[..<open])
    }
}
