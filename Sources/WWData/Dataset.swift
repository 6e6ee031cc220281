import WWBase
import WWNumerics

/// A labelled data set: the value every loader, generator, network and augmentation passes around.
///
/// Samples are rows of `features`, whose shape is `[count] + sampleShape`. Images are
/// channels-first (`[channels, height, width]`, PyTorch's layout) as float32 in [0, 1], so a
/// network and an augmentation agree on what a pixel is. Image sets read from disk keep their
/// pixels as bytes (``pixelBytes``) and make the floats when asked: selection, batching,
/// flattening and concatenation stay in bytes, and training converts one batch at a time. Text data sets
/// keep their raw strings in `texts` (one per sample) beside whatever numeric features were made
/// from them.
public struct Dataset: Sendable {
    public var name: String
    /// The features, as floats (made from ``pixelBytes`` on each read when the set holds bytes:
    /// read it once, or use ``pixelBytes``, in a loop). Setting it replaces the bytes.
    public var features: Tensor {
        get {
            switch storage {
            case .tensor(let tensor): return tensor
            case .bytes(let pixels): return pixels.tensor
            }
        }
        set { storage = .tensor(newValue) }
    }
    /// The pixels as bytes (`b` stands for `b / 255`) when the set keeps them so, else nil.
    public var pixelBytes: PixelBytes? {
        if case .bytes(let pixels) = storage { return pixels }
        return nil
    }
    private var storage: FeatureStorage
    public var labels: [Int]
    public var classNames: [String]
    public var texts: [String]?
    /// Soft labels, `[count, classes]`: a target distribution per sample (MixUp and CutMix mix
    /// two samples' one-hot labels), or nil for the usual hard labels. When set, `labels` holds
    /// each sample's dominant class (for accuracy) and training's cross-entropy is taken against
    /// these rows instead. Selection, batching, shuffling, subsets, splits, class selection,
    /// flattening, concatenation, normalisation and corruption carry them; set them with ``withSoftLabels(_:)``.
    public var softLabels: Tensor? = nil

    public init(name: String, features: Tensor, labels: [Int], classNames: [String], texts: [String]? = nil) throws {
        guard let n = features.shape.first else {
            throw DatasetError.invalid("\(name): features need a leading sample dimension, got shape \(features.shape)")
        }
        try Dataset.check(name: name, count: n, labels: labels, classNames: classNames, texts: texts)
        self.name = name
        self.storage = .tensor(features)
        self.labels = labels
        self.classNames = classNames
        self.texts = texts
    }

    /// A data set whose features are image bytes (see ``PixelBytes``).
    public init(name: String, pixels: PixelBytes, labels: [Int], classNames: [String], texts: [String]? = nil) throws {
        try Dataset.check(name: name, count: pixels.shape[0], labels: labels, classNames: classNames, texts: texts)
        self.name = name
        self.storage = .bytes(pixels)
        self.labels = labels
        self.classNames = classNames
        self.texts = texts
    }

    private static func check(name: String, count n: Int, labels: [Int], classNames: [String], texts: [String]?) throws {
        guard labels.count == n else {
            throw DatasetError.invalid("\(name): \(n) samples but \(labels.count) labels")
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classNames.count }) {
            throw DatasetError.invalid("\(name): label \(labels[bad]) of sample \(bad) is out of range 0..<\(classNames.count)")
        }
        if let texts, texts.count != n {
            throw DatasetError.invalid("\(name): \(n) samples but \(texts.count) texts")
        }
    }

    public var count: Int { labels.count }

    /// A copy carrying `softLabels` (nil removes them).
    /// - Throws: ``DatasetError/invalid(_:)`` unless they are `[count, classes]`, finite and >= 0.
    public func withSoftLabels(_ softLabels: Tensor?) throws -> Dataset {
        var result = self
        guard let softLabels else {
            result.softLabels = nil
            return result
        }
        guard softLabels.shape == [count, classNames.count] else {
            throw DatasetError.invalid("\(name): soft labels must have shape \([count, classNames.count]) (one row per sample, one column per class), got \(softLabels.shape)")
        }
        if let bad = softLabels.floatValues.first(where: { !($0.isFinite && $0 >= 0) }) {
            throw DatasetError.invalid("\(name): soft labels must be finite and >= 0, got \(bad)")
        }
        result.softLabels = softLabels
        return result
    }

    /// The soft labels as a `[count * classes]` array, one-hot rows for hard labels.
    public var targetDistribution: [Float] {
        if let softLabels { return softLabels.floatValues }
        let classes = classNames.count
        var rows = [Float](repeating: 0, count: count * classes)
        for (i, label) in labels.enumerated() { rows[i * classes + label] = 1 }
        return rows
    }
    /// The shape of one sample: `[channels, height, width]` for images, `[features]` for vectors.
    public var sampleShape: [Int] {
        switch storage {
        case .tensor(let tensor): return Array(tensor.shape.dropFirst())
        case .bytes(let pixels): return Array(pixels.shape.dropFirst())
        }
    }
}

/// Where a data set's features live: a float tensor, or image bytes made into floats on demand.
private enum FeatureStorage: Sendable {
    case tensor(Tensor)
    case bytes(PixelBytes)
}

/// A transformation applied to each batch during training (augmentation on the fly), or to a
/// whole data set to materialise it. It draws randomness only from the stream it is given, so
/// the same seed gives the same batches.
public protocol BatchTransform {
    func transform(_ batch: Dataset, random: inout SeededRandom) throws -> Dataset
}

public enum DatasetError: DomainError, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): return message
        }
    }
}
