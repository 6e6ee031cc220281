/// WordNet's four parts of speech, in the order NLTK's `wordnet.synsets(word)` visits them
/// (nouns, verbs, adjectives, adverbs): synonym lists follow that order.
public enum PartOfSpeech: String, CaseIterable, Sendable {
    case noun = "n"
    case verb = "v"
    case adjective = "a"
    case adverb = "r"

    /// The suffix of this part's files: `index.noun`, `data.noun`, `noun.exc`.
    var fileSuffix: String {
        switch self {
        case .noun: return "noun"
        case .verb: return "verb"
        case .adjective: return "adj"
        case .adverb: return "adv"
        }
    }

    /// Morphy's suffix-detachment rules (WordNet's morph.c, as NLTK applies them): each
    /// (ending, replacement) is tried once on the inflected form, in this order.
    var suffixRules: [(ending: String, replacement: String)] {
        switch self {
        case .noun:
            return [("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"),
                    ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")]
        case .verb:
            return [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
                    ("ing", "e"), ("ing", "")]
        case .adjective:
            return [("er", ""), ("est", ""), ("er", "e"), ("est", "e")]
        case .adverb:
            return []
        }
    }
}
