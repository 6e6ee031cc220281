/// A figure as a value: what to draw, with its data, independent of any output format.
/// Building one runs nothing; `FigureRenderer` draws it (PNG, SVG, PDF or text) on demand, so
/// the same figure can be previewed in a terminal, embedded in a report and saved.
public struct Figure: Sendable {
    /// What kind of plot built it ("scatter", "esd", …), for summaries.
    public var kind: String
    /// A title over all panels (multi-panel figures); single panels use the panel's title.
    public var title: String?
    public var panels: [Panel]
    /// Panels per row; rows follow from the panel count.
    public var columns: Int
    /// Size in pixels for PNG and SVG; PDF uses the same proportions in inches
    /// (`FigureSize.pixelsPerInch`).
    public var size: FigureSize

    public init(kind: String, title: String? = nil, panels: [Panel], columns: Int = 1, size: FigureSize = .single) {
        self.kind = kind
        self.title = title
        self.panels = panels
        self.columns = max(1, columns)
        self.size = size
    }

    public var rows: Int { (panels.count + columns - 1) / columns }

    /// Points over all series and heatmap cells, checked against `PlotLimits.maxPoints`.
    public var pointCount: Int {
        panels.reduce(0) { total, panel in
            total + panel.series.reduce(0) { $0 + $1.x.count } + (panel.heatmap.map { $0.values.count * ($0.values.first?.count ?? 0) } ?? 0)
        }
    }
}

public struct FigureSize: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// 640 x 480 pixels, 6 x 4.5 inches as PDF: a journal column at a readable font size.
    public static let single = FigureSize(width: 640, height: 480)
    /// Pixels per inch for PDF output, chosen so `single` is 6 x 4.5 in.
    public static let pixelsPerInch = 640.0 / 6.0

    /// A grid of panels, each about `panel` pixels, capped so a figure stays on a screen.
    public static func grid(rows: Int, columns: Int, panel: FigureSize = FigureSize(width: 420, height: 340)) -> FigureSize {
        FigureSize(width: min(1800, panel.width * columns), height: min(1600, panel.height * rows))
    }
}

/// One plot area: axes, series, reference lines, optionally a heatmap.
public struct Panel: Sendable {
    public var title: String?
    public var x = Axis()
    public var y = Axis()
    public var series: [Series] = []
    public var referenceLines: [ReferenceLine] = []
    public var heatmap: Heatmap?
    /// Shown when a series is coloured by value or a heatmap is drawn.
    public var colorBar: ColorBar?
    public var legend: LegendPosition = .topRight
    /// A title for the legend box (what the markers mean, e.g. the column that sets the shape).
    public var legendTitle: String?
    /// Text written beside points (a scatter's `labels`); at most `PlotLimits.maxPointLabels`.
    public var pointLabels: [PointLabel] = []

    public init(title: String? = nil) {
        self.title = title
    }
}

public enum AxisScale: Sendable, Equatable {
    case linear
    case log
    /// Logarithmic when every value is positive and they span more than
    /// `PlotLimits.logScaleRatio`, else linear.
    case automatic
}

public struct Axis: Sendable {
    public var label: String?
    public var scale: AxisScale = .automatic
    public var lower: Double?
    public var upper: Double?
    /// Named ticks (categories, matrix rows) instead of numbers.
    public var ticks: [(position: Double, label: String)]?
    public var rotatesTickLabels = false

    public init(label: String? = nil, scale: AxisScale = .automatic, lower: Double? = nil, upper: Double? = nil) {
        self.label = label
        self.scale = scale
        self.lower = lower
        self.upper = upper
    }
}

/// Filled marker shapes, distinct in print and in the text preview.
public enum MarkerShape: Int, CaseIterable, Sendable {
    case circle, square, triangle, diamond, invertedTriangle, pentagon, openCircle, openSquare

    /// gnuplot's point type for the shape (cairo, SVG and PDF terminals agree).
    var pointType: Int {
        switch self {
        case .circle: return 7
        case .square: return 5
        case .triangle: return 9
        case .diamond: return 13
        case .invertedTriangle: return 11
        case .pentagon: return 15
        case .openCircle: return 6
        case .openSquare: return 4
        }
    }

    public static func cycling(_ index: Int) -> MarkerShape { allCases[index % allCases.count] }
}

public enum LineDash: Sendable {
    case solid, dashed, dotted, dashDot

    var dashType: Int {
        switch self {
        case .solid: return 1
        case .dashed: return 2
        case .dotted: return 3
        case .dashDot: return 4
        }
    }
}

public enum SeriesStyle: Sendable {
    case points(MarkerShape, size: Double)
    case lines(width: Double, dash: LineDash)
    case linesPoints(MarkerShape, size: Double, width: Double, dash: LineDash)
    /// Bars centred on x, of height y; widths from `Series.barWidths`.
    case bars
    /// A histogram outline: horizontal steps centred on each x (gnuplot `histeps`).
    case steps(width: Double, dash: LineDash)
}

public enum SeriesColor: Sendable {
    /// The next colour of `Palette.categorical`, by the series' position in the panel.
    case automatic
    case fixed(PlotColor)
    /// One colour per point (colour by category).
    case perPoint([PlotColor])
    /// One value per point mapped through the panel's colour bar.
    case scale([Double])
}

public struct Series: Sendable {
    /// The legend entry; nil leaves the series out of the legend.
    public var title: String?
    public var x: [Double]
    public var y: [Double]
    public var style: SeriesStyle
    public var color: SeriesColor
    /// Per-point marker sizes (multiples of the default size), for size-by-value scatters.
    public var pointSizes: [Double]?
    /// Per-bar widths for `.bars`.
    public var barWidths: [Double]?
    /// Transparent fill for bars, so overlapping histograms stay readable.
    public var fillOpacity = 0.5
    /// What a logarithmic axis does with this series' zero or negative coordinates: false (the
    /// plot's own data) makes them an error naming the option, true leaves the points out.
    /// True for values wwn derived, such as empty histogram bins, and for overlaid curves (a
    /// density is 0 outside its support).
    public var dropsNonPositiveOnLogAxis = false

    public init(title: String?, x: [Double], y: [Double], style: SeriesStyle, color: SeriesColor = .automatic) {
        self.title = title
        self.x = x
        self.y = y
        self.style = style
        self.color = color
    }
}

/// Text at a point of a panel, in data coordinates, written just above and right of it.
public struct PointLabel: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var text: String

    public init(x: Double, y: Double, text: String) {
        self.x = x
        self.y = y
        self.text = text
    }
}

/// A vertical or horizontal line across the panel (xmin, a bulk edge, zero).
public struct ReferenceLine: Sendable {
    public enum Orientation: Sendable { case vertical, horizontal }
    public var orientation: Orientation
    public var value: Double
    /// The legend entry; nil for an unlabelled guide.
    public var title: String?
    public var color: PlotColor
    public var dash: LineDash

    public init(_ orientation: Orientation, at value: Double, title: String? = nil, color: PlotColor = .gray, dash: LineDash = .dashed) {
        self.orientation = orientation
        self.value = value
        self.title = title
        self.color = color
        self.dash = dash
    }
}

/// A matrix drawn as coloured cells, row 0 at the top, optionally with each value printed.
public struct Heatmap: Sendable {
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var showsValues: Bool
    /// printf-style format of the printed values (built by wwn, never from user text).
    public var valueDecimals: Int

    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], showsValues: Bool = true, valueDecimals: Int = 2) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.showsValues = showsValues
        self.valueDecimals = valueDecimals
    }
}

public struct ColorBar: Sendable {
    public var label: String?
    public var scale: ColorScale
    public var lower: Double?
    public var upper: Double?

    public init(label: String?, scale: ColorScale = .sequential, lower: Double? = nil, upper: Double? = nil) {
        self.label = label
        self.scale = scale
        self.lower = lower
        self.upper = upper
    }
}

public enum LegendPosition: Sendable {
    case topRight, topLeft, bottomRight, bottomLeft, outsideRight, hidden

    var gnuplotPlacement: String? {
        switch self {
        case .topRight: return "top right"
        case .topLeft: return "top left"
        case .bottomRight: return "bottom right"
        case .bottomLeft: return "bottom left"
        case .outsideRight: return "outside right top"
        case .hidden: return nil
        }
    }
}
