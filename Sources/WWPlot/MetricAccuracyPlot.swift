/// A metric against test accuracy, coloured by group, with a least-squares line per group
/// and one for all models together: how Simpson's paradox shows (the trend of the whole can
/// have the opposite sign of every group's).
public struct MetricAccuracyInput: Sendable {
    public var metric: [Double]
    public var accuracy: [Double]
    public var groups: [String]?
    public var title: String?
    public var metricLabel: String?
    public var accuracyLabel: String?
    public var groupLabel: String?

    public init(metric: [Double], accuracy: [Double], groups: [String]? = nil, title: String? = nil,
                metricLabel: String? = nil, accuracyLabel: String? = nil, groupLabel: String? = nil) {
        self.metric = metric
        self.accuracy = accuracy
        self.groups = groups
        self.title = title
        self.metricLabel = metricLabel
        self.accuracyLabel = accuracyLabel
        self.groupLabel = groupLabel
    }
}

extension Figure {
    public static func metricVersusAccuracy(_ input: MetricAccuracyInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        let n = input.metric.count
        guard n > 0 else { throw PlotError("the metric-accuracy plot needs at least one model") }
        guard input.accuracy.count == n else { throw PlotError("the metric has \(n) values but the accuracy has \(input.accuracy.count)") }
        if let groups = input.groups, groups.count != n { throw PlotError("the groups have \(groups.count) values for \(n) models") }
        var panel = Panel(title: input.title)
        panel.x = Axis(label: input.metricLabel, scale: .linear)
        panel.y = Axis(label: input.accuracyLabel ?? "accuracy", scale: .linear)
        panel.legend = .outsideRight
        panel.legendTitle = input.groupLabel
        let groups = Groups(input.groups ?? [String](repeating: "all", count: n))
        for (g, members) in groups.members.enumerated() {
            let x = members.map { input.metric[$0] }
            let y = members.map { input.accuracy[$0] }
            let color = Palette.color(g)
            panel.series.append(Series(title: groups.names[g], x: x, y: y, style: .points(.cycling(g), size: 1.3), color: .fixed(color)))
            if let line = trendLine(x: x, y: y, title: "fit, slope \(short(LinearFit(x: x, y: y)?.slope ?? .nan))", color: color, dash: .solid) {
                panel.series.append(line)
            }
        }
        if input.groups != nil, groups.names.count > 1,
           let overall = trendLine(x: input.metric, y: input.accuracy,
                                   title: "all models, slope \(short(LinearFit(x: input.metric, y: input.accuracy)?.slope ?? .nan))",
                                   color: .black, dash: .dashed) {
            panel.series.append(overall)
        }
        return try Figure(kind: "metric_vs_accuracy", panels: [panel], size: FigureSize(width: 820, height: 500)).applying(options)
    }

    /// The least-squares line over the x range of the points, or nil when it is undefined.
    private static func trendLine(x: [Double], y: [Double], title: String, color: PlotColor, dash: LineDash) -> Series? {
        guard let fit = LinearFit(x: x, y: y) else { return nil }
        let finite = x.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return Series(title: title, x: [low, high], y: [fit(low), fit(high)], style: .lines(width: 1.8, dash: dash), color: .fixed(color))
    }
}
