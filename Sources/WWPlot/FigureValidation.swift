extension Figure {
    /// Checks what the script generator relies on: matching lengths, finite settings, a
    /// bounded size. Builders catch user mistakes earlier with friendlier messages; this is
    /// the last line for figures assembled by hand from Swift.
    public func validate() throws {
        guard !panels.isEmpty else { throw PlotError("the figure has no panels") }
        guard pointCount <= PlotLimits.maxPoints else {
            throw PlotError("the figure has \(pointCount) points, more than the \(PlotLimits.maxPoints) a figure may hold; sample the data first")
        }
        let sides = PlotLimits.minFigureSide...PlotLimits.maxFigureSide
        guard sides.contains(size.width), sides.contains(size.height) else {
            throw PlotError("the figure size \(size.width) x \(size.height) must be between \(sides.lowerBound) and \(sides.upperBound) pixels each way")
        }
        guard panels.reduce(0, { $0 + $1.pointLabels.count }) <= PlotLimits.maxPointLabels else {
            throw PlotError("the figure has more than \(PlotLimits.maxPointLabels) point labels; label a subset")
        }
        for (p, panel) in panels.enumerated() {
            let place = panels.count > 1 ? "panel \(p + 1): " : ""
            for axis in [panel.x, panel.y] {
                for bound in [axis.lower, axis.upper].compactMap({ $0 }) where !bound.isFinite {
                    throw PlotError("\(place)axis limits must be finite numbers")
                }
            }
            for line in panel.referenceLines where !line.value.isFinite {
                throw PlotError("\(place)a reference line is at \(short(line.value)); it must be a finite number")
            }
            for series in panel.series {
                let name = series.title.map { "series '\($0)'" } ?? "a series"
                guard series.x.count == series.y.count else {
                    throw PlotError("\(place)\(name) has \(series.x.count) x values but \(series.y.count) y values")
                }
                if let sizes = series.pointSizes, sizes.count != series.x.count {
                    throw PlotError("\(place)\(name) has \(sizes.count) point sizes for \(series.x.count) points")
                }
                if let widths = series.barWidths, widths.count != series.x.count {
                    throw PlotError("\(place)\(name) has \(widths.count) bar widths for \(series.x.count) bars")
                }
                switch series.color {
                case .perPoint(let colors) where colors.count != series.x.count:
                    throw PlotError("\(place)\(name) has \(colors.count) colours for \(series.x.count) points")
                case .scale(let values) where values.count != series.x.count:
                    throw PlotError("\(place)\(name) has \(values.count) colour values for \(series.x.count) points")
                default: break
                }
            }
            if let heatmap = panel.heatmap {
                let columns = heatmap.values.first?.count ?? 0
                guard !heatmap.values.isEmpty, columns > 0, heatmap.values.allSatisfy({ $0.count == columns }) else {
                    throw PlotError("\(place)a heatmap needs a non-empty rectangular matrix")
                }
                guard heatmap.rowLabels.count == heatmap.values.count, heatmap.columnLabels.count == columns else {
                    throw PlotError("\(place)a heatmap of \(heatmap.values.count) x \(columns) needs as many row and column labels")
                }
            }
        }
    }
}
