import WWBase
import WWNumerics
import WWTables

/// Tracks the Hessian trace during training: the training loop calls ``observe(iteration:parameters:)``
/// every iteration, and every `interval`-th iteration (0, k, 2k, ...) it records a Hutchinson
/// estimate. ``table`` gives the curve.
///
/// Each recorded estimate draws its vectors from its own child stream (``SeededRandom/split()``
/// of the recorder's stream, one per record), so record `r` uses the same vectors whatever the
/// sample counts of the records before it: a run is reproducible from its seed.
public final class HessianTraceRecorder {
    public let estimator: HessianTraceEstimator
    public let interval: Int
    public let samples: Int
    private var random: SeededRandom
    /// The estimates so far, by training iteration.
    public private(set) var records: [(iteration: Int, estimate: HessianTraceEstimate)] = []

    /// - Throws: ``EvaluationError/invalidArgument(name:reason:)`` for an interval below 1 or a
    ///   sample count outside `1...HessianTraceEstimator.maxSamples`.
    public init(estimator: HessianTraceEstimator, every interval: Int, samples: Int, seed: UInt64) throws {
        guard interval >= 1 else {
            throw EvaluationError.invalidArgument(name: "every", reason: "must be at least 1 iteration, got \(interval)")
        }
        guard samples >= 1, samples <= HessianTraceEstimator.maxSamples else {
            throw EvaluationError.invalidArgument(name: "samples",
                                                  reason: "must be from 1 to \(HessianTraceEstimator.maxSamples), got \(samples)")
        }
        self.estimator = estimator
        self.interval = interval
        self.samples = samples
        random = SeededRandom(seed: seed)
    }

    /// Records an estimate if `iteration` is a multiple of the interval, and returns it.
    /// - Throws: as ``HessianTraceEstimator/estimate(at:samples:random:cancellation:)``, or
    ///   for a negative iteration.
    @discardableResult
    public func observe(iteration: Int, parameters: [Double], cancellation: Cancellation = .never) throws
        -> HessianTraceEstimate? {
        guard iteration >= 0 else {
            throw EvaluationError.invalidArgument(name: "iteration", reason: "must be >= 0, got \(iteration)")
        }
        guard iteration % interval == 0 else { return nil }
        var child = random.split()
        let estimate = try estimator.estimate(at: parameters, samples: samples, random: &child,
                                              cancellation: cancellation)
        records.append((iteration, estimate))
        return estimate
    }

    /// Float32 parameters, as a network holds them.
    @discardableResult
    public func observe(iteration: Int, parameters: [Float], cancellation: Cancellation = .never) throws
        -> HessianTraceEstimate? {
        try observe(iteration: iteration, parameters: parameters.map(Double.init), cancellation: cancellation)
    }

    /// One row per record: `iteration`, `trace`, `standard_error` (null with one sample),
    /// `samples`.
    public var table: DataTable {
        let table = (try? DataTable(columns: ["iteration", "trace", "standard_error", "samples"])) ?? DataTable()
        for (iteration, estimate) in records {
            table.addRow([("iteration", .number(Double(iteration))), ("trace", .number(estimate.trace)),
                          ("standard_error", estimate.standardError.map(Cell.number) ?? .null),
                          ("samples", .number(Double(estimate.samples.count)))])
        }
        return table
    }
}
