/// How `grouped(by:aggregations:)` and `pivoted` reduce the cells of one group to one cell.
///
/// Missing cells (null, and NaN in numbers) are **skipped** by every function but `count`
/// and `first`, as in pandas: a group's mean is the mean of the values it has. A group with no
/// values left gives null (`sum` gives 0, the empty sum). Numeric functions refuse text or
/// booleans with an error naming the column.
public enum AggregateFunction: String, CaseIterable, Sendable {
    /// Rows in the group (missing cells included: it counts rows, like pandas' `size`).
    case count
    case sum
    case mean
    /// The middle value; the mean of the two middle values for an even count.
    case median
    /// The sample standard deviation (divisor n - 1, as pandas); null for fewer than 2 values.
    case std
    /// The smallest value in `Cell` order (so it works on text too).
    case min
    /// The largest value in `Cell` order.
    case max
    /// The first non-missing value.
    case first

    /// Whether the function needs numbers.
    var isNumeric: Bool {
        switch self {
        case .sum, .mean, .median, .std: return true
        case .count, .min, .max, .first: return false
        }
    }

    /// The function applied to the cells of one group of `column`.
    func apply(_ cells: [Cell], column: String) throws -> Cell {
        let present = cells.filter { !$0.isMissing }
        switch self {
        case .count:
            return .number(Double(cells.count))
        case .first:
            return present.first ?? .null
        case .min:
            return present.min { Cell.compare($0, $1) == .orderedAscending } ?? .null
        case .max:
            return present.max { Cell.compare($0, $1) == .orderedAscending } ?? .null
        case .sum, .mean, .median, .std:
            let values = try present.map { cell -> Double in
                guard case .number(let value) = cell else {
                    throw TableError.notNumeric(column: column, function: rawValue, value: cell.debugDescription)
                }
                return value
            }
            return Self.reduce(values, self)
        }
    }

    private static func reduce(_ values: [Double], _ function: AggregateFunction) -> Cell {
        if function == .sum { return .number(compensatedSum(values)) }
        guard !values.isEmpty else { return .null }
        let count = Double(values.count)
        let mean = compensatedSum(values) / count
        switch function {
        case .mean:
            return .number(mean)
        case .median:
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return .number(sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2)
        case .std:
            guard values.count > 1 else { return .null }
            let squares = compensatedSum(values.map { ($0 - mean) * ($0 - mean) })
            return .number((squares / (count - 1)).squareRoot())
        default:
            return .null
        }
    }

    /// Neumaier-compensated sum, so a group's sum does not depend on its row order more than
    /// rounding demands. (WWTables depends on nothing, so WWNumerics' copy is not reachable.)
    private static func compensatedSum(_ values: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for value in values {
            let next = sum + value
            compensation += abs(sum) >= abs(value) ? (sum - next) + value : (value - next) + sum
            sum = next
        }
        return sum.isFinite ? sum + compensation : sum
    }
}

/// One output column of `grouped(by:aggregations:)`: a function of a source column.
public struct Aggregation: Equatable, Sendable {
    public let function: AggregateFunction
    /// The column reduced; nil only for `count`, which counts rows.
    public let column: String?
    /// The output column's name: `<column>_<function>` (e.g. `alpha_mean`), or `count`.
    public let name: String

    public init(_ function: AggregateFunction, of column: String?, as name: String? = nil) {
        self.function = function
        self.column = column
        self.name = name ?? column.map { "\($0)_\(function.rawValue)" } ?? function.rawValue
    }

    /// The row count of each group, in a column named `count`.
    public static let count = Aggregation(.count, of: nil)
}

extension Cell {
    /// Null, or a NaN number: the values aggregates and statistics skip.
    public var isMissing: Bool {
        switch self {
        case .null: return true
        case .number(let value): return value.isNaN
        default: return false
        }
    }
}
