/// The commands that set up and draw one panel.
struct PanelScript {
    let panel: Panel
    let seriesBlocks: [String]
    let heatmapBlock: String?
    let isText: Bool
    /// Characters of room for the x axis' tick labels (see `TickSpacing`).
    var xLabelRoom = Double.infinity

    func render() -> [String] {
        var lines: [String] = []
        if let title = panel.title { lines.append("set title \(GnuplotText.quoted(title)) noenhanced") }
        // Bars on an automatic x axis stay linear (their widths are linear); an explicit log
        // axis takes them, as a histogram with log-spaced bins needs.
        lines.append(contentsOf: axis(panel.x, name: "x", values: panel.series.flatMap(\.x),
                                      allowsLog: panel.heatmap == nil && (!hasBars || panel.x.scale == .log)))
        lines.append(contentsOf: axis(panel.y, name: "y", values: panel.series.flatMap(\.y), allowsLog: panel.heatmap == nil))
        lines.append(contentsOf: pointLabels())
        lines.append(contentsOf: legend())
        lines.append(contentsOf: colorBar())
        for line in panel.referenceLines {
            let from: String
            let to: String
            switch line.orientation {
            case .vertical:
                from = "first \(GnuplotText.number(line.value)), graph 0"
                to = "first \(GnuplotText.number(line.value)), graph 1"
            case .horizontal:
                from = "graph 0, first \(GnuplotText.number(line.value))"
                to = "graph 1, first \(GnuplotText.number(line.value))"
            }
            lines.append("set arrow from \(from) to \(to) nohead front lw 1.5 dt \(line.dash.dashType) lc rgb '\(line.color.hex)'")
        }
        lines.append(plotCommand())
        return lines
    }

    private var hasBars: Bool {
        panel.series.contains { if case .bars = $0.style { return true } else { return false } }
    }

    private func axis(_ axis: Axis, name: String, values: [Double], allowsLog: Bool) -> [String] {
        var lines: [String] = []
        if let label = axis.label { lines.append("set \(name)label \(GnuplotText.quoted(label)) noenhanced") }
        let isLog = allowsLog && AxisScaling.isLogarithmic(axis.scale, values: values)
        if isLog {
            lines.append("set logscale \(name) 10")
            lines.append("set format \(name) '%g'")
        }
        if axis.lower != nil || axis.upper != nil {
            let lower = axis.lower.map(GnuplotText.number) ?? "*"
            let upper = axis.upper.map(GnuplotText.number) ?? "*"
            lines.append("set \(name)range [\(lower):\(upper)]")
        }
        if let ticks = axis.ticks {
            let list = ticks.map { "\(GnuplotText.tickLabel($0.label)) \(GnuplotText.number($0.position))" }.joined(separator: ", ")
            var command = "set \(name)tics (\(list))"
            if axis.rotatesTickLabels { command += " rotate by 45 right" }
            lines.append(command)
        } else if name == "x", panel.heatmap == nil, let (lower, upper) = xRange(axis, isLog: isLog) {
            if isLog, let factor = TickSpacing.logFactor(lower: lower, upper: upper, width: xLabelRoom) {
                lines.append("set xtics \(GnuplotText.number(factor))")
            } else if !isLog, let step = TickSpacing.linearStep(lower: lower, upper: upper, width: xLabelRoom) {
                lines.append("set xtics \(GnuplotText.number(step))")
            }
        }
        return lines
    }

    /// The x range gnuplot will draw: the limits where set, else the data's (bars' edges
    /// included; positive values only on a log axis).
    private func xRange(_ axis: Axis, isLog: Bool) -> (Double, Double)? {
        var lower = Double.infinity, upper = -Double.infinity
        for series in panel.series {
            for (index, x) in series.x.enumerated() where x.isFinite && (!isLog || x > 0) {
                let half = isLog ? 0 : (series.barWidths?[index] ?? 0) / 2
                lower = min(lower, x - half)
                upper = max(upper, x + half)
            }
        }
        lower = axis.lower ?? lower
        upper = axis.upper ?? upper
        guard lower.isFinite, upper.isFinite, upper > lower else { return nil }
        return (lower, upper)
    }

    /// `set label` per point label: user text, quoted like every other.
    private func pointLabels() -> [String] {
        panel.pointLabels.enumerated().compactMap { index, label in
            guard label.x.isFinite, label.y.isFinite, !label.text.isEmpty else { return nil }
            return "set label \(index + 1) \(GnuplotText.quoted(label.text)) at first \(GnuplotText.number(label.x)), first \(GnuplotText.number(label.y)) "
                + "offset character 0.6, 0.5 left front noenhanced tc rgb '#333333'"
        }
    }

    private func legend() -> [String] {
        guard let placement = panel.legend.gnuplotPlacement else { return ["unset key"] }
        var command = "set key \(placement) noenhanced samplen 2 spacing 1.1"
        if !isText { command += " opaque box lc rgb '#cccccc'" }
        if let title = panel.legendTitle { command += " title \(GnuplotText.quoted(title)) noenhanced" }
        return [command]
    }

    private func colorBar() -> [String] {
        guard let bar = panel.colorBar else { return ["unset colorbox"] }
        let stops = bar.scale.stops.map { "\(GnuplotText.number($0.0)) '\($0.1.hex)'" }.joined(separator: ", ")
        var lines = ["set palette defined (\(stops))", "set colorbox"]
        if let label = bar.label { lines.append("set cblabel \(GnuplotText.quoted(label)) noenhanced") }
        if bar.lower != nil || bar.upper != nil {
            lines.append("set cbrange [\(bar.lower.map(GnuplotText.number) ?? "*"):\(bar.upper.map(GnuplotText.number) ?? "*")]")
        }
        return lines
    }

    private func plotCommand() -> String {
        var clauses: [String] = []
        if let heatmap = panel.heatmap, let block = heatmapBlock {
            clauses.append("\(block) matrix with image notitle")
            if heatmap.showsValues {
                let format = "'%.\(max(0, min(6, heatmap.valueDecimals)))f'"
                let (lower, upper) = (panel.colorBar?.lower ?? -1, panel.colorBar?.upper ?? 1)
                // White text on the darkest fifth of the scale at either end, black elsewhere.
                let span = GnuplotText.number(0.3 * (upper - lower))
                let lowCut = GnuplotText.number(lower), highCut = GnuplotText.number(upper)
                clauses.append("\(block) matrix using 1:2:(sprintf(\(format), $3)):(($3 - (\(lowCut)) < \(span) || (\(highCut)) - $3 < \(span)) ? 0xffffff : 0x000000) "
                               + "with labels tc rgb variable notitle")
            }
        }
        for (index, (series, block)) in zip(panel.series, seriesBlocks).enumerated() {
            clauses.append(clause(for: series, block: block, colorIndex: index))
        }
        for line in panel.referenceLines {
            guard let title = line.title else { continue }
            clauses.append("NaN with lines lw 1.5 dt \(line.dash.dashType) lc rgb '\(line.color.hex)' title \(GnuplotText.quoted(title)) noenhanced")
        }
        if clauses.isEmpty { clauses.append("NaN notitle") }
        return "plot " + clauses.joined(separator: ", \\\n     ")
    }

    private func clause(for series: Series, block: String, colorIndex: Int) -> String {
        var columns = ["1", "2"]
        var next = 3
        var sizeColumn: Int?
        var widthColumn: Int?
        if series.pointSizes != nil { sizeColumn = next; next += 1 }
        if series.barWidths != nil { widthColumn = next; next += 1 }
        let colorColumn: Int?
        switch series.color {
        case .perPoint, .scale: colorColumn = next
        case .automatic, .fixed: colorColumn = nil
        }
        if let sizeColumn { columns.append(String(sizeColumn)) }
        if let widthColumn { columns.append(String(widthColumn)) }
        if let colorColumn { columns.append(String(colorColumn)) }

        let color: String
        switch series.color {
        case .automatic: color = "lc rgb '\(Palette.color(colorIndex).hex)'"
        case .fixed(let value): color = "lc rgb '\(value.hex)'"
        case .perPoint: color = "lc rgb variable"
        case .scale: color = "lc palette"
        }
        let style: String
        switch series.style {
        case .points(let shape, let size):
            style = "with points pt \(shape.pointType) " + (sizeColumn != nil ? "ps variable" : "ps \(GnuplotText.number(size))")
        case .lines(let width, let dash):
            style = "with lines lw \(GnuplotText.number(width)) dt \(dash.dashType)"
        case .linesPoints(let shape, let size, let width, let dash):
            style = "with linespoints pt \(shape.pointType) ps \(GnuplotText.number(size)) lw \(GnuplotText.number(width)) dt \(dash.dashType)"
        case .bars:
            style = "with boxes fs transparent solid \(GnuplotText.number(series.fillOpacity)) noborder"
        case .steps(let width, let dash):
            style = "with histeps lw \(GnuplotText.number(width)) dt \(dash.dashType)"
        }
        let title = series.title.map { "title \(GnuplotText.quoted($0)) noenhanced" } ?? "notitle"
        return "\(block) using \(columns.joined(separator: ":")) \(style) \(color) \(title)"
    }
}

/// When an axis is drawn logarithmically.
enum AxisScaling {
    static func isLogarithmic(_ scale: AxisScale, values: [Double]) -> Bool {
        switch scale {
        case .linear: return false
        case .log: return true
        case .automatic:
            var lower = Double.infinity, upper = 0.0
            for value in values where value.isFinite {
                if value <= 0 { return false }
                lower = min(lower, value)
                upper = max(upper, value)
            }
            return lower.isFinite && upper / lower > PlotLimits.logScaleRatio
        }
    }
}
