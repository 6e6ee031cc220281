/// The missing-value policy shared by every statistic in this module, in one place.
///
/// - NaN marks a missing value (a table's nil is read as NaN). Statistics **skip** missing
///   values: paired statistics (correlations, regression, paired t-tests) drop the whole pair
///   when either side is missing (pairwise deletion, SciPy's `nan_policy="omit"`), and
///   independent samples drop the single value. Every result reports how many values it used
///   and how many it dropped, so skipping is never silent.
/// - Infinite values are an error: they are not missing, and any statistic of them is
///   infinite or NaN.
enum Observations {
    /// The finite values of `values`, in order, and how many NaNs were dropped.
    static func sample(_ values: [Double], name: String) throws -> (values: [Double], dropped: Int) {
        var kept: [Double] = []
        kept.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            if value.isNaN { continue }
            if value.isInfinite { throw StatisticsError.infinite(name, index: index, value: value) }
            kept.append(value)
        }
        return (kept, values.count - kept.count)
    }

    /// The pairs `(x[i], y[i])` where both are present, in order, and how many pairs were dropped.
    static func pairs(_ x: [Double], _ y: [Double], names: (String, String)) throws -> (x: [Double], y: [Double], dropped: Int) {
        guard x.count == y.count else { throw StatisticsError.lengthMismatch(names.0, x.count, names.1, y.count) }
        var keptX: [Double] = []
        var keptY: [Double] = []
        keptX.reserveCapacity(x.count)
        keptY.reserveCapacity(y.count)
        for index in x.indices {
            let (a, b) = (x[index], y[index])
            if a.isInfinite { throw StatisticsError.infinite(names.0, index: index, value: a) }
            if b.isInfinite { throw StatisticsError.infinite(names.1, index: index, value: b) }
            if a.isNaN || b.isNaN { continue }
            keptX.append(a)
            keptY.append(b)
        }
        return (keptX, keptY, x.count - keptX.count)
    }

    /// Whether every value equals the first (an empty or one-value sample is constant).
    static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }
}
