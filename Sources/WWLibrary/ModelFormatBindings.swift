import Foundation
import WWInterpreter
import WWModelFormats
import WWNumerics

/// A model file as a language value: `load_model` returns one, `model["name"]` reads a tensor
/// from disk, and `analyze`/`describe` take it as any `WeightsValue`.
public final class ModelObject: WeightsValue, SubscriptableObject {
    public let model: ModelFile
    public init(_ model: ModelFile) { self.model = model }

    public var weightCollection: WeightCollection { model }
    public var typeName: String { "model" }
    public var fieldNames: [String] { ["path", "format", "names", "shapes", "dtypes", "count", "metadata"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "path": return .string(model.path)
        case "format": return .string(model.format.rawValue)
        case "names": return .list(ListObject(model.weights.map { .string($0.name) }))
        case "shapes": return .record(RecordObject(model.weights.map { ($0.name, .list(ListObject($0.shape.map { .number(Double($0)) }))) }))
        case "dtypes": return .record(RecordObject(model.weights.map { ($0.name, .string($0.storageType)) }))
        case "count": return .number(Double(model.weights.count))
        case "metadata": return .record(RecordObject(model.metadata.map { ($0.key, .string($0.value)) }))
        default: return nil
        }
    }

    public var summary: String {
        "<model \(model.format.rawValue) \((model.path as NSString).lastPathComponent): \(model.weights.count) tensor\(model.weights.count == 1 ? "" : "s")>"
    }

    /// How many tensors the display lists before "... and N more": a language model has
    /// thousands, and the REPL should stay readable.
    static let displayedTensors = 20

    public func display() -> String {
        var lines = [summary]
        for info in model.weights.prefix(Self.displayedTensors) {
            lines.append("  \(info.name)  [\(info.shape.map(String.init).joined(separator: ", "))]  \(info.storageType)")
        }
        if model.weights.count > Self.displayedTensors { lines.append("  ... and \(model.weights.count - Self.displayedTensors) more") }
        return lines.joined(separator: "\n")
    }

    /// `for name in model` walks the tensor names in layer order.
    public func elements() -> [Value]? { model.weights.map { .string($0.name) } }

    public func element(_ index: Value) throws -> Value {
        let name: String
        switch index {
        case .string(let s):
            name = s
        case .number(let x) where x == x.rounded() && x.isFinite:
            let count = model.weights.count
            guard x >= -Double(count), x < Double(count) else {
                throw BuiltinError("index \(formatNumber(x)) is out of range for a model of \(count) tensors")
            }
            name = model.weights[x < 0 ? Int(x) + count : Int(x)].name
        default:
            throw BuiltinError("a model is indexed by a tensor name (a string) or a position, got \(describeForError(index))")
        }
        return .object(TensorObject(try model.tensor(named: name)))
    }
}


/// Opens the model file or directory at `path` (`~` expanded), for `load_model` and the built-ins
/// that take a path where they take loaded weights (`load_weights`).
func modelFile(at path: String) throws -> ModelFile {
    let expanded = (path as NSString).expandingTildeInPath
    return try ModelFile.open(expanded)
}

extension Registry {
    /// Built-ins for model files.
    func defineModelFormats() {
        category("Models", doc: "Model files on disk: safetensors (memory-mapped, F32/F16/BF16/F64; sharded checkpoints with `model.safetensors.index.json`), NumPy `.npy` and `.npz`, PyTorch checkpoints (`.pt`, `.pth`, `.bin`, read by a restricted unpickler that accepts only tensor data and refuses anything else, so loading never runs code from the file), Keras checkpoints (`.h5`, `.keras`, through libhdf5), ONNX models (`.onnx`: the graph's initializers), and directories of them. A loaded model lists its tensors at once but reads each one from disk only when it is indexed, so a model larger than memory can be analysed layer by layer. Relative paths are relative to the current directory.")
        define("load_model(path) -> model", category: "Models",
               doc: "Opens a model file or directory and lists its tensors without reading their values. The format is recognised from the file's contents: safetensors, GGUF (v2/v3; F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1 and Q2_K to Q6_K dequantised to float32), `.npy`, `.npz`, a PyTorch zip checkpoint, a Keras checkpoint (legacy `.h5` from `model.save` or `save_weights`, a `.keras` zip, a Keras 3 `.weights.h5`; tensors named `layer/weight` such as `dense_1/kernel`, in the model's layer order), an ONNX model (`.onnx`, recognised by its name: the initializers of its graph in graph order, named as the exporter named them, e.g. `0.weight` or `onnx::Conv_19`; values in an external data file are refused), a sharded checkpoint's `*.index.json` (or its directory), or a directory of such files (a tensor name that two files share is prefixed with its file's name, as in `part1.safetensors:layer.weight`). Nested PyTorch dicts become dotted names (`state_dict.fc1.weight`). `model[\"fc1.weight\"]` reads one tensor (F16 and BF16 widen to float32, F64 stays float64; integer and boolean tensors read as exact float64, for labels and data), `model[0]` the first, and `for name in model` walks the names in the file's order (module order for PyTorch, NumPy and wwn-saved safetensors files). Fields: `path`, `format`, `names`, `shapes` and `dtypes` (records by name), `count`, and `metadata` (safetensors `__metadata__`). A damaged or hostile file is refused with an error naming the file and what is wrong in it.") { call in
            return .object(ModelObject(try modelFile(at: try call.string("path"))))
        }
        define("save_model(weights, path, overwrite = false) -> record", category: "Models",
               doc: "Writes weights to a safetensors file: a loaded model, a network, or a record of tensors by name. Float64 tensors are written as F64 and every other floating type as F32; integer tensors (such as BatchNorm's `num_batches_tracked`) are left out and listed. The file is written beside the target and renamed into place, so it appears complete or not at all, and an existing file is never replaced unless `overwrite` is true. A model loaded from safetensors keeps its metadata, and the module order of a network or a PyTorch file is recorded in `__metadata__` so the file reads back in that order. Returns a record with `path`, `written` (the tensor names) and `skipped`.") { call in
            let path = (try call.string("path") as NSString).expandingTildeInPath
            let overwrite = try call.bool("overwrite")
            let weights: WeightCollection
            var metadata: [(key: String, value: String)] = []
            switch try call.value("weights") {
            case .object(let model as ModelObject):
                weights = model.model
                metadata = model.model.metadata
            case .object(let value as WeightsValue):
                weights = value.weightCollection
            case .record(let record):
                let named = NamedTensors(source: "record")
                for (key, value) in zip(record.keys, record.values) {
                    guard case .object(let tensor as TensorObject) = value else {
                        throw BuiltinError("argument 'weights' must hold tensors, but its field '\(key)' is \(describeForError(value))")
                    }
                    named.set(key, tensor.tensor)
                }
                weights = named
            default:
                throw call.fail("weights", expected: "a model, a network or a record of tensors")
            }
            let summary = try SafetensorsWriter.save(weights, to: path, overwrite: overwrite, metadata: metadata,
                                           cancellation: .interrupt)
            return .record(["path": summary.path, "written": summary.written, "skipped": summary.skipped])
        }
    }
}
