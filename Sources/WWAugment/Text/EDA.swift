import WWNumerics

/// The strengths of EDA's four operations and how many augmented sentences to make.
public struct EDAParameters: Equatable, Sendable {
    /// Fraction of the words replaced by synonyms (SR).
    public var alphaSR: Double
    /// Fraction of the length inserted as synonyms (RI).
    public var alphaRI: Double
    /// Fraction of the length swapped (RS).
    public var alphaRS: Double
    /// Probability of deleting each word (RD).
    public var pRD: Double
    /// Augmented sentences per text: a whole number, or below 1 the expected fraction of the
    /// four candidates kept (EDA's rule).
    public var numAug: Double

    public init(alphaSR: Double = 0.1, alphaRI: Double = 0.1, alphaRS: Double = 0.1, pRD: Double = 0.1, numAug: Double = 9) {
        self.alphaSR = alphaSR
        self.alphaRI = alphaRI
        self.alphaRS = alphaRS
        self.pRD = pRD
        self.numAug = numAug
    }

    /// Each rate in [0, 1]; numAug in [0, ``EDALimits/maxAugmentationsPerText``] and whole when >= 1.
    public func validate() throws {
        for (name, value) in [("alpha_sr", alphaSR), ("alpha_ri", alphaRI), ("alpha_rs", alphaRS), ("p_rd", pRD)] {
            guard value.isFinite, value >= 0, value <= 1 else {
                throw AugmentError.invalidArgument(argument: name, reason: "must be between 0 and 1, got \(value)")
            }
        }
        guard numAug.isFinite, numAug >= 0, numAug <= Double(EDALimits.maxAugmentationsPerText) else {
            throw AugmentError.invalidArgument(argument: "num_aug", reason: "must be between 0 and \(EDALimits.maxAugmentationsPerText), got \(numAug)")
        }
        guard numAug < 1 || numAug == numAug.rounded() else {
            throw AugmentError.invalidArgument(argument: "num_aug", reason: "must be a whole number when it is 1 or more (below 1 it is a keep probability), got \(numAug)")
        }
    }

    /// EDA's operation count for a sentence of `length` words: at least one.
    static func operations(_ alpha: Double, length: Int) -> Int {
        max(1, Int(alpha * Double(length)))
    }
}

/// Easy Data Augmentation (Wei & Zou 2019): synonym replacement, random insertion, random
/// swap and random deletion on the cleaned words of a sentence, with WordNet synonyms.
/// Every random choice is drawn from the stream given, so a seed repeats the output.
public struct EDA {
    public let wordNet: WordNet

    public init(wordNet: WordNet = .shared()) {
        self.wordNet = wordNet
    }

    /// SR: the distinct non-stop words in random order; each one that has synonyms is replaced,
    /// at every occurrence, by one of them chosen at random, until `count` words were replaced.
    /// Multi-word synonyms become several words.
    public func synonymReplacement(_ words: [String], count: Int, random: inout SeededRandom) throws -> [String] {
        var candidates: [String] = []
        var seen = Set<String>()
        for word in words where !StopWords.edaSet.contains(word) && seen.insert(word).inserted { candidates.append(word) }
        random.shuffle(&candidates)
        var result = words
        var replaced = 0
        for word in candidates {
            let synonyms = try wordNet.synonyms(of: word)
            if !synonyms.isEmpty {
                let synonym = synonyms[try random.nextInt(in: 0..<synonyms.count)]
                result = result.map { $0 == word ? synonym : $0 }
                replaced += 1
            }
            if replaced >= count { break }
        }
        // Re-split so a multi-word synonym counts as its words (EDA joins and splits on spaces).
        return result.joined(separator: " ").split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }

    /// RI: `count` times, pick a random word (up to ``EDALimits/insertionTries`` tries to find
    /// one with synonyms; none found skips this insertion) and insert a random synonym of it
    /// at a random position before the last word. EDA takes the first element of a Python set,
    /// an order fixed only by the process's hash seed; a seeded uniform choice replaces it.
    public func randomInsertion(_ words: [String], count: Int, random: inout SeededRandom) throws -> [String] {
        var result = words
        guard !result.isEmpty else { return result }
        for _ in 0..<count {
            var synonyms: [String] = []
            for attempt in 1...EDALimits.insertionTries {
                let found = try wordNet.synonyms(of: result[try random.nextInt(in: 0..<result.count)])
                // EDA counts the try before looking at it, so its last try never inserts.
                if attempt == EDALimits.insertionTries { break }
                if !found.isEmpty { synonyms = found; break }
            }
            guard !synonyms.isEmpty else { continue }
            let synonym = synonyms[try random.nextInt(in: 0..<synonyms.count)]
            result.insert(synonym, at: try random.nextInt(in: 0..<result.count))
        }
        return result
    }

    /// RS: `count` swaps of two random positions; when the second draw keeps equalling the
    /// first (``EDALimits/swapRedraws`` redraws), that swap is skipped.
    public static func randomSwap(_ words: [String], count: Int, random: inout SeededRandom) -> [String] {
        var result = words
        guard !result.isEmpty else { return result }
        for _ in 0..<count {
            let first = random.nextInt(in: 0...(result.count - 1))
            var second = first
            var redraws = 0
            while second == first && redraws <= EDALimits.swapRedraws {
                second = random.nextInt(in: 0...(result.count - 1))
                redraws += 1
            }
            // EDA gives up once its redraw count passes the limit, even if that last draw differs.
            if second != first, redraws <= EDALimits.swapRedraws { result.swapAt(first, second) }
        }
        return result
    }

    /// RD: each word kept with probability 1 - `probability`; a one-word sentence is returned
    /// unchanged, and if every word was deleted one random word is kept.
    public static func randomDeletion(_ words: [String], probability: Double, random: inout SeededRandom) -> [String] {
        guard words.count > 1 else { return words }
        let kept = words.filter { _ in random.nextDouble() > probability }
        return kept.isEmpty ? [words[random.nextInt(in: 0...(words.count - 1))]] : kept
    }

    /// EDA on one sentence: `floor(numAug / 4) + 1` sentences from each operation whose rate is
    /// above 0 (SR, RI, RS, RD, in that order), each cleaned again, shuffled, then cut to `numAug` (or, for numAug
    /// below 1, each kept with probability numAug / their count); the cleaned sentence itself last.
    /// - Throws: ``AugmentError/invalidArgument(argument:reason:)`` for parameters out of range
    ///   or a text with no letters; ``WordNetError`` when WordNet cannot be read.
    public func augment(_ sentence: String, parameters: EDAParameters = EDAParameters(), random: inout SeededRandom) throws -> [String] {
        try parameters.validate()
        let cleaned = TextCleaning.clean(sentence)
        let words = cleaned.split(separator: " ").map(String.init)
        guard !words.isEmpty else {
            throw AugmentError.invalidArgument(argument: "text", reason: "has no letters a-z, so EDA's cleaning leaves no words to augment")
        }
        let perOperation = Int(parameters.numAug / 4) + 1
        let srCount = EDAParameters.operations(parameters.alphaSR, length: words.count)
        let riCount = EDAParameters.operations(parameters.alphaRI, length: words.count)
        let rsCount = EDAParameters.operations(parameters.alphaRS, length: words.count)
        // As in EDA, an operation whose rate is 0 is skipped entirely (its count would be 1).
        var augmented: [[String]] = []
        if parameters.alphaSR > 0 {
            for _ in 0..<perOperation { augmented.append(try synonymReplacement(words, count: srCount, random: &random)) }
        }
        if parameters.alphaRI > 0 {
            for _ in 0..<perOperation { augmented.append(try randomInsertion(words, count: riCount, random: &random)) }
        }
        if parameters.alphaRS > 0 {
            for _ in 0..<perOperation { augmented.append(EDA.randomSwap(words, count: rsCount, random: &random)) }
        }
        if parameters.pRD > 0 {
            for _ in 0..<perOperation { augmented.append(EDA.randomDeletion(words, probability: parameters.pRD, random: &random)) }
        }
        var sentences = augmented.map { TextCleaning.clean($0.joined(separator: " ")) }
        random.shuffle(&sentences)
        if parameters.numAug >= 1 {
            sentences = Array(sentences.prefix(Int(parameters.numAug)))
        } else {
            let keep = parameters.numAug / Double(sentences.count)
            sentences = sentences.filter { _ in random.nextDouble() < keep }
        }
        sentences.append(cleaned)
        return sentences
    }
}
