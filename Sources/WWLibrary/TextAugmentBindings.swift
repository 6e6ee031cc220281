import Foundation
import WWAugment
import WWData
import WWInterpreter
import WWNeural
import WWNumerics
import WWSpectral

extension Registry {
    /// Built-ins for EDA text augmentation and synthetic-data mixing.
    func defineTextAugmentation() {
        category("Text", doc: """
            Text augmentation with EDA (Wei & Zou 2019, "Easy Data Augmentation"): synonym \
            replacement, random insertion, random swap and random deletion on cleaned words, with \
            synonyms from WordNet 3.0 read from its dict files (Debian's wordnet-base in \
            /usr/share/wordnet, or the directory in the environment variable WWN_WORDNET_DIR). \
            Synonym lists are identical to what EDA gets from NLTK. Random built-ins take `seed`; \
            without it they draw from the session's stream (see `seed`).
            """)
        defineTextCleaning()
        defineEDA()
        defineMixing()
    }

    private func defineTextCleaning() {
        define("clean_text(text) -> string", category: "Text", doc: """
            EDA's cleaning of a text: apostrophes are dropped (so "don't" becomes "dont"), hyphens, \
            tabs and line breaks become spaces, letters are lower-cased, every character other than \
            a to z becomes a space, and runs of spaces collapse to one with none at either end. The \
            words of the result are the words EDA works on.
            """) { call in
            .string(TextCleaning.clean(try call.string("text")))
        }
        define("synonyms(word) -> list", category: "Text", doc: """
            The synonyms EDA uses for a word: the names of every WordNet synset of the word (as \
            NLTK's wordnet.synsets finds them, through inflections such as "geese" or "running"), \
            with underscores and hyphens made spaces, lower-cased, keeping only letters and spaces, \
            without the word itself, each once in the order first met. A name with no letters (the \
            "10" of "ten") gives the empty string, as in EDA.
            """) { call in
            let word = try call.string("word")
            return .list(ListObject((try WordNet.shared().synonyms(of: word)).map { .string($0) }))
        }
    }

    private func defineEDA() {
        define("eda(text, alpha_sr = 0.1, alpha_ri = 0.1, alpha_rs = 0.1, p_rd = 0.1, num_aug = 9, seed = nil) -> list", category: "Text", doc: """
            Augments one sentence with EDA and returns a list of num_aug new sentences followed by \
            the cleaned original (see clean_text). On n words, synonym replacement swaps \
            max(1, alpha_sr n) distinct non-stop words for random synonyms, random insertion adds a \
            synonym of a random word max(1, alpha_ri n) times, random swap exchanges two words \
            max(1, alpha_rs n) times, and random deletion drops each word with probability p_rd. \
            Each operation makes floor(num_aug / 4) + 1 candidates; they are shuffled and cut to \
            num_aug. A num_aug below 1 keeps each candidate with probability num_aug / their count. \
            The rates must lie in [0, 1].
            """) { call in
            let text = try call.string("text")
            let parameters = try edaParameters(call)
            let sentences = try call.withStream(seed: "seed") { random in
                try EDA().augment(text, parameters: parameters, random: &random)
            }
            return .list(ListObject(sentences.map { .string($0) }))
        }
        define("eda_augment(data, num_aug = 9, alpha_sr = 0.1, alpha_ri = 0.1, alpha_rs = 0.1, p_rd = 0.1, seed = nil, features = nil, dims = nil, ngrams = 1) -> dataset",
               category: "Text", methodOf: ["dataset"], doc: """
            A text data set (from load_text) grown with EDA: each text, unchanged, followed by \
            num_aug augmented sentences (see eda) with the same label. Features are rebuilt for \
            every text: `features` "hashed" gives hashed counts of word n-grams up to `ngrams` words \
            in `dims` columns, as load_text makes them; "none" gives none. By default a set without \
            features stays without, and any other set gets hashed features as wide as its own \
            (a set featurised by bag_of_words needs bag_of_words again with its vocabulary). A text \
            with no letters a to z is an error naming the sample.
            """) { call in
            let data = try call.dataset("data")
            let parameters = try edaParameters(call)
            let features: TextFeaturization
            let ngrams = try call.integer("ngrams", in: 1...TextFeatures.maxNgram)
            switch try (try call.isNil("features")) ? nil : call.choice("features", ["hashed", "none"]) {
            case "none"?:
                features = .none
            case "hashed"?:
                let width = data.sampleShape.reduce(1, *)
                features = .hashed(dimensions: try call.optionalInteger("dims", in: 1...DataLimits.maxSampleElements) ?? (width > 0 ? width : 1024), ngrams: ngrams)
            default:
                if let dims = try call.optionalInteger("dims", in: 1...DataLimits.maxSampleElements) {
                    features = .hashed(dimensions: dims, ngrams: ngrams)
                } else {
                    features = EDA.featurization(matching: data, ngrams: ngrams)
                }
            }
            // The shared terminal bar (done of total, a label); nil off a terminal.
            let bar = data.count >= TextProgressLimits.minimumTexts ? TerminalProgressBar.forStandardError() : nil
            defer { bar?.finish() }
            let augmented = try call.withStream(seed: "seed") { random in
                try EDA().augment(data, parameters: parameters, features: features, random: &random, progress: { index in
                    let done = index + 1
                    if done % TextProgressLimits.step == 0 || done == data.count { bar?.progress(done: done, total: data.count, label: "eda_augment") }
                }, cancellation: .interrupt)
            }
            return .object(DatasetObject(augmented))
        }
    }

    private func defineMixing() {
        define("mix_data(real, synthetic, ratio, mode = \"replace\", model = nil, seed = nil) -> record", category: "Data", doc: """
            Mixes synthetic samples (images or vectors) into a real data set. With mode "replace", \
            round(ratio n) of the n real samples, chosen at random, are replaced in place by samples \
            drawn at random without replacement from `synthetic` (ratio in [0, 1], the size is \
            kept); with "add" as many are appended (ratio 0 or more, the size grows). Given a \
            network `model`, only synthetic samples it classifies correctly may be drawn \
            ("verified" mixing). Both sets need the same sample shape and classes. Returns a record: \
            `data` (the mixed set), `synthetic` (positions of the synthetic samples in data, e.g. \
            for weighted Vendi), `real` (positions of the real ones) and `sources` (for each \
            synthetic position, its index in `synthetic`).
            """) { call in
            let real = try call.dataset("real")
            let synthetic = try call.dataset("synthetic")
            let ratio = try call.number("ratio")
            let mode = try call.choice("mode", of: MixingMode.self)
            let model: Network? = (try call.isNil("model")) ? nil : try call.network("model")
            let mixed = try call.withStream(seed: "seed") { random in
                try real.mixed(with: synthetic, ratio: ratio, mode: mode,
                                   predict: model.map { network in { try network.predictions(for: $0) } }, random: &random)
            }
            let positions = mixed.syntheticIndices
            return .record([
                "data": mixed.data, "synthetic": positions, "real": mixed.realIndices,
                "sources": positions.map { mixed.syntheticSources[$0] ?? 0 },
            ])
        }
        define("verify(data, model) -> dataset", category: "Data", methodOf: ["dataset"], doc: """
            The samples of a data set that a network classifies correctly (its predicted class \
            equals the label), in their original order: the filter of "verified" synthetic data.
            """) { call in
            let data = try call.dataset("data")
            let model = try call.network("model")
            return .object(DatasetObject(try data.correctlyClassified(predictions: try model.predictions(for: data)).data))
        }
    }
}

/// The four EDA rates and num_aug, named alike by `eda` and `eda_augment`.
private func edaParameters(_ call: BuiltinCall) throws -> EDAParameters {
    let parameters = EDAParameters(alphaSR: try call.number("alpha_sr"), alphaRI: try call.number("alpha_ri"),
                                   alphaRS: try call.number("alpha_rs"), pRD: try call.number("p_rd"),
                                   numAug: try call.number("num_aug"))
    try parameters.validate()
    return parameters
}


/// When `eda_augment` shows progress: sets smaller than `minimumTexts` finish before a bar
/// would be read, and redrawing every `step` texts moves the bar at no measurable cost.
private enum TextProgressLimits {
    static let minimumTexts = 2000
    static let step = 250
}
