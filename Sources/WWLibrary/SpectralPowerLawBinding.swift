import WWInterpreter
import WWPowerLaw
import WWSpectral

extension Registry {
    /// `fit_powerlaw`, in its own file: the `method` argument is the extension point for other
    /// fitters. A fitter registered in `PowerLawMethod.available` (WWSpectral) is accepted
    /// here by name with no change to this file; fitter-specific outputs (e.g. the `powerlaw`
    /// package's alternative distributions) belong in extra record fields added below.
    func definePowerLawFit() {
        define("fit_powerlaw(values, xmax = nil, fix_fingers = nil, xmin_max = nil, method = \"WWFit\") -> record",
               category: "Spectral analysis",
               doc: "Fits a power law p(x) ~ x^-alpha to the tail of a spectrum (a list or tensor of eigenvalues), as analyze does: eigenvalues at or below 1e-5 are dropped, then WeightWatcher's WWFit picks xmin by the smallest KS distance (WeightWatcher 0.7.7's small-sample rules below 20 values). `xmax: -k` drops the k largest values first; `fix_fingers` is \"clip_xmax\" (refit without the top 2-9 values, accepting a fit whose alpha drops by at least 1; adds num_fingers and raw_alpha) or \"xmin_peak\" (xmin near the peak of the log10 histogram, up to `xmin_max`). `method` names the fitter: \"WWFit\" (WeightWatcher's) or \"powerlaw\" (the powerlaw package's Fit, as fit_powerlaw_package; its record then also holds V, Asquare, Lambda, tpl_alpha, the alternative distributions and `fit` for distribution_compare, computed on the same tail). Returns a record: alpha, D, xmin, xmax, sigma, n_tail, num_pl_spikes, method, warning, status and reason; a failed fit has status \"failed\", no alpha, and the reason.") { call in
            let values = try call.numbers("values")
            // A layer's spectrum with NaNs is a failed fit in analyze (WeightWatcher's rule); a
            // list the user passes in is checked, so a mistake is not reported as a fit result.
            guard !values.isEmpty else { throw BuiltinError("argument 'values' is empty: there is nothing to fit") }
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                let count = values.filter { !$0.isFinite }.count
                throw BuiltinError("argument 'values' holds \(count) value\(count == 1 ? "" : "s") that \(count == 1 ? "is" : "are") not finite (the first, \(formatNumber(values[i])), at index \(i))")
            }
            let options = try call.powerLawOptions()
            var pairs: [(String, Value)]
            do {
                let result = try PowerLawAnalysis.fit(eigenvalues: values, options: options)
                let fit = result.fit
                let warning = fit.alpha < SpectralLimits.overTrainedAlpha ? "over-trained" : fit.alpha > SpectralLimits.underTrainedAlpha ? "under-trained" : ""
                pairs = [("alpha", .number(fit.alpha)), ("D", .number(fit.ksDistance)), ("xmin", .number(fit.xmin)),
                         ("xmax", .number(fit.xmax)), ("sigma", .number(fit.sigma)), ("n_tail", .number(Double(fit.tailCount))),
                         ("num_pl_spikes", .number(Double(result.spikeCount)))]
                if let fingers = result.fingerCount { pairs.append(("num_fingers", .number(Double(fingers)))) }
                if let raw = result.rawAlpha { pairs.append(("raw_alpha", .number(raw))) }
                pairs += [("method", .string(options.method.name)), ("warning", .string(warning)), ("status", .string("success")), ("reason", .string(""))]
                if options.method.name == PowerLawMethod.powerlawPackage.name {
                    pairs += try Self.packageFields(result, existing: Set(pairs.map(\.0)))
                }
            } catch let failure as PowerLawFitFailure {
                pairs = [("alpha", .nil), ("method", .string(options.method.name)), ("warning", .string("fit failed")),
                         ("status", .string("failed")), ("reason", .string(failure.description))]
            } catch let error as SpectralError {
                throw BuiltinError(error.description)
            }
            return .record(RecordObject(pairs))
        }
    }

    /// The powerlaw package fit's own fields for `method: "powerlaw"`: the package fit again at
    /// the chosen xmin on the values the fit saw (the same tail, so the same alpha), which gives
    /// its distances and alternative distributions. `valid_xmin` and `options` describe a scan
    /// and are left out.
    private static func packageFields(_ result: PowerLawResult, existing: Set<String>) throws -> [(String, Value)] {
        let fit: PowerLawPackageFit
        do {
            fit = try PowerLawPackageFit(data: result.fittedValues, options: PowerLawPackageOptions(xmin: result.fit.xmin))
        } catch let error as PowerLawPackageError {
            throw BuiltinError("fit_powerlaw: \(error)")
        }
        let skipped: Set<String> = ["valid_xmin", "options"]
        return powerLawRecord(fit).pairs.filter { !existing.contains($0.0) && !skipped.contains($0.0) }
    }
}
