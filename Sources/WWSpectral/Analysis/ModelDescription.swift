import WWNumerics
import WWTables

/// WeightWatcher's `describe`: every tensor of a collection with its layer id, type and
/// dimensions, and whether `analyze` would analyse it (and why not), without reading values.
public enum ModelDescription {
    public static func table(_ collection: WeightCollection, options: AnalysisOptions = AnalysisOptions()) throws -> DataTable {
        table(try LayerCatalog.entries(of: collection, options: options), options: options)
    }

    /// The table of tensors already in layer order (a single tensor).
    public static func table(_ weights: [WeightInfo], options: AnalysisOptions = AnalysisOptions()) -> DataTable {
        table(LayerCatalog.entries(of: weights, options: options), options: options)
    }

    static func table(_ entries: [LayerEntry], options: AnalysisOptions) -> DataTable {
        let table = DataTable()
        for entry in entries {
            let g = entry.geometry
            table.addRow([
                ("layer_id", entry.id.map { .number(Double($0)) } ?? .null),
                ("ww_layer_id", entry.weightWatcherID.map { .number(Double($0)) } ?? .null),
                ("name", .string(entry.name)),
                ("tensor", .string(entry.tensorName)),
                ("shape", .string(entry.shape.map(String.init).joined(separator: "x"))),
                ("dtype", .string(entry.storageType)),
                ("layer_type", .string(entry.type.rawValue)),
                ("N", g.map { .number(Double($0.n)) } ?? .null),
                ("M", g.map { .number(Double($0.m)) } ?? .null),
                ("Q", g.map { .number($0.q) } ?? .null),
                ("rf", g.map { .number(Double($0.receptiveField)) } ?? .null),
                ("num_evals", g.map { .number(Double(options.pool ? $0.pooledEigenvalueCount : $0.m)) } ?? .null),
                ("layout", .string(g?.layout?.rawValue ?? "")),
                ("analysed", .bool(entry.isAnalysed)),
                ("reason", .string(entry.skipReason ?? "")),
            ])
        }
        return table
    }
}
