/// Lines across an ordered x (layers, epochs), one per category: the "Δ M across layers"
/// plot of the regulariser comparison, with an optional second panel zoomed onto ±band
/// around zero, where the small differences between categories are.
public struct LinePlotInput: Sendable {
    public var x: [Double]
    public var y: [Double]
    /// One category per point; nil draws a single line.
    public var groups: [String]?
    /// Half-height of the zoom panel's y range around 0; nil for no zoom panel.
    public var zoomBand: Double?
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var groupLabel: String?

    public init(x: [Double], y: [Double], groups: [String]? = nil, zoomBand: Double? = nil,
                title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.x = x
        self.y = y
        self.groups = groups
        self.zoomBand = zoomBand
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

extension Figure {
    public static func lines(_ input: LinePlotInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        let n = input.x.count
        guard n > 0 else { throw PlotError("a line plot needs at least one point") }
        guard input.y.count == n else { throw PlotError("x has \(n) values but y has \(input.y.count)") }
        if let groups = input.groups, groups.count != n { throw PlotError("the groups have \(groups.count) values for \(n) points") }
        if let band = input.zoomBand, !(band.isFinite && band > 0) {
            throw PlotError("the zoom band must be a positive number, got \(short(band))")
        }
        if input.zoomBand != nil, options.changesYAxis {
            throw PlotError("zoom draws its second panel's y axis as ±band around 0: it cannot go with logy or ylim")
        }
        let groups = Groups(input.groups ?? [String](repeating: "", count: n))
        var series: [Series] = []
        for (g, members) in groups.members.enumerated() {
            // Points in x order, so a line does not double back.
            let ordered = members.sorted { input.x[$0] < input.x[$1] }
            series.append(Series(title: input.groups == nil ? nil : groups.names[g],
                                 x: ordered.map { input.x[$0] }, y: ordered.map { input.y[$0] },
                                 style: .linesPoints(.cycling(g), size: 0.9, width: 1.5, dash: .solid), color: .fixed(Palette.color(g))))
        }
        var main = Panel(title: input.title)
        main.x = Axis(label: input.xLabel, scale: .linear)
        main.y = Axis(label: input.yLabel, scale: .linear)
        main.series = series
        main.legend = input.groups == nil ? .hidden : .outsideRight
        main.legendTitle = input.groupLabel
        guard let band = input.zoomBand else {
            return try Figure(kind: "line", panels: [main], size: FigureSize(width: 760, height: 480)).applying(options)
        }
        var zoom = main
        zoom.title = "zoom: \(input.yLabel ?? "y") within ±\(short(band))"
        zoom.y.lower = -band
        zoom.y.upper = band
        zoom.referenceLines = [ReferenceLine(.horizontal, at: 0, color: .gray, dash: .solid)]
        zoom.legend = .hidden
        return try Figure(kind: "line", panels: [main, zoom], columns: 1, size: FigureSize(width: 760, height: 760)).applying(options)
    }
}
