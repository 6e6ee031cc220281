import WWNumerics
import WWTables

/// A model with some layers edited by ``SVDSmoothing`` or ``SVDSharpness``: every tensor of the
/// original in its order, an edited layer computed when it is read (so writing the result holds
/// one layer at a time) and every other tensor read through unchanged.
public final class EditedWeights: WeightCollection {
    public let base: WeightCollection
    /// What was done, for tables and messages ("SVDSmoothing (detX)").
    public let operation: String
    /// One edit per selected layer, in layer order (including those left unchanged).
    public let edits: [LayerEdit]
    private let editsByTensor: [String: LayerEdit]

    public init(base: WeightCollection, operation: String, edits: [LayerEdit]) {
        self.base = base
        self.operation = operation
        self.edits = edits
        editsByTensor = Dictionary(edits.map { ($0.entry.tensorName, $0) }) { first, _ in first }
    }

    public var source: String { base.source }
    public var weights: [WeightInfo] { base.weights }
    public var listsTensorsInLayerOrder: Bool { base.listsTensorsInLayerOrder }
    public var weightWatcherLayerIDs: [String: Int]? { base.weightWatcherLayerIDs }
    public var storesKerasKernelLayout: Bool { base.storesKerasKernelLayout }

    /// The edited values in float64 for an edited layer, else the original's.
    public func tensor(named name: String) throws -> Tensor {
        guard let edit = editsByTensor[name], edit.countPerMatrix != 0 else { return try base.tensor(named: name) }
        return try edit.applied(to: base.float64Tensor(named: name))
    }

    public func float64Tensor(named name: String) throws -> Tensor {
        guard let edit = editsByTensor[name], edit.countPerMatrix != 0 else { return try base.float64Tensor(named: name) }
        return try edit.applied(to: base.float64Tensor(named: name))
    }

    /// One row per selected layer: layer_id, ww_layer_id, name, tensor, N, M, rf, num_smooth
    /// (WeightWatcher's signed count over the pooled spectrum), per_matrix (the count each
    /// matrix gets), edited, and note (why a selected layer is left unchanged).
    public var table: DataTable {
        let table = DataTable()
        func integer(_ value: Int?) -> Cell { value.map { .number(Double($0)) } ?? .null }
        for edit in edits {
            let geometry = edit.entry.geometry
            table.addRow([
                ("layer_id", integer(edit.entry.id)), ("ww_layer_id", integer(edit.entry.weightWatcherID)),
                ("name", .string(edit.entry.name)), ("tensor", .string(edit.entry.tensorName)),
                ("N", integer(geometry?.n)), ("M", integer(geometry?.m)), ("rf", integer(geometry?.receptiveField)),
                ("num_smooth", integer(edit.count)), ("per_matrix", integer(edit.countPerMatrix)),
                ("edited", .bool(edit.countPerMatrix != 0)), ("note", edit.note.map(Cell.string) ?? .null),
            ])
        }
        if edits.isEmpty {
            for name in ["layer_id", "ww_layer_id", "name", "tensor", "N", "M", "rf", "num_smooth", "per_matrix", "edited", "note"] {
                try? table.addColumn(name: name, values: [])
            }
        }
        return table
    }
}
