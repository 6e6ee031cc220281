import WWNumerics

/// Mini-batches for training loops.
extension Dataset {
    /// Consecutive batches of `size` samples in data-set order; the last one is smaller unless
    /// `dropLast`.
    public func batches(size: Int, dropLast: Bool = false) throws -> [Dataset] {
        try batches(of: Array(0..<count), size: size, dropLast: dropLast)
    }

    /// Batches of `size` samples in a fresh random order drawn from `random` (one epoch).
    public func batches(size: Int, dropLast: Bool = false, using random: inout SeededRandom) throws -> [Dataset] {
        var order = Array(0..<count)
        random.shuffle(&order)
        return try batches(of: order, size: size, dropLast: dropLast)
    }

    private func batches(of order: [Int], size: Int, dropLast: Bool) throws -> [Dataset] {
        try requireSamples(for: "make batches of")
        guard size >= 1 else { throw DatasetError.invalid("\(name): the batch size must be at least 1, got \(size)") }
        var result: [Dataset] = []
        var start = 0
        while start < count {
            let end = min(start + size, count)
            if end - start < size, dropLast { break }
            result.append(try samples(at: Array(order[start..<end]), name: "\(name)[batch \(result.count + 1)]"))
            start = end
        }
        guard !result.isEmpty else {
            throw DatasetError.invalid("\(name): no full batch of \(size) from \(count) samples (dropping the last, partial batch leaves nothing)")
        }
        return result
    }
}
