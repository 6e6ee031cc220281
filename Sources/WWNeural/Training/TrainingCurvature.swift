import WWData
import WWNumerics
import WWTables

/// The Hessian trace tracked during one training run (``TrainingOptions/hessianTracking``).
///
/// The loss is measured on one fixed batch for the whole run, so the curve shows the landscape
/// changing rather than the batch: `batchSize` training samples chosen by the tracker's own
/// stream (a child of the training seed that no other part of training draws from, so tracking
/// changes neither the batches, the dropout masks nor the augmentations, and the trained
/// weights are bit-identical with and without it).
final class TrainingCurvatureTracker {
    private let recorder: HessianTraceRecorder
    private let batchesPerEpoch: Int
    private let record: () throws -> Void

    init(network: Network, data: TrainingData, options: TrainingOptions, tracking: HessianTracking,
         random: inout SeededRandom) throws {
        try tracking.validate()
        var indices = Array(0..<data.dataset.count)
        random.shuffle(&indices)
        let chosen = Array(indices.prefix(tracking.batchSize)).sorted()
        let batch = try data.dataset.samples(at: chosen, name: "\(data.dataset.name) (Hessian batch)")
        var targets: Tensor?
        if let all = options.targets {
            let width = network.outputCount, values = all.floatValues
            targets = try Tensor(shape: [chosen.count, width],
                                 values: chosen.flatMap { values[($0 * width)..<(($0 + 1) * width)] })
        }
        let estimator = try network.curvatureEstimator(batch: batch, loss: options.loss, temperature: options.temperature,
                                                       targets: targets)
        record = { [unowned network] in
            try network.recordActivationPattern(batch: batch, loss: options.loss, temperature: options.temperature, targets: targets)
        }
        recorder = try HessianTraceRecorder(estimator: estimator, every: tracking.interval, samples: tracking.samples,
                                            seed: random.next())
        batchesPerEpoch = (data.dataset.count + options.batchSize - 1) / options.batchSize
    }

    /// Records an estimate when `iteration` (optimiser steps taken so far) is due.
    /// - Throws: ``NeuralError/invalidData(_:)`` naming the iteration when a gradient is not finite.
    func observe(iteration: Int, network: Network) throws {
        guard iteration % recorder.interval == 0 else { return }
        do {
            try record()
            try recorder.observe(iteration: iteration, parameters: network.parameterVector())
        } catch let error as EvaluationError {
            throw NeuralError.invalidData("the Hessian trace at iteration \(iteration) failed: \(error)")
        }
    }

    /// One row per estimate: `iteration` (optimiser steps before it), `epoch` (iteration over
    /// batches per epoch: 1.5 is halfway through the second epoch), `trace`, `standard_error`
    /// (null with one sample) and `samples`.
    var table: DataTable {
        let table = (try? DataTable(columns: ["iteration", "epoch", "trace", "standard_error", "samples"])) ?? DataTable()
        for (iteration, estimate) in recorder.records {
            table.addRow([("iteration", .number(Double(iteration))),
                          ("epoch", .number(Double(iteration) / Double(max(batchesPerEpoch, 1)))),
                          ("trace", .number(estimate.trace)),
                          ("standard_error", estimate.standardError.map(Cell.number) ?? .null),
                          ("samples", .number(Double(estimate.samples.count)))])
        }
        return table
    }
}
