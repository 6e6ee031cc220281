import WWInterpreter
import WWNumerics
import WWPlot
import WWSpectral

extension Registry {
    /// `plot_layer`: WeightWatcher's per-layer plots straight from a model layer or a tensor.
    /// It runs the layer through the same analysis as `analyze` (so the figure shows the alpha,
    /// xmin and MP fit the table reports) and hands the spectrum, the xmin scan and the fits to
    /// `plot_esd`'s panel builder.
    func defineLayerPlot() {
        define("""
            plot_layer(subject, layer = nil, mp_fit = false, randomize = false, seed = nil, xmax = nil, \
            fix_fingers = nil, xmin_max = nil, method = "WWFit", conv2d_norm = true, layout = nil, title = nil, figsize = nil) -> figure
            """, category: "Plots", doc: """
            The ESD diagnostics panel (as plot_esd draws it) of one layer, computed here: `subject` is a \
            model with `layer` its id or name (see describe), or a matrix or conv2d tensor. The layer is \
            analysed as analyze does with the same options (xmax, fix_fingers, xmin_max, method, \
            conv2d_norm), and the figure shows its log-log tail with the fitted power law, the lin-lin and \
            log10 histograms, and D and alpha against every xmin candidate of the WWFit scan. `mp_fit: \
            true` adds the Marchenko-Pastur density and bulk edge drawn over the eigenvalues as they are, \
            its panel giving sigma_mp as mp_fit reports it (a fit on the spectrum rescaled by W_scale², \
            said so in the panel) and the bulk edge as mp_fit's bulk_max; `randomize: true` adds the ESD \
            of the shuffled weights (drawn from `seed` or the session's stream). The title is `title`, \
            else "ESD of" the layer's name ("W" for a tensor). Tick labels are spaced to fit their panel: \
            a heavy tail's large eigenvalues get fewer ticks rather than overprinted ones.
            """ + PlotOption.doc([.figsize])) { call in
            var options = try call.analysisOptions()
            options.keepEigenvalues = true
            // One layer chosen by the user: draw it whatever its size (analyze's filters are for models).
            options.minEigenvalues = 0
            options.maxEigenvalues = 0
            options.maxN = Int.max
            let tensor: Tensor, name: String
            switch try call.spectralSubject("subject", allowValues: false) {
            case .tensor(let t): (tensor, name) = (t, "W")
            case .weights(let collection):
                let (entry, t) = try call.resolveLayer(collection, options)
                (tensor, name) = (t, entry.name)
            case .values: throw call.fail("subject", expected: "a model or a tensor")
            }
            guard LayerGeometry(shape: tensor.shape, layout: options.convolutionLayout) != nil else {
                throw BuiltinError("argument 'subject' is a tensor of shape \(tensor.shape): plot_layer needs a matrix (rank 2), a 2-D convolution (rank 4), or a model with `layer`")
            }
            let analysis = try ModelAnalysis.analyze(tensor: tensor, name: name, options: options)
            guard let report = analysis.reports.first, let eigenvalues = report.spectrum?.eigenvalues else {
                throw BuiltinError("layer \(name) has no spectrum: \(analysis.reports.first?.reason ?? "it was not analysed")")
            }
            guard let fit = report.fit else {
                throw BuiltinError("the power-law fit of \(name) failed (\(report.reason)): plot_esd needs alpha and xmin")
            }
            var input = ESDPlotInput(eigenvalues: eigenvalues, alpha: fit.fit.alpha, xmin: fit.fit.xmin, xmax: fit.fit.xmax,
                                     distance: fit.fit.ksDistance, layerName: name)
            input.title = try call.optionalString("title")
            let candidates = WWFit.scan(sorted: fit.fittedValues)
            input.candidateXmins = candidates.map(\.xmin)
            input.candidateDistances = candidates.map(\.ksDistance)
            input.candidateAlphas = candidates.map(\.alpha)
            if options.mpFit {
                guard let mp = report.marchenkoPastur else {
                    throw BuiltinError("the Marchenko-Pastur fit of \(name) failed: \(report.marchenkoPasturFailure ?? "no result")")
                }
                // The fit's sigma is in units of the spectrum rescaled by W_scale^2 (as mp_fit
                // reports it); the overlay draws the same law over the eigenvalues as they are and
                // shows sigma_mp in the fit's units, saying so.
                input.marchenkoPastur = MarchenkoPasturOverlay(fittedSigma: mp.sigma, scale: mp.scale, q: report.geometry.q, bulkEdge: mp.bulkMax)
            }
            if options.randomize, let random = report.random { input.randomizedEigenvalues = random.randomEigenvalues }
            return .object(FigureObject(try Figure.esdPanel(input, options: call.plotOptions())))
        }
    }
}
