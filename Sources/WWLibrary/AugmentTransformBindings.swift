import WWAugment
import WWData
import WWInterpreter

extension Registry {
    /// Built-ins for image transforms (elastic, erasing, jitter, crops, flips, noise, mixup, cutmix, compose).
    func defineAugmentTransforms() {
        category("Augmentation", doc: """
            Data augmentations as torchvision defines them, each an `augmentation` value: pass it to \
            `train(model, data, augment: ...)` to augment every batch afresh each epoch, or put several \
            in `compose([...])`. Image augmentations work on images [channels, height, width] with \
            values in [0, 1] (augment before normalising), with torchvision's uint8 pixel math.
            """)
        defineGeometricTransforms()
        definePixelTransforms()
        defineMixingTransforms()
    }

    private func defineGeometricTransforms() {
        define("elastic(alpha = 50, sigma = 5) -> augmentation", category: "Augmentation", doc: """
            torchvision's ElasticTransform: each pixel moves by a smooth random displacement. Per \
            axis, uniform noise in (-1, 1) is blurred by a Gaussian of standard deviation `sigma` and \
            scaled by `alpha` over the image's width (or height) in normalised coordinates; the image \
            is resampled bilinearly there, with black outside.
            """) { call in
            let (alpha, sigma) = (try call.number("alpha"), try call.number("sigma"))
            return try imageValue(try ElasticTransform(alpha: alpha, sigma: sigma), [("alpha", .number(alpha)), ("sigma", .number(sigma))])
        }
        define("random_resized_crop(size = nil, scale = [0.08, 1], ratio = [0.75, 1.3333333333333333]) -> augmentation",
               category: "Augmentation", doc: """
            torchvision's RandomResizedCrop: a box covering a uniform share `scale` of the area with a \
            log-uniform aspect ratio in `ratio` (10 tries, then the centred box), resized bilinearly with \
            antialiasing to `size` (a number for a square, [height, width], or nil for the input size).
            """) { call in
            let size = try imageSize(&call, "size")
            let scale = try pair(&call, "scale"), ratio = try pair(&call, "ratio")
            return try imageValue(try RandomResizedCrop(size: size, scale: scale, ratio: ratio),
                                  [("size", call.value("size")), ("scale", call.value("scale")), ("ratio", call.value("ratio"))])
        }
        define("hflip(p = 0.5) -> augmentation", category: "Augmentation", doc: """
            torchvision's RandomHorizontalFlip: mirrors each image left to right with probability `p`.
            """) { call in
            let p = try call.number("p")
            return try imageValue(try Flip(.horizontal, probability: p), [("p", .number(p))])
        }
        define("vflip(p = 0.5) -> augmentation", category: "Augmentation", doc: """
            torchvision's RandomVerticalFlip: mirrors each image top to bottom with probability `p`.
            """) { call in
            let p = try call.number("p")
            return try imageValue(try Flip(.vertical, probability: p), [("p", .number(p))])
        }
        define("random_crop(padding = 4, size = nil) -> augmentation", category: "Augmentation", doc: """
            torchvision's RandomCrop with padding: each image is padded by `padding` black pixels on \
            every side and a window of `size` (a number, [height, width], or nil for the input size) is \
            cut out at a uniform position.
            """) { call in
            let padding = try call.integer("padding", in: 0...TransformLimits.maxSide)
            let size = try imageSize(&call, "size")
            return try imageValue(try RandomCrop(padding: padding, size: size), [("padding", .number(Double(padding))), ("size", call.value("size"))])
        }
    }

    private func definePixelTransforms() {
        define("random_erasing(p = 0.5, scale = [0.02, 0.33], ratio = [0.3, 3.3], value = 0) -> augmentation",
               category: "Augmentation", doc: """
            torchvision's RandomErasing: with probability `p`, a box covering a uniform share `scale` of \
            the area, with a log-uniform aspect ratio in `ratio`, is overwritten (10 tries, else the image \
            is kept). `value` is a pixel value in [0, 1], or "random" for standard normal noise on the \
            [0, 1] scale, clamped there.
            """) { call in
            let p = try call.number("p"), scale = try pair(&call, "scale"), ratio = try pair(&call, "ratio")
            let value: RandomErasing.Value
            switch try call.value("value") {
            case .number(let v): value = .constant(v)
            case .string("random"): value = .random
            default: throw call.fail("value", expected: "a pixel value in [0, 1] or \"random\"")
            }
            return try imageValue(try RandomErasing(probability: p, scale: scale, ratio: ratio, value: value),
                                  [("p", .number(p)), ("scale", call.value("scale")), ("ratio", call.value("ratio")), ("value", call.value("value"))])
        }
        define("color_jitter(brightness = 0, contrast = 0, saturation = 0, hue = 0) -> augmentation", category: "Augmentation", doc: """
            torchvision's ColorJitter: brightness, contrast and saturation factors drawn uniformly from \
            [max(0, 1 - v), 1 + v] and a hue shift from [-hue, hue] turns (hue at most 0.5), applied in a \
            random order with torchvision's uint8 arithmetic. A zero strength leaves that adjustment out.
            """) { call in
            let names = ["brightness", "contrast", "saturation", "hue"]
            let values = try names.map { try call.number($0) }
            return try imageValue(try ColorJitter(brightness: values[0], contrast: values[1], saturation: values[2], hue: values[3]),
                                  zip(names, values).map { ($0, .number($1)) })
        }
        define("gaussian_noise(ratio, clamp = true, bytes = false) -> augmentation", category: "Augmentation", doc: """
            Additive Gaussian noise of standard deviation `ratio` on the [0, 1] scale: x + ratio z, \
            clamped to [0, 1] unless `clamp` is false, computed on the data set's floats. With `bytes` \
            true it is the uint8 form instead, x + trunc(255 ratio z) clamped to [0, 255] (always clamped), \
            which can sit between byte operations in a composition. Works on any features, not only images.
            """) { call in
            let ratio = try call.number("ratio"), clamps = try call.bool("clamp"), bytes = try call.bool("bytes")
            let options: [(String, Value)] = [("ratio", .number(ratio)), ("clamp", .bool(clamps)), ("bytes", .bool(bytes))]
            if bytes { return try imageValue(try ByteGaussianNoise(ratio: ratio), options) }
            return .object(AugmentationValue(name: "gaussian_noise", transform: try GaussianNoise(ratio: ratio, clamps: clamps),
                                             options: options))
        }
    }

    private func defineMixingTransforms() {
        define("mixup(alpha = 1) -> augmentation", category: "Augmentation", doc: """
            MixUp as torchvision.transforms.v2 defines it: per batch, lambda ~ Beta(alpha, alpha), and each \
            sample becomes lambda x + (1 - lambda) times its neighbour in the batch rolled by one. Labels \
            are mixed the same way as one-hot rows, so training minimises cross-entropy against these soft \
            labels; accuracy uses the dominant class. Works on any features, not only images.
            """) { call in
            let alpha = try call.number("alpha")
            return .object(AugmentationValue(name: "mixup", transform: try BatchMixing(.mixup, alpha: alpha),
                                             options: [("alpha", .number(alpha))]))
        }
        define("cutmix(alpha = 1) -> augmentation", category: "Augmentation", doc: """
            CutMix as torchvision.transforms.v2 defines it: per batch, lambda ~ Beta(alpha, alpha) sets a box \
            of area share 1 - lambda around a uniform centre (clipped at the edges), which each image takes \
            from its neighbour in the batch rolled by one. Labels are mixed by the share actually pasted, \
            as soft labels for training's cross-entropy. Needs image samples.
            """) { call in
            let alpha = try call.number("alpha")
            return .object(AugmentationValue(name: "cutmix", transform: try BatchMixing(.cutmix, alpha: alpha),
                                             options: [("alpha", .number(alpha))]))
        }
        define("compose(augmentations) -> augmentation", category: "Augmentation", doc: """
            Several augmentations applied in order, as one augmentation: any augmentation values, \
            including `augmentation(kind, strength)` corruptions and batch-level ones like mixup. \
            Consecutive image augmentations run in one pass over each image. A preset name instead \
            of a list gives the data-diversity study's compositions: "auto-v1" (autoaugment(), then \
            gaussian_noise(0.5)), "auto-v2" (auto-v1 with hflip() and vflip() before the noise) and \
            "auto-v3" (auto-v1 with elastic() before the noise); the noise always comes last, on \
            the floats, so no image step rounds it back to bytes.
            """) { call in
            if case .string(let name) = try call.value("augmentations") {
                guard let preset = AugmentationPreset(rawValue: name) else {
                    let names = AugmentationPreset.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                    throw BuiltinError("argument 'augmentations': unknown preset \"\(name)\"; the presets are \(names), or pass a list of augmentations")
                }
                return .object(AugmentationValue(name: name, transform: try preset.transform(),
                                                 options: [("preset", .string(name))]))
            }
            let items = try call.elements("augmentations")
            var steps: [AugmentationStep] = []
            for (index, item) in items.enumerated() {
                switch item {
                case .object(let value as AugmentationValue):
                    steps.append(value.imageAugmentation.map(AugmentationStep.image) ?? .batch(value.batchTransform))
                case .object(let value as BatchTransformValue):
                    steps.append(.batch(value.batchTransform))
                default:
                    throw BuiltinError("argument 'augmentations' must hold only augmentations, but element \(index) is \(describeForError(item))")
                }
            }
            guard !steps.isEmpty else { throw BuiltinError("argument 'augmentations' must list at least one augmentation, got an empty list") }
            let options: [(String, Value)] = [("steps", .list(ListObject(items)))]
            let images = steps.compactMap { step -> ImageAugmentation? in
                if case .image(let augmentation) = step { return augmentation }
                return nil
            }
            if images.count == steps.count { return try imageValue(try Compose(images), options) }
            return .object(AugmentationValue(name: "compose", transform: try SequentialTransform(steps), options: options))
        }
    }
}

private func imageValue(_ augmentation: @autoclosure () throws -> ImageAugmentation, _ options: [(String, Value)]) throws -> Value {
    .object(AugmentationValue(try augmentation(), options: options))
}

/// A `[low, high]` pair of numbers.
private func pair(_ call: inout BuiltinCall, _ name: String) throws -> (Double, Double) {
    let values = try call.numbers(name)
    guard values.count == 2 else { throw call.fail(name, expected: "a list of two numbers [low, high]") }
    return (values[0], values[1])
}

/// An output size: nil (the input's), a number (a square) or `[height, width]`.
private func imageSize(_ call: inout BuiltinCall, _ name: String) throws -> (height: Int, width: Int)? {
    let failure = call.fail(name, expected: "nil, a whole number of pixels between 1 and \(TransformLimits.maxSide), or [height, width]")
    let side = { (x: Double) throws -> Int in
        guard x.isFinite, x == x.rounded(), x >= 1, x <= Double(TransformLimits.maxSide) else { throw failure }
        return Int(x)
    }
    switch try call.value(name) {
    case .nil: return nil
    case .number(let x): return (try side(x), try side(x))
    default:
        let values = try call.numbers(name)
        guard values.count == 2 else { throw call.fail(name, expected: "nil, a whole number of pixels, or [height, width]") }
        return (try side(values[0]), try side(values[1]))
    }
}
