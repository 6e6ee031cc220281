import WWPowerLaw

/// The powerlaw package's fit as a ``PowerLawMethod`` (`method: "powerlaw"`), so `analyze`,
/// `fit_powerlaw` and the finger fixes can run it in place of WWFit.
///
/// The two differ where the packages do: powerlaw tries only distinct values as xmin, never the
/// two largest (powerlaw 2.0), and measures D on distinct values; WWFit tries every value but
/// the largest. On spectra with no repeated eigenvalues and more than a handful of tail values
/// they usually pick the same xmin. WeightWatcher's small-sample rules (below 20 values) are
/// WWFit's and do not apply here.
extension PowerLawMethod {
    /// ``PowerLawPackageFit`` with its default (powerlaw 2.0 scan, exact alpha) options.
    public static let powerlawPackage = PowerLawMethod(name: "powerlaw") { values, range in
        try PowerLawPackageFit.powerLawFit(sorted: values, candidateRange: range)
    }
}

extension PowerLawPackageFit {
    /// The fit of sorted positive values as a ``PowerLawFit``. With `candidateRange` (the
    /// `xmin_peak` fix) xmin is the valid candidate of smallest distance inside the range, as
    /// powerlaw's `xmin=(low, high)` restricts its scan.
    /// - Throws: ``PowerLawFitFailure`` when there is nothing to fit.
    static func powerLawFit(sorted values: [Double], candidateRange: ClosedRange<Double>?) throws -> PowerLawFit {
        var options = PowerLawPackageOptions()
        let fit: PowerLawPackageFit
        do {
            if let range = candidateRange {
                options.keepScan = true
                guard let scan = try PowerLawPackageFit(data: values, options: options).scan else { throw PowerLawFitFailure.noCandidate }
                var best: Int?
                for i in scan.xmins.indices where range.contains(scan.xmins[i]) && scan.valid[i] {
                    if best.map({ scan.distances[i] < scan.distances[$0] }) ?? true { best = i }
                }
                guard let best else { throw PowerLawFitFailure.noCandidate }
                options.keepScan = false
                options.xmin = scan.xmins[best]
            }
            fit = try PowerLawPackageFit(data: values, options: options)
        } catch let error as PowerLawPackageError {
            switch error {
            case .tooFewDistinctValues(let found, _) where found <= 1: throw PowerLawFitFailure.constantSpectrum
            case .tooFewDistinctValues(let found, let needed): throw PowerLawFitFailure.tooFewDistinctValues(found: found, needed: needed)
            default: throw SpectralError.invalidInput(reason: "the powerlaw fit: \(error)")
            }
        }
        let xminIndex = values.firstIndex { $0 >= fit.xmin } ?? 0
        return PowerLawFit(alpha: fit.alpha, xmin: fit.xmin, xmax: fit.tail.last ?? fit.xmin, ksDistance: fit.D,
                           sigma: fit.sigma, tailCount: fit.nTail, xminIndex: xminIndex)
    }
}
