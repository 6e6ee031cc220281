import WWNumerics

extension Registry {
    /// Order statistics: WWNumerics' NumPy-compatible median and quantiles.
    func defineQuantiles() {
        define("median(items) -> number", category: "Math", methodOf: ["list"],
               doc: "The middle value of a list or range of numbers, or the mean of the two middle values for an even count, as NumPy's `median`. nan when any value is nan; errors on an empty list.") { call in
            let xs = try call.numbers(0)
            guard !xs.isEmpty else { throw BuiltinError("the median of an empty list is undefined") }
            return .number(try Statistics.median(xs))
        }
        define("quantile(items, q) -> value", category: "Math", methodOf: ["list", "distribution"],
               doc: "The q-th quantile (q between 0 and 1) of a list of numbers, or a list of quantiles for a list of q, by NumPy's default method \"linear\": with the values sorted, the position (n - 1) q interpolated linearly between its neighbours, so results agree with `np.quantile` to the last bit. `quantile(xs, 0.5)` is the median; `quantile(xs, [0.25, 0.75])` the quartiles. nan when any value is nan; errors on an empty list. For a distribution (`pareto(1.5).quantile(0.99)`), its exact quantile: the smallest x with cdf(x) >= q, SciPy's `ppf`.") { call in
            if case .object(let o as DistributionObject) = call.value(0) {
                return try mapNumbers(call, 1) { try o.distribution.quantile($0) }
            }
            let xs = try call.numbers(0)
            guard !xs.isEmpty else { throw BuiltinError("the quantile of an empty list is undefined") }
            let single: Bool
            let qs: [Double]
            switch call.value(1) {
            case .list, .range: single = false; qs = try call.numbers(1)
            default: single = true; qs = [try call.number(1)]
            }
            for q in qs where !(0...1).contains(q) {
                throw BuiltinError("argument 'q' must be between 0 and 1, got \(formatNumber(q))")
            }
            let results = try Statistics.quantiles(xs, at: qs)
            return single ? .number(results[0]) : .list(ListObject(results.map { .number($0) }))
        }
    }
}
