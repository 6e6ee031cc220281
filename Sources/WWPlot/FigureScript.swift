/// Turns a `Figure` into a gnuplot script. Every piece of user text goes through
/// `GnuplotText.quoted`, every number through `GnuplotText.number`, and data only through
/// numeric datablocks (see `GnuplotText` for why).
struct FigureScript {
    let figure: Figure
    let format: FigureFormat
    /// Where gnuplot writes: a path wwn chose inside its private directory.
    let outputPath: String

    /// Points for the default marker size; sizes per point multiply it.
    static let baseFontSize = 11
    static let gridFontSize = 10

    func render() -> String {
        var lines: [String] = ["# drawn by wwn", "set encoding utf8"]
        let fontSize = figure.panels.count > 1 ? Self.gridFontSize : Self.baseFontSize
        lines.append(format.terminalCommand(size: figure.size, fontSize: fontSize))
        lines.append("set termoption noenhanced")
        lines.append("set output \(GnuplotText.quoted(outputPath))")
        var blocks = DatablockNames()
        var panelBlocks: [[String]] = []
        var heatmapBlocks: [String?] = []
        for panel in figure.panels {
            var names: [String] = []
            for series in panel.series {
                let name = blocks.next()
                lines.append(contentsOf: datablock(name, rows: rows(of: series)))
                names.append(name)
            }
            panelBlocks.append(names)
            if let heatmap = panel.heatmap {
                let name = blocks.next()
                lines.append(contentsOf: datablock(name, rows: heatmap.values.map { $0.map(GnuplotText.number).joined(separator: " ") }))
                heatmapBlocks.append(name)
            } else {
                heatmapBlocks.append(nil)
            }
        }
        let usesMultiplot = figure.panels.count > 1 || (figure.title != nil && figure.panels.count == 1)
        if usesMultiplot {
            var command = "set multiplot layout \(figure.rows),\(figure.columns)"
            if let title = figure.title { command += " title \(GnuplotText.quoted(title)) noenhanced font ',\(fontSize + 2)'" }
            lines.append(command)
        }
        for (index, panel) in figure.panels.enumerated() {
            lines.append("reset")
            lines.append(contentsOf: preamble(for: panel))
            var script = PanelScript(panel: panel, seriesBlocks: panelBlocks[index], heatmapBlock: heatmapBlocks[index], isText: isText)
            script.xLabelRoom = xLabelRoom(panel, fontSize: fontSize)
            lines.append(contentsOf: script.render())
        }
        if usesMultiplot { lines.append("unset multiplot") }
        lines.append("unset output")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Average width of a digit in the sans-serif fonts, as a fraction of the font size.
    static let digitWidth = 0.62

    /// Characters of tick-label room along a panel's x axis: its share of the figure's width
    /// in characters of the figure's font, less the y axis' labels and margins, an outside
    /// legend and a colour bar (estimates erring towards less room).
    private func xLabelRoom(_ panel: Panel, fontSize: Int) -> Double {
        let characters: Double
        switch format {
        case .text(let columns, _):
            characters = Double(columns)
        case .png, .svg:
            characters = Double(figure.size.width) / (Self.digitWidth * Double(fontSize))
        case .pdf:
            // Points (1/72 in) on paper, where the font size is also in points.
            characters = Double(figure.size.width) / FigureSize.pixelsPerInch * 72 / (Self.digitWidth * Double(fontSize))
        }
        var room = characters / Double(figure.columns) - 12
        if panel.legend == .outsideRight {
            let entries = panel.series.compactMap(\.title) + panel.referenceLines.compactMap(\.title) + [panel.legendTitle ?? ""]
            room -= Double(min(PlotLimits.maxTextLength, entries.map(\.count).max() ?? 0) + 6)
        }
        if panel.colorBar != nil { room -= 12 }
        return max(room, 10)
    }

    private var isText: Bool {
        if case .text = format { return true }
        return false
    }

    /// Settings `reset` clears, restated for every panel.
    private func preamble(for panel: Panel) -> [String] {
        var lines = [
            "set datafile missing \(GnuplotText.quoted(GnuplotText.missing))",
            "set tics nomirror out scale 0.6",
            "set samples 400",
        ]
        if panel.heatmap == nil {
            lines.append("set border 3 lw 1 lc rgb '#333333'")
            if !isText { lines.append("set grid xtics ytics back lt 1 lw 0.6 lc rgb '#e3e3e3'") }
        } else {
            lines.append("set border 15 lw 1 lc rgb '#333333'")
        }
        return lines
    }

    private func rows(of series: Series) -> [String] {
        var rows: [String] = []
        rows.reserveCapacity(series.x.count)
        for i in series.x.indices {
            var fields = [GnuplotText.number(series.x[i]), GnuplotText.number(series.y[i])]
            if let sizes = series.pointSizes { fields.append(GnuplotText.number(sizes[i])) }
            if let widths = series.barWidths { fields.append(GnuplotText.number(widths[i])) }
            switch series.color {
            case .perPoint(let colors): fields.append(String(colors[i].packed))
            case .scale(let values): fields.append(GnuplotText.number(values[i]))
            case .automatic, .fixed: break
            }
            rows.append(fields.joined(separator: " "))
        }
        return rows
    }

    private func datablock(_ name: String, rows: [String]) -> [String] {
        ["\(name) << \(GnuplotText.datablockTerminator)"] + rows + [GnuplotText.datablockTerminator]
    }
}

/// `$d0`, `$d1`, …: datablock names wwn makes up (never from user text).
private struct DatablockNames {
    private var counter = 0
    mutating func next() -> String {
        defer { counter += 1 }
        return "$d\(counter)"
    }
}
