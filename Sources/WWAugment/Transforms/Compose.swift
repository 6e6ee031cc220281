import WWData
import WWNumerics

/// Image augmentations applied in order to each image, as one image augmentation: every step
/// draws from the image's own stream, so a composition is as reproducible as its parts.
public struct Compose: ImageAugmentation {
    public let steps: [ImageAugmentation]

    public init(_ steps: [ImageAugmentation]) throws {
        guard !steps.isEmpty else {
            throw AugmentError.invalidArgument(argument: "augmentations", reason: "must list at least one augmentation")
        }
        self.steps = steps
    }

    public var name: String { "compose(" + steps.map(\.name).joined(separator: ", ") + ")" }

    public func augment(_ image: Image, random: inout SeededRandom) throws -> Image {
        var result = image
        for step in steps { result = try step.augment(result, random: &random) }
        return result
    }
}

/// One step of a composition: per image (bytes) or per batch (MixUp, CutMix, float noise,
/// corruptions).
public enum AugmentationStep {
    case image(ImageAugmentation)
    case batch(BatchTransform)
}

/// Batch transforms applied in order, each drawing from the batch stream in turn. Runs of
/// consecutive image steps are fused into one ``Compose`` so each image is converted to bytes
/// and back once per run, not once per step.
public struct SequentialTransform: BatchTransform {
    public let transforms: [BatchTransform]

    public init(_ steps: [AugmentationStep]) throws {
        guard !steps.isEmpty else {
            throw AugmentError.invalidArgument(argument: "augmentations", reason: "must list at least one augmentation")
        }
        var transforms: [BatchTransform] = []
        var run: [ImageAugmentation] = []
        func flush() throws {
            guard !run.isEmpty else { return }
            transforms.append(ImageAugmentationTransform(run.count == 1 ? run[0] : try Compose(run)))
            run = []
        }
        for step in steps {
            switch step {
            case .image(let augmentation): run.append(augmentation)
            case .batch(let transform):
                try flush()
                transforms.append(transform)
            }
        }
        try flush()
        self.transforms = transforms
    }

    public func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset {
        var result = batch
        for step in transforms { result = try step.transform(result, random: &random) }
        return result
    }
}
