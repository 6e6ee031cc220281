import WWNumerics

/// Random orders, subsets and splits. Every one draws only from the stream it is given, so the
/// same seed gives the same samples on every machine.
extension Dataset {
    /// The samples in a random order (a Fisher-Yates permutation from `random`).
    public func shuffled(using random: inout SeededRandom) throws -> Dataset {
        try requireSamples(for: "shuffle")
        return try samples(at: try random.permutation(count: count))
    }

    /// The first `size` samples.
    public func prefix(_ size: Int) throws -> Dataset {
        try requireSamples(for: "take a subset of")
        try checkSubsetSize(size)
        return try samples(at: Array(0..<size))
    }

    /// `size` samples chosen at random without replacement, kept in data-set order. Stratified,
    /// each class's count is within one sample of its share.
    public func subset(_ size: Int, stratified: Bool = false, using random: inout SeededRandom) throws -> Dataset {
        try requireSamples(for: "take a subset of")
        try checkSubsetSize(size)
        let order = try stratified ? stratifiedOrder(using: &random) : random.permutation(count: count)
        return try samples(at: order.prefix(size).sorted())
    }

    private func checkSubsetSize(_ size: Int) throws {
        guard size >= 0, size <= count else {
            throw DatasetError.invalid("\(name): a subset of \(size) samples needs a size in 0...\(count)")
        }
    }

    /// Parts of the given sizes (their sum may be less than `count`: the rest is left out),
    /// drawn without overlap. Stratified, each part's class counts are within one sample per
    /// class of proportional. Each part is in random order.
    public func split(counts: [Int], stratified: Bool = false, using random: inout SeededRandom) throws -> [Dataset] {
        try requireSamples(for: "split")
        guard !counts.isEmpty else { throw DatasetError.invalid("\(name): a split needs at least one part") }
        if let bad = counts.first(where: { $0 < 0 }) {
            throw DatasetError.invalid("\(name): a split part of \(bad) samples is negative")
        }
        let total = counts.reduce(0, +)
        guard total <= count else {
            throw DatasetError.invalid("\(name): split parts of \(counts.map(String.init).joined(separator: " + ")) = \(total) samples, but the data set has \(count)")
        }
        let order = try stratified ? stratifiedOrder(using: &random) : random.permutation(count: count)
        var parts: [Dataset] = []
        var start = 0
        for (index, size) in counts.enumerated() {
            var chosen = Array(order[start..<(start + size)])
            random.shuffle(&chosen)
            parts.append(try samples(at: chosen, name: "\(name)[part \(index + 1)]"))
            start += size
        }
        return parts
    }

    /// Parts holding the given fractions of the samples (they must sum to 1), sized by the
    /// largest-remainder method so the sizes add up to `count` exactly.
    public func split(fractions: [Double], stratified: Bool = false, using random: inout SeededRandom) throws -> [Dataset] {
        try requireSamples(for: "split")
        if let bad = fractions.first(where: { !($0 > 0 && $0 <= 1) }) {
            throw DatasetError.invalid("\(name): split fraction \(bad) must be in (0, 1]")
        }
        let sum = fractions.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else {
            throw DatasetError.invalid("\(name): split fractions must sum to 1, got \(sum)")
        }
        return try split(counts: Dataset.apportion(count, by: fractions), stratified: stratified, using: &random)
    }

    /// Whole counts proportional to `fractions` that sum to `total` (Hamilton's method: floors
    /// first, then one more to the largest remainders, earlier parts first on ties).
    static func apportion(_ total: Int, by fractions: [Double]) -> [Int] {
        let exact = fractions.map { $0 * Double(total) }
        var counts = exact.map { Int($0.rounded(.down)) }
        let remainders = exact.enumerated().map { ($0.offset, $0.element - $0.element.rounded(.down)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var missing = total - counts.reduce(0, +)
        for (index, _) in remainders where missing > 0 {
            counts[index] += 1
            missing -= 1
        }
        return counts
    }

    /// All sample indices in an order whose every prefix is stratified: within each class a
    /// random order; the k-th sample of a class of size n sits at key (k + 1/2) / n, and the
    /// indices are sorted by key (ties by class), so any prefix holds each class within one
    /// sample of its share.
    func stratifiedOrder(using random: inout SeededRandom) throws -> [Int] {
        var keyed: [(key: Double, label: Int, index: Int)] = []
        keyed.reserveCapacity(count)
        for (label, var group) in indicesByClass.enumerated() where !group.isEmpty {
            random.shuffle(&group)
            for (rank, index) in group.enumerated() {
                keyed.append(((Double(rank) + 0.5) / Double(group.count), label, index))
            }
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.label < $1.label }
        return keyed.map(\.index)
    }
}
