/// One bar per named category (a metric per layer, a score per model), in the order given.
public struct BarInput: Sendable {
    public var labels: [String]
    /// One height per label; NaN leaves its bar out (a missing value).
    public var values: [Double]
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?

    public init(labels: [String], values: [Double], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.labels = labels
        self.values = values
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

extension Figure {
    /// Width of a bar as a fraction of the distance between neighbours.
    static let barWidth = 0.8
    /// Above this many bars, or with a label longer than `longBarLabel` characters, the tick
    /// labels are rotated so neighbours do not overlap.
    static let rotatedBarCount = 8
    static let longBarLabel = 6

    /// Bars at x = 0, 1, ... with the labels as tick labels (quoted like all user text), from 0
    /// up or down. On a log y axis (`options.logY`) the bars grow from the bottom of the axis
    /// and every value must be positive.
    public static func bars(_ input: BarInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        let n = input.labels.count
        guard n > 0 else { throw PlotError("a bar chart needs at least one label") }
        guard input.values.count == n else { throw PlotError("labels and values must have the same length, got \(n) and \(input.values.count)") }
        guard n <= PlotLimits.maxBars else {
            throw PlotError("a bar chart may have at most \(PlotLimits.maxBars) bars, got \(n): show a subset or a histogram")
        }
        guard input.values.contains(where: \.isFinite) else { throw PlotError("a bar chart needs at least one finite value") }
        if options.xLimits != nil || options.logX != nil {
            throw PlotError("a bar chart's x axis holds the labels: it takes no logx or xlim")
        }
        var panel = Panel(title: input.title)
        let positions = (0..<n).map(Double.init)
        var series = Series(title: nil, x: positions, y: input.values, style: .bars, color: .fixed(Palette.color(0)))
        series.barWidths = [Double](repeating: barWidth, count: n)
        series.fillOpacity = 0.8
        panel.series = [series]
        panel.x = Axis(label: input.xLabel, scale: .linear, lower: -0.5 - (1 - barWidth) / 2, upper: Double(n) - 0.5 + (1 - barWidth) / 2)
        panel.x.ticks = zip(positions, input.labels).map { ($0, $1) }
        panel.x.rotatesTickLabels = n > rotatedBarCount || input.labels.contains { $0.count > longBarLabel }
        let finite = input.values.filter(\.isFinite)
        panel.y = Axis(label: input.yLabel, scale: .linear,
                       lower: finite.allSatisfy { $0 >= 0 } ? 0 : nil, upper: finite.allSatisfy { $0 <= 0 } ? 0 : nil)
        if finite.contains(where: { $0 < 0 }) && finite.contains(where: { $0 > 0 }) {
            panel.referenceLines.append(ReferenceLine(.horizontal, at: 0, color: .gray, dash: .solid))
        }
        panel.legend = .hidden
        let width = min(1600, max(640, 40 * n + 200))
        return try Figure(kind: "bar", panels: [panel], size: FigureSize(width: width, height: 480)).applying(options)
    }
}
