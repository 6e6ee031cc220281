import Foundation

/// Options of `PowerLawPackageFit`, the fit that reproduces the `powerlaw` Python package
/// (Alstott et al.) for users who compare with `powerlaw.Fit`.
///
/// The defaults follow powerlaw 2.0.0 (the version the fixtures were made with) except in one
/// documented place: powerlaw 2.0 restricts every exponent alpha to the open range (0, 3) and
/// silently drops xmin candidates whose alpha is 3 or more. Eigenvalue spectra of trained layers
/// often have alpha above 3, so wwn keeps the exact Clauset estimate (valid whenever alpha > 1,
/// as in powerlaw 1.x). `PowerLawPackageOptions.powerlaw2` restores powerlaw 2.0's behaviour.
public struct PowerLawPackageOptions: Sendable {
    /// Which data values are tried as xmin.
    public enum XminCandidates: String, Sendable {
        /// Every distinct value except the largest (powerlaw 1.x, Clauset et al.).
        case allButLargest = "all_but_largest"
        /// Every distinct value except the two largest: powerlaw 2.0 takes the values strictly
        /// below the maximum and then drops the last distinct one again.
        case allButTwoLargest = "all_but_two_largest"
    }

    /// How the power-law exponent is estimated and which estimates count as valid.
    public enum AlphaRule: String, Sendable {
        /// The exact continuous maximum-likelihood estimate `1 + n / Σ ln(x/xmin)` for every
        /// candidate; a candidate is valid when alpha > 1 (the power law is then normalisable).
        /// The truncated power law's alpha has no upper bound either.
        case exact = "exact"
        /// powerlaw 2.0: the closed form only when it lies in (1.5, 3]; otherwise a bounded
        /// Nelder–Mead search on [0, 3]; a candidate is valid only with 0 < alpha < 3 and a
        /// converged search not within 0.01 of a bound. The truncated power law's alpha is
        /// bounded by 3 too.
        case powerlaw2 = "powerlaw2"
    }

    /// The distance that chooses xmin (powerlaw's `xmin_distance`).
    public enum Distance: String, Sendable {
        /// Kolmogorov–Smirnov D = max(D+, D-).
        case ks = "D"
        /// Kuiper V = D+ + D-.
        case kuiper = "V"
        /// Anderson–Darling A² (weighted squared differences).
        case andersonDarling = "Asquare"
    }

    /// How the alternative distributions' parameters are optimised.
    public enum Optimizer: String, Sendable {
        /// The powerlaw package's bounded Nelder–Mead with tolerance 1e-4, reproduced step for
        /// step: same estimates as powerlaw (which are only accurate to about 1e-4).
        case powerlawCompatible = "powerlaw"
        /// The compatible search, continued to tolerance 1e-10: the true maximum-likelihood
        /// estimates, which differ from powerlaw's by up to about 1e-4 relative.
        case refined = "refined"
    }

    /// A fixed xmin (powerlaw's `xmin=`); nil scans the candidates.
    public var xmin: Double?
    public var candidates: XminCandidates = .allButTwoLargest
    public var alphaRule: AlphaRule = .exact
    public var distance: Distance = .ks
    /// powerlaw's `sigma_threshold`: candidates whose standard error (alpha-1)/sqrt(n) is not
    /// below it are invalid.
    public var sigmaThreshold: Double?
    public var optimizer: Optimizer = .powerlawCompatible
    /// Keep D, V, A², alpha and sigma for every candidate (for plots of D against xmin). Without
    /// it the scan stops evaluating a candidate as soon as it cannot beat the best so far.
    public var keepScan = false

    public init(xmin: Double? = nil, candidates: XminCandidates = .allButTwoLargest, alphaRule: AlphaRule = .exact,
                distance: Distance = .ks, sigmaThreshold: Double? = nil, optimizer: Optimizer = .powerlawCompatible,
                keepScan: Bool = false) {
        self.xmin = xmin
        self.candidates = candidates
        self.alphaRule = alphaRule
        self.distance = distance
        self.sigmaThreshold = sigmaThreshold
        self.optimizer = optimizer
        self.keepScan = keepScan
    }

    /// powerlaw 2.0.0 exactly, including its alpha < 3 restriction.
    public static let powerlaw2 = PowerLawPackageOptions(candidates: .allButTwoLargest, alphaRule: .powerlaw2)

    /// powerlaw 1.x's xmin scan (every distinct value but the largest, alpha > 1). The
    /// alternatives still use powerlaw 2.0's bounded optimiser.
    public static let powerlaw1 = PowerLawPackageOptions(candidates: .allButLargest, alphaRule: .exact)

    /// Upper bound of the power-law and truncated-power-law exponent under this rule.
    var alphaUpperBound: Double? { alphaRule == .powerlaw2 ? 3 : nil }
}
