import WWBase
import WWData
import WWNumerics
import WWTables

/// How ``Network/train(on:options:)`` trains. The defaults are plain SGD for one epoch.
public struct TrainingOptions {
    public var epochs = 1
    public var batchSize = 64
    public var optimizer: OptimizerKind = .sgd()
    public var learningRate = 0.01
    /// L2 (coupled, as `weight_decay` of torch's SGD and Adam) or decoupled (AdamW) decay.
    public var weightDecay = 0.0
    public var schedule: LearningRateSchedule = .constant
    public var loss: Loss = .crossEntropy
    /// The softmax temperature: the loss sees `logits / temperature`.
    public var temperature = 1.0
    /// For the squared-error loss: one row of targets per training sample, instead of one-hot labels.
    public var targets: Tensor?
    /// Evaluated after every epoch for the history's test accuracy.
    public var testSet: Dataset?
    /// Epochs after which a copy of the weights is kept (0 = before training).
    public var snapshotEpochs: [Int] = []
    /// Layers (`layers.0`) or weights (`layers.0.weight`) left unchanged, for fine-tuning.
    public var frozen: [String] = []
    /// Applied to every batch, afresh each epoch, with its own seeded stream.
    public var augmentation: BatchTransform?
    /// Seeds the shuffling, the dropout masks and the augmentation streams.
    public var seed: UInt64 = 0
    public var shuffle = true
    /// Estimates the Hessian trace every few optimiser steps (nil: never); see ``HessianTracking``.
    public var hessianTracking: HessianTracking?
    /// Receives progress after every batch (the language draws it as a bar on a terminal).
    public var progress: ((TrainingProgress) -> Void)?
    /// Polled after every batch; once cancelled, training stops there, keeping what was learnt.
    /// Never by default; the language passes its Ctrl-C (``Cancellation/interrupt``-style).
    public var cancellation = Cancellation.never

    public init() {}

    /// The first problem with these options, as an error naming the argument.
    func validate() throws {
        guard epochs >= 0, epochs <= NeuralLimits.maxEpochs else {
            throw NeuralError.invalidArgument(argument: "epochs", reason: "must be between 0 and \(NeuralLimits.maxEpochs), got \(epochs)")
        }
        guard batchSize >= 1 else { throw NeuralError.invalidArgument(argument: "batch_size", reason: "must be at least 1, got \(batchSize)") }
        guard learningRate.isFinite, learningRate >= 0 else {
            throw NeuralError.invalidArgument(argument: "lr", reason: "must be finite and >= 0, got \(learningRate)")
        }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw NeuralError.invalidArgument(argument: "weight_decay", reason: "must be finite and >= 0, got \(weightDecay)")
        }
        guard temperature.isFinite, temperature > 0 else {
            throw NeuralError.invalidArgument(argument: "temperature", reason: "must be finite and > 0, got \(temperature)")
        }
        switch optimizer {
        case .sgd(let momentum, let dampening, let nesterov):
            guard momentum.isFinite, momentum >= 0 else {
                throw NeuralError.invalidArgument(argument: "momentum", reason: "must be finite and >= 0, got \(momentum)")
            }
            guard dampening.isFinite, dampening >= 0, dampening <= 1 else {
                throw NeuralError.invalidArgument(argument: "dampening", reason: "must be in [0, 1], got \(dampening)")
            }
            if nesterov, momentum <= 0 || dampening != 0 {
                throw NeuralError.invalidArgument(argument: "nesterov", reason: "needs momentum > 0 and dampening 0 (as in PyTorch)")
            }
        case .adam(let beta1, let beta2, let epsilon), .adamW(let beta1, let beta2, let epsilon):
            for (name, beta) in [("beta1", beta1), ("beta2", beta2)] where !(beta >= 0 && beta < 1) {
                throw NeuralError.invalidArgument(argument: name, reason: "must be in [0, 1), got \(beta)")
            }
            guard epsilon.isFinite, epsilon > 0 else {
                throw NeuralError.invalidArgument(argument: "epsilon", reason: "must be finite and > 0, got \(epsilon)")
            }
        }
        switch schedule {
        case .constant: break
        case .step(let size, let gamma):
            guard size >= 1 else { throw NeuralError.invalidArgument(argument: "step_size", reason: "must be at least 1, got \(size)") }
            guard gamma.isFinite, gamma > 0 else { throw NeuralError.invalidArgument(argument: "gamma", reason: "must be finite and > 0, got \(gamma)") }
        case .cosine(let period, let minimum):
            if let period, period < 1 { throw NeuralError.invalidArgument(argument: "period", reason: "must be at least 1, got \(period)") }
            guard minimum.isFinite, minimum >= 0 else {
                throw NeuralError.invalidArgument(argument: "min_lr", reason: "must be finite and >= 0, got \(minimum)")
            }
        }
        if let bad = snapshotEpochs.first(where: { $0 < 0 || $0 > epochs }) {
            throw NeuralError.invalidArgument(argument: "snapshots", reason: "epoch \(bad) is not in 0...\(epochs)")
        }
    }
}

/// Where training stands, after each batch.
public struct TrainingProgress: Sendable {
    /// 1-based epoch and batch within it.
    public var epoch: Int
    public var epochs: Int
    public var batch: Int
    public var batches: Int
    /// The mean loss over the epoch's batches so far.
    public var loss: Double
}

/// What a training run produced. The network itself was trained in place.
public struct TrainingResult {
    /// One row per completed epoch: `epoch`, `loss` and `train_accuracy` (means over the epoch's
    /// batches, in training mode), `test_accuracy` (after the epoch, when a test set was given)
    /// and `lr` (the rate used during the epoch).
    public var history: DataTable
    /// The weights after each requested epoch, in epoch order.
    public var snapshots: [(epoch: Int, weights: NamedTensors)]
    /// Whether `cancellation` (Ctrl-C) ended the run early, after a whole batch.
    public var interrupted: Bool
    /// Why training stopped before the last epoch for a reason other than an interrupt (a
    /// non-finite loss or gradient, naming epoch and batch); nil when it ran to the end.
    public var stopReason: String?
    /// Completed epochs (an interrupted or stopped epoch does not count).
    public var epochsCompleted: Int
    /// The Hessian trace during training when ``TrainingOptions/hessianTracking`` asked for it:
    /// one row per estimate (`iteration`, `epoch`, `trace`, `standard_error`, `samples`).
    public var hessian: DataTable?
}
