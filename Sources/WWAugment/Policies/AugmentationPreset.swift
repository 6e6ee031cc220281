/// The composed augmentations of the data-diversity study (arXiv 2410.14602), by the names the
/// study uses, so a sweep can list them beside the single policies.
///
/// Every image step runs first and the Gaussian noise last: noise is added to the data set's
/// floats, and an image step after it would round the noisy values back to bytes (1/255 steps).
/// Flips and a per-pixel noise draw commute in distribution, so auto-v2 is unaffected by the
/// order; for auto-v3 the elastic resampling sees the clean image, as it does in a pipeline
/// that adds noise to the final tensor.
public enum AugmentationPreset: String, CaseIterable, Sendable {
    /// AutoAugment (CIFAR-10 policy), then Gaussian noise of ratio .5.
    case autoV1 = "auto-v1"
    /// auto-v1 with random horizontal and vertical flips (p .5 each) before the noise.
    case autoV2 = "auto-v2"
    /// auto-v1 with torchvision's ElasticTransform (alpha 50, sigma 5) before the noise.
    case autoV3 = "auto-v3"

    /// The noise ratio the study's presets use.
    public static let noiseRatio = 0.5

    /// The image steps, in order, before the noise.
    public func imageSteps() throws -> [ImageAugmentation] {
        switch self {
        case .autoV1: return [AutoAugment()]
        case .autoV2: return [AutoAugment(), try Flip(.horizontal), try Flip(.vertical)]
        case .autoV3: return [AutoAugment(), try ElasticTransform()]
        }
    }

    /// The whole preset as one batch transform.
    public func transform() throws -> SequentialTransform {
        let images = try imageSteps().map(AugmentationStep.image)
        return try SequentialTransform(images + [.batch(try GaussianNoise(ratio: Self.noiseRatio))])
    }
}
