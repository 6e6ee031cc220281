/// A matrix of values as coloured cells with the values printed: a correlation matrix
/// (diversity scores, accuracy and Δ metrics against each other).
public struct HeatmapInput: Sendable {
    /// Rows of the matrix; row 0 is drawn at the top.
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var title: String?
    /// Colour range; nil picks [-1, 1] (diverging) when every value lies there, else the
    /// values' range (sequential).
    public var range: ClosedRange<Double>?
    public var decimals: Int

    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], title: String? = nil,
                range: ClosedRange<Double>? = nil, decimals: Int = 2) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.range = range
        self.decimals = decimals
    }
}

extension Figure {
    public static func heatmap(_ input: HeatmapInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        let rows = input.values.count
        let columns = input.values.first?.count ?? 0
        guard rows > 0, columns > 0 else { throw PlotError("a heatmap needs a matrix with at least one value") }
        guard input.values.allSatisfy({ $0.count == columns }) else {
            throw PlotError("the heatmap's rows must all have \(columns) values (the first row's count)")
        }
        guard rows <= PlotLimits.maxHeatmapSide, columns <= PlotLimits.maxHeatmapSide else {
            throw PlotError("a heatmap may have at most \(PlotLimits.maxHeatmapSide) rows and columns, got \(rows) x \(columns)")
        }
        guard input.rowLabels.count == rows, input.columnLabels.count == columns else {
            throw PlotError("a \(rows) x \(columns) heatmap needs \(rows) row labels and \(columns) column labels, got \(input.rowLabels.count) and \(input.columnLabels.count)")
        }
        let finite = input.values.joined().filter(\.isFinite)
        let isCorrelation = !finite.isEmpty && finite.allSatisfy { $0 >= -1 && $0 <= 1 }
        let range: ClosedRange<Double>
        if let given = input.range {
            guard given.lowerBound.isFinite, given.upperBound.isFinite, given.upperBound > given.lowerBound else {
                throw PlotError("the heatmap's colour range must be two finite numbers, low < high")
            }
            range = given
        } else if isCorrelation || finite.isEmpty {
            range = -1...1
        } else {
            let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
            range = low < high ? low...high : (low - 1)...(high + 1)
        }
        var panel = Panel(title: input.title)
        panel.heatmap = Heatmap(values: input.values, rowLabels: input.rowLabels, columnLabels: input.columnLabels,
                                showsValues: max(rows, columns) <= PlotLimits.maxLabelledHeatmapSide,
                                valueDecimals: input.decimals)
        panel.colorBar = ColorBar(label: nil, scale: range.lowerBound < 0 && range.upperBound > 0 ? .diverging : .sequential,
                                  lower: range.lowerBound, upper: range.upperBound)
        panel.x = Axis(scale: .linear, lower: -0.5, upper: Double(columns) - 0.5)
        panel.x.ticks = input.columnLabels.enumerated().map { (Double($0), $1) }
        panel.x.rotatesTickLabels = true
        // Reversed, so row 0 is at the top as in a printed matrix.
        panel.y = Axis(scale: .linear, lower: Double(rows) - 0.5, upper: -0.5)
        panel.y.ticks = input.rowLabels.enumerated().map { (Double($0), $1) }
        panel.legend = .hidden
        let side = max(480, min(1200, 60 * max(rows, columns) + 260))
        return try Figure(kind: "heatmap", panels: [panel], size: FigureSize(width: side + 120, height: side)).applying(options)
    }
}
