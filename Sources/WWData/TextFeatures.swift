import WWNumerics

/// Turning texts into count vectors. Two ways, both on word n-grams of lower-cased tokens
/// (runs of letters and digits; everything else separates):
/// - hashed: each n-gram adds 1 at `FNV-1a(n-gram) mod dimensions` (the hashing trick). Needs
///   no vocabulary, so a training and a test set featurised separately agree.
/// - bag of words: a fixed vocabulary (usually a training set's most frequent n-grams); each
///   vocabulary entry counts its occurrences; n-grams outside it are dropped.
public enum TextFeatures {
    /// Longest n-grams: beyond 3-grams almost every n-gram is unique and counts carry nothing.
    public static let maxNgram = 3

    /// Lower-cased runs of letters and digits.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// All word n-grams of lengths 1...`ngrams`, joined by single spaces, in text order.
    public static func terms(_ text: String, upTo ngrams: Int) -> [String] {
        let words = tokens(text)
        var result = words
        if ngrams >= 2 {
            for n in 2...ngrams where words.count >= n {
                for start in 0...(words.count - n) { result.append(words[start..<(start + n)].joined(separator: " ")) }
            }
        }
        return result
    }

    static func checkNgrams(_ ngrams: Int) throws {
        guard ngrams >= 1, ngrams <= maxNgram else {
            throw DatasetError.invalid("ngrams must be between 1 and \(maxNgram), got \(ngrams)")
        }
    }

    /// FNV-1a 64 of the UTF-8 bytes: stable across runs and platforms (Swift's `hashValue`
    /// is randomly seeded per process, so it cannot be used).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// `[texts.count, dimensions]` counts of hashed n-grams.
    public static func hashed(_ texts: [String], dimensions: Int, ngrams: Int) throws -> Tensor {
        try checkNgrams(ngrams)
        guard dimensions >= 1, dimensions <= DataLimits.maxSampleElements else {
            throw DatasetError.invalid("dims must be between 1 and \(DataLimits.maxSampleElements), got \(dimensions)")
        }
        try DataLimits.checkFloatAllocation(texts.count * dimensions, what: "hashed features of \(texts.count) texts")
        var values = [Float](repeating: 0, count: texts.count * dimensions)
        for (row, text) in texts.enumerated() {
            for gram in terms(text, upTo: ngrams) {
                values[row * dimensions + Int(stableHash(gram) % UInt64(dimensions))] += 1
            }
        }
        return try Tensor(shape: [texts.count, dimensions], values: values)
    }

    /// The `size` most frequent n-grams of `texts` (ties in code-point order), for
    /// ``bagOfWords(_:vocabulary:ngrams:)``.
    public static func vocabulary(_ texts: [String], size: Int, ngrams: Int) throws -> [String] {
        try checkNgrams(ngrams)
        guard size >= 1, size <= DataLimits.maxSampleElements else {
            throw DatasetError.invalid("the vocabulary size must be between 1 and \(DataLimits.maxSampleElements), got \(size)")
        }
        var counts: [String: Int] = [:]
        for text in texts { for gram in terms(text, upTo: ngrams) { counts[gram, default: 0] += 1 } }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            .prefix(size).map(\.key)
    }

    /// `[texts.count, vocabulary.count]` counts of each vocabulary entry.
    public static func bagOfWords(_ texts: [String], vocabulary: [String], ngrams: Int) throws -> Tensor {
        try checkNgrams(ngrams)
        guard !vocabulary.isEmpty, vocabulary.count <= DataLimits.maxSampleElements else {
            throw DatasetError.invalid("the vocabulary must have 1 to \(DataLimits.maxSampleElements) entries, got \(vocabulary.count)")
        }
        var position: [String: Int] = [:]
        for (index, entry) in vocabulary.enumerated() where position[entry] == nil { position[entry] = index }
        try DataLimits.checkFloatAllocation(texts.count * vocabulary.count, what: "bag of words of \(texts.count) texts")
        var values = [Float](repeating: 0, count: texts.count * vocabulary.count)
        for (row, text) in texts.enumerated() {
            for gram in terms(text, upTo: ngrams) {
                if let column = position[gram] { values[row * vocabulary.count + column] += 1 }
            }
        }
        return try Tensor(shape: [texts.count, vocabulary.count], values: values)
    }
}

extension Dataset {
    /// The texts, or an error saying this data set has none.
    public func requireTexts(for operation: String) throws -> [String] {
        guard let texts else { throw DatasetError.invalid("\(name): cannot \(operation): this data set has no texts (load it with load_text)") }
        return texts
    }

    /// The same samples with hashed n-gram counts as features (see ``TextFeatures``).
    public func withHashedFeatures(dimensions: Int, ngrams: Int = 1) throws -> Dataset {
        let texts = try requireTexts(for: "make hashed features")
        return try Dataset(name: name, features: try TextFeatures.hashed(texts, dimensions: dimensions, ngrams: ngrams),
                           labels: labels, classNames: classNames, texts: texts)
    }

    /// The same samples with bag-of-words counts over `vocabulary` as features.
    public func withBagOfWords(vocabulary: [String], ngrams: Int = 1) throws -> Dataset {
        let texts = try requireTexts(for: "make bag-of-words features")
        return try Dataset(name: name, features: try TextFeatures.bagOfWords(texts, vocabulary: vocabulary, ngrams: ngrams),
                           labels: labels, classNames: classNames, texts: texts)
    }
}
