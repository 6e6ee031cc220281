import WWBase
import WWData
import WWNumerics

/// The curvature of a network's loss, for the loss-landscape studies: Hutchinson's estimate of
/// the trace of the Hessian of the mean loss over a batch, with respect to every parameter.
///
/// Hessian-vector products are central differences of ``Network/lossAndGradient(parameters:batch:loss:temperature:targets:)``
/// (float32 backpropagation, step as ``HessianTraceEstimator`` documents), not exact
/// double-backward products: WWNeural's layers have first derivatives only, and the difference
/// quotient of two backpropagated gradients is accurate to the float32 round-off over the step
/// (about 1e-3 relative), far below the estimator's own sampling error. Both gradients keep the
/// ReLU on/off pattern of θ (see ``ActivationPatternUse``), so the estimate is the trace of the
/// Hessian autograd defines (ReLU'' = 0), as PyHessian computes it, and does not depend on the
/// step; max pooling still picks its maximum afresh (a switch needs two nearly equal inputs).
/// The loss is taken in evaluation mode (dropout off), so it is a deterministic function of the
/// parameters; the network's weights are left exactly as they were.
extension Network {
    /// Estimates `tr(H)` of the mean loss over `batch` at the current weights from `samples`
    /// Rademacher vectors drawn from `random`.
    /// - Throws: ``NeuralError`` for a batch that does not fit the network; ``EvaluationError``
    ///   for a sample count out of range or a gradient that is not finite.
    public func hessianTrace(on batch: Dataset, samples: Int, random: inout SeededRandom, loss: Loss = .crossEntropy,
                             temperature: Double = 1, targets: Tensor? = nil,
                             cancellation: Cancellation = .never) throws -> HessianTraceEstimate {
        let estimator = try curvatureEstimator(batch: batch, loss: loss, temperature: temperature, targets: targets)
        try recordActivationPattern(batch: batch, loss: loss, temperature: temperature, targets: targets)
        return try estimator.estimate(at: parameterVector(), samples: samples, random: &random,
                                      cancellation: cancellation)
    }

    /// The estimator whose gradient is this network's on `batch` (checked once here, so a bad
    /// batch is reported before any sample is drawn).
    func curvatureEstimator(batch: Dataset, loss: Loss, temperature: Double, targets: Tensor?) throws -> HessianTraceEstimator {
        _ = try TrainingData(batch, for: self, role: "Hessian batch", targets: targets, loss: loss)
        return try HessianTraceEstimator(floatGradient: { [unowned self] parameters in
            try self.lossAndGradient(parameters: parameters, batch: batch, loss: loss, temperature: temperature,
                                     targets: targets, pattern: .replay).gradient
        })
    }

    /// Keeps the ReLU patterns of the current weights on `batch`, which the estimator's
    /// gradients replay: call it before every estimate at new weights.
    func recordActivationPattern(batch: Dataset, loss: Loss, temperature: Double, targets: Tensor?) throws {
        _ = try lossAndGradient(parameters: nil, batch: batch, loss: loss, temperature: temperature, targets: targets,
                                pattern: .record)
    }
}

/// How ``Network/train(on:options:)`` tracks the Hessian trace (``TrainingOptions/hessianTracking``).
public struct HessianTracking: Equatable, Sendable {
    /// An estimate every `interval` optimiser steps, starting before the first.
    public var interval: Int
    /// Rademacher vectors per estimate.
    public var samples: Int
    /// Training samples in the fixed batch the loss is measured on.
    public var batchSize: Int

    public init(every interval: Int, samples: Int = 10, batchSize: Int = 256) {
        self.interval = interval
        self.samples = samples
        self.batchSize = batchSize
    }

    func validate() throws {
        guard interval >= 1 else {
            throw NeuralError.invalidArgument(argument: "hessian_every", reason: "must be at least 1 iteration, got \(interval)")
        }
        guard samples >= 1, samples <= HessianTraceEstimator.maxSamples else {
            throw NeuralError.invalidArgument(argument: "hessian_samples",
                                              reason: "must be from 1 to \(HessianTraceEstimator.maxSamples), got \(samples)")
        }
        guard batchSize >= 1 else {
            throw NeuralError.invalidArgument(argument: "hessian_batch", reason: "must be at least 1, got \(batchSize)")
        }
    }
}
