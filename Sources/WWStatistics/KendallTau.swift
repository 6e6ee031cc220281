import Foundation
import WWNumerics

/// Kendall's tau-b by Knight's O(n log n) algorithm, with SciPy's default p-value
/// (`kendalltau(method="auto")`): the exact null distribution when neither input has ties and
/// n <= ``exactLimit`` (or the statistic is at the very edge of its range), otherwise the normal
/// approximation with the variance corrected for ties.
enum KendallTau {
    /// Largest n for which SciPy's "auto" method uses the exact distribution (beyond it the
    /// exact sum is slow and the normal approximation accurate).
    static let exactLimit = 33

    /// Both inputs must be non-constant and of equal length >= 2 (checked by the caller).
    static func compute(_ x: [Double], _ y: [Double]) -> (r: Double, p: Double?) {
        let n = x.count
        // Sort by x, ties by y: pairs tied in x then never count as inversions of y.
        let order = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : y[$0] < y[$1] }
        let sortedX = order.map { x[$0] }
        var sortedY = order.map { y[$0] }

        let jointTies = tiedPairs(runsOf: sortedX.indices.map { (sortedX[$0], sortedY[$0]) }, equal: ==)
        let tiesX = TieCounts(sorted: sortedX)
        var scratch = sortedY
        let discordant = countInversions(&sortedY, scratch: &scratch)  // also sorts y
        let tiesY = TieCounts(sorted: sortedY)

        let total = n * (n - 1) / 2
        let difference = Double(total - tiesX.pairs - tiesY.pairs + jointTies - 2 * discordant)
        let tau = min(1, max(-1, difference / Double(total - tiesX.pairs).squareRoot() / Double(total - tiesY.pairs).squareRoot()))

        let hasTies = tiesX.pairs != 0 || tiesY.pairs != 0
        if !hasTies, n <= exactLimit || min(discordant, total - discordant) <= 1 {
            return (tau, exactPValue(n: n, concordant: total - discordant))
        }
        let m = Double(n) * Double(n - 1)
        var variance = (m * Double(2 * n + 5) - tiesX.v1 - tiesY.v1) / 18
        variance += 2 * Double(tiesX.pairs) * Double(tiesY.pairs) / m
        variance += tiesX.v0 * tiesY.v0 / (9 * m * Double(n - 2))
        let z = difference / variance.squareRoot()
        guard z.isFinite else { return (tau, nil) }
        return (tau, ProbabilityDistribution.normalTwoSided(z))
    }

    /// Sums over runs of equal values (t = run length) that the tie corrections need.
    struct TieCounts {
        /// Σ t(t-1)/2: pairs tied in this variable.
        var pairs = 0
        /// Σ t(t-1)(t-2).
        var v0 = 0.0
        /// Σ t(t-1)(2t+5).
        var v1 = 0.0

        init(sorted values: [Double]) {
            var start = 0
            while start < values.count {
                var end = start + 1
                while end < values.count, values[end] == values[start] { end += 1 }
                let t = end - start
                if t > 1 {
                    let d = Double(t)
                    pairs += t * (t - 1) / 2
                    v0 += d * (d - 1) * (d - 2)
                    v1 += d * (d - 1) * (2 * d + 5)
                }
                start = end
            }
        }
    }

    /// Σ t(t-1)/2 over runs of equal consecutive elements.
    private static func tiedPairs<T>(runsOf items: [T], equal: (T, T) -> Bool) -> Int {
        var count = 0
        var start = 0
        while start < items.count {
            var end = start + 1
            while end < items.count, equal(items[end], items[start]) { end += 1 }
            count += (end - start) * (end - start - 1) / 2
            start = end
        }
        return count
    }

    /// Pairs i < j with `values[i] > values[j]` (strictly), counted while merge-sorting
    /// `values` in place; bottom-up so deep inputs cannot overflow the stack.
    static func countInversions(_ values: inout [Double], scratch: inout [Double]) -> Int {
        let n = values.count
        var inversions = 0
        var width = 1
        while width < n {
            var low = 0
            while low < n - width {
                let middle = low + width
                let high = min(low + 2 * width, n)
                var i = low, j = middle, k = low
                while i < middle, j < high {
                    if values[j] < values[i] {
                        inversions += middle - i
                        scratch[k] = values[j]
                        j += 1
                    } else {
                        scratch[k] = values[i]
                        i += 1
                    }
                    k += 1
                }
                while i < middle { scratch[k] = values[i]; i += 1; k += 1 }
                while j < high { scratch[k] = values[j]; j += 1; k += 1 }
                for index in low..<high { values[index] = scratch[index] }
                low += 2 * width
            }
            width *= 2
        }
        return inversions
    }

    /// Two-sided exact p-value for `concordant` concordant pairs among n untied items: twice the
    /// probability, under random permutation, of a count at least as extreme. Permutations of n
    /// items by number of inversions follow the Mahonian numbers, built row by row as running
    /// sums (Kendall, *Rank Correlation Methods*, 1970).
    static func exactPValue(n: Int, concordant: Int) -> Double {
        let total = n * (n - 1) / 2
        let c = min(concordant, total - concordant)
        if n <= 2 { return 1 }
        if c == 0 { return n < 171 ? min(1, 2 / factorial(n)) : 0 }
        if c == 1 { return n < 172 ? min(1, 2 / factorial(n - 1)) : 0 }
        if 4 * c == total * 2 { return 1 }
        // counts[k]: the probability that a random permutation of j items has k inversions
        // (k <= c), times 2 (the 1/2! of the j = 2 start is left out). Row j is the running sum
        // of row j - 1 over a window of j, divided by j, so values stay below 1 and never overflow.
        var counts = [Double](repeating: 0, count: c + 1)
        counts[0] = 1
        counts[1] = 1
        var cumulative = [Double](repeating: 0, count: c + 1)
        for j in 3...n {
            var running = 0.0
            for k in 0...c {
                running += counts[k]
                cumulative[k] = running
            }
            for k in 0...c {
                counts[k] = (cumulative[k] - (k >= j ? cumulative[k - j] : 0)) / Double(j)
            }
        }
        // Two-sided: twice P(K <= c), and the factor 2 is already in `counts`.
        return min(1, max(0, counts.reduce(0, +)))
    }

    private static func factorial(_ n: Int) -> Double {
        (1...max(n, 1)).reduce(1.0) { $0 * Double($1) }
    }
}
