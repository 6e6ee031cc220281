import WWAugment
import WWData
import WWInterpreter
import WWNumerics
import WWSpectral

/// Limits of materialising augmented data sets.
enum AugmentBindingLimits {
    /// Samples augmented between two checks of the interrupt flag: large enough to keep both
    /// cores busy, small enough that Ctrl-C answers within a fraction of a second and that a
    /// chunk's buffers (6 MB for 3 x 32 x 32) are reused by the allocator instead of being
    /// mapped afresh, which costs the kernel a page clear per 4 KB.
    static let samplesPerChunk = 512
    /// Most augmented copies `augment(..., copies: k)` makes in one call.
    static let maxCopies = 1000
}

extension Registry {
    /// Built-ins for image augmentations (policies, pixel and geometric ops) and materialising.
    func defineImageAugmentations() {
        category("Augmentation", doc: """
            Data augmentations for images and text, computed as torchvision does it on uint8 images \
            (C x H x W): a data set's float pixels in [0, 1] become bytes round(255 x) and come back \
            as byte / 255. Every augmentation is a value that `train(model, data, augment: a)` applies \
            to each batch afresh, and that `augment(data, a)` applies once to make a new data set. \
            Randomness comes from a seed or the session stream, image by image, so results do not \
            depend on the number of threads.
            """)
        definePolicies()
        defineImageOp()
        defineMaterialising()
    }

    private func definePolicies() {
        define("autoaugment() -> augmentation", category: "Augmentation", doc: """
            AutoAugment's CIFAR-10 policy (Cubuk et al. 2019), as torchvision's \
            AutoAugment(AutoAugmentPolicy.CIFAR10): each image gets one of 25 sub-policies of two \
            ops, each op applied with its own probability and magnitude, with nearest sampling.
            """) { _ in
            .object(AugmentationValue(AutoAugment(), options: [("policy", .string("cifar10"))]))
        }
        define("randaugment(num_ops = 2, magnitude = 9, bins = 31) -> augmentation", category: "Augmentation", doc: """
            RandAugment (Cubuk et al. 2020), as torchvision's RandAugment: each image gets `num_ops` \
            ops drawn with replacement from 14 (identity, shears, translations, rotation, the four \
            enhance ops, posterize, solarize, autocontrast, equalize), all at magnitude bin \
            `magnitude` of `bins`, with signed ops negated half of the time.
            """) { call in
            let numOps = try call.integer("num_ops")
            let magnitude = try call.integer("magnitude")
            let bins = try call.integer("bins")
            let policy = try RandAugment(numOps: numOps, magnitude: magnitude, bins: bins)
            return .object(AugmentationValue(policy, options: [("num_ops", .number(Double(numOps))),
                                                               ("magnitude", .number(Double(magnitude))),
                                                               ("bins", .number(Double(bins)))]))
        }
        define("trivialaugment() -> augmentation", category: "Augmentation", doc: """
            TrivialAugmentWide (Müller and Hutter 2021), as torchvision's TrivialAugmentWide: each \
            image gets one op drawn from 14 at a magnitude drawn uniformly from 31 bins over wide \
            ranges (shear 0.99, translation 32 pixels, rotation 135 degrees).
            """) { _ in
            .object(AugmentationValue(try TrivialAugmentWide()))
        }
        define("augmix(severity = 3, width = 3, depth = -1, alpha = 1, all_ops = false) -> augmentation",
               category: "Augmentation", doc: """
            AugMix (Hendrycks et al. 2020), as torchvision's AugMix: `width` chains of `depth` random \
            ops (-1: 1 to 3 per chain) at magnitude bins below `severity` (of 10), with bilinear \
            sampling, mixed with Dirichlet(`alpha`) weights and blended with the original by a \
            Beta(`alpha`, `alpha`) weight. `all_ops` adds brightness, color, contrast and sharpness.
            """) { call in
            let severity = try call.integer("severity"), width = try call.integer("width"), depth = try call.integer("depth")
            let alpha = try call.number("alpha")
            let allOps = try call.bool("all_ops")
            let policy = try AugMix(severity: severity, width: width, depth: depth, alpha: alpha, allOps: allOps)
            return .object(AugmentationValue(policy, options: [("severity", .number(Double(severity))), ("width", .number(Double(width))),
                                                               ("depth", .number(Double(depth))), ("alpha", .number(alpha)),
                                                               ("all_ops", .bool(allOps))]))
        }
    }

    private func defineImageOp() {
        let names = ImageOpKind.userOps.map(\.rawValue)
        let meanings = ImageOpKind.userOps.filter(\.takesMagnitude)
            .map { "\($0.rawValue): \($0.magnitudeMeaning)" }.joined(separator: "; ")
        define("image_op(name, magnitude = nil, interpolation = \"nearest\") -> augmentation", category: "Augmentation", doc: """
            One image op at a fixed magnitude, deterministic, exactly as the policies apply it \
            (torchvision's op on uint8 images). Names: \(names.joined(separator: ", ")). The \
            magnitude means, per op: \(meanings). invert, autocontrast and equalize take none. \
            Geometric ops sample "nearest" or "bilinear" and fill with black.
            """) { call in
            let name = try call.choice("name", names)
            guard let kind = ImageOpKind(rawValue: name) else { throw BuiltinError("unknown op \"\(name)\"") }
            let magnitude = try call.optionalNumber("magnitude")
            let interpolationName = try call.choice("interpolation", Interpolation.allCases.map(\.rawValue))
            let interpolation = Interpolation(rawValue: interpolationName) ?? .nearest
            if kind.takesMagnitude, magnitude == nil {
                throw BuiltinError("\(name) needs a magnitude (\(kind.magnitudeMeaning))")
            }
            if !kind.takesMagnitude, magnitude != nil {
                throw BuiltinError("\(name) takes no magnitude")
            }
            let op = try ImageOp(kind, magnitude: magnitude ?? 0, interpolation: interpolation)
            var options: [(String, Value)] = [("op", .string(name))]
            if let magnitude { options.append(("magnitude", .number(magnitude))) }
            return .object(AugmentationValue(op, options: options))
        }
    }

    private func defineMaterialising() {
        define("augment(data, augmentation, seed = nil, copies = 1) -> dataset", category: "Augmentation", methodOf: ["dataset"], doc: """
            A new data set made by applying an augmentation (any augmentation value, including \
            `augmentation(kind, strength)`) once to every sample, labels kept. With `copies` k the \
            result holds k independently augmented copies one after the other. Without a seed the \
            session stream is used, so `seed(n)` makes the run repeat.
            """) { call in
            let data = try call.dataset("data")
            guard case .object(let object as BatchTransformValue) = try call.value("augmentation") else {
                throw call.fail("augmentation", expected: "an augmentation (autoaugment(), image_op(...), augmentation(...), ...)")
            }
            let copies = try call.integer("copies", in: 1...AugmentBindingLimits.maxCopies)
            guard data.count > 0 else { throw BuiltinError("\(data.name) is empty (0 samples); there is nothing to augment") }
            try checkCopiesFit(data, copies: copies)
            let interpreter = call.interpreter
            // The terminal bar (done of total, a label); nil off a terminal.
            let bar = TerminalProgressBar.forStandardError()
            defer { bar?.finish() }
            let result = try call.withStream(seed: "seed") { random in
                try materialise(data, with: object.batchTransform, copies: copies, random: &random) { done, total in
                    bar?.progress(done: done, total: total, label: "augment")
                    try interpreter.checkInterrupt()
                }
            }
            return .object(DatasetObject(result))
        }
    }
}

/// Applies `transform` to `data` chunk by chunk, `copies` times, and concatenates the results.
/// Chunk c of copy k uses the stream seeded by draw k * chunks + c of `random`, so the output
/// depends on nothing but the seed. `beforeChunk(done, total)` runs before each chunk (progress
/// and Ctrl-C). Image augmentations that keep the size write straight into the result.
private func materialise(_ data: Dataset, with transform: BatchTransform, copies: Int, random: inout SeededRandom,
                         beforeChunk: (_ done: Int, _ total: Int) throws -> Void) throws -> Dataset {
    // A crop or resize to `size` changes the sample size: one sample augmented on a throwaway
    // stream tells the output size, so a result that cannot fit is refused before a chunk of
    // large images is allocated (and the in-place path is skipped when sizes differ).
    var probeStream = SeededRandom(seed: 0)
    let probe = try transform.transform(data.samples(at: [0]), random: &probeStream)
    try checkOutputFits(data, copies: copies, sampleShape: probe.sampleShape)
    if let images = transform as? ImageAugmentationTransform, probe.sampleShape == data.sampleShape {
        var fast = random
        if let result = try materialiseImages(data, with: images, copies: copies, random: &fast, beforeChunk: beforeChunk) {
            random = fast
            return result
        }
    }
    let chunk = AugmentBindingLimits.samplesPerChunk
    var features: [Float] = []
    features.reserveCapacity(data.features.count * copies)
    var labels: [Int] = []
    // Mixing steps (mixup, cutmix) return soft labels; they are kept, with one-hot rows for
    // chunks that have none, so a materialised mix trains as the on-the-fly one does.
    var soft: [Float] = []
    var hasSoftLabels = data.softLabels != nil
    var texts: [String]? = data.texts == nil ? nil : []
    var sampleShape: [Int]?
    for _ in 0..<copies {
        for start in stride(from: 0, to: data.count, by: chunk) {
            try beforeChunk(labels.count, data.count * copies)
            let part = try data.samples(at: Array(start..<min(data.count, start + chunk)))
            var stream = SeededRandom(seed: random.next())
            let augmented = try transform.transform(part, random: &stream)
            if let shape = sampleShape, shape != augmented.sampleShape {
                throw BuiltinError("the augmentation gave samples of shape \(augmented.sampleShape) after \(shape); every sample needs one shape")
            }
            sampleShape = augmented.sampleShape
            features.append(contentsOf: augmented.features.floatValues)
            labels.append(contentsOf: augmented.labels)
            soft.append(contentsOf: augmented.targetDistribution)
            hasSoftLabels = hasSoftLabels || augmented.softLabels != nil
            if let more = augmented.texts { texts?.append(contentsOf: more) } else { texts = nil }
        }
    }
    let result = try Dataset(name: data.name, features: Tensor(shape: [labels.count] + (sampleShape ?? data.sampleShape), values: features),
                             labels: labels, classNames: data.classNames, texts: texts)
    return hasSoftLabels ? try result.withSoftLabels(Tensor(shape: [labels.count, data.classNames.count], values: soft)) : result
}

/// The same chunks and streams as the general path, for an image augmentation: each chunk is
/// read from the data set and written into the result in place. Nil when an image changed size.
private func materialiseImages(_ data: Dataset, with transform: ImageAugmentationTransform, copies: Int, random: inout SeededRandom,
                               beforeChunk: (_ done: Int, _ total: Int) throws -> Void) throws -> Dataset? {
    let layout = try DatasetImages.layout(of: data, for: transform.augmentation.name)
    let chunk = AugmentBindingLimits.samplesPerChunk
    let size = layout.size
    let total = data.count * copies
    let values = data.features.floatValues
    var sameSize = true
    let features = try values.withUnsafeBufferPointer { input in
        try [Float](unsafeUninitializedCapacity: total * size) { output, initialised in
            initialised = 0
            var done = 0
            for _ in 0..<copies {
                for start in stride(from: 0, to: data.count, by: chunk) {
                    try beforeChunk(done, total)
                    let range = start..<min(data.count, start + chunk)
                    let slice = UnsafeMutableBufferPointer(rebasing: output[(done * size)...])
                    sameSize = try transform.augment(samples: range, of: input, layout: layout, name: data.name, seed: random.next(), into: slice)
                    guard sameSize else { return }
                    done += range.count
                    initialised = done * size
                }
            }
        }
    }
    guard sameSize else { return nil }
    let labels = Array([[Int]](repeating: data.labels, count: copies).joined())
    let texts = data.texts.map { Array([[String]](repeating: $0, count: copies).joined()) }
    let result = try Dataset(name: data.name, features: Tensor(shape: [total, layout.channels, layout.height, layout.width], values: features),
                             labels: labels, classNames: data.classNames, texts: texts)
    guard let soft = data.softLabels else { return result }
    let rows = Array([[Float]](repeating: soft.floatValues, count: copies).joined())
    return try result.withSoftLabels(Tensor(shape: [total, data.classNames.count], values: rows))
}

/// Refuses a result whose samples have `sampleShape` (an augmentation that resizes) when it
/// would not fit in memory.
private func checkOutputFits(_ data: Dataset, copies: Int, sampleShape: [Int]) throws {
    let values = sampleShape.reduce(1) { $0.multipliedReportingOverflow(by: max($1, 1)).partialValue }
    let bytes = (data.count * copies).multipliedReportingOverflow(by: values.multipliedReportingOverflow(by: MemoryLayout<Float>.size).partialValue)
    guard !bytes.overflow, bytes.partialValue <= TensorLimits.maxAllocationBytes else {
        throw BuiltinError("the augmentation makes samples of shape \(sampleShape); \(data.count * copies) of them need \(bytes.overflow ? Int.max : bytes.partialValue) bytes, more than this machine's memory (\(TensorLimits.maxAllocationBytes) bytes)")
    }
}

/// Refuses a result that would not fit: `copies` multiplies the data set in memory.
private func checkCopiesFit(_ data: Dataset, copies: Int) throws {
    let samples = data.count.multipliedReportingOverflow(by: copies)
    guard !samples.overflow, samples.partialValue <= DataLimits.maxSamples else {
        throw BuiltinError("argument 'copies': \(copies) copies of \(data.count) samples exceed the \(DataLimits.maxSamples) samples a data set may hold")
    }
    let bytes = samples.partialValue.multipliedReportingOverflow(by: max(data.sampleShape.reduce(1, *), 1) * MemoryLayout<Float>.size)
    guard !bytes.overflow, bytes.partialValue <= TensorLimits.maxAllocationBytes else {
        throw BuiltinError("argument 'copies': \(copies) copies of \(data.name) need \(bytes.overflow ? Int.max : bytes.partialValue) bytes, more than this machine's memory (\(TensorLimits.maxAllocationBytes) bytes)")
    }
}


