import WWNumerics

/// How synthetic samples enter a real data set.
public enum MixingMode: String, CaseIterable, Sendable {
    /// A ratio r of the real samples, chosen at random, is replaced in place: the size is kept.
    case replace
    /// r x n synthetic samples are appended: the size grows.
    case add
}

/// A data set mixed from real and synthetic samples, and where each sample came from, so
/// measures such as weighted Vendi can be taken on the synthetic part afterwards.
public struct MixedDataset: Sendable {
    public let data: Dataset
    /// One entry per sample of ``data``: nil for a real sample, otherwise the index in the
    /// synthetic set the sample was drawn from.
    public let syntheticSources: [Int?]

    /// Positions in ``data`` of the synthetic samples, ascending.
    public var syntheticIndices: [Int] { syntheticSources.indices.filter { syntheticSources[$0] != nil } }
    /// Positions in ``data`` of the real samples, ascending.
    public var realIndices: [Int] { syntheticSources.indices.filter { syntheticSources[$0] == nil } }
}

extension Dataset {
    /// The samples a model classifies correctly: those whose prediction equals their label.
    /// `predictions` holds one class number per sample (e.g. a network's predictions); the
    /// data module knows no networks, so the caller computes them.
    /// - Returns: the kept samples, in order, and their indices in this set.
    public func correctlyClassified(predictions: [Int]) throws -> (data: Dataset, indices: [Int]) {
        guard predictions.count == count else {
            throw DatasetError.invalid("\(name): \(count) samples but \(predictions.count) predictions")
        }
        let kept = indices.filter { predictions[$0] == labels[$0] }
        return (try samples(at: kept), kept)
    }

    private var indices: Range<Int> { 0..<count }

    /// This (real) set mixed with samples drawn at random, without replacement, from
    /// `synthetic`: `round(ratio x count)` of them, replacing as many real samples chosen at
    /// random (``MixingMode/replace``, ratio in [0, 1]) or appended (``MixingMode/add``,
    /// ratio >= 0). With `predict` ("verified" mixing), only synthetic samples whose
    /// predicted class equals their label may be drawn; predictions are in this set's class
    /// numbering (a model trained on the real data).
    ///
    /// The synthetic set must have the same sample shape and the same classes (its labels are
    /// renumbered when the same names come in another order).
    /// - Throws: ``DatasetError/invalid(_:)`` naming both shapes or class lists, a ratio out of
    ///   range, or how many synthetic samples were needed and how many there are.
    public func mixed(with synthetic: Dataset, ratio: Double, mode: MixingMode,
                      predict: ((Dataset) throws -> [Int])? = nil, random: inout SeededRandom) throws -> MixedDataset {
        guard synthetic.sampleShape == sampleShape else {
            throw DatasetError.invalid("cannot mix \(name) (samples \(sampleShape)) with \(synthetic.name) (samples \(synthetic.sampleShape)): sample shapes differ")
        }
        let syntheticLabels = try synthetic.labels(inClassesOf: self)
        let upper = mode == .replace ? 1.0 : Double(DataLimits.maxSamples)
        guard ratio.isFinite, ratio >= 0, ratio <= upper else {
            throw DatasetError.invalid("mixing ratio must be \(mode == .replace ? "between 0 and 1 when replacing" : "0 or more when adding"), got \(ratio)")
        }
        let needed = Int((ratio * Double(count)).rounded())
        if mode == .add { try DataLimits.checkSampleCount(count + needed, what: "\(name) with \(needed) synthetic samples added") }
        var pool = Array(synthetic.indices)
        var poolNote = ""
        if let predict {
            let predictions = try predict(synthetic)
            guard predictions.count == synthetic.count else {
                throw DatasetError.invalid("\(synthetic.name): \(synthetic.count) samples but \(predictions.count) predictions")
            }
            pool = pool.filter { predictions[$0] == syntheticLabels[$0] }
            poolNote = " classified correctly (of \(synthetic.count))"
        }
        guard pool.count >= needed else {
            throw DatasetError.invalid("mixing \(ratio) x \(count) samples of \(name) needs \(needed) synthetic samples, but \(synthetic.name) has only \(pool.count)\(poolNote)")
        }
        random.shuffle(&pool)
        let drawn = Array(pool.prefix(needed))
        var sources: [Int?] = Array(repeating: nil, count: count)
        switch mode {
        case .replace:
            var positions = try random.permutation(count: count)
            positions = Array(positions.prefix(needed))
            for (position, source) in zip(positions, drawn) { sources[position] = source }
        case .add:
            sources += drawn.map { Optional($0) }
        }
        return MixedDataset(data: try assemble(sources, from: synthetic, syntheticLabels: syntheticLabels), syntheticSources: sources)
    }

    /// `other`'s labels as class numbers of `reference`: the same names required, any order.
    func labels(inClassesOf reference: Dataset) throws -> [Int] {
        if classNames == reference.classNames { return labels }
        guard classNames.count == reference.classNames.count, Set(classNames) == Set(reference.classNames),
              Set(classNames).count == classNames.count else {
            throw DatasetError.invalid("cannot mix \(reference.name) (classes \(reference.classNames)) with \(name) (classes \(classNames)): the classes differ")
        }
        let renumber = classNames.map { name in reference.classNames.firstIndex(of: name) ?? 0 }
        return labels.map { renumber[$0] }
    }

    /// Samples taken from this set (nil) or from `synthetic` (its index), in that order.
    private func assemble(_ sources: [Int?], from synthetic: Dataset, syntheticLabels: [Int]) throws -> Dataset {
        let width = sampleShape.reduce(1, *)
        let shape = [sources.count] + sampleShape
        // A real sample keeps its position: nil at position p is real sample p in either mode.
        let picks: [(fromSynthetic: Bool, index: Int)] = sources.enumerated().map { position, source in source.map { (true, $0) } ?? (false, position) }
        let features: Tensor
        let (real, made) = (self.features, synthetic.features)  // read once: bytes become floats on each read
        if case .float64(let mine) = real.storage, case .float64(let theirs) = made.storage {
            features = try Tensor(shape: shape, values: Dataset.interleave(picks, mine, theirs, width))
        } else {
            features = try Tensor(shape: shape, values: Dataset.interleave(picks, real.floatValues, made.floatValues, width))
        }
        let texts: [String]? = self.texts.flatMap { mine in synthetic.texts.map { theirs in picks.map { $0.fromSynthetic ? theirs[$0.index] : mine[$0.index] } } }
        return try Dataset(name: "\(name)+\(synthetic.name)", features: features,
                           labels: picks.map { $0.fromSynthetic ? syntheticLabels[$0.index] : labels[$0.index] },
                           classNames: classNames, texts: texts)
    }

    private static func interleave<Element>(_ picks: [(fromSynthetic: Bool, index: Int)], _ real: [Element], _ synthetic: [Element], _ width: Int) -> [Element] {
        var values: [Element] = []
        values.reserveCapacity(picks.count * width)
        for pick in picks {
            let start = pick.index * width
            values.append(contentsOf: pick.fromSynthetic ? synthetic[start..<(start + width)] : real[start..<(start + width)])
        }
        return values
    }
}
