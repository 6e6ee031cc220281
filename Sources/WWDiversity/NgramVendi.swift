import WWBase

/// The n-gram Vendi Score of texts: for each n, every text becomes its L2-normalised vector of
/// n-gram counts (tokens by ``WordTokenizer``, case kept, punctuation counted), K_n is their
/// cosine kernel, and the score is VS_q of the mean of the K_n.
///
/// A text with fewer than n tokens has a zero n-gram vector, so its row of K_n is zero, as in
/// the reference. When no text has n tokens, the reference fails ("empty vocabulary"); wwn
/// uses the zero K_n for that n, so short sets still get a score.
public enum NgramVendi {
    /// The largest n-gram length: the reference's default range 1...4 and far past where
    /// counts of longer n-grams stop telling texts apart.
    public static let maxGramLength = 4

    /// - Parameter lengths: the n-gram lengths, each in 1...``maxGramLength`` (default all).
    /// - Throws: ``DiversityError`` for an empty list, a text with no tokens (naming it), or a
    ///   bad length.
    public static func score(_ texts: [String], order: VendiOrder = .shannon, lengths: [Int] = Array(1...4),
                             cancellation: Cancellation = .never) throws -> Double {
        try VendiScore.score(kernel: kernel(texts, lengths: lengths, cancellation: cancellation), order: order)
    }

    /// The mean n-gram kernel.
    public static func kernel(_ texts: [String], lengths: [Int] = Array(1...4),
                              cancellation: Cancellation = .never) throws -> KernelMatrix {
        guard !texts.isEmpty else { throw DiversityError("argument 'texts' is empty: a diversity score needs at least one text") }
        guard !lengths.isEmpty else { throw DiversityError("argument 'n' must name at least one n-gram length") }
        for length in lengths where !(1...maxGramLength).contains(length) {
            throw DiversityError("argument 'n' must be between 1 and \(maxGramLength), got \(length)")
        }
        try SampleKernels.checkSize(texts.count, argument: "texts")
        let tokenizer = try WordTokenizer()
        let tokenized = try texts.enumerated().map { index, text in
            let tokens = tokenizer.tokens(text)
            guard !tokens.isEmpty else {
                throw DiversityError("argument 'texts': text \(index) has no tokens (\(text.isEmpty ? "it is empty" : "only white space")); remove it or give it words")
            }
            return tokens
        }
        let n = texts.count
        var kernel = [Double](repeating: 0, count: n * n)
        for length in lengths {
            try cancellation.checkCancelled()
            let vectors = normalisedCounts(tokenized, length: length)
            for row in 0..<n {
                try cancellation.checkCancelled()
                for column in row..<n {
                    let similarity = dot(vectors[row], vectors[column])
                    kernel[row * n + column] += similarity
                    if column != row { kernel[column * n + row] += similarity }
                }
            }
        }
        let count = Double(lengths.count)
        return KernelMatrix(trusted: kernel.map { $0 / count }, size: n)
    }

    /// A sparse vector: (vocabulary index, value) sorted by index.
    typealias SparseVector = [(index: Int, value: Double)]

    /// Each text's n-gram counts over one shared vocabulary, divided by their norm.
    static func normalisedCounts(_ texts: [[String]], length: Int) -> [SparseVector] {
        var vocabulary: [[String]: Int] = [:]
        return texts.map { tokens in
            var counts: [Int: Double] = [:]
            if tokens.count >= length {
                for start in 0...(tokens.count - length) {
                    let gram = Array(tokens[start..<(start + length)])
                    let index: Int
                    if let known = vocabulary[gram] { index = known } else { index = vocabulary.count; vocabulary[gram] = index }
                    counts[index, default: 0] += 1
                }
            }
            let norm = counts.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return counts.sorted { $0.key < $1.key }.map { (index: $0.key, value: $0.value / norm) }
        }
    }

    static func dot(_ a: SparseVector, _ b: SparseVector) -> Double {
        var i = 0, j = 0, sum = 0.0
        while i < a.count, j < b.count {
            if a[i].index == b[j].index { sum += a[i].value * b[j].value; i += 1; j += 1 }
            else if a[i].index < b[j].index { i += 1 } else { j += 1 }
        }
        return sum
    }
}
