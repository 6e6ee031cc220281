import Foundation
import WWTables

/// Delta M between two snapshots of a model (before / after fine-tuning or training): layers
/// matched by name, `M_after - M_before` per layer and on average for every metric both
/// details tables have, and optionally the difference to a baseline run's deltas
/// (`Delta M - Delta M_baseline`, what regulariser comparisons plot across layers).
public struct SpectralDelta {
    /// One row per matched layer: `name`, `tensor` (when both tables have it), `slice_id`
    /// (unpooled), then `delta_<metric>` and, with a baseline, `delta_<metric>_vs_baseline`.
    public var layers: DataTable
    /// Mean of each delta column over the matched layers (missing values skipped).
    public var averages: [(name: String, value: Double)]
    /// Layer keys found on one side only.
    public var onlyBefore: [String]
    public var onlyAfter: [String]

    /// Columns compared when both tables have them, in this order.
    public static let comparedColumns = DetailsTable.metricColumns + [
        "num_spikes", "sigma_mp", "mp_softrank", "bulk_max", "bulk_min",
        "max_rand_eval", "rand_distance", "ww_softrank", "ww_maxdist", "rand_num_spikes",
        "num_fingers", "raw_alpha",
    ]

    /// - Parameter baseline: a table returned by an earlier delta (its ``layers``), matched by
    ///   layer key.
    /// - Throws: ``SpectralError/invalidInput(reason:)`` if a table is not a details table or
    ///   no layer matches.
    public init(before: DataTable, after: DataTable, baseline: DataTable? = nil) throws {
        for (label, table) in [("before", before), ("after", after)] where !table.hasColumn(named: "name") {
            throw SpectralError.invalidInput(reason: "delta: the '\(label)' table has no 'name' column; pass details tables from analyze (or models)")
        }
        let useTensor = before.hasColumn(named: "tensor") && after.hasColumn(named: "tensor")
        let beforeRows = Self.keyed(before, useTensor: useTensor)
        let afterRows = Self.keyed(after, useTensor: useTensor)
        let metrics = Self.comparedColumns.filter { before.hasColumn(named: $0) && after.hasColumn(named: $0) }
        var baselineRows: [String: [String: Cell]] = [:]
        if let baseline {
            guard baseline.hasColumn(named: "name") else {
                throw SpectralError.invalidInput(reason: "delta: the baseline must be the layers table of an earlier delta (it has no 'name' column)")
            }
            baselineRows = Self.keyed(baseline, useTensor: useTensor && baseline.hasColumn(named: "tensor")).rows.mapValues { $0.row }
        }
        let matched = afterRows.order.filter { beforeRows.rows[$0] != nil }
        guard !matched.isEmpty else {
            throw SpectralError.invalidInput(reason: "delta: no layer name appears in both tables")
        }
        onlyBefore = beforeRows.order.filter { afterRows.rows[$0] == nil }
        onlyAfter = afterRows.order.filter { beforeRows.rows[$0] == nil }
        let table = DataTable()
        var sums: [String: (total: Double, count: Int)] = [:]
        var averageOrder: [String] = []
        for key in matched {
            let a = afterRows.rows[key]!.row, b = beforeRows.rows[key]!.row
            var row: [(String, Cell)] = [("name", a["name"] ?? .null)]
            if useTensor { row.append(("tensor", a["tensor"] ?? .null)) }
            if let slice = a["slice_id"] { row.append(("slice_id", slice)) }
            for metric in metrics {
                let delta = Self.difference(a[metric], b[metric])
                row.append(("delta_\(metric)", delta.map(Cell.number) ?? .null))
                Self.accumulate(&sums, &averageOrder, "delta_\(metric)", delta)
                if baseline != nil {
                    let reference = baselineRows[key]?["delta_\(metric)"]
                    let relative = delta.flatMap { d in reference?.numberValue.map { d - $0 } }
                    row.append(("delta_\(metric)_vs_baseline", relative.map(Cell.number) ?? .null))
                    Self.accumulate(&sums, &averageOrder, "delta_\(metric)_vs_baseline", relative)
                }
            }
            table.addRow(row)
        }
        layers = table
        averages = averageOrder.map { name in
            let entry = sums[name]!
            return (name, entry.count > 0 ? entry.total / Double(entry.count) : .nan)
        }
    }

    static func accumulate(_ sums: inout [String: (total: Double, count: Int)], _ order: inout [String], _ name: String, _ value: Double?) {
        if sums[name] == nil { sums[name] = (0, 0); order.append(name) }
        if let value, value.isFinite { sums[name]!.total += value; sums[name]!.count += 1 }
    }

    static func difference(_ after: Cell?, _ before: Cell?) -> Double? {
        guard let a = after?.numberValue, let b = before?.numberValue, a.isFinite, b.isFinite else { return nil }
        return a - b
    }

    /// Rows keyed by tensor (or layer) name plus slice, in table order.
    static func keyed(_ table: DataTable, useTensor: Bool) -> (order: [String], rows: [String: (row: [String: Cell], index: Int)]) {
        var order: [String] = []
        var rows: [String: (row: [String: Cell], index: Int)] = [:]
        for index in table.rowIndices {
            let row = Dictionary(table.row(at: index), uniquingKeysWith: { _, last in last })
            var key = Self.text(row[useTensor ? "tensor" : "name"])
            if let slice = row["slice_id"]?.numberValue { key += ":\(Int(slice))" }
            if rows[key] == nil { order.append(key) }
            rows[key] = (row, index)
        }
        return (order, rows)
    }

    static func text(_ cell: Cell?) -> String {
        switch cell {
        case .string(let s)?: return s
        case .number(let x)?: return String(x)
        default: return ""
        }
    }
}
