import WWInterpreter
import WWNeural
import WWNumerics
import WWTables

/// A network in the language. Its weights are read like a model file's (`analyze(model)`,
/// `model["layers.0.weight"]`), live: they reflect the network as it is when read.
public final class NetworkObject: WeightsValue, SubscriptableObject, CopyableObject {
    public let network: Network
    public init(_ network: Network) { self.network = network }

    /// `copy(model)` (and copies of lists and records holding networks) duplicate the weights:
    /// training or loading into the copy leaves the original alone.
    public func deepCopy() -> NativeObject { NetworkObject(network.copy()) }

    public var typeName: String { "network" }
    public var weightCollection: WeightCollection { network.weights }
    public var fieldNames: [String] { ["names", "layers", "name", "parameters", "input_shape", "output_shape"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "names": return .list(ListObject(network.namedState.map { .string($0.name) }))
        case "layers": return .table(TableObject(layerTable))
        case "name": return .string(network.name)
        case "parameters": return .number(Double(network.parameterCount))
        case "input_shape": return shapeValue(network.inputShape)
        case "output_shape": return shapeValue(network.outputShape)
        default: return nil
        }
    }

    /// One row per layer: its index (the `i` of `layers.i.weight`), module name, type, PyTorch
    /// description, output shape and parameter count.
    private var layerTable: DataTable {
        DataTable(records: network.layers.enumerated().map { index, layer in
            [("index", .number(Double(index))), ("name", .string(network.stageNames[index])), ("type", .string(layer.typeName)),
             ("output_shape", .string(layer.outputShape.map(String.init).joined(separator: "×"))),
             ("parameters", .number(Double(layer.parameters.reduce(0) { $0 + $1.count }))),
             ("module", .string(layer.summary))]
        })
    }

    private func shapeValue(_ shape: [Int]) -> Value { .list(ListObject(shape.map { .number(Double($0)) })) }

    public var summary: String {
        "<network \(network.name): \(network.layers.count) layers, \(network.parameterCount) parameters>"
    }

    public func display() -> String { network.summary }

    public func element(_ index: Value) throws -> Value {
        guard case .string(let name) = index else {
            throw BuiltinError("a network is indexed by a weight name such as \"layers.0.weight\", got \(describeForError(index))")
        }
        guard let entry = network.namedState.first(where: { $0.name == name }) else {
            throw BuiltinError("\(network.name) has no weight '\(name)'",
                               notes: ["its weights: " + network.namedState.map(\.name).joined(separator: ", ")])
        }
        return .object(TensorObject(try Tensor(shape: entry.tensor.shape, values: entry.tensor.values)))
    }
}
