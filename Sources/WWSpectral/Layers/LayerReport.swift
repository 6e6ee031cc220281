import Foundation
import WWNumerics

/// Whether a layer's analysis produced a power-law fit.
public enum LayerStatus: String, Sendable {
    case success
    case failed
}

/// The analysis of one layer (or one kernel position when not pooling): one row of the
/// details table.
public struct LayerReport: Sendable {
    public var entry: LayerEntry
    /// The kernel position of an unpooled convolution slice; 0 for dense layers when not
    /// pooling; nil when pooling.
    public var sliceID: Int?
    public var geometry: LayerGeometry
    /// The spectrum; nil when the eigenvalues could not be computed (non-finite weights).
    public var spectrum: LayerSpectrum?
    public var metrics: SpectralMetrics?
    /// The power-law step, or why it failed.
    public var powerLaw: Result<PowerLawResult, PowerLawFitFailure>?
    public var marchenkoPastur: MarchenkoPasturFit?
    /// Why the MP fit failed, when it was asked for and did.
    public var marchenkoPasturFailure: String?
    public var random: RandomComparison?
    /// The detX (ERG) constraint, when `detX` was asked for.
    public var detX: DetXConstraint?
    /// The eigenvector localisation metrics, when `vectors` was asked for.
    public var vectors: EigenvectorLocalization?
    /// What went wrong before any fit (non-finite weights, a numerics error).
    public var error: String?

    public var fit: PowerLawResult? {
        if case .success(let result)? = powerLaw { return result }
        return nil
    }

    public var status: LayerStatus { fit == nil ? .failed : .success }

    /// WeightWatcher's labels for alpha < 2 and alpha > 6; "fit failed" when there is no
    /// alpha (WeightWatcher reports alpha = -1 and calls the layer "over-trained").
    public var warning: String {
        guard let alpha = fit?.fit.alpha else { return "fit failed" }
        if alpha < SpectralLimits.overTrainedAlpha { return "over-trained" }
        if alpha > SpectralLimits.underTrainedAlpha { return "under-trained" }
        return ""
    }

    /// Why the fit failed (empty on success).
    public var reason: String {
        if let error { return error }
        if case .failure(let failure)? = powerLaw { return failure.description }
        return ""
    }

    /// `alpha * log10(lambda_max)` (AlphaHat's per-layer term).
    public var alphaWeighted: Double? {
        guard let alpha = fit?.fit.alpha, let metrics else { return nil }
        return alpha * metrics.logSpectralNorm
    }

    /// `log10(sum lambda^alpha)` over every eigenvalue; nil without a fit.
    public var logAlphaNorm: Double?
}

/// Analyses one layer's matrices: spectrum, metrics, power law, and the optional MP fit and
/// randomised comparison.
public enum LayerAnalysis {
    /// Every row a layer contributes: one when pooling (or for dense layers), one per kernel
    /// position otherwise.
    public static func reports(for entry: LayerEntry, tensor: Tensor, options: AnalysisOptions) -> [LayerReport] {
        var owned: Tensor? = tensor
        var timings = AnalysisTimings()
        return reports(for: entry, taking: &owned, options: options, timings: &timings)
    }

    /// The same, taking the tensor out of `tensor` once its float64 matrices exist, so a large
    /// layer never holds its float32 values, their float64 copy and its Gram matrix at once.
    static func reports(for entry: LayerEntry, taking tensor: inout Tensor?, options: AnalysisOptions,
                        timings: inout AnalysisTimings) -> [LayerReport] {
        guard let geometry = entry.geometry, let shape = tensor?.shape else { return [] }
        guard shape == entry.shape else {
            return [failedReport(entry, geometry, sliceID: nil, SpectralError.shapeMismatch(name: entry.tensorName, expected: entry.shape, actual: shape).description)]
        }
        guard tensor?.isFinite == true else {
            let slice: Int? = options.pool ? nil : 0
            return [failedReport(entry, geometry, sliceID: slice, "non-finite weights (NaN or infinity): no spectrum")]
        }
        let convolution = geometry.type == .conv2d
        let scale = geometry.weightWatcherScale(conv2dNorm: options.conv2dNorm, pooled: options.pool, glorotFix: options.glorotFix)
        var matrices: [LayerMatrix]
        do {
            matrices = try timed(&timings.conversion) {
                defer { tensor = nil }
                guard let values = tensor else { return [] }
                return try geometry.matrices(of: values, scale: scale)
            }
        } catch {
            return [failedReport(entry, geometry, sliceID: nil, "\(error)")]
        }
        if options.fft {
            matrices = timed(&timings.conversion) { matrices.map { $0.fourierRealPart() } }
        }
        if geometry.type == .experts {
            // One row per expert, whatever `pool` says: experts are separate layers stored together.
            return matrices.map { matrix in
                var single = [matrix]
                return report(entry, geometry, matrices: &single, sliceID: matrix.sliceID, options: options, timings: &timings)
            }
        }
        if options.pool || !convolution {
            return [report(entry, geometry, matrices: &matrices, sliceID: options.pool ? nil : 0, options: options, timings: &timings)]
        }
        return matrices.map { matrix in
            var single = [matrix]
            return report(entry, geometry, matrices: &single, sliceID: matrix.sliceID, options: options, timings: &timings)
        }
    }

    static func failedReport(_ entry: LayerEntry, _ geometry: LayerGeometry, sliceID: Int?, _ message: String) -> LayerReport {
        LayerReport(entry: entry, sliceID: sliceID, geometry: geometry, error: message)
    }

    static func report(_ entry: LayerEntry, _ geometry: LayerGeometry, matrices: inout [LayerMatrix], sliceID: Int?,
                       options: AnalysisOptions, timings: inout AnalysisTimings) -> LayerReport {
        var report = LayerReport(entry: entry, sliceID: sliceID, geometry: geometry)
        var spectrum: LayerSpectrum
        do {
            spectrum = try timed(&timings.eigensolver) { try LayerSpectrum(matrices: matrices, n: geometry.n, forceSVD: options.forceSVD,
                                                                                componentLimit: entry.componentLimit) }
        } catch {
            report.error = "\(error)"
            return report
        }
        if options.intra { spectrum.useSingularValuesAsEigenvalues() }
        // The matrices are needed again only by the randomised comparison and the eigenvectors.
        if !options.randomize && !options.vectors { matrices = [] }
        report.spectrum = spectrum
        let eigenvalues = spectrum.eigenvalues
        timed(&timings.fitting) {
            report.metrics = SpectralMetrics(eigenvalues: eigenvalues, n: geometry.n)
            do {
                report.powerLaw = .success(try PowerLawAnalysis.fit(eigenvalues: eigenvalues, options: options.powerLaw))
            } catch let failure as PowerLawFitFailure {
                report.powerLaw = .failure(failure)
            } catch {
                report.error = "\(error)"
            }
            if let alpha = report.fit?.fit.alpha {
                report.logAlphaNorm = SpectralMetrics.logAlphaNorm(eigenvalues: eigenvalues, alpha: alpha)
            }
            if options.mpFit {
                do { report.marchenkoPastur = try MarchenkoPastur.fit(eigenvalues: eigenvalues, q: geometry.q, m: geometry.m) } catch {
                    report.marchenkoPasturFailure = "\(error)"
                }
            }
        }
        if options.randomize {
            var random = SeededRandom(seed: streamSeed(options.seed, entry.tensorName, sliceID ?? 0))
            report.random = timed(&timings.randomization) {
                try? Randomization.compare(matrices: matrices, eigenvalues: eigenvalues, q: geometry.q,
                                           m: geometry.m, random: &random)
            }
        }
        if options.detX { report.detX = DetXConstraint(eigenvalues: eigenvalues) }
        if options.vectors {
            let tail = report.fit.map { fit in eigenvalues.filter { $0 >= fit.fit.xmin }.count } ?? eigenvalues.count
            do {
                report.vectors = try timed(&timings.eigensolver) { try EigenvectorLocalization(matrices: matrices, tailCount: tail) }
            } catch {
                report.error = "eigenvectors: \(error)"
            }
        }
        if !options.keepEigenvalues {
            report.spectrum?.eigenvalues = []
            report.random?.randomEigenvalues = []
            if case .success(var result)? = report.powerLaw {
                result.fittedValues = []
                report.powerLaw = .success(result)
            }
        }
        return report
    }

    /// A per-layer seed: the user's seed mixed with an FNV-1a hash of the tensor name and the
    /// slice, so a layer's random draws do not depend on the other layers.
    static func streamSeed(_ seed: UInt64, _ name: String, _ slice: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return seed ^ hash ^ (UInt64(truncatingIfNeeded: slice) &* 0x9E37_79B9_7F4A_7C15)
    }
}
