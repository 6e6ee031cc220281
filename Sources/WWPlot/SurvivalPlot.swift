import Foundation

/// The empirical survival function (CCDF) of a sample, with a fitted power law when given:
/// the plot that shows a heavy tail as a straight line on log-log axes.
public struct SurvivalInput: Sendable {
    /// The sample; NaN values are missing and left out.
    public var values: [Double]
    public var fit: PowerLawLine?
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?

    public init(values: [Double], fit: PowerLawLine? = nil, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.values = values
        self.fit = fit
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

/// A fitted power law p(x) ∝ x^-alpha for x >= xmin.
public struct PowerLawLine: Sendable, Equatable {
    public var alpha: Double
    public var xmin: Double

    public init(alpha: Double, xmin: Double) {
        self.alpha = alpha
        self.xmin = xmin
    }
}

/// The survival function as the powerlaw package computes it (`powerlaw.ccdf`).
public struct EmpiricalSurvival: Sendable, Equatable {
    /// The distinct finite values, ascending.
    public var x: [Double]
    /// P(X >= x) for each: the fraction of the values at or above it.
    public var probability: [Double]

    public init(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        let n = Double(sorted.count)
        var x: [Double] = [], probability: [Double] = []
        for (index, value) in sorted.enumerated() where index == 0 || sorted[index - 1] != value {
            // `index` values lie below the first occurrence of `value`.
            x.append(value)
            probability.append((n - Double(index)) / n)
        }
        self.x = x
        self.probability = probability
    }
}

extension Figure {
    /// The empirical P(X >= x) at each distinct value, as lines on log-log axes by default
    /// (`options` may make either axis linear). With a fit, the power law's survival
    /// (x / xmin)^(1 - alpha) is drawn dashed at the distinct values from xmin up, scaled by
    /// the tail fraction P(X >= xmin) of the sample so it starts on the empirical curve: what
    /// powerlaw's `fit.plot_ccdf(original_data=True)` with `fit.power_law.plot_ccdf(ax)` shows
    /// once the fit's curve is put on the whole sample's scale.
    public static func survival(_ input: SurvivalInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        let empirical = EmpiricalSurvival(input.values)
        guard !empirical.x.isEmpty else { throw PlotError("a CCDF needs at least one finite value") }
        var panel = Panel(title: input.title)
        panel.x = Axis(label: input.xLabel ?? "x", scale: .log)
        panel.y = Axis(label: input.yLabel ?? "P(X ≥ x)", scale: .log)
        panel.legend = .bottomLeft
        panel.series.append(Series(title: "empirical P(X ≥ x)", x: empirical.x, y: empirical.probability,
                                   style: .lines(width: 1.8, dash: .solid), color: .fixed(Palette.color(0))))
        if let fit = input.fit {
            guard fit.alpha.isFinite, fit.alpha > 1 else {
                throw PlotError("the fit's alpha must be a number above 1 (a power law's exponent), got \(short(fit.alpha))")
            }
            guard fit.xmin.isFinite, fit.xmin > 0 else { throw PlotError("the fit's xmin must be a positive number, got \(short(fit.xmin))") }
            guard let start = empirical.x.firstIndex(where: { $0 >= fit.xmin }) else {
                throw PlotError("the fit's xmin \(short(fit.xmin)) is above every value (the largest is \(short(empirical.x.last ?? .nan)))")
            }
            let tailFraction = empirical.probability[start]
            let x = Array(empirical.x[start...])
            panel.series.append(Series(title: "power law, α = \(short(fit.alpha)), xmin = \(short(fit.xmin))", x: x,
                                       y: x.map { tailFraction * pow($0 / fit.xmin, 1 - fit.alpha) },
                                       style: .lines(width: 2, dash: .dashed), color: .fixed(Palette.color(1))))
            panel.referenceLines.append(ReferenceLine(.vertical, at: fit.xmin, color: Palette.color(1), dash: .dotted))
        }
        return try Figure(kind: "ccdf", panels: [panel]).applying(options)
    }
}
