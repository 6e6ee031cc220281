/// Ranks for the rank correlations.
enum Ranking {
    /// The 1-based ranks of `values`, tied values sharing the average of the ranks they span
    /// (SciPy's `rankdata(method="average")`), which keeps Spearman's rho the Pearson correlation
    /// of the ranks even with ties.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            // Positions start..<end (0-based) hold ranks start+1 ... end; their mean:
            let average = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = average }
            start = end
        }
        return ranks
    }
}
