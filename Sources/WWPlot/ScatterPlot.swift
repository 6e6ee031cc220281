/// A scatter plot whose markers encode up to three more variables: shape by a category,
/// size by a number, colour by a category or a number (the scale-shape plot of the
/// data-diversity study: Δ log-norm against Δ alpha, shape = kind, size = strength,
/// colour = diversity score).
public struct ScatterInput: Sendable {
    public var x: [Double]
    public var y: [Double]
    /// One category per point: its marker shape, with a legend entry per category.
    public var shapeGroups: [String]?
    /// One number per point, mapped linearly to marker sizes.
    public var sizes: [Double]?
    public var color: ColorEncoding?
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// Names the shape, size and colour variables in the legend and colour bar.
    public var shapeLabel: String?
    public var sizeLabel: String?
    public var colorLabel: String?
    /// One text per point, written beside it ("" for none).
    public var pointLabels: [String]?

    public init(x: [Double], y: [Double], shapeGroups: [String]? = nil, sizes: [Double]? = nil, color: ColorEncoding? = nil,
                title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.x = x
        self.y = y
        self.shapeGroups = shapeGroups
        self.sizes = sizes
        self.color = color
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

public enum ColorEncoding: Sendable {
    /// A category per point, each a palette colour with a legend entry.
    case categories([String])
    /// A number per point, through a colour bar.
    case values([Double])
}

extension Figure {
    /// Marker sizes span this range (multiples of gnuplot's default) from the smallest to the
    /// largest size value: smaller markers vanish, larger ones hide their neighbours.
    static let markerSizeRange = (0.6, 2.6)
    static let defaultMarkerSize = 1.2

    public static func scatter(_ input: ScatterInput, options: PlotOptions = PlotOptions()) throws -> Figure {
        let n = input.x.count
        guard n > 0 else { throw PlotError("a scatter plot needs at least one point") }
        guard input.y.count == n else { throw PlotError("x has \(n) values but y has \(input.y.count)") }
        if let groups = input.shapeGroups, groups.count != n { throw PlotError("the shape groups have \(groups.count) values for \(n) points") }
        if let sizes = input.sizes, sizes.count != n { throw PlotError("the sizes have \(sizes.count) values for \(n) points") }
        switch input.color {
        case .categories(let c) where c.count != n: throw PlotError("the colour categories have \(c.count) values for \(n) points")
        case .values(let v) where v.count != n: throw PlotError("the colour values have \(v.count) values for \(n) points")
        default: break
        }
        if let labels = input.pointLabels, labels.count != n { throw PlotError("labels has \(labels.count) texts for \(n) points") }

        var panel = Panel(title: input.title)
        panel.x = Axis(label: input.xLabel)
        panel.y = Axis(label: input.yLabel)
        panel.legend = .outsideRight
        let pointSizes = input.sizes.map(scaledSizes)
        let colorGroups: Groups? = { if case .categories(let c) = input.color { return Groups(c) } else { return nil } }()
        var colorOfPoint: [PlotColor]?
        if case .categories(let categories) = input.color, let colorGroups {
            let index = Dictionary(uniqueKeysWithValues: colorGroups.names.enumerated().map { ($1, $0) })
            colorOfPoint = categories.map { Palette.color(index[$0] ?? 0) }
        }

        // One series per shape group (or per colour category when there are no shapes), so
        // each gets a legend entry.
        let seriesGroups: Groups
        var shapesByGroup = true
        if let shapes = input.shapeGroups {
            seriesGroups = Groups(shapes)
        } else if let colorGroups {
            seriesGroups = colorGroups
            shapesByGroup = false
        } else {
            seriesGroups = Groups([String](repeating: "", count: n))
        }
        for (g, members) in seriesGroups.members.enumerated() {
            let name = seriesGroups.names[g]
            let shape = shapesByGroup ? MarkerShape.cycling(g) : .circle
            var series = Series(title: input.shapeGroups == nil && colorGroups == nil ? nil : name,
                                x: members.map { input.x[$0] }, y: members.map { input.y[$0] },
                                style: .points(shape, size: defaultMarkerSize))
            if let pointSizes { series.pointSizes = members.map { pointSizes[$0] } }
            switch input.color {
            case .values(let values):
                series.color = .scale(members.map { values[$0] })
            case .categories:
                series.color = shapesByGroup ? .perPoint(members.map { colorOfPoint?[$0] ?? .black }) : .fixed(Palette.color(g))
            case nil:
                series.color = input.shapeGroups == nil ? .fixed(Palette.color(0)) : .fixed(Palette.color(g))
            }
            panel.series.append(series)
        }
        // With shapes and colour categories both, the colours get legend entries of their own.
        if shapesByGroup, input.shapeGroups != nil, let colorGroups {
            for (c, name) in colorGroups.names.enumerated() {
                panel.series.append(Series(title: name, x: [.nan], y: [.nan], style: .points(.circle, size: defaultMarkerSize),
                                           color: .fixed(Palette.color(c))))
            }
        }
        if case .values = input.color { panel.colorBar = ColorBar(label: input.colorLabel, scale: .sequential) }
        var legendParts: [String] = []
        if let label = input.shapeLabel, input.shapeGroups != nil { legendParts.append("shape: \(label)") }
        if let label = input.sizeLabel, input.sizes != nil { legendParts.append("size: \(label)") }
        if let label = input.colorLabel, case .categories = input.color { legendParts.append("colour: \(label)") }
        if !legendParts.isEmpty { panel.legendTitle = legendParts.joined(separator: ", ") }
        if panel.series.allSatisfy({ $0.title == nil }) { panel.legend = .hidden }
        if let labels = input.pointLabels {
            panel.pointLabels = labels.indices.filter { !labels[$0].isEmpty }.map { PointLabel(x: input.x[$0], y: input.y[$0], text: labels[$0]) }
            guard panel.pointLabels.count <= PlotLimits.maxPointLabels else {
                throw PlotError("labels has \(panel.pointLabels.count) texts, more than the \(PlotLimits.maxPointLabels) a plot can show apart: label a subset (\"\" for no label)")
            }
        }
        return try Figure(kind: "scatter", panels: [panel], size: FigureSize(width: 760, height: 480)).applying(options)
    }

    /// Sizes mapped linearly onto `markerSizeRange`; NaN sizes get the default size.
    static func scaledSizes(_ values: [Double]) -> [Double] {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return values.map { _ in defaultMarkerSize } }
        let (small, large) = markerSizeRange
        return values.map { value in
            guard value.isFinite else { return defaultMarkerSize }
            return high > low ? small + (large - small) * (value - low) / (high - low) : defaultMarkerSize
        }
    }
}
