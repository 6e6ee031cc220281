import Foundation

/// A histogram as bars: centres, widths and heights (counts or densities).
public struct Histogram: Sendable, Equatable {
    public var centers: [Double]
    public var widths: [Double]
    public var heights: [Double]
}

/// Histograms computed here rather than by gnuplot, so the figure's data are plain numbers
/// wwn controls (and tests can check) and log-spaced bins are possible.
public enum Binning {
    /// `bins` equal-width bins over the finite values' range (or `range`); with `density`,
    /// heights integrate to 1 like numpy's `density=True`. Values outside `range` are left out;
    /// `densityCount`, when given, is the count a density divides by instead of the values
    /// counted (all of a sample, so the bins inside a range show the sample's own density).
    public static func linear(_ values: [Double], bins: Int, range: ClosedRange<Double>? = nil, density: Bool = true,
                              densityCount: Int? = nil) -> Histogram {
        let finite = values.filter(\.isFinite)
        guard bins > 0, let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max() else {
            return Histogram(centers: [], widths: [], heights: [])
        }
        // A single repeated value gets a unit-wide range around it, as numpy does.
        let (lower, upper) = high > low ? (low, high) : (low - 0.5, high + 0.5)
        let width = (upper - lower) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        var total = 0.0
        for value in finite where value >= lower && value <= upper {
            let index = min(bins - 1, Int((value - lower) / width))
            counts[index] += 1
            total += 1
        }
        let centers = (0..<bins).map { lower + (Double($0) + 0.5) * width }
        total = densityCount.map(Double.init) ?? total
        let heights = density && total > 0 ? counts.map { $0 / (total * width) } : counts
        return Histogram(centers: centers, widths: [Double](repeating: width, count: bins), heights: heights)
    }

    /// `bins` bins of equal width in log10 over `range` (positive), counting the values inside
    /// it, with numpy's density rule (count / (total * width)). Centres are the arithmetic
    /// midpoints of the edges, so a bar of the bin's width centred there spans exactly its bin
    /// on a log axis.
    public static func logSpaced(_ values: [Double], bins: Int, range: ClosedRange<Double>, density: Bool, densityCount: Int? = nil) -> Histogram {
        guard bins > 0, range.lowerBound > 0 else { return Histogram(centers: [], widths: [], heights: []) }
        let (low, high) = range.upperBound > range.lowerBound ? (log10(range.lowerBound), log10(range.upperBound))
                                                              : (log10(range.lowerBound) - 0.5, log10(range.upperBound) + 0.5)
        let step = (high - low) / Double(bins)
        let edges = (0...bins).map { pow(10, low + Double($0) * step) }
        var counts = [Double](repeating: 0, count: bins)
        var total = 0.0
        for value in values where value.isFinite && value >= edges[0] && value <= edges[bins] {
            counts[min(bins - 1, max(0, Int((log10(value) - low) / step)))] += 1
            total += 1
        }
        let widths = (0..<bins).map { edges[$0 + 1] - edges[$0] }
        total = densityCount.map(Double.init) ?? total
        return Histogram(centers: (0..<bins).map { (edges[$0] + edges[$0 + 1]) / 2 }, widths: widths,
                         heights: density && total > 0 ? (0..<bins).map { counts[$0] / (total * widths[$0]) } : counts)
    }

    /// Logarithmically spaced bins over the positive values, `binsPerDecade` per decade:
    /// the density estimate of a heavy tail (empty bins are dropped, as a log axis cannot
    /// show zero). Centres are geometric means of the bin edges.
    public static func logarithmic(_ values: [Double], binsPerDecade: Int = 10, minimumBins: Int = 5) -> Histogram {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        guard let low = positive.min(), let high = positive.max(), high > low else {
            return Histogram(centers: [], widths: [], heights: [])
        }
        let decades = log10(high) - log10(low)
        let bins = max(minimumBins, Int((decades * Double(binsPerDecade)).rounded(.up)))
        let step = decades / Double(bins)
        let edges = (0...bins).map { pow(10, log10(low) + Double($0) * step) }
        var counts = [Double](repeating: 0, count: bins)
        for value in positive {
            let index = min(bins - 1, max(0, Int((log10(value) - log10(low)) / step)))
            counts[index] += 1
        }
        let total = Double(positive.count)
        var result = Histogram(centers: [], widths: [], heights: [])
        for index in 0..<bins where counts[index] > 0 {
            let width = edges[index + 1] - edges[index]
            result.centers.append((edges[index] * edges[index + 1]).squareRoot())
            result.widths.append(width)
            result.heights.append(counts[index] / (total * width))
        }
        return result
    }
}

/// Least-squares line y = intercept + slope x: the per-group trend lines of metric-vs-accuracy
/// plots. Full regression (R², tests) belongs to WWStatistics; a figure needs only the line.
public struct LinearFit: Sendable, Equatable {
    public var slope: Double
    public var intercept: Double

    /// nil with fewer than two finite points or when every x is the same.
    public init?(x: [Double], y: [Double]) {
        let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        guard pairs.count >= 2 else { return nil }
        let n = Double(pairs.count)
        let meanX = pairs.reduce(0) { $0 + $1.0 } / n
        let meanY = pairs.reduce(0) { $0 + $1.1 } / n
        var sxx = 0.0, sxy = 0.0
        for (a, b) in pairs {
            sxx += (a - meanX) * (a - meanX)
            sxy += (a - meanX) * (b - meanY)
        }
        guard sxx > 0 else { return nil }
        slope = sxy / sxx
        intercept = meanY - slope * meanX
    }

    public func callAsFunction(_ x: Double) -> Double { intercept + slope * x }
}

/// Group names in order of first appearance, and each group's member indices.
struct Groups {
    var names: [String] = []
    var members: [[Int]] = []

    init(_ labels: [String]) {
        var position: [String: Int] = [:]
        for (index, label) in labels.enumerated() {
            if let known = position[label] {
                members[known].append(index)
            } else {
                position[label] = names.count
                names.append(label)
                members.append([index])
            }
        }
    }
}
