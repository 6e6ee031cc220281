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
        let chosen = try samples(at: kept)
        return try Dataset(name: name, features: chosen.features, labels: chosen.labels.map { newLabel[$0] },
                           classNames: classes.map { classNames[$0] }, texts: chosen.texts)
    }

    /// The label of a class named `className`, or nil.
    public func label(of className: String) -> Int? { classNames.firstIndex(of: className) }

    /// Each sample as one vector (`[count, product of sampleShape]`), the input an MLP takes.
    public func flattened() throws -> Dataset {
        let width = sampleShape.reduce(1, *)
        return try Dataset(name: name, features: try features.reshaped([count, width]), labels: labels,
                           classNames: classNames, texts: texts)
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
        let joined: Tensor
        if case .float64(let mine) = features.storage, case .float64(let theirs) = other.features.storage {
            joined = try Tensor(shape: shape, values: mine + theirs)
        } else {
            joined = try Tensor(shape: shape, values: features.floatValues + other.features.floatValues)
        }
        let texts: [String]? = self.texts.flatMap { mine in other.texts.map { mine + $0 } }
        return try Dataset(name: "\(name)+\(other.name)", features: joined,
                           labels: labels + other.labels.map { mapped[$0] }, classNames: names, texts: texts)
    }
}
