extension Statistics {
    /// The median as NumPy's `np.median`: the middle value, or for an even count the mean of the
    /// two middle values computed as `(a + b) / 2`. NaN in, NaN out (as NumPy).
    /// - Throws: ``NumericsError/insufficientData(operation:count:required:)`` for empty input.
    public static func median(_ values: [Double]) throws -> Double {
        guard !values.isEmpty else {
            throw NumericsError.insufficientData(operation: "median", count: 0, required: 1)
        }
        if values.contains(where: \.isNaN) { return .nan }
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The `q`-th quantile (q in [0, 1]) by NumPy's default method, "linear" (Hyndman and Fan's
    /// type 7): with the values sorted, the virtual index is `(n - 1) q`, and the result lies
    /// between its neighbours `a` and `b` at the fraction `t` past `a`. The interpolation is
    /// NumPy's `_lerp`, `a + (b - a) t`, or `b - (b - a)(1 - t)` when `t >= 0.5`, so results
    /// agree with `np.quantile` to the last bit. NaN in, NaN out (as NumPy).
    /// - Throws: ``NumericsError/insufficientData(operation:count:required:)`` for empty input,
    ///   ``NumericsError/invalidArgument(name:reason:)`` for a q outside [0, 1].
    public static func quantiles(_ values: [Double], at qs: [Double]) throws -> [Double] {
        guard !values.isEmpty else {
            throw NumericsError.insufficientData(operation: "quantile", count: 0, required: 1)
        }
        for q in qs where !(0...1).contains(q) {
            throw NumericsError.invalidArgument(name: "q", reason: "must be between 0 and 1, got \(q)")
        }
        if values.contains(where: \.isNaN) { return qs.map { _ in .nan } }
        let sorted = values.sorted()
        let last = sorted.count - 1
        return qs.map { q in
            let virtualIndex = Double(last) * q
            let below = Int(virtualIndex.rounded(.down))
            let above = min(below + 1, last)
            let t = virtualIndex - Double(below)
            let a = sorted[below], b = sorted[above]
            let difference = b - a
            return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
        }
    }
}
