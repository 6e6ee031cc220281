import Foundation
import WWInterpreter
import WWPlot
import WWTables

/// The reference category of every plot built-in.
private let plotsCategory = "Plots"

extension Registry {
    /// Built-ins for plots: each builds a `figure` value from tables or lists; nothing is drawn
    /// until the figure is shown, displayed in a notebook or saved.
    func definePlots() {
        category(plotsCategory, doc: """
            Figures drawn by gnuplot (install it with `sudo apt-get install gnuplot-nox`). Each plot \
            function returns a `figure` value and draws nothing yet: `show(fig)` prints a text preview \
            and the path of a PNG, a figure displayed in a notebook is embedded in the report, and \
            `save(fig, "out.pdf")` writes PNG, SVG, PDF or text by the file's extension. Titles, \
            labels and names are shown exactly as given: no text reaches gnuplot as a command. A \
            figure's fields: `kind`, `title`, `panels` (their count), `panel_titles` and `size` \
            ([width, height] in pixels). The options the plots share (logx, logy, xlim, ylim, figsize, \
            overlay) mean the same in each; docs/language.md lists them.
            """)
        defineRelationPlots()
        defineDistributionPlots()
        defineStudyPlots()
        defineESDPlot()
        defineFigureMethods()
    }

    /// Two variables of a table against each other: points or lines.
    private func defineRelationPlots() {
        let category = plotsCategory
        define("""
            scatter(table, x, y, group = nil, size = nil, color = nil, labels = nil, title = nil, xlabel = nil, ylabel = nil, \
            logx = nil, logy = nil, xlim = nil, ylim = nil, figsize = nil, overlay = nil) -> figure
            """, category: category, methodOf: ["table"], doc: """
            A scatter plot of the columns `x` and `y` of a table. `group` names a column whose values \
            set the marker shape (with a legend entry each), `size` a numeric column mapped to the \
            marker size, and `color` a column mapped to colour: a colour bar for numbers, a legend \
            for categories. `labels` writes a text beside each point: a list with one string per row \
            ("" or nil for none) or the name of a column; at most \(PlotLimits.maxPointLabels). \
            Axis labels default to the column names.
            """ + PlotOption.doc(PlotOption.axes + [.figsize, .overlay])) { call in
            let table = try call.plotTable("table")
            let x = try call.numberColumn(table, "x")
            let y = try call.numberColumn(table, "y")
            let groups = try call.optionalLabelColumn(table, "group")
            let sizes = try call.optionalNumberColumn(table, "size")
            var color: ColorEncoding?
            var colorName: String?
            if let name = try call.optionalString("color") {
                colorName = name
                color = try ColorEncoding(table: table, column: name)
            }
            var input = ScatterInput(x: x.values, y: y.values, shapeGroups: groups?.values, sizes: sizes?.values, color: color,
                                     title: try call.optionalString("title"), xLabel: try call.optionalString("xlabel") ?? x.name,
                                     yLabel: try call.optionalString("ylabel") ?? y.name)
            input.shapeLabel = groups?.name
            input.sizeLabel = sizes?.name
            input.colorLabel = colorName
            switch try call.value("labels") {
            case .nil: break
            case .string: input.pointLabels = try call.optionalLabelColumn(table, "labels")?.values
            default:
                input.pointLabels = try call.texts("labels")
                if input.pointLabels?.count != table.rowCount {
                    throw BuiltinError("argument 'labels' has \(input.pointLabels?.count ?? 0) texts for the table's \(table.rowCount) rows")
                }
            }
            return .object(FigureObject(try Figure.scatter(input, options: call.plotOptions())))
        }

        define("""
            lineplot(table, x, y, group = nil, zoom = nil, title = nil, xlabel = nil, ylabel = nil, \
            logx = false, logy = false, xlim = nil, ylim = nil, figsize = nil, overlay = nil) -> figure
            """, category: category, methodOf: ["table"], doc: """
            Lines of column `y` against column `x`, one line per value of the `group` column (for \
            example a metric across layers, one line per regulariser). With `zoom: 0.05` a second \
            panel shows the same lines with the y axis limited to ±0.05 around zero, where small \
            differences are (it takes no logy or ylim; the x options apply to both panels).
            """ + PlotOption.doc(PlotOption.axes + [.figsize, .overlay])) { call in
            let table = try call.plotTable("table")
            let x = try call.numberColumn(table, "x")
            let y = try call.numberColumn(table, "y")
            let groups = try call.optionalLabelColumn(table, "group")
            var input = LinePlotInput(x: x.values, y: y.values, groups: groups?.values, zoomBand: try call.optionalNumber("zoom"),
                                      title: try call.optionalString("title"), xLabel: try call.optionalString("xlabel") ?? x.name,
                                      yLabel: try call.optionalString("ylabel") ?? y.name)
            input.groupLabel = groups?.name
            return .object(FigureObject(try Figure.lines(input, options: call.plotOptions())))
        }

    }

    /// Plots of one variable's distribution, and of a matrix.
    private func defineDistributionPlots() {
        let category = plotsCategory
        define("""
            histogram(data, column = nil, bins = 30, group = nil, density = false, title = nil, xlabel = nil, \
            logx = false, logy = false, xlim = nil, ylim = nil, figsize = nil, overlay = nil) -> figure
            """, category: category, doc: """
            A histogram of a list of numbers, or of one `column` of a table. With `group` (a column \
            of the table) the groups are overlaid with transparent bars on shared bins. `density: \
            true` scales each group's bars to area 1 instead of counts, so a density can be overlaid: \
            `histogram(evals, density: true, overlay: {x: xs, y: mp, label: "MP density"})`. With \
            `logx: true` the bins are spaced evenly in log10 (every value must then be positive); with \
            `logy: true` empty bins are left out. With `xlim` the bins span it: values outside are not \
            drawn, and a density still divides by all the values, so it remains the sample's density. \
            Missing values are left out.
            """ + PlotOption.doc(PlotOption.axes + [.figsize, .overlay])) { call in
            let bins = try call.integer("bins", in: 1...PlotLimits.maxBins)
            var values: [Double]
            var groups: [String]?
            var label = try call.optionalString("xlabel")
            if case .table(let object) = try call.value("data") {
                guard let column = try call.optionalString("column") else {
                    throw BuiltinError("argument 'column' must name the table column to count when 'data' is a table")
                }
                values = try object.table.plotNumbers(column)
                groups = try call.optionalLabelColumn(object.table, "group")?.values
                label = label ?? column
            } else {
                values = try call.numberList("data")
                if case .nil = try call.value("group") {} else {
                    throw BuiltinError("argument 'group' needs a table as 'data' (it names one of its columns)")
                }
            }
            let input = HistogramInput(values: values, groups: groups, bins: bins, density: try call.bool("density"),
                                       title: try call.optionalString("title"), xLabel: label)
            return .object(FigureObject(try Figure.histogram(input, options: call.plotOptions())))
        }

        define("heatmap(matrix, labels = nil, title = nil, decimals = 2, figsize = nil) -> figure", category: category, doc: """
            A matrix drawn as coloured cells with each value printed, row 0 at the top: for a \
            correlation matrix. `matrix` is a list of equally long lists of numbers (with `labels` \
            naming the rows and columns) or a table: its text column names the rows and its numeric \
            columns are the matrix, named by their headers. Values within [-1, 1] use a blue-white-red \
            scale centred on 0; others a sequential scale over their range.
            """ + PlotOption.doc([.figsize])) { call in
            var input = try heatmapInput(call)
            input.title = try call.optionalString("title")
            input.decimals = try call.integer("decimals", in: 0...6)
            return .object(FigureObject(try Figure.heatmap(input, options: call.plotOptions())))
        }

        define("bar(labels, values, title = nil, xlabel = nil, ylabel = nil, logy = false, ylim = nil, figsize = nil) -> figure",
               category: category, doc: """
            A bar chart: one bar per label, in the order given, of height `values` (a list of numbers, \
            nan for a missing bar), growing from 0 up or down. The labels are written under the bars \
            (rotated when there are many or long ones) exactly as given; at most \(PlotLimits.maxBars) bars. \
            On a log y axis the bars grow from the axis' bottom and every value must be positive.
            """ + PlotOption.doc([.logy, .ylim, .figsize])) { call in
            let input = BarInput(labels: try call.texts("labels"), values: try call.numberList("values"), title: try call.optionalString("title"),
                                 xLabel: try call.optionalString("xlabel"), yLabel: try call.optionalString("ylabel"))
            return .object(FigureObject(try Figure.bars(input, options: call.plotOptions())))
        }

        define("""
            ccdf(values, fit = nil, title = nil, xlabel = nil, ylabel = nil, logx = true, logy = true, xlim = nil, ylim = nil, \
            figsize = nil, overlay = nil) -> figure
            """, category: category, doc: """
            The survival function (complementary CDF) of a sample: the empirical P(X ≥ x), the fraction \
            of the values at or above x, at each distinct value (as the powerlaw package's plot_ccdf), \
            on log-log axes by default, where a power-law tail is a straight line. `values` is a list, \
            range or 1-D tensor; nan values are left out. `fit` draws a fitted power law dashed from its \
            xmin up: the record fit_powerlaw or fit_powerlaw_package returns, or `{alpha, xmin}`. Its \
            survival (x / xmin)^(1 - alpha) is scaled by the sample's tail fraction P(X ≥ xmin) so it \
            starts on the empirical curve (powerlaw's fit.power_law.plot_ccdf puts it on the tail's own \
            scale, which matches only when the tail alone is drawn); a dotted line marks xmin.
            """ + PlotOption.doc(PlotOption.axes + [.figsize, .overlay])) { call in
            let input = SurvivalInput(values: try call.numberList("values"), fit: try call.powerLawLine("fit"),
                                      title: try call.optionalString("title"), xLabel: try call.optionalString("xlabel"),
                                      yLabel: try call.optionalString("ylabel"))
            return .object(FigureObject(try Figure.survival(input, options: call.plotOptions())))
        }

    }

    /// The studies' plots: a metric against accuracy, training curves.
    private func defineStudyPlots() {
        let category = plotsCategory
        define("metric_vs_accuracy(table, metric, accuracy = \"accuracy\", group = nil, title = nil, figsize = nil) -> figure",
               category: category, methodOf: ["table"], doc: """
            A metric against accuracy, one colour and marker per value of the `group` column, with a \
            least-squares line for each group and a dashed one for all models together: when the \
            groups' trends and the overall trend disagree in sign, that is Simpson's paradox.
            """ + PlotOption.doc([.figsize])) { call in
            let table = try call.plotTable("table")
            let metric = try call.numberColumn(table, "metric")
            let accuracy = try call.numberColumn(table, "accuracy")
            let groups = try call.optionalLabelColumn(table, "group")
            let input = MetricAccuracyInput(metric: metric.values, accuracy: accuracy.values, groups: groups?.values,
                                            title: try call.optionalString("title"), metricLabel: metric.name,
                                            accuracyLabel: accuracy.name, groupLabel: groups?.name)
            return .object(FigureObject(try Figure.metricVersusAccuracy(input, options: call.plotOptions())))
        }

        define("training_curves(history, title = nil, figsize = nil) -> figure", category: category, doc: """
            Loss and accuracy per epoch from a training history table, side by side: columns whose \
            names contain "loss" go to the left panel, those containing "acc" to the right, against \
            the `epoch` column (or the row number). Test and validation curves are dashed.
            """ + PlotOption.doc([.figsize])) { call in
            var history = try TrainingHistory(table: call.plotTable("history"))
            history.title = try call.optionalString("title")
            return .object(FigureObject(try Figure.trainingCurves(history, options: call.plotOptions())))
        }

    }

    /// WeightWatcher's per-layer ESD panel from eigenvalues and a fit.
    private func defineESDPlot() {
        let category = plotsCategory
        define("""
            plot_esd(eigenvalues, alpha, xmin, D, xmax = nil, candidates = nil, sigma = nil, Q = nil, bulk_edge = nil, W_scale = nil, \
            randomized = nil, layer = nil, title = nil, figsize = nil) -> figure
            """, category: category, doc: """
            The per-layer ESD diagnostics as one figure: the log-log ESD of the tail with the fitted \
            power law (alpha - 1) xmin^(alpha - 1) x^-alpha dashed and xmin marked; the lin-lin \
            histogram (100 bins); the histogram of log10 of the eigenvalues with xmin and xmax; and, \
            given a `candidates` table with columns xmin, D and alpha, D and alpha against every \
            candidate xmin. With `sigma` and `Q` it adds the ESD with the Marchenko-Pastur density and \
            bulk edge (eigenvalues in the units sigma was fitted in; give mp_fit's sigma_mp with its \
            `W_scale` to draw that fit over the eigenvalues as they are, its sigma_mp shown as mp_fit \
            reports it); with `randomized` eigenvalues, the original and randomised ESDs. `xmax` defaults \
            to the largest eigenvalue. The title is `title`, else "ESD of" the `layer`.
            """ + PlotOption.doc([.figsize])) { call in
            let eigenvalues = try call.numberList("eigenvalues")
            var input = ESDPlotInput(eigenvalues: eigenvalues, alpha: try call.number("alpha"), xmin: try call.number("xmin"),
                                     xmax: try call.optionalNumber("xmax") ?? (eigenvalues.max() ?? .nan), distance: try call.number("D"))
            if case .table(let candidates) = try call.value("candidates") {
                input.candidateXmins = try candidates.table.plotNumbers("xmin")
                input.candidateDistances = try candidates.table.plotNumbers("D")
                input.candidateAlphas = try candidates.table.plotNumbers("alpha")
            } else if case .nil = try call.value("candidates") {} else {
                throw call.fail("candidates", expected: "a table with columns xmin, D and alpha")
            }
            switch (try call.optionalNumber("sigma"), try call.optionalNumber("Q")) {
            case let (sigma?, q?):
                let edge = try call.optionalNumber("bulk_edge")
                input.marchenkoPastur = try call.optionalNumber("W_scale").map { MarchenkoPasturOverlay(fittedSigma: sigma, scale: $0, q: q, bulkEdge: edge) }
                    ?? MarchenkoPasturOverlay(sigma: sigma, q: q, bulkEdge: edge)
            case (nil, nil):
                if !(try call.isNil("W_scale")) { throw BuiltinError("argument 'W_scale' goes with 'sigma' and 'Q'") }
            default:
                throw BuiltinError("arguments 'sigma' and 'Q' go together: give both for the Marchenko-Pastur overlay")
            }
            input.randomizedEigenvalues = try call.optionalNumberList("randomized")
            input.layerName = try call.optionalString("layer")
            input.title = try call.optionalString("title")
            return .object(FigureObject(try Figure.esdPanel(input, options: call.plotOptions())))
        }

    }

    /// What a figure value does: shown or saved.
    private func defineFigureMethods() {
        let category = plotsCategory
        define("show(figure) -> nil", category: category, methodOf: ["figure"], doc: """
            Shows a figure: at the REPL or in a script, a text drawing of it and the path of a PNG \
            (kept until the session ends); in a notebook, the figure embedded in the report.
            """) { call in
            guard case .object(let object) = try call.value("figure"), let figure = object as? FigureObject else {
                throw call.fail("figure", expected: "a figure")
            }
            do {
                try call.interpreter.output.showFigure(figure)
            } catch let error as PlotError {
                throw BuiltinError(error.message)
            }
            return .nil
        }

        define("save(figure, path, overwrite = false) -> string", category: category, methodOf: ["figure"], doc: """
            Writes a figure to `path` in the format its extension names: .png, .svg, .pdf or .txt \
            (the text drawing). An existing file is replaced only with `overwrite: true`; the file \
            appears complete or not at all. Returns the path.
            """) { call in
            guard case .object(let object) = try call.value("figure"), let figure = object as? FigureObject else {
                throw call.fail("figure", expected: "a figure")
            }
            let path = try call.string("path")
            try FigureRenderer.locate().save(figure.figure, to: path, overwrite: try call.bool("overwrite"))
            return .string(path)
        }
    }
}

/// A heatmap's matrix and labels from a table (WWPlot reads it) or a list of lists with `labels`.
private func heatmapInput(_ call: BuiltinCall) throws -> HeatmapInput {
    if case .table(let object) = try call.value("matrix") { return try HeatmapInput(table: object.table) }
    let rows = try call.list("matrix").items.enumerated().map { index, item -> [Double] in
        guard case .list(let row) = item else {
            throw BuiltinError("argument 'matrix' must be a table or a list of lists of numbers; item \(index) is not a list")
        }
        return try row.items.map { value in
            switch value {
            case .number(let x): return x
            case .nil: return .nan
            default: throw BuiltinError("argument 'matrix' must hold only numbers; row \(index) holds \(ValueFormatter.display(value))")
            }
        }
    }
    let count = max(rows.count, rows.first?.count ?? 0)
    var labels = (0..<count).map(String.init)
    if case .list(let given) = try call.value("labels") {
        labels = given.items.map { if case .string(let s) = $0 { return s } else { return ValueFormatter.display($0) } }
    } else if case .nil = try call.value("labels") {} else {
        throw call.fail("labels", expected: "a list of names")
    }
    guard labels.count >= max(rows.count, rows.first?.count ?? 0) else {
        throw BuiltinError("argument 'labels' has \(labels.count) names for a \(rows.count) x \(rows.first?.count ?? 0) matrix")
    }
    return HeatmapInput(values: rows, rowLabels: Array(labels.prefix(rows.count)), columnLabels: Array(labels.prefix(rows.first?.count ?? 0)))
}
