import WWAugment
import WWData
import WWInterpreter
import WWNumerics
import WWSpectral

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
            let copies = try call.integer("copies", in: 1...MaterialiseLimits.maxCopies)
            let materialisation = try MaterialisedAugmentation(data, with: object.batchTransform, copies: copies)
            // The terminal bar (done of total, a label); nil off a terminal.
            let bar = TerminalProgressBar.forStandardError()
            defer { bar?.finish() }
            let result = try call.withStream(seed: "seed") { random in
                try materialisation.run(random: &random, progress: bar, progressLabel: "augment", cancellation: .interrupt)
            }
            return .object(DatasetObject(result))
        }
    }
}
