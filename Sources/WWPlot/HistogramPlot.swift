/// A histogram of one variable, or of several groups overlaid with transparent bars.
public struct HistogramInput: Sendable {
    public var values: [Double]
    public var groups: [String]?
    public var bins: Int
    /// Heights as densities (each group's area 1) rather than counts.
    public var density: Bool
    public var title: String?
    public var xLabel: String?
    /// Vertical lines to mark (a threshold, a mean), with their legend entries.
    public var markers: [(value: Double, label: String)]

    public init(values: [Double], groups: [String]? = nil, bins: Int = 30, density: Bool = false,
                title: String? = nil, xLabel: String? = nil, markers: [(value: Double, label: String)] = []) {
        self.values = values
        self.groups = groups
        self.bins = bins
        self.density = density
        self.title = title
        self.xLabel = xLabel
        self.markers = markers
    }
}

extension Figure {
    /// Up to this many groups are drawn as transparent bars; more overlap into mud, so they
    /// are drawn as outlines.
    static let maxOverlaidBarGroups = 2

    /// With `options.logX`, the bins are spaced evenly in log10 (equal-width bins would put
    /// a heavy tail's bulk into the first one) and every value must be positive.
    public static func histogram(_ input: HistogramInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        let finite = input.values.filter(\.isFinite)
        let logBins = options.logX == true
        if logBins, let bad = finite.first(where: { $0 <= 0 }) {
            let count = finite.filter { $0 <= 0 }.count
            throw PlotError.nonPositive(axis: "x", what: "values", count: count, of: finite.count, first: bad)
        }
        guard let low = finite.min(), let high = finite.max() else {
            throw PlotError("a histogram needs at least one finite value")
        }
        guard (1...PlotLimits.maxBins).contains(input.bins) else {
            throw PlotError("bins must be between 1 and \(PlotLimits.maxBins), got \(input.bins)")
        }
        if let groups = input.groups, groups.count != input.values.count {
            throw PlotError("the groups have \(groups.count) values for \(input.values.count) values")
        }
        var panel = Panel(title: input.title)
        panel.x = Axis(label: input.xLabel, scale: .linear)
        panel.y = Axis(label: input.density ? "density" : "count", scale: .linear, lower: 0)
        let groups = Groups(input.groups ?? [String](repeating: "", count: input.values.count))
        // Shared bins, so overlaid groups compare bar for bar: over `xlim` when given (bad
        // limits are left to `applying`, which names them), else over the values.
        var range = low...high
        if let limits = options.xLimits, limits.lower.isFinite, limits.upper.isFinite, limits.lower < limits.upper,
           !logBins || limits.lower > 0 {
            range = limits.lower...limits.upper
        }
        for (g, members) in groups.members.enumerated() {
            let values = members.map { input.values[$0] }
            // A density divides by all of the group's values, those outside `xlim` included, so
            // it stays the sample's density and a curve fitted to the whole sample lines up.
            let count = values.filter(\.isFinite).count
            let histogram = logBins ? Binning.logSpaced(values, bins: input.bins, range: range, density: input.density, densityCount: count)
                                    : Binning.linear(values, bins: input.bins, range: range, density: input.density, densityCount: count)
            let title = input.groups == nil ? nil : groups.names[g]
            var series: Series
            if groups.names.count <= Self.maxOverlaidBarGroups {
                series = bars(histogram, title: title, color: Palette.color(g))
            } else {
                series = Series(title: title, x: histogram.centers, y: histogram.heights,
                                style: .steps(width: 2, dash: g < Palette.categorical.count ? .solid : .dashed),
                                color: .fixed(Palette.color(g)))
            }
            // Empty bins have no place on a log y axis: they are left out there.
            series.dropsNonPositiveOnLogAxis = true
            panel.series.append(series)
        }
        for (m, marker) in input.markers.enumerated() {
            panel.referenceLines.append(ReferenceLine(.vertical, at: marker.value, title: marker.label,
                                                      color: Palette.color(groups.names.count + m), dash: .dashed))
        }
        if panel.series.allSatisfy({ $0.title == nil }) && input.markers.isEmpty { panel.legend = .hidden }
        return try Figure(kind: "histogram", panels: [panel]).applying(options)
    }
}
