import Foundation
import WWTables

/// Model-level averages of a details table (WeightWatcher `get_summary`), plus the names the
/// HT-SR papers use for them.
///
/// Averages skip missing values: a layer whose fit failed has no alpha (WeightWatcher puts
/// -1 there and averages it in), and ``failedFits`` says how many were skipped. Works on any
/// details table, including one the user filtered.
public struct SpectralSummary: Sendable {
    /// Name and value, in display order.
    public private(set) var entries: [(name: String, value: Double)] = []
    /// Rows of the table.
    public var layerCount: Int
    /// Rows without an alpha (failed fits), left out of the alpha-based averages.
    public var failedFits: Int

    /// WeightWatcher's summary keys (each the mean of the column of that name).
    public static let weightWatcherMetrics = ["log_norm", "alpha", "alpha_weighted", "log_alpha_norm",
                                              "log_spectral_norm", "stable_rank", "mp_softrank"]
    /// The papers' names and the column each averages.
    public static let namedMetrics: [(name: String, column: String)] = [
        ("Alpha", "alpha"), ("AlphaHat", "alpha_weighted"), ("LogSpectralNorm", "log_spectral_norm"),
        ("LogFrobeniusNorm", "log_norm"), ("LogAlphaShattenNorm", "log_alpha_norm"), ("QualityOfAlphaFit", "D"),
    ]

    /// - Throws: ``SpectralError/invalidInput(reason:)`` if the table has no alpha column.
    public init(details: DataTable) throws {
        guard details.hasColumn(named: "alpha") else {
            throw SpectralError.invalidInput(reason: "summary needs a details table from analyze (it has no 'alpha' column; columns: \(details.columnNames.joined(separator: ", ")))")
        }
        layerCount = details.rowCount
        failedFits = ((try? details.column(named: "alpha")) ?? []).filter { Self.number($0) == nil }.count
        for column in Self.weightWatcherMetrics where details.hasColumn(named: column) {
            entries.append((column, Self.mean(details, column)))
        }
        for (name, column) in Self.namedMetrics where details.hasColumn(named: column) {
            entries.append((name, Self.mean(details, column)))
        }
    }

    public func value(_ name: String) -> Double? { entries.first { $0.name == name }?.value }

    static func number(_ cell: Cell) -> Double? {
        guard case .number(let value) = cell, value.isFinite else { return nil }
        return value
    }

    /// The mean of a column's finite numbers (NaN when there are none).
    static func mean(_ table: DataTable, _ column: String) -> Double {
        let values = ((try? table.column(named: column)) ?? []).compactMap(number)
        return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}
