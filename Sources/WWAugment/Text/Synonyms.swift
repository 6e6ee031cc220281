extension WordNet {
    /// EDA's synonyms of `word`: every lemma name of every synset of the word (see
    /// ``synsetLemmaNames(of:)``), with `_` and `-` made spaces, lower-cased, and everything but
    /// the letters a-z and spaces removed; the word itself dropped; each name once.
    ///
    /// EDA collects the names in a Python set, whose order changes with the per-process string
    /// hash seed; here they keep the order first seen, so a seeded choice among them repeats.
    /// As in EDA, a name with no letters at all (the "10" of "ten") becomes the empty string and
    /// stays a synonym: replacing a word by it deletes the word.
    public func synonyms(of word: String) throws -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for names in try synsetLemmaNames(of: word) {
            for name in names {
                let synonym = TextCleaning.keepingLetters(name)
                if synonym != word, seen.insert(synonym).inserted { result.append(synonym) }
            }
        }
        return result
    }
}
