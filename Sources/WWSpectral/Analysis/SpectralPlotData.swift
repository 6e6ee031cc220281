import Foundation
import WWTables

/// The data behind WeightWatcher's per-layer plots, as tables a plotting layer (or the user)
/// can draw: 1. the log-binned tail density with the fitted line, 2. the lin-lin histogram,
/// 3. the histogram of log10(lambda), 4./5. KS distance and alpha against candidate xmin, and
/// the optional MP overlay and original-vs-random histograms.
public enum SpectralPlotData {
    /// Plot 1: the tail (values >= xmin among those fitted) binned as the `powerlaw` package's
    /// `pdf` bins it (10 log-spaced bins per decade, edges rounded as for integer data after
    /// rescaling by xmin when xmin < 1), with the fitted density
    /// `(alpha - 1) xmin^(alpha - 1) x^-alpha`. Columns: `x` (bin centre), `density` (null for an
    /// empty bin, which the reference leaves out of the plot), `fit`.
    public static func tailDensity(fittedValues: [Double], fit: PowerLawFit) -> DataTable {
        let tail = fittedValues.filter { $0 >= fit.xmin && $0 > 0 }
        let table = emptyTable(["x", "density", "fit"])
        guard let low = tail.min(), let high = tail.max(), high > low else { return table }
        let rescale = low < 1
        let (start, stop) = rescale ? (1.0, high / low) : (low, high)
        let logStart = log10(start), logStop = log10(stop)
        let binCount = Int(((logStop - logStart) * 10).rounded(.up))
        var edges = Histogram.linspace(logStart, logStop, count: max(binCount, 1)).map { pow(10, $0) }
        for i in 0..<(edges.count - 1) { edges[i] = edges[i].rounded(.down) }
        edges[edges.count - 1] = edges[edges.count - 1].rounded(.up)
        edges = Array(Set(edges)).sorted()
        guard edges.count >= 2 else { return table }
        let data = rescale ? tail.map { $0 / low } : tail
        let histogram = Histogram(data, edges: edges)
        let densities = histogram.densities
        for i in 0..<histogram.counts.count {
            let scale = rescale ? low : 1
            let x = (edges[i] + edges[i + 1]) / 2 * scale
            let density = densities[i] / scale
            let fitted = (fit.alpha - 1) * pow(fit.xmin, fit.alpha - 1) * pow(x, -fit.alpha)
            table.addRow([("x", .number(x)), ("density", density > 0 ? .number(density) : .null), ("fit", .number(fitted))])
        }
        return table
    }

    /// Plots 2 and 3: a 100-bin density histogram. Columns `bin_start`, `bin_end`, `center`,
    /// `count`, `density`.
    public static func histogram(_ values: [Double], bins: Int = SpectralLimits.plotHistogramBins) -> DataTable {
        let table = emptyTable(["bin_start", "bin_end", "center", "count", "density"])
        guard !values.isEmpty else { return table }
        let histogram = Histogram(values, bins: bins)
        let densities = histogram.densities
        for i in histogram.counts.indices {
            table.addRow([("bin_start", .number(histogram.edges[i])), ("bin_end", .number(histogram.edges[i + 1])),
                          ("center", .number((histogram.edges[i] + histogram.edges[i + 1]) / 2)),
                          ("count", .number(Double(histogram.counts[i]))), ("density", .number(densities[i]))])
        }
        return table
    }

    /// The eigenvalues WeightWatcher histograms: those above xmin/100 after a successful fit,
    /// above 0.4% of lambda_max otherwise.
    public static func plottedEigenvalues(_ eigenvalues: [Double], xmin: Double?) -> [Double] {
        let floor = xmin.map { $0 / 100 } ?? 0.4 * (eigenvalues.max() ?? 0) / 100
        return eigenvalues.filter { $0 > floor }
    }

    /// Plot 2: the lin-lin histogram.
    public static func linearHistogram(eigenvalues: [Double], xmin: Double?) -> DataTable {
        histogram(plottedEigenvalues(eigenvalues, xmin: xmin))
    }

    /// Plot 3: the histogram of log10(lambda).
    public static func logHistogram(eigenvalues: [Double], xmin: Double?) -> DataTable {
        histogram(plottedEigenvalues(eigenvalues, xmin: xmin).filter { $0 > 0 }.map { log10($0) })
    }

    /// Plots 4 and 5: every xmin candidate of the WWFit scan with its `alpha`, `D` and `sigma`.
    public static func xminScan(fittedValues: [Double]) -> DataTable {
        let table = emptyTable(["xmin", "alpha", "D", "sigma"])
        for candidate in WWFit.scan(sorted: fittedValues.sorted()) {
            table.addRow([("xmin", .number(candidate.xmin)), ("alpha", .number(candidate.alpha)),
                          ("D", .number(candidate.ksDistance)), ("sigma", .number(candidate.sigma))])
        }
        return table
    }

    /// The optional MP overlay: the fitted MP density (quarter circle of singular values when
    /// Q = 1) on 200 points across the bulk, in the spectrum's original units. Columns `x`, `density`.
    public static func marchenkoPasturDensity(_ fit: MarchenkoPasturFit, q: Double, points: Int = 200) -> DataTable {
        let table = emptyTable(["x", "density"])
        let s2 = fit.scale * fit.scale
        let (low, high) = (fit.bulkMin * s2, fit.bulkMax * s2)
        guard high > low, points > 1 else { return table }
        for x in Histogram.linspace(low, high, count: points) {
            let density = q == 1 ? MarchenkoPastur.quarterCircleDensity(x.squareRoot(), sigma: fit.sigma)
                                 : MarchenkoPastur.density(x, q: q, sigma: fit.sigma)
            table.addRow([("x", .number(x / s2)), ("density", .number(density * s2))])
        }
        return table
    }

    static func emptyTable(_ columns: [String]) -> DataTable {
        (try? DataTable(columns: columns)) ?? DataTable()
    }
}
