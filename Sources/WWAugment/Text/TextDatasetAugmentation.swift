import WWBase
import WWData
import WWNumerics

extension EDA {
    /// The features an augmented text set gets when the caller does not say: none if the
    /// input has none (shape [n, 0]), otherwise hashed word counts of the input's width, as
    /// `load_text` makes them by default. A data set does not record how its features were
    /// made, so a bag-of-words set must be featurised again with its vocabulary afterwards.
    public static func featurization(matching data: Dataset, ngrams: Int = 1) -> TextFeaturization {
        let width = data.sampleShape.reduce(1, *)
        return width == 0 ? .none : .hashed(dimensions: width, ngrams: ngrams)
    }

    /// Every text of `data` followed by its EDA augmentations (``augment(_:parameters:random:)``
    /// without its last, cleaned copy of the original: the original text itself comes first,
    /// unchanged), each with the original's label. Features are computed afresh for all texts
    /// with `features` (see ``featurization(matching:ngrams:)``). After each source sample
    /// `cancellation` is polled (its error stops the run) and `progress` told the sample's index.
    /// - Throws: ``DatasetError`` for a set without texts, ``AugmentError`` for parameters out of
    ///   range or a text with no letters (naming the sample), ``WordNetError`` for WordNet.
    public func augment(_ data: Dataset, parameters: EDAParameters = EDAParameters(), features: TextFeaturization? = nil,
                        random: inout SeededRandom, progress: ((Int) -> Void)? = nil,
                        cancellation: Cancellation = .never) throws -> Dataset {
        try parameters.validate()
        let texts = try data.requireTexts(for: "augment with EDA")
        var newTexts: [String] = []
        var newLabels: [Int] = []
        for (index, text) in texts.enumerated() {
            let augmented: [String]
            do {
                augmented = try augment(text, parameters: parameters, random: &random)
            } catch AugmentError.invalidArgument(argument: "text", _) {
                throw AugmentError.invalidArgument(argument: "data", reason: "has a text with no letters a-z at sample \(index) of \(data.name) (\(text.debugDescription)): EDA's cleaning leaves no words to augment")
            }
            let copies = augmented.dropLast()
            guard newTexts.count + 1 + copies.count <= DataLimits.maxSamples else {
                throw AugmentError.invalidArgument(argument: "num_aug", reason: "makes more than \(DataLimits.maxSamples) samples (DataLimits.maxSamples) from \(data.count) texts")
            }
            newTexts.append(text)
            newTexts.append(contentsOf: copies)
            newLabels.append(contentsOf: repeatElement(data.labels[index], count: 1 + copies.count))
            try cancellation.checkCancelled()
            progress?(index)
        }
        let featureTensor: Tensor
        switch features ?? EDA.featurization(matching: data) {
        case .none: featureTensor = try Tensor(shape: [newTexts.count, 0], values: [Float]())
        case .hashed(let dimensions, let ngrams): featureTensor = try TextFeatures.hashed(newTexts, dimensions: dimensions, ngrams: ngrams)
        }
        return try Dataset(name: data.name, features: featureTensor, labels: newLabels, classNames: data.classNames, texts: newTexts)
    }
}
