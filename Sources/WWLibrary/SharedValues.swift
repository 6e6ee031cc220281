import WWAugment
import WWData
import WWInterpreter
import WWNumerics

/// A language value that holds named weights: a loaded model file or a network in memory.
/// `analyze`, `describe` and `delta` accept any such value, so a network is analysed exactly
/// as its saved file is.
public protocol WeightsValue: NativeObject {
    var weightCollection: WeightCollection { get }
}

/// A data set as a language value: `.x`, `.y`, `.classes`, `.shape`.
public final class DatasetObject: NativeObject {
    public let dataset: Dataset
    public init(_ dataset: Dataset) { self.dataset = dataset }

    public var typeName: String { "dataset" }
    public var fieldNames: [String] { ["x", "y", "classes", "shape", "name", "count", "texts", "soft_labels"] }
    public var elementCount: Int? { dataset.count }

    public func field(_ name: String) -> Value? {
        switch name {
        case "x": return .object(TensorObject(dataset.features))
        case "y": return .list(ListObject(dataset.labels.map { .number(Double($0)) }))
        case "classes": return .list(ListObject(dataset.classNames.map { .string($0) }))
        case "shape": return .list(ListObject(dataset.sampleShape.map { .number(Double($0)) }))
        case "name": return .string(dataset.name)
        case "count": return .number(Double(dataset.count))
        case "texts": return dataset.texts.map { .list(ListObject($0.map { .string($0) })) } ?? .nil
        case "soft_labels": return dataset.softLabels.map { .object(TensorObject($0)) } ?? .nil
        default: return nil
        }
    }

    public var summary: String {
        "<dataset \(dataset.name): \(dataset.count) samples of \(dataset.sampleShape.map(String.init).joined(separator: "×")), \(dataset.classNames.count) classes>"
    }
}

/// A language value that is a batch augmentation (made by the data module's built-ins): `train`
/// applies its transform to every batch, afresh each epoch.
public protocol BatchTransformValue: NativeObject {
    var batchTransform: BatchTransform { get }
}

/// An augmentation built by the augmentation built-ins (`autoaugment()`, `elastic()`, `mixup()`,
/// `compose([...])`, ...): one value type for all of them, so each can be passed to `train(...,
/// augment:)`, materialised with `augment(data, ...)`, or put in a composition.
///
/// `imageAugmentation` is set when the augmentation works image by image (everything except
/// batch-level mixing such as MixUp), which lets a composition run its per-image steps in one
/// pass over each image.
public final class AugmentationValue: BatchTransformValue {
    public let name: String
    public let batchTransform: BatchTransform
    public let imageAugmentation: ImageAugmentation?
    /// Option names and values, shown as fields and in the summary.
    public let options: [(String, Value)]

    public init(name: String, transform: BatchTransform, options: [(String, Value)] = []) {
        self.name = name
        batchTransform = transform
        imageAugmentation = nil
        self.options = options
    }

    public init(_ augmentation: ImageAugmentation, options: [(String, Value)] = []) {
        name = augmentation.name
        batchTransform = ImageAugmentationTransform(augmentation)
        imageAugmentation = augmentation
        self.options = options
    }

    public var typeName: String { "augmentation" }
    public var fieldNames: [String] { ["name"] + options.map(\.0) }

    public func field(_ field: String) -> Value? {
        if field == "name" { return .string(name) }
        return options.first { $0.0 == field }?.1
    }

    public var summary: String { "<augmentation \(name)>" }
}
