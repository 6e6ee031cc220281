import WWData
import WWInterpreter
import WWNumerics

/// The dataset methods: `data.split(0.8)`, `data.batches(32, shuffle: true)`, .... They are
/// methods only (not global functions), because several share a name with list and string
/// built-ins (`shuffle`, `flatten`, `split`).
extension Registry {
    func defineDataSelection() {
        define("split(data, parts = 0.8, stratified = false, seed = nil) -> list", category: "Data", methodOf: ["dataset"],
               global: false, doc: """
            Splits a dataset into disjoint random parts and returns them as a list. `parts` is a \
            fraction f (two parts: f and the rest), a list of fractions summing to 1, or a list of \
            whole sample counts (their sum may be less than the data set: the rest is left out). \
            Fractions are rounded so the sizes add up exactly. Stratified, every part keeps the \
            class proportions to within one sample per class.
            """) { call in
            let data = try call.dataset("data")
            let stratified = try call.bool("stratified")
            let parts = try splitParts(call, data: data)
            let result = try call.withStream(seed: "seed") { random in
                switch parts {
                case .fractions(let f): return try data.split(fractions: f, stratified: stratified, using: &random)
                case .counts(let c): return try data.split(counts: c, stratified: stratified, using: &random)
                }
            }
            return .list(ListObject(result.map { .object(DatasetObject($0)) }))
        }
        define("subset(data, n, seed = nil, stratified = false) -> dataset", category: "Data", methodOf: ["dataset"], global: false,
               doc: """
            `n` samples of a dataset. Without a seed, the first n (deterministic, e.g. for a quick \
            run); with one, n chosen at random without replacement, kept in their original order \
            (stratified: class proportions kept to within one sample per class).
            """) { call in
            let data = try call.dataset("data")
            let n = try call.integer("n", in: 0...DataLimits.maxSamples)
            let stratified = try call.bool("stratified")
            guard let seed = try call.optionalInteger("seed", in: 0...Int(Int32.max)) else {
                if stratified { throw BuiltinError("subset: a stratified subset is random; give it a seed") }
                return .object(DatasetObject(try data.prefix(n)))
            }
            var random = SeededRandom(seed: UInt64(seed))
            return .object(DatasetObject(try data.subset(n, stratified: stratified, using: &random)))
        }
        // `data.classes` is the list of class names; `data.classes([...])` is a call, which the
        // interpreter sends to this method because a list cannot be called (the issue's spelling).
        // keep_classes says the same without leaning on that rule.
        for name in ["classes", "keep_classes"] {
            define("\(name)(data, classes) -> dataset", category: "Data", methodOf: ["dataset"], global: false, doc: """
                Only the samples of the listed classes (names or class numbers), relabelled 0, 1, ... in \
                the order listed: `data.\(name)(["3", "8"])` is a two-class problem where "3" is \
                class 0. `data.classes` without arguments is the list of class names.
                """) { call in
                let data = try call.dataset("data")
                let labels = try call.list("classes").items.map { item -> Int in
                    switch item {
                    case .string(let className):
                        guard let label = data.label(of: className) else {
                            throw BuiltinError("\(name): \(data.name) has no class \"\(className)\"; its classes are \(data.classNames.prefix(20).map { "\"\($0)\"" }.joined(separator: ", "))")
                        }
                        return label
                    case .number(let x) where x == x.rounded() && abs(x) < 1e9:
                        return Int(x)
                    default:
                        throw BuiltinError("\(name): argument 'classes' must list class names or numbers, got \(describeForError(item))")
                    }
                }
                return .object(DatasetObject(try data.keepingClasses(labels)))
            }
        }
        define("shuffle(data, seed = nil) -> dataset", category: "Data", methodOf: ["dataset"], global: false, doc: """
            The samples of a dataset in a random order, each with its label (and text).
            """) { call in
            let data = try call.dataset("data")
            return .object(DatasetObject(try call.withStream(seed: "seed") { random in try data.shuffled(using: &random) }))
        }
        define("batches(data, size = 32, shuffle = false, seed = nil, drop_last = false) -> list", category: "Data",
               methodOf: ["dataset"], global: false, doc: """
            The dataset cut into mini-batches of `size` samples, a list of datasets to walk with \
            `for`. In order, or with `shuffle: true` in a fresh random order on every call (one \
            epoch each). The last batch is smaller unless `drop_last` is true.
            """) { call in
            let data = try call.dataset("data")
            let size = try call.integer("size", in: 1...DataLimits.maxSamples)
            let dropLast = try call.bool("drop_last")
            let batches: [Dataset]
            if try call.bool("shuffle") {
                batches = try call.withStream(seed: "seed") { random in try data.batches(size: size, dropLast: dropLast, using: &random) }
            } else {
                batches = try data.batches(size: size, dropLast: dropLast)
            }
            return .list(ListObject(batches.map { .object(DatasetObject($0)) }))
        }
        define("class_counts(data) -> list", category: "Data", methodOf: ["dataset"], global: false, doc: """
            How many samples each class has, in class order (index = label).
            """) { call in
            .list(ListObject(try call.dataset("data").classCounts.map { .number(Double($0)) }))
        }
        define("concat(data, other) -> dataset", category: "Data", methodOf: ["dataset"], global: false, doc: """
            The samples of `data` followed by those of `other` (same sample shape). Classes are \
            matched by name; classes only `other` has are added at the end.
            """) { call in
            let (data, other) = (try call.dataset("data"), try call.dataset("other"))
            return .object(DatasetObject(try data.concatenated(with: other)))
        }
    }

    func defineDataTransforms() {
        define("normalise(data, stats = nil) -> record", category: "Data", methodOf: ["dataset"], global: false, doc: """
            Standardises every channel (the first axis of a sample: colour channels of images, \
            features of vectors) to mean 0 and standard deviation 1, and returns a record {data, \
            mean, std}. Pass a training set's result (or any record with `mean` and `std` lists) as \
            `stats` to normalise a test set the same way. A constant channel is only centred.
            """) { call in
            let data = try call.dataset("data")
            var given: ChannelStatistics?
            if case .record(let record) = try call.value("stats") {
                guard case .list(let mean)? = record.get("mean"), case .list(let std)? = record.get("std") else {
                    throw BuiltinError("normalise: argument 'stats' must be a record with lists 'mean' and 'std' (the result of normalise)")
                }
                given = try ChannelStatistics(mean: try numbers(mean, "stats.mean"), standardDeviation: try numbers(std, "stats.std"))
            } else if !(try call.isNil("stats")) {
                throw call.fail("stats", expected: "a record with 'mean' and 'std' (the result of normalise)")
            }
            let (result, stats) = try data.normalised(with: given)
            return .record(["data": result, "mean": stats.mean, "std": stats.standardDeviation])
        }
        define("flatten(data) -> dataset", category: "Data", methodOf: ["dataset"], global: false, doc: """
            Each sample as one vector (shape [n, c*h*w] for images), the input an MLP takes.
            """) { call in
            let data = try call.dataset("data")
            return .object(DatasetObject(try data.flattened()))
        }
        define("corrupt(data, kind = \"noise\", strength = 0.1, seed = nil) -> dataset", category: "Data", methodOf: ["dataset"],
               global: false, doc: """
            A shifted copy for out-of-distribution tests: "noise" adds Gaussian noise of standard \
            deviation `strength`; "brightness" adds `strength`; "contrast" scales each sample's \
            deviations from its mean by `strength`; "rotation" turns images by `strength` degrees \
            counter-clockwise (bilinear, edges repeated). Values are clamped to [0, 1] when they \
            all were in [0, 1] before.
            """) { call in
            let data = try call.dataset("data")
            let kind = try call.choice("kind", of: Corruption.Kind.self)
            let strength = try call.number("strength")
            return .object(DatasetObject(try call.withStream(seed: "seed") { random in
                try data.corrupted(kind, strength: strength, using: &random)
            }))
        }
    }

    func defineTextFeatures() {
        define("hashed_features(data, dims = 1024, ngrams = 1) -> dataset", category: "Data", methodOf: ["dataset"], global: false,
               doc: """
            A text dataset with new features: counts of its lower-cased word n-grams (1 to `ngrams` \
            words) hashed into `dims` columns. Needs no vocabulary, so sets featurised separately agree.
            """) { call in
            let data = try call.dataset("data")
            let dims = try call.integer("dims", in: 1...DataLimits.maxSampleElements)
            let ngrams = try call.integer("ngrams", in: 1...TextFeatures.maxNgram)
            return .object(DatasetObject(try data.withHashedFeatures(dimensions: dims, ngrams: ngrams)))
        }
        define("vocabulary(data, size = 1000, ngrams = 1) -> list", category: "Data", methodOf: ["dataset"], global: false, doc: """
            The `size` most frequent word n-grams of a text dataset (ties alphabetical), for \
            bag_of_words. Build it from the training set and reuse it for the test set.
            """) { call in
            let data = try call.dataset("data")
            let size = try call.integer("size", in: 1...DataLimits.maxSampleElements)
            let ngrams = try call.integer("ngrams", in: 1...TextFeatures.maxNgram)
            let words = try TextFeatures.vocabulary(try data.requireTexts(for: "build a vocabulary"), size: size, ngrams: ngrams)
            return .list(ListObject(words.map { .string($0) }))
        }
        define("bag_of_words(data, vocabulary, ngrams = 1) -> dataset", category: "Data", methodOf: ["dataset"], global: false, doc: """
            A text dataset with new features: for each entry of `vocabulary` (a list of words or \
            n-grams, e.g. from the vocabulary method) how often it occurs in each text.
            """) { call in
            let data = try call.dataset("data")
            let words = try stringList(call, "vocabulary", what: "words")
            let ngrams = try call.integer("ngrams", in: 1...TextFeatures.maxNgram)
            return .object(DatasetObject(try data.withBagOfWords(vocabulary: words, ngrams: ngrams)))
        }
    }
}

/// How `split` was asked to cut.
private enum SplitParts {
    case fractions([Double])
    case counts([Int])
}

private func splitParts(_ call: BuiltinCall, data: Dataset) throws -> SplitParts {
    switch try call.value("parts") {
    case .number(let f):
        guard f > 0, f < 1 else { throw BuiltinError("split: a single fraction must be between 0 and 1 (exclusive), got \(formatNumber(f))") }
        return .fractions([f, 1 - f])
    case .list(let list):
        let values = try numbers(list, "parts")
        guard !values.isEmpty else { throw BuiltinError("split: argument 'parts' must not be empty") }
        if abs(values.reduce(0, +) - 1) <= 1e-9 { return .fractions(values) }
        guard values.allSatisfy({ $0 == $0.rounded() && $0 >= 0 && $0 <= Double(DataLimits.maxSamples) }) else {
            throw BuiltinError("split: argument 'parts' must be fractions summing to 1 or whole sample counts, got \(values.map(formatNumber).joined(separator: ", "))")
        }
        return .counts(values.map { Int($0) })
    default:
        throw call.fail("parts", expected: "a fraction or a list of fractions or counts")
    }
}

/// The numbers of a list, naming `what` when an element is not one.
private func numbers(_ list: ListObject, _ what: String) throws -> [Double] {
    try list.items.enumerated().map { k, item in
        guard case .number(let x) = item else { throw BuiltinError("\(what) must hold numbers, but element \(k) is \(describeForError(item))") }
        return x
    }
}
