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
    public var fieldNames: [String] { ["x", "y", "classes", "shape", "name", "count", "texts"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "x": return .object(TensorObject(dataset.features))
        case "y": return .list(ListObject(dataset.labels.map { .number(Double($0)) }))
        case "classes": return .list(ListObject(dataset.classNames.map { .string($0) }))
        case "shape": return .list(ListObject(dataset.sampleShape.map { .number(Double($0)) }))
        case "name": return .string(dataset.name)
        case "count": return .number(Double(dataset.count))
        case "texts": return dataset.texts.map { .list(ListObject($0.map { .string($0) })) } ?? .nil
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
