import WWNumerics

/// A labelled data set: the value every loader, generator, network and augmentation passes around.
///
/// Samples are rows of `features`, whose shape is `[count] + sampleShape`. Images are stored
/// channels-first (`[channels, height, width]`, PyTorch's layout) as float32 in [0, 1], so a
/// network and an augmentation agree on what a pixel is without a conversion step. Text data sets
/// keep their raw strings in `texts` (one per sample) beside whatever numeric features were made
/// from them.
public struct Dataset: Sendable {
    public var name: String
    public var features: Tensor
    public var labels: [Int]
    public var classNames: [String]
    public var texts: [String]?

    public init(name: String, features: Tensor, labels: [Int], classNames: [String], texts: [String]? = nil) throws {
        guard let n = features.shape.first else {
            throw DatasetError.invalid("\(name): features need a leading sample dimension, got shape \(features.shape)")
        }
        guard labels.count == n else {
            throw DatasetError.invalid("\(name): \(n) samples but \(labels.count) labels")
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classNames.count }) {
            throw DatasetError.invalid("\(name): label \(labels[bad]) of sample \(bad) is out of range 0..<\(classNames.count)")
        }
        if let texts, texts.count != n {
            throw DatasetError.invalid("\(name): \(n) samples but \(texts.count) texts")
        }
        self.name = name
        self.features = features
        self.labels = labels
        self.classNames = classNames
        self.texts = texts
    }

    public var count: Int { labels.count }
    /// The shape of one sample: `[channels, height, width]` for images, `[features]` for vectors.
    public var sampleShape: [Int] { Array(features.shape.dropFirst()) }
}

/// A transformation applied to each batch during training (augmentation on the fly), or to a
/// whole data set to materialise it. It draws randomness only from the stream it is given, so
/// the same seed gives the same batches.
public protocol BatchTransform {
    func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset
}

public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): return message
        }
    }
}
