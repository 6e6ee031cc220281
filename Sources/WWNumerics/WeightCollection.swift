/// One weight tensor as a collection lists it, before its values are read.
public struct WeightInfo: Equatable, Sendable {
    public var name: String
    public var shape: [Int]
    /// The element type as stored ("F32", "F16", "BF16", "F64", ...), for `describe` and errors;
    /// `WeightCollection.tensor(named:)` always returns float32 or float64.
    public var storageType: String

    public init(name: String, shape: [Int], storageType: String) {
        self.name = name
        self.shape = shape
        self.storageType = storageType
    }
}

/// Named weight tensors, from a model file or from a network in memory. The spectral analysis
/// reads both through this one protocol, so a network is analysed exactly as its saved file is.
/// Tensors are read one at a time on demand: a memory-mapped file is never read whole, which is
/// what keeps peak memory near the largest layer's working set.
public protocol WeightCollection: AnyObject {
    /// What the weights came from (a path, or a network's name); errors and tables name it.
    var source: String { get }
    /// Every tensor, in the order of the file or of the network's layers.
    var weights: [WeightInfo] { get }
    /// The values of one tensor, as float32 or float64, shaped as `weights` lists it.
    func tensor(named name: String) throws -> Tensor
    /// The same values, preferably already in float64: a collection that can decode straight
    /// to float64 (a model file) saves the float32 copy a large layer would otherwise need
    /// on its way to the float64 analysis. The default returns ``tensor(named:)``.
    func float64Tensor(named name: String) throws -> Tensor
    /// Whether `weights` lists the tensors in the order their layers run. Matching tensors to a
    /// network by position needs it; a format that sorts its tensors by name (safetensors puts
    /// `layers.10` before `layers.2`) would swap same-shaped layers without a word.
    var listsTensorsInLayerOrder: Bool { get }
    /// The layer id WeightWatcher 0.7.7 gives each tensor it counts when it is handed this
    /// input the way it reads it (a file's directory, an `nn.Module`), keyed by tensor name; nil
    /// when that is its state-dict numbering of `weights` as listed (a dict passed to `analyze`).
    /// WeightWatcher numbers each kind of input differently; the analysis reports this id beside
    /// its own `layer_id` (the `ww_layer_id` column) so ids in a WeightWatcher script carry over.
    var weightWatcherLayerIDs: [String: Int]? { get }
    /// Whether rank-4 tensors are convolution kernels in Keras's `(kh, kw, in, out)` layout (a
    /// Keras checkpoint), which WeightWatcher assumes for a Keras model whatever the shape;
    /// false leaves the analysis to tell the layout from the shape.
    var storesKerasKernelLayout: Bool { get }
    /// Whether every tensor is a candidate layer, as WeightWatcher's ONNX reader takes an ONNX
    /// graph's initializers: numbered all in order (wwn's ids too, rather than by the state-dict
    /// rule of `*.weight` names), and analysed at rank 2 or 4 whatever their element type (a
    /// quantized model keeps INT8 weights; WeightWatcher analyses integer matrices as numbers).
    var takesEveryTensorAsLayer: Bool { get }
}

extension WeightCollection {
    public func float64Tensor(named name: String) throws -> Tensor { try tensor(named: name) }
    public var listsTensorsInLayerOrder: Bool { true }
    public var weightWatcherLayerIDs: [String: Int]? { nil }
    public var storesKerasKernelLayout: Bool { false }
    public var takesEveryTensorAsLayer: Bool { false }
}

/// WeightWatcher's numbering of a state dict (`PyStateDictLayer`): the names ending in
/// `.weight` counted in order from `start`, or every name when none ends so.
public enum WeightWatcherStateDict {
    public static let weightSuffix = ".weight"

    /// - Parameter countingAll: count every name, whatever the names end with.
    public static func ids(_ names: [String], start: Int, countingAll: Bool = false) -> [String: Int] {
        let countsAll = countingAll || !names.contains { $0.hasSuffix(weightSuffix) }
        var ids: [String: Int] = [:]
        var next = start
        for name in names where countsAll || name.hasSuffix(weightSuffix) {
            ids[name] = next
            next += 1
        }
        return ids
    }

    /// WeightWatcher 0.7.7's numbering of a directory of files read one after another
    /// (`PyStateDictDir` without a layer map): ids start at 0 and each file continues from a
    /// start it accumulates wrongly (`current_start_id += num_layers_yielded`, a running total),
    /// so the third file starts at n1 + (n1 + n2) rather than n1 + n2.
    public static func directoryIDs(_ files: [[String]]) -> [String: Int] {
        var ids: [String: Int] = [:]
        var start = 0
        var yielded = 0
        for names in files {
            start += yielded
            let fileIDs = self.ids(names, start: start)
            ids.merge(fileIDs) { first, _ in first }
            yielded += fileIDs.count
        }
        return ids
    }
}

/// Weights already in memory (built in Swift, or copied out of a network): the simplest
/// `WeightCollection`, and the one tests build by hand.
public final class NamedTensors: WeightCollection {
    public let source: String
    public private(set) var weights: [WeightInfo] = []
    private var tensors: [String: Tensor] = [:]

    public init(source: String, _ entries: [(name: String, tensor: Tensor)] = []) {
        self.source = source
        for entry in entries { set(entry.name, entry.tensor) }
    }

    /// Adds a tensor, or replaces the one of the same name keeping its position.
    public func set(_ name: String, _ tensor: Tensor) {
        let info = WeightInfo(name: name, shape: tensor.shape, storageType: tensor.elementType == .float32 ? "F32" : "F64")
        if let i = weights.firstIndex(where: { $0.name == name }) { weights[i] = info } else { weights.append(info) }
        tensors[name] = tensor
    }

    public func tensor(named name: String) throws -> Tensor {
        guard let tensor = tensors[name] else {
            throw NumericsError.invalidArgument(name: name, reason: "\(source) has no tensor of that name")
        }
        return tensor
    }
}
