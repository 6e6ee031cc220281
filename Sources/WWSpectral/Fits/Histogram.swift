import Foundation

/// An equal-width histogram with NumPy's `histogram` conventions (edges from `linspace(min,
/// max, bins + 1)`, the last bin closed, a degenerate range widened by 0.5 each side), so the
/// `xmin_peak` bin and the plot data agree with WeightWatcher's.
public struct Histogram: Sendable, Equatable {
    /// `bins + 1` edges, ascending.
    public var edges: [Double]
    /// Values per bin.
    public var counts: [Int]

    public init(_ values: [Double], bins: Int) {
        let finite = values.filter { $0.isFinite }
        let bins = max(1, bins)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if low == high { low -= 0.5; high += 0.5 }
        edges = Histogram.linspace(low, high, count: bins + 1)
        counts = [Int](repeating: 0, count: bins)
        let scale = Double(bins) / (high - low)
        for value in finite {
            var index = Int((value - low) * scale)
            if index >= bins { index = bins - 1 }
            if index < 0 { index = 0 }
            if value < edges[index] && index > 0 { index -= 1 }
            if index < bins - 1 && value >= edges[index + 1] { index += 1 }
            counts[index] += 1
        }
    }

    /// Histogram on given edges (ascending), with the last bin closed; values outside are
    /// ignored. Used for the log-binned tail density.
    public init(_ values: [Double], edges: [Double]) {
        self.edges = edges
        counts = [Int](repeating: 0, count: max(0, edges.count - 1))
        guard edges.count >= 2 else { return }
        for value in values where value >= edges[0] && value <= edges[edges.count - 1] {
            // The last edge s.t. edge <= value, clamped to the last bin.
            var lo = 0, hi = edges.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if edges[mid] <= value { lo = mid } else { hi = mid }
            }
            counts[lo] += 1
        }
    }

    /// `counts / (total * width)`: integrates to 1 over the range (NumPy's `density=True`).
    public var densities: [Double] {
        let total = Double(counts.reduce(0, +))
        return counts.indices.map { i in
            total > 0 ? Double(counts[i]) / total / (edges[i + 1] - edges[i]) : 0
        }
    }

    /// Bin centres.
    public var centers: [Double] { counts.indices.map { (edges[$0] + edges[$0 + 1]) / 2 } }

    /// The left edge of the first fullest bin; nil when empty.
    public var peakLeftEdge: Double? {
        guard let top = counts.max(), top > 0, let index = counts.firstIndex(of: top) else { return nil }
        return edges[index]
    }

    /// NumPy's `linspace`: `start + i * step`, with the last value exactly `stop`.
    static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        guard count > 1 else { return [start] }
        let step = (stop - start) / Double(count - 1)
        var values = (0..<count).map { start + Double($0) * step }
        values[count - 1] = stop
        return values
    }
}
