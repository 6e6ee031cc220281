import Foundation

/// WeightWatcher's fixes for "fingers": a few very large eigenvalues that make alpha of an
/// otherwise heavy-tailed spectrum look large.
public enum FingerFix: String, Sendable, CaseIterable {
    /// No fix (the default).
    case none
    /// Refit after clipping the top 2, 3, ... 9 eigenvalues; keep the first clipped fit whose
    /// alpha is at least 1 below the unclipped one.
    case clipXmax = "clip_xmax"
    /// Restrict xmin to around the peak of the histogram of log10(lambda).
    case xminPeak = "xmin_peak"
}

/// The law fitted to the tail (WeightWatcher's `fit`).
public enum TailLaw: String, Sendable, CaseIterable {
    /// A power law x^-alpha by the chosen ``PowerLawMethod`` (`"PL"`, the default).
    case powerLaw = "PL"
    /// A truncated power law x^-alpha e^(-Lambda x) with xmin chosen for it, as WeightWatcher
    /// 0.7.7 fits it with the powerlaw 1.x package (`"TPL"`; ``PowerLawMethod/truncatedPowerLaw``).
    /// WeightWatcher's `"E_TPL"` is this with the `xmin_peak` finger fix.
    case truncatedPowerLaw = "TPL"
}

/// Options of the power-law step of the analysis (WeightWatcher's names in brackets).
public struct PowerLawOptions: Sendable {
    /// Drops this many of the largest eigenvalues before fitting (`xmax = -k`); nil keeps all.
    public var clipTop: Int?
    /// (`fix_fingers`)
    public var fingerFix: FingerFix
    /// Upper end of the xmin range for `xmin_peak` (`xmin_max`); nil is 1.5 x the peak.
    public var xminMax: Double?
    /// The fitter of a power law (see ``PowerLawMethod``).
    public var method: PowerLawMethod
    /// (`fit`) The law fitted; a truncated power law has its own fitter and ignores `method`.
    public var law: TailLaw

    public init(clipTop: Int? = nil, fingerFix: FingerFix = .none, xminMax: Double? = nil,
                method: PowerLawMethod = .weightWatcher, law: TailLaw = .powerLaw) {
        self.law = law
        self.clipTop = clipTop
        self.fingerFix = fingerFix
        self.xminMax = xminMax
        self.method = method
    }
}

/// The result of the power-law step for one spectrum.
public struct PowerLawResult: Sendable {
    public var fit: PowerLawFit
    /// `#{lambda >= xmin}` over the spectrum (after `xmax` clipping), WeightWatcher's count.
    public var spikeCount: Int
    /// With `clip_xmax`: how many top eigenvalues the accepted fit dropped (0 if none was
    /// accepted). WeightWatcher reports one less; this is the true count.
    public var fingerCount: Int?
    /// With `clip_xmax`: alpha of the unclipped fit.
    public var rawAlpha: Double?
    /// The values the accepted fit saw (ascending), for the plot data.
    public var fittedValues: [Double]
}

/// The power-law step of `analyze` on one spectrum, with WeightWatcher's options.
public enum PowerLawAnalysis {
    /// Fits the eigenvalues (any order) as WeightWatcher's `fit_powerlaw` does: optional top
    /// clipping, then eigenvalues above 1e-5, then the fit or the finger fix.
    public static func fit(eigenvalues: [Double], options: PowerLawOptions = PowerLawOptions()) throws -> PowerLawResult {
        var spectrum = eigenvalues.sorted()
        if let clip = options.clipTop {
            guard clip >= 1 else { throw SpectralError.invalidOption(name: "xmax", reason: "must be a negative whole number -k (drop the top k eigenvalues), got \(-clip)") }
            guard Double(clip) <= Double(spectrum.count) / 2 else {
                throw PowerLawFitFailure.clipTooLarge(clip: clip, count: spectrum.count)
            }
            spectrum.removeLast(clip)
        }
        let values = spectrum.filter { $0 > SpectralLimits.fitThreshold }
        let method = options.law == .truncatedPowerLaw ? PowerLawMethod.truncatedPowerLaw : options.method
        var fingerCount: Int?
        var rawAlpha: Double?
        var fitted = values
        let fit: PowerLawFit
        switch options.fingerFix {
        case .none:
            fit = try method.fit(values, nil)
        case .xminPeak:
            fit = try method.fit(values, try peakRange(values, xminMax: options.xminMax))
        case .clipXmax:
            guard options.law == .powerLaw else {
                throw SpectralError.invalidOption(name: "fix_fingers", reason: "\"clip_xmax\" refits a power law; it cannot be combined with fit \"TPL\" (WeightWatcher refuses it with \"E_TPL\" too)")
            }
            let first = try method.fit(values, nil)
            var accepted = first
            fingerCount = 0
            for clipped in 2..<SpectralLimits.maxFingers where clipped < values.count {
                let data = Array(values.dropLast(clipped))
                guard let candidate = try? method.fit(data, nil) else { break }
                if candidate.alpha + SpectralLimits.fingerThreshold < first.alpha {
                    accepted = candidate
                    fingerCount = clipped
                    fitted = data
                    break
                }
                if candidate.alpha <= SpectralLimits.fingerMinimumAlpha { break }
            }
            rawAlpha = first.alpha
            fit = accepted
        }
        let spikes = spectrum.reduce(0) { $0 + ($1 >= fit.xmin ? 1 : 0) }
        return PowerLawResult(fit: fit, spikeCount: spikes, fingerCount: fingerCount, rawAlpha: rawAlpha, fittedValues: fitted)
    }

    /// The xmin range of `xmin_peak`: [0.95 p, xmin_max or 1.5 p], p the left edge of the
    /// fullest of 100 bins of log10(lambda), in linear units.
    ///
    /// WeightWatcher 0.7.7 passes `(log10(0.95 p), 1.5 p)`, a range mixing log and linear units,
    /// which only the old `powerlaw` 1.x accepted (its own `WWFit` rejects it and the layer
    /// fails). wwn implements the intended range in linear units.
    public static func peakRange(_ values: [Double], xminMax: Double?) throws -> ClosedRange<Double> {
        guard let peak = Histogram(values.map { log10($0) }, bins: SpectralLimits.peakHistogramBins).peakLeftEdge else {
            throw PowerLawFitFailure.tooFewValues(count: values.count)
        }
        let lower = SpectralLimits.peakLowerFactor * pow(10, peak)
        let upper = xminMax ?? SpectralLimits.peakUpperFactor * pow(10, peak)
        guard upper >= lower else {
            throw SpectralError.invalidOption(name: "xmin_max", reason: "(\(upper)) is below the start of the peak range \(lower)")
        }
        return lower...upper
    }
}
