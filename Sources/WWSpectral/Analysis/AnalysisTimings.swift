import Foundation

/// Where an analysis spent its time, so a user (and the benchmark) can see whether the
/// eigensolver or the plumbing around it dominates. Steps are summed over layers and workers:
/// with several layers in parallel they are thread-seconds and may add up to more than `wall`.
public struct AnalysisTimings: Sendable, Equatable {
    /// Reading tensors from the collection: file pages, decoding, and widening to float64 (a
    /// model file decodes straight to float64).
    public var reading = 0.0
    /// Convolution slicing and `conv2d_norm` scaling, and widening tensors that arrive in
    /// float32 (weights in memory).
    public var conversion = 0.0
    /// The eigenvalues: `syrk` + `syevd` (and the SVD fallback of rank-deficient layers).
    public var eigensolver = 0.0
    /// Metrics, the power-law fit and the optional MP fit.
    public var fitting = 0.0
    /// The randomised comparison (`randomize`): shuffles and their spectra.
    public var randomization = 0.0
    /// The whole `analyze` call, start to end.
    public var wall = 0.0

    public init() {}

    /// The sum of the per-step times: the analysis's own (thread) time.
    public var total: Double { reading + conversion + eigensolver + fitting + randomization }

    static func + (a: AnalysisTimings, b: AnalysisTimings) -> AnalysisTimings {
        var sum = AnalysisTimings()
        sum.reading = a.reading + b.reading
        sum.conversion = a.conversion + b.conversion
        sum.eigensolver = a.eigensolver + b.eigensolver
        sum.fitting = a.fitting + b.fitting
        sum.randomization = a.randomization + b.randomization
        sum.wall = a.wall + b.wall
        return sum
    }
}

/// Monotonic seconds, for timing steps (not wall-clock dates).
@inline(__always)
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// Seconds spent in `body`, added to `slot`.
@inline(__always)
func timed<T>(_ slot: inout Double, _ body: () throws -> T) rethrows -> T {
    let start = monotonicSeconds()
    defer { slot += monotonicSeconds() - start }
    return try body()
}
