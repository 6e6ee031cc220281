/// The options the plot built-ins share, under the names the language gives them: `logx`,
/// `logy`, `xlim`, `ylim`, `figsize` and `overlay`. A builder reads the ones that change its data
/// (a histogram bins logarithmically on a log x axis) and ends with `applying(_:)`, which does
/// the rest the same way for every plot, so each option is checked and its errors worded once.
public struct PlotOptions: Sendable {
    /// true for a logarithmic axis, false for a linear one, nil for the plot's own choice.
    public var logX: Bool?
    public var logY: Bool?
    public var xLimits: AxisLimits?
    public var yLimits: AxisLimits?
    /// The figure's size in pixels (`figsize`); nil keeps the plot's own.
    public var size: FigureSize?
    /// Curves drawn over the (first) panel: a density over a histogram, a model over data.
    public var overlays: [Curve]

    public init(logX: Bool? = nil, logY: Bool? = nil, xLimits: AxisLimits? = nil, yLimits: AxisLimits? = nil,
                size: FigureSize? = nil, overlays: [Curve] = []) {
        self.logX = logX
        self.logY = logY
        self.xLimits = xLimits
        self.yLimits = yLimits
        self.size = size
        self.overlays = overlays
    }

    /// True when the options ask for more than a linear y axis over the data (a log scale or
    /// limits): what a plot that draws its own y range (a zoom panel) cannot also do.
    public var changesYAxis: Bool { logY == true || yLimits != nil }
}

/// The range of an axis, `xlim: [lower, upper]`.
public struct AxisLimits: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// A curve given as points, joined by straight lines in x order as given. NaN coordinates
/// leave gaps.
public struct Curve: Sendable {
    public var x: [Double]
    public var y: [Double]
    /// The legend entry; nil leaves the curve out of the legend.
    public var label: String?

    public init(x: [Double], y: [Double], label: String? = nil) {
        self.x = x
        self.y = y
        self.label = label
    }
}

extension Figure {
    /// The figure with `options` applied to every panel (overlays go on the first): the
    /// shared part of every builder. Rules, in the words of the errors:
    /// - on a log axis, the plot's own data must be positive (an error naming `logx`/`logy`
    ///   and the first offending value); derived values (empty histogram bins) and overlaid
    ///   curves lose their non-positive points instead, since a density is 0 outside its support;
    /// - limits are finite, lower < upper, and positive on a log axis;
    /// - the size lies within `PlotLimits.minFigureSide...maxFigureSide`.
    public func applying(_ options: PlotOptions) throws -> Figure {
        var figure = self
        if !options.overlays.isEmpty, !figure.panels.isEmpty {
            figure.panels[0] = try Self.overlaid(figure.panels[0], options.overlays)
        }
        for index in figure.panels.indices {
            var panel = figure.panels[index]
            try Self.apply(log: options.logX, limits: options.xLimits, to: &panel, axis: \.x, coordinate: \.x, name: "x")
            try Self.apply(log: options.logY, limits: options.yLimits, to: &panel, axis: \.y, coordinate: \.y, name: "y")
            figure.panels[index] = panel
        }
        if let size = options.size {
            let sides = PlotLimits.minFigureSide...PlotLimits.maxFigureSide
            guard sides.contains(size.width), sides.contains(size.height) else {
                throw PlotError("figsize must be [width, height] in pixels, each between \(sides.lowerBound) and \(sides.upperBound), got [\(size.width), \(size.height)]")
            }
            figure.size = size
        }
        return figure
    }

    private static func overlaid(_ panel: Panel, _ curves: [Curve]) throws -> Panel {
        guard curves.count <= PlotLimits.maxOverlays else {
            throw PlotError("overlay has \(curves.count) curves, more than the \(PlotLimits.maxOverlays) a plot can tell apart")
        }
        var panel = panel
        for (index, curve) in curves.enumerated() {
            let name = curves.count == 1 ? "overlay" : "overlay \(index + 1)"
            guard curve.x.count == curve.y.count else {
                throw PlotError("\(name) has \(curve.x.count) x values but \(curve.y.count) y values")
            }
            guard zip(curve.x, curve.y).contains(where: { $0.isFinite && $1.isFinite }) else {
                throw PlotError("\(name) needs at least one point with finite x and y")
            }
            var series = Series(title: curve.label, x: curve.x, y: curve.y, style: .lines(width: 2, dash: .solid),
                                color: .fixed(Palette.color(panel.series.count)))
            series.dropsNonPositiveOnLogAxis = true
            panel.series.append(series)
            if curve.label != nil, panel.legend == .hidden { panel.legend = .topRight }
        }
        return panel
    }

    private static func apply(log: Bool?, limits: AxisLimits?, to panel: inout Panel, axis: WritableKeyPath<Panel, Axis>,
                              coordinate: KeyPath<Series, [Double]>, name: String) throws {
        if let log { panel[keyPath: axis].scale = log ? .log : .linear }
        // Log by the option or by the plot's default (a CCDF's): the data must suit it.
        if panel[keyPath: axis].scale == .log {
            // A floor of 0 (bars grow from it) means nothing on a log axis.
            if let lower = panel[keyPath: axis].lower, lower <= 0 { panel[keyPath: axis].lower = nil }
            if let upper = panel[keyPath: axis].upper, upper <= 0 { panel[keyPath: axis].upper = nil }
            // Point labels sit on the plot's own points, which this checks.
            panel.series = try panel.series.map { try positive($0, coordinate: coordinate, name: name) }
        }
        guard let limits else { return }
        guard limits.lower.isFinite, limits.upper.isFinite, limits.lower < limits.upper else {
            throw PlotError("\(name)lim must be [lower, upper] with finite numbers and lower < upper, got [\(short(limits.lower)), \(short(limits.upper))]")
        }
        switch panel[keyPath: axis].scale {
        case .log:
            guard limits.lower > 0 else {
                throw PlotError("\(name)lim [\(short(limits.lower)), \(short(limits.upper))] must be positive on the logarithmic \(name) axis")
            }
        case .automatic:
            // An automatic axis decides by the data; limits reaching 0 or below need a linear one.
            if limits.lower <= 0 { panel[keyPath: axis].scale = .linear }
        case .linear:
            break
        }
        panel[keyPath: axis].lower = limits.lower
        panel[keyPath: axis].upper = limits.upper
    }

    /// The series with only points positive in `coordinate`, or an error for the plot's own data.
    private static func positive(_ series: Series, coordinate: KeyPath<Series, [Double]>, name: String) throws -> Series {
        let values = series[keyPath: coordinate]
        let bad = values.indices.filter { values[$0] <= 0 }
        guard let first = bad.first else { return series }
        guard series.dropsNonPositiveOnLogAxis else {
            throw PlotError.nonPositive(axis: name, what: "\(name) values", count: bad.count, of: values.count, first: values[first])
        }
        return series.keeping(Set(values.indices).subtracting(bad).sorted())
    }
}

extension PlotError {
    /// The plot's own values on a log axis include zero or negative ones: named by the option.
    static func nonPositive(axis: String, what: String, count: Int, of total: Int, first: Double) -> PlotError {
        PlotError("log\(axis): true needs positive \(what), but \(count) of the \(total) are zero or negative "
                  + "(the first: \(short(first))): filter them out or use a linear axis (log\(axis): false)")
    }
}

extension Series {
    /// The series with only the points at `indices`, per-point attributes included.
    func keeping(_ indices: [Int]) -> Series {
        var series = self
        series.x = indices.map { x[$0] }
        series.y = indices.map { y[$0] }
        series.pointSizes = pointSizes.map { sizes in indices.map { sizes[$0] } }
        series.barWidths = barWidths.map { widths in indices.map { widths[$0] } }
        switch color {
        case .perPoint(let colors): series.color = .perPoint(indices.map { colors[$0] })
        case .scale(let values): series.color = .scale(indices.map { values[$0] })
        case .automatic, .fixed: break
        }
        return series
    }
}
