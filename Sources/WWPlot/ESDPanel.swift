import Foundation

/// What the per-layer ESD panel shows: the eigenvalues and the power-law fit of one layer
/// (htsr-metrics.md section 8). Plain arrays, so any analysis can feed it.
public struct ESDPlotInput: Sendable {
    public var eigenvalues: [Double]
    public var alpha: Double
    public var xmin: Double
    public var xmax: Double
    /// The KS distance of the chosen fit.
    public var distance: Double
    /// Every xmin tried, with the D and alpha of the fit it gave (same lengths).
    public var candidateXmins: [Double]
    public var candidateDistances: [Double]
    public var candidateAlphas: [Double]
    /// The Marchenko-Pastur fit to overlay, in the units of `eigenvalues`.
    public var marchenkoPastur: MarchenkoPasturOverlay?
    /// The ESD of the layer's randomised (shuffled) matrix, for the comparison view.
    public var randomizedEigenvalues: [Double]?
    /// Names the layer in the figure's title.
    public var layerName: String?
    /// The figure's title; nil for "ESD of <layer>".
    public var title: String?

    public init(eigenvalues: [Double], alpha: Double, xmin: Double, xmax: Double, distance: Double,
                candidateXmins: [Double] = [], candidateDistances: [Double] = [], candidateAlphas: [Double] = [],
                marchenkoPastur: MarchenkoPasturOverlay? = nil, randomizedEigenvalues: [Double]? = nil, layerName: String? = nil) {
        self.eigenvalues = eigenvalues
        self.alpha = alpha
        self.xmin = xmin
        self.xmax = xmax
        self.distance = distance
        self.candidateXmins = candidateXmins
        self.candidateDistances = candidateDistances
        self.candidateAlphas = candidateAlphas
        self.marchenkoPastur = marchenkoPastur
        self.randomizedEigenvalues = randomizedEigenvalues
        self.layerName = layerName
    }
}

/// A Marchenko-Pastur density: sigma and Q = N/M, in the units of the eigenvalues it is drawn
/// over.
///
/// WeightWatcher's fit (`mp_fit`, analyze's sigma_mp) works on the spectrum rescaled to mean 1,
/// λ W_scale², so its sigma_mp is in other units than the eigenvalues: the same law over the
/// eigenvalues has sigma = sigma_mp / W_scale (the law's support scales with sigma²). Build the
/// overlay with `init(fittedSigma:scale:q:)` from such a fit: the curve is drawn over the
/// eigenvalues and the figure reports sigma_mp as the fit does, saying so.
public struct MarchenkoPasturOverlay: Sendable {
    /// In the eigenvalues' units.
    public var sigma: Double
    public var q: Double
    /// The bulk edge to mark; the density's own upper edge when nil.
    public var bulkEdge: Double?
    /// W_scale when sigma came from a fit on the rescaled spectrum: the figure then shows
    /// sigma_mp = sigma W_scale.
    public var fitScale: Double?

    public init(sigma: Double, q: Double, bulkEdge: Double? = nil) {
        self.sigma = sigma
        self.q = q
        self.bulkEdge = bulkEdge
    }

    /// The overlay of a fit on the spectrum rescaled by `scale`² (mp_fit's sigma_mp and W_scale).
    public init(fittedSigma: Double, scale: Double, q: Double, bulkEdge: Double? = nil) {
        self.init(sigma: fittedSigma / scale, q: q, bulkEdge: bulkEdge)
        fitScale = scale
    }

    /// How the panel names sigma: as the fit reported it, with its units, when it came from one.
    var panelTitle: String {
        guard let fitScale else { return "ESD and Marchenko-Pastur fit (σ = \(short(sigma)), Q = \(short(q)))" }
        return "MP fit as mp_fit: σ_mp = \(short(sigma * fitScale)) on λ·W_scale², Q = \(short(q))"
    }

    /// The edges (sigma (1 ∓ 1/√Q))² of the support.
    public var support: (lower: Double, upper: Double) {
        let r = 1 / q.squareRoot()
        return ((sigma * (1 - r)) * (sigma * (1 - r)), (sigma * (1 + r)) * (sigma * (1 + r)))
    }

    /// rho(x) = Q sqrt((b - x)(x - a)) / (2 pi sigma² x) inside the support, 0 outside.
    public func density(_ x: Double) -> Double {
        let (a, b) = support
        guard x > a, x < b, x > 0 else { return 0 }
        return q * ((b - x) * (x - a)).squareRoot() / (2 * Double.pi * sigma * sigma * x)
    }
}

extension Figure {
    /// Bins of the lin-lin and log10 histograms (WeightWatcher's choice).
    static let esdHistogramBins = 100
    /// Points on the fitted power-law and MP curves.
    static let curveSamples = 200

    /// The per-layer ESD diagnostics as one multi-panel figure: log-log ESD of the tail with
    /// the fitted power law, lin-lin histogram, log10 histogram, D and alpha against the
    /// candidate xmin, and when given the MP overlay and the randomised ESD.
    public static func esdPanel(_ input: ESDPlotInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        try validate(input)
        let red = Palette.color(1)
        var panels: [Panel] = []
        let summary = "α = \(short(input.alpha)), D = \(short(input.distance)), xmin = \(short(input.xmin))"

        // 1. log-log ESD of the tail and the fitted power law.
        var logLog = Panel(title: "log-log ESD: \(summary)")
        let tail = input.eigenvalues.filter { $0 >= input.xmin && $0 <= input.xmax }
        let density = Binning.logarithmic(tail)
        logLog.series.append(Series(title: "ESD tail (log bins)", x: density.centers, y: density.heights,
                                    style: .linesPoints(.circle, size: 0.8, width: 1.5, dash: .solid), color: .fixed(Palette.color(0))))
        let top = max(input.xmax, input.xmin * 1.0001)
        let lineX = (0..<curveSamples).map { input.xmin * pow(top / input.xmin, Double($0) / Double(curveSamples - 1)) }
        let coefficient = (input.alpha - 1) * pow(input.xmin, input.alpha - 1)
        logLog.series.append(Series(title: "power law, α = \(short(input.alpha))", x: lineX,
                                    y: lineX.map { coefficient * pow($0, -input.alpha) },
                                    style: .lines(width: 2, dash: .dashed), color: .fixed(red)))
        logLog.referenceLines.append(ReferenceLine(.vertical, at: input.xmin, title: "xmin = \(short(input.xmin))", color: red, dash: .dotted))
        // A margin left of xmin, so its line does not hide in the axis.
        logLog.x = Axis(label: "eigenvalue λ", scale: .log, lower: input.xmin / 1.3)
        logLog.y = Axis(label: "density p(λ)", scale: .log)
        panels.append(logLog)

        // 2. lin-lin histogram.
        var linear = Panel(title: "lin-lin ESD (\(esdHistogramBins) bins)")
        linear.series.append(bars(Binning.linear(input.eigenvalues, bins: esdHistogramBins), title: "ESD", color: Palette.color(0)))
        linear.referenceLines.append(ReferenceLine(.vertical, at: input.xmin, title: "xmin", color: red, dash: .dotted))
        linear.x = Axis(label: "eigenvalue λ", scale: .linear)
        linear.y = Axis(label: "density", scale: .linear, lower: 0)
        panels.append(linear)

        // 3. histogram of log10 lambda with xmin and xmax.
        var logLinear = Panel(title: "log-lin ESD")
        let logs = input.eigenvalues.filter { $0 > 0 }.map(log10)
        logLinear.series.append(bars(Binning.linear(logs, bins: esdHistogramBins), title: "log10 λ", color: Palette.color(0)))
        logLinear.referenceLines.append(ReferenceLine(.vertical, at: log10(input.xmin), title: "xmin", color: red, dash: .dotted))
        logLinear.referenceLines.append(ReferenceLine(.vertical, at: log10(input.xmax), title: "xmax", color: Palette.color(2), dash: .dashed))
        logLinear.x = Axis(label: "log10 λ", scale: .linear)
        logLinear.y = Axis(label: "density", scale: .linear, lower: 0)
        panels.append(logLinear)

        // 4 and 5. The fit's quality and exponent for every candidate xmin.
        if !input.candidateXmins.isEmpty {
            for (name, values, color) in [("D (KS distance)", input.candidateDistances, Palette.color(2)),
                                          ("α", input.candidateAlphas, Palette.color(3))] {
                var panel = Panel(title: "\(name) against xmin")
                panel.series.append(Series(title: name, x: input.candidateXmins, y: values,
                                           style: .lines(width: 1.5, dash: .solid), color: .fixed(color)))
                panel.referenceLines.append(ReferenceLine(.vertical, at: input.xmin, title: "chosen xmin", color: red, dash: .dotted))
                panel.x = Axis(label: "candidate xmin", scale: .automatic)
                panel.y = Axis(label: name, scale: .linear)
                panels.append(panel)
            }
        }

        if let mp = input.marchenkoPastur { panels.append(marchenkoPasturPanel(input.eigenvalues, mp)) }
        if let randomized = input.randomizedEigenvalues { panels.append(randomizedPanel(input.eigenvalues, randomized)) }

        let columns = 3
        let rows = (panels.count + columns - 1) / columns
        return try Figure(kind: "esd", title: input.title ?? input.layerName.map { "ESD of \($0)" } ?? "ESD",
                          panels: panels, columns: columns, size: .grid(rows: rows, columns: columns)).applying(options)
    }

    private static func marchenkoPasturPanel(_ eigenvalues: [Double], _ mp: MarchenkoPasturOverlay) -> Panel {
        var panel = Panel(title: mp.panelTitle)
        let (lower, upper) = mp.support
        // The axis ends past the bulk (or at the 95th percentile): a few large spikes would
        // otherwise squeeze the bulk and the MP curve into the first bins. They are counted.
        let sorted = eigenvalues.sorted()
        let percentile = sorted[min(sorted.count - 1, Int(0.95 * Double(sorted.count)))]
        let axisEnd = max(1.5 * max(upper, mp.bulkEdge ?? upper), percentile)
        let beyond = sorted.filter { $0 > axisEnd }.count
        let histogram = Binning.linear(eigenvalues, bins: esdHistogramBins, range: 0...axisEnd)
        panel.series.append(bars(histogram, title: beyond == 0 ? "ESD" : "ESD (\(beyond) beyond the axis)", color: Palette.color(0)))
        let xs = (0..<curveSamples).map { lower + (upper - lower) * Double($0) / Double(curveSamples - 1) }
        panel.series.append(Series(title: "MP density", x: xs, y: xs.map(mp.density), style: .lines(width: 2, dash: .solid),
                                   color: .fixed(Palette.color(1))))
        let edge = mp.bulkEdge ?? upper
        panel.referenceLines.append(ReferenceLine(.vertical, at: edge, title: "bulk edge = \(short(edge))", color: Palette.color(2), dash: .dashed))
        panel.x = Axis(label: "eigenvalue λ", scale: .linear, lower: 0, upper: axisEnd)
        panel.y = Axis(label: "density", scale: .linear, lower: 0)
        return panel
    }

    private static func randomizedPanel(_ eigenvalues: [Double], _ randomized: [Double]) -> Panel {
        var panel = Panel(title: "original and randomised ESD")
        let original = eigenvalues.filter { $0 > 0 }.map(log10)
        let shuffled = randomized.filter { $0 > 0 }.map(log10)
        let range = (min(original.min() ?? 0, shuffled.min() ?? 0))...(max(original.max() ?? 1, shuffled.max() ?? 1))
        panel.series.append(bars(Binning.linear(original, bins: esdHistogramBins, range: range), title: "original", color: Palette.color(0)))
        panel.series.append(bars(Binning.linear(shuffled, bins: esdHistogramBins, range: range), title: "randomised", color: Palette.color(1)))
        panel.x = Axis(label: "log10 λ", scale: .linear)
        panel.y = Axis(label: "density", scale: .linear, lower: 0)
        return panel
    }

    static func bars(_ histogram: Histogram, title: String?, color: PlotColor) -> Series {
        var series = Series(title: title, x: histogram.centers, y: histogram.heights, style: .bars, color: .fixed(color))
        series.barWidths = histogram.widths
        return series
    }

    private static func validate(_ input: ESDPlotInput) throws {
        guard !input.eigenvalues.isEmpty else { throw PlotError("the ESD plot needs eigenvalues, got none") }
        guard input.eigenvalues.allSatisfy(\.isFinite) else { throw PlotError("the eigenvalues must be finite numbers") }
        guard input.eigenvalues.contains(where: { $0 > 0 }) else { throw PlotError("the ESD plot needs positive eigenvalues") }
        for (name, value) in [("alpha", input.alpha), ("D", input.distance)] where !value.isFinite {
            throw PlotError("\(name) must be a finite number, got \(short(value))")
        }
        guard input.xmin.isFinite, input.xmin > 0 else { throw PlotError("xmin must be a positive number, got \(short(input.xmin))") }
        guard input.xmax.isFinite, input.xmax >= input.xmin else {
            throw PlotError("xmax must be a number at least xmin (\(short(input.xmin))), got \(short(input.xmax))")
        }
        let n = input.candidateXmins.count
        guard input.candidateDistances.count == n, input.candidateAlphas.count == n else {
            throw PlotError("the candidate xmins (\(n)), their D (\(input.candidateDistances.count)) and alphas (\(input.candidateAlphas.count)) must have the same length")
        }
        if let mp = input.marchenkoPastur {
            guard mp.sigma.isFinite, mp.sigma > 0, mp.q.isFinite, mp.q > 0 else {
                throw PlotError("the Marchenko-Pastur sigma and Q must be positive numbers, got \(short(mp.sigma)) and \(short(mp.q))")
            }
            if let scale = mp.fitScale, !(scale.isFinite && scale > 0) {
                throw PlotError("W_scale must be a positive number, got \(short(scale))")
            }
        }
        if let randomized = input.randomizedEigenvalues, !randomized.contains(where: { $0 > 0 && $0.isFinite }) {
            throw PlotError("the randomised eigenvalues must include positive numbers")
        }
    }
}

/// Three significant digits, as titles and legends show numbers.
func short(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    return String(format: "%.3g", value)
}
