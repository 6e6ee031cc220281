import Foundation
import WWPowerLaw

/// WeightWatcher 0.7.7's `fit='TPL'` as a ``PowerLawMethod``: the truncated power law
/// x^-alpha e^(-Lambda x) with xmin chosen for it, as the powerlaw 1.x package fits it
/// (``TruncatedPowerLawXminFit``; WeightWatcher runs it only with `pl_package='powerlaw'`,
/// and only powerlaw 1.x accepts the call). `analyze(fit: "TPL")` selects it.
extension PowerLawMethod {
    public static let truncatedPowerLaw = PowerLawMethod(name: "TPL") { values, range in
        let fit: TruncatedPowerLawXminFit
        do {
            fit = try TruncatedPowerLawXminFit(data: values, candidateRange: range)
        } catch let error as PowerLawPackageError {
            switch error {
            case .tooFewDistinctValues(let found, _) where found <= 1: throw PowerLawFitFailure.constantSpectrum
            case .tooFewDistinctValues where range != nil: throw PowerLawFitFailure.noCandidate
            case .tooFewDistinctValues(let found, let needed): throw PowerLawFitFailure.tooFewDistinctValues(found: found, needed: needed)
            default: throw SpectralError.invalidInput(reason: "the truncated power-law fit: \(error)")
            }
        }
        let xminIndex = values.firstIndex { $0 >= fit.xmin } ?? 0
        // The truncated power law has no standard error: powerlaw reports sigma as NaN.
        return PowerLawFit(alpha: fit.alpha, xmin: fit.xmin, xmax: values.last ?? fit.xmin, ksDistance: fit.D,
                           sigma: .nan, tailCount: fit.nTail, xminIndex: xminIndex, truncationRate: fit.lambda)
    }
}
