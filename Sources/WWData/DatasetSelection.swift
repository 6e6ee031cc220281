import WWNumerics

/// Building data sets from chosen samples: the one primitive under subset, split, shuffle,
/// batches and class selection.
extension Dataset {
    /// The samples at `indices`, in that order (an index may repeat).
    /// - Throws: ``DatasetError/invalid(_:)`` for an index outside `0..<count`.
    public func samples(at indices: [Int], name: String? = nil) throws -> Dataset {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DatasetError.invalid("\(self.name): sample index \(bad) is out of range 0..<\(count)")
        }
        let (chosenName, chosenLabels) = (name ?? self.name, indices.map { labels[$0] })
        let chosenTexts = texts.map { all in indices.map { all[$0] } }
        var chosen: Dataset
        if let pixelBytes {
            chosen = try Dataset(name: chosenName, pixels: pixelBytes.gathered(indices), labels: chosenLabels, classNames: classNames, texts: chosenTexts)
        } else {
            let width = sampleShape.reduce(1, *)
            let shape = [indices.count] + sampleShape
            let rows: Tensor
            switch features.storage {
            case .float32(let values):
                rows = try Tensor(shape: shape, values: Dataset.gather(values, indices, width))
            case .float64(let values):
                rows = try Tensor(shape: shape, values: Dataset.gather(values, indices, width))
            }
            chosen = try Dataset(name: chosenName, features: rows, labels: chosenLabels, classNames: classNames, texts: chosenTexts)
        }
        if let softLabels {
            let classes = classNames.count
            chosen.softLabels = try Tensor(shape: [indices.count, classes],
                                           values: Dataset.gather(softLabels.floatValues, indices, classes))
        }
        return chosen
    }

    static func gather<Element>(_ values: [Element], _ indices: [Int], _ width: Int) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(indices.count * width)
        for index in indices {
            result.append(contentsOf: values[(index * width)..<((index + 1) * width)])
        }
        return result
    }

    /// Throws a clear error naming `operation` when the data set has no samples: every
    /// operation that draws, averages or batches samples calls this first.
    public func requireSamples(for operation: String) throws {
        guard count > 0 else {
            throw DatasetError.invalid("\(name): cannot \(operation) an empty data set (0 samples)")
        }
    }

    /// How many samples each class has, indexed by label.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// Sample indices grouped by label, each group in data-set order.
    var indicesByClass: [[Int]] {
        var groups = [[Int]](repeating: [], count: classNames.count)
        for (index, label) in labels.enumerated() { groups[label].append(index) }
        return groups
    }
}
