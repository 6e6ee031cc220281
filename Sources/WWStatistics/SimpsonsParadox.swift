import WWTables

/// The trend of y against x in one set of points: the figures the scale-versus-shape study
/// reports for all models together and for each depth group.
public struct TrendSummary: Equatable, Sendable {
    /// Points used (complete pairs).
    public let n: Int
    public let slope: Double
    public let intercept: Double
    /// R² of the linear fit; nil when y is constant.
    public let rSquared: Double?
    /// Kendall's tau-b; nil when undefined (constant y).
    public let kendallTau: Double?
    /// `sqrt(SSE / n)` of the linear fit.
    public let rmse: Double
    /// -1, 0 or +1: the sign of the slope.
    public var sign: Int { slope > 0 ? 1 : slope < 0 ? -1 : 0 }

    init(x: [Double], y: [Double], names: (String, String)) throws {
        let fit = try LinearRegression.fit(x, y, names: names)
        n = fit.n
        slope = fit.slope
        intercept = fit.intercept
        rSquared = fit.rSquared
        kendallTau = try Correlation.kendall(x, y, names: names).r
        rmse = fit.rmse
    }
}

/// Simpson's-paradox check: does the trend of y against x within groups run against the
/// trend of all points pooled?
public struct SimpsonReport: Sendable {
    /// Fewest points a group needs to be judged: with 2 points a line fits exactly (R² = 1)
    /// and its slope says nothing about a trend.
    public static let minimumGroupSize = 3

    public let pooled: TrendSummary
    /// Each judged group with its trend, in ascending key order.
    public let groups: [(key: Cell, trend: TrendSummary)]
    /// Keys of the groups whose slope has the opposite sign to the pooled slope.
    public let reversing: [Cell]
    /// Groups left out, with the reason (too few points, constant x).
    public let skipped: [(key: Cell, reason: String)]
    /// One sentence: whether, and how, the paradox appears.
    public let verdict: String

    /// - Parameters: `table` with numeric columns `x` and `y` and a grouping column `group`.
    /// - Throws: unknown or non-numeric columns, or a pooled trend that cannot be fitted.
    public init(_ table: DataTable, x: String, y: String, group: String) throws {
        let xs = try table.numericColumn(named: x)
        let ys = try table.numericColumn(named: y)
        let names = ("column '\(x)'", "column '\(y)'")
        pooled = try TrendSummary(x: xs, y: ys, names: names)
        var groups: [(key: Cell, trend: TrendSummary)] = []
        var skipped: [(key: Cell, reason: String)] = []
        for (key, rows) in try table.groups(by: [group]) {
            let gx = rows.map { xs[$0] }, gy = rows.map { ys[$0] }
            let complete = zip(gx, gy).filter { !$0.isNaN && !$1.isNaN }.count
            guard complete >= Self.minimumGroupSize else {
                skipped.append((key[0], "\(complete) complete point\(complete == 1 ? "" : "s"), fewer than \(Self.minimumGroupSize)"))
                continue
            }
            do {
                groups.append((key[0], try TrendSummary(x: gx, y: gy, names: names)))
            } catch let error as StatisticsError {
                skipped.append((key[0], error.message))
            }
        }
        self.groups = groups
        self.skipped = skipped
        let pooledSign = pooled.sign
        reversing = groups.filter { pooledSign != 0 && $0.trend.sign == -pooledSign }.map(\.key)
        verdict = Self.verdict(pooledSign: pooledSign, judged: groups.count, reversing: reversing.count, group: group)
    }

    private static func verdict(pooledSign: Int, judged: Int, reversing: Int, group: String) -> String {
        let direction = pooledSign > 0 ? "rises" : "falls"
        if judged == 0 { return "no group of '\(group)' has enough points to judge" }
        if pooledSign == 0 { return "the pooled trend is flat (slope 0), so no group can reverse it" }
        if reversing == 0 { return "no paradox: the pooled trend \(direction) and every group of '\(group)' follows it" }
        if reversing == judged {
            return "Simpson's paradox: the pooled trend \(direction) but it reverses in all \(judged) groups of '\(group)'"
        }
        return "partial reversal: the pooled trend \(direction) but \(reversing) of \(judged) groups of '\(group)' reverse it"
    }

    /// The pooled trend (group "all") then each group: group, n, slope, intercept, r2, tau,
    /// rmse, reverses (nil for the pooled row).
    public func table() -> DataTable {
        func row(_ key: Cell, _ trend: TrendSummary, _ reverses: Cell) -> [(String, Cell)] {
            [("group", key), ("n", .number(Double(trend.n))), ("slope", .number(trend.slope)), ("intercept", .number(trend.intercept)),
             ("r2", trend.rSquared.map(Cell.number) ?? .null), ("tau", trend.kendallTau.map(Cell.number) ?? .null),
             ("rmse", .number(trend.rmse)), ("reverses", reverses)]
        }
        var rows = [row("all", pooled, .null)]
        for (key, trend) in groups { rows.append(row(key, trend, .bool(reversing.contains(key)))) }
        return DataTable(records: rows)
    }
}
