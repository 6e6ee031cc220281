import WWNumerics

/// Class selection, flattening and concatenation.
extension Dataset {
    /// Only the samples of `classes` (labels), relabelled 0, 1, ... in the order given, so
    /// `keepingClasses([3, 8])` is a two-class problem where 3 is class 0 and 8 class 1.
    public func keepingClasses(_ classes: [Int]) throws -> Dataset {
        guard !classes.isEmpty else { throw DatasetError.invalid("\(name): keep at least one class") }
        var newLabel = [Int](repeating: -1, count: classNames.count)
        for (position, label) in classes.enumerated() {
            guard label >= 0, label < classNames.count else {
                throw DatasetError.invalid("\(name): class \(label) is out of range 0..<\(classNames.count)")
            }
            guard newLabel[label] < 0 else { throw DatasetError.invalid("\(name): class \(label) is listed twice") }
            newLabel[label] = position
        }
        let kept = labels.indices.filter { newLabel[labels[$0]] >= 0 }
        var result = try samples(at: kept)
        let chosen = result
        result.labels = chosen.labels.map { newLabel[$0] }
        result.classNames = classes.map { classNames[$0] }
        result.softLabels = nil
        if let soft = chosen.softLabels?.floatValues {
            // The kept classes' columns, each row renormalised (its own label keeps some mass).
            var rows: [Float] = []
            for i in 0..<result.count {
                let row = classes.map { soft[i * classNames.count + $0] }
                let total = row.reduce(0, +)
                rows.append(contentsOf: row.map { total > 0 ? $0 / total : 0 })
            }
            result.softLabels = try Tensor(shape: [result.count, classes.count], values: rows)
        }
        return result
    }

    /// The label of a class named `className`, or nil.
    public func label(of className: String) -> Int? { classNames.firstIndex(of: className) }

    /// Each sample as one vector (`[count, product of sampleShape]`), the input an MLP takes.
    public func flattened() throws -> Dataset {
        let width = sampleShape.reduce(1, *)
        if let pixelBytes {
            var result = try Dataset(name: name, pixels: pixelBytes.reshaped([count, width]), labels: labels, classNames: classNames, texts: texts)
            result.softLabels = softLabels
            return result
        }
        var result = try Dataset(name: name, features: try features.reshaped([count, width]), labels: labels,
                                 classNames: classNames, texts: texts)
        result.softLabels = softLabels
        return result
    }

    /// This data set followed by `other`, whose sample shape must match. Classes are matched by
    /// name: `other`'s classes missing here are appended, so labels keep their meaning. Texts
    /// are kept only when both have them.
    public func concatenated(with other: Dataset) throws -> Dataset {
        guard sampleShape == other.sampleShape else {
            throw DatasetError.invalid("cannot concatenate \(name) (samples \(sampleShape)) and \(other.name) (samples \(other.sampleShape)): sample shapes differ")
        }
        var names = classNames
        var mapped: [Int] = []
        for className in other.classNames {
            if let existing = names.firstIndex(of: className) {
                mapped.append(existing)
            } else {
                names.append(className)
                mapped.append(names.count - 1)
            }
        }
        let shape = [count + other.count] + sampleShape
        let texts: [String]? = self.texts.flatMap { mine in other.texts.map { mine + $0 } }
        let (joinedName, joinedLabels) = ("\(name)+\(other.name)", labels + other.labels.map { mapped[$0] })
        var result: Dataset
        if let mine = pixelBytes, let theirs = other.pixelBytes {
            result = try Dataset(name: joinedName, pixels: mine.joined(with: theirs), labels: joinedLabels, classNames: names, texts: texts)
        } else {
            let joined: Tensor
            if case .float64(let mine) = features.storage, case .float64(let theirs) = other.features.storage {
                joined = try Tensor(shape: shape, values: mine + theirs)
            } else {
                joined = try Tensor(shape: shape, values: features.floatValues + other.features.floatValues)
            }
            result = try Dataset(name: joinedName, features: joined, labels: joinedLabels, classNames: names, texts: texts)
        }
        if softLabels != nil || other.softLabels != nil {
            // Soft rows widened to the joined classes; a side without them contributes one-hot rows.
            var rows = [Float](repeating: 0, count: result.count * names.count)
            let mine = targetDistribution, theirs = other.targetDistribution
            for i in 0..<count {
                for c in 0..<classNames.count { rows[i * names.count + c] = mine[i * classNames.count + c] }
            }
            for i in 0..<other.count {
                for c in 0..<other.classNames.count { rows[(count + i) * names.count + mapped[c]] = theirs[i * other.classNames.count + c] }
            }
            result.softLabels = try Tensor(shape: [result.count, names.count], values: rows)
        }
        return result
    }
}
