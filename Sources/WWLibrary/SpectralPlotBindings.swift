import WWInterpreter
import WWSpectral
import WWTables

private let subjectOptions = "layer = nil, conv2d_norm = true, xmax = nil, fix_fingers = nil, xmin_max = nil, method = \"WWFit\""

extension Registry {
    /// The data behind WeightWatcher's per-layer plots, as tables.
    func defineSpectralPlots() {
        define("esd_tail(subject, \(subjectOptions)) -> table", category: "Spectral analysis",
               doc: "The data of WeightWatcher's log-log ESD plot: the power-law tail (eigenvalues >= xmin) in log-spaced bins as the powerlaw package bins it, with columns x (bin centre), density (nil for an empty bin) and fit, the fitted density (alpha-1) xmin^(alpha-1) x^-alpha. `subject` is eigenvalues, a matrix or conv2d tensor, or a model with `layer`; the fit options are fit_powerlaw's.") { call in
            let fit = try call.requiredFit()
            return .table(TableObject(SpectralPlotData.tailDensity(fittedValues: fit.fittedValues, fit: fit.fit)))
        }
        define("esd_histogram(subject, log10 = false, \(subjectOptions)) -> table", category: "Spectral analysis",
               doc: "The data of WeightWatcher's lin-lin ESD plot (or, with `log10: true`, of its histogram of log10 lambda): 100 equal bins of the eigenvalues above xmin/100 (above 0.4% of lambda_max when the fit fails), with columns bin_start, bin_end, center, count and density.") { call in
            let (eigenvalues, fit) = try call.spectrumAndFit()
            let useLog = try call.bool("log10")
            let xmin = fit?.fit.xmin
            return .table(TableObject(useLog ? SpectralPlotData.logHistogram(eigenvalues: eigenvalues, xmin: xmin)
                                             : SpectralPlotData.linearHistogram(eigenvalues: eigenvalues, xmin: xmin)))
        }
        define("esd_xmin_scan(subject, \(subjectOptions)) -> table", category: "Spectral analysis",
               doc: "The data of WeightWatcher's D-vs-xmin and alpha-vs-xmin plots: every xmin candidate of the WWFit scan (each eigenvalue above 1e-5 but the largest) with columns xmin, alpha, D (the KS distance) and sigma. The fit picks the first row of smallest D.") { call in
            let fit = try call.requiredFit()
            return .table(TableObject(SpectralPlotData.xminScan(fittedValues: fit.fittedValues)))
        }
        define("esd_mp_density(subject, layer = nil, Q = nil, M = nil, conv2d_norm = true) -> table", category: "Spectral analysis",
               doc: "The fitted Marchenko-Pastur density across the bulk (quarter-circle law when Q = 1), 200 points in the spectrum's original units, columns x and density, to draw over esd_histogram. Arguments as mp_fit.") { call in
            let (fit, ratio) = try call.marchenkoPasturFit()
            return .table(TableObject(SpectralPlotData.marchenkoPasturDensity(fit, q: ratio)))
        }
    }
}

extension BuiltinCall {
    /// The subject's eigenvalues and its power-law fit under the call's fit options (nil when
    /// the fit fails: the histograms still show such spectra).
    fileprivate func spectrumAndFit() throws -> (eigenvalues: [Double], fit: PowerLawResult?) {
        let options = try analysisOptions()
        let spectrum = try spectrumOfSubject(try spectralSubject("subject", allowValues: true), options)
        return (spectrum.eigenvalues, try? PowerLawAnalysis.fit(eigenvalues: spectrum.eigenvalues, options: options.powerLaw))
    }

    /// The subject's power-law fit; its failure is the built-in's error.
    fileprivate func requiredFit() throws -> PowerLawResult {
        let options = try analysisOptions()
        let spectrum = try spectrumOfSubject(try spectralSubject("subject", allowValues: true), options)
        return try PowerLawAnalysis.fit(eigenvalues: spectrum.eigenvalues, options: options.powerLaw)
    }
}
