import WWData
import WWNumerics

/// Where one parameter tensor sits in the flat parameter vector.
public struct ParameterSlice: Equatable, Sendable {
    public var name: String
    public var shape: [Int]
    public var offset: Int
    public var count: Int
}

/// All parameters as one flat float32 vector, and the loss and gradient as functions of it: the
/// interface for curvature estimates (Hessian-vector products by finite differences of
/// gradients, Hutchinson's trace) and any optimiser written outside this module.
///
/// The order is ``Network/namedParameters`` (layer order, weight before bias), each tensor
/// row-major in its PyTorch shape; ``parameterLayout`` gives the slices.
extension Network {
    public var parameterLayout: [ParameterSlice] {
        var offset = 0
        return namedParameters.map { name, parameter in
            defer { offset += parameter.count }
            return ParameterSlice(name: name, shape: parameter.shape, offset: offset, count: parameter.count)
        }
    }

    /// The current parameters, flattened.
    public func parameterVector() -> [Float] {
        var vector: [Float] = []
        vector.reserveCapacity(parameterCount)
        for (_, parameter) in namedParameters { vector.append(contentsOf: parameter.values) }
        return vector
    }

    /// Replaces every parameter from a flat vector laid out as ``parameterLayout``.
    /// - Throws: ``NeuralError/invalidArgument(argument:reason:)`` if the length differs from ``parameterCount``.
    public func setParameterVector(_ vector: [Float]) throws {
        guard vector.count == parameterCount else {
            throw NeuralError.invalidArgument(argument: "parameters",
                                              reason: "has \(vector.count) values but \(name) has \(parameterCount) parameters")
        }
        var offset = 0
        for (_, parameter) in namedParameters {
            parameter.values = Array(vector[offset..<(offset + parameter.count)])
            offset += parameter.count
        }
    }

    /// The mean loss over `batch` and its gradient with respect to every parameter (flattened as
    /// ``parameterLayout``), in evaluation mode (dropout off), so it is a deterministic function
    /// of the parameters.
    ///
    /// - Parameters:
    ///   - parameters: evaluate at this point instead of the current weights; the network's own
    ///     weights are restored afterwards, so repeated calls at `θ ± εv` leave it unchanged.
    ///   - targets: `[samples, outputs]` targets for the squared-error loss (nil: one-hot labels).
    /// - Throws: ``NeuralError`` for an empty batch, a shape mismatch, bad labels or a vector of the
    ///   wrong length.
    public func lossAndGradient(parameters: [Float]? = nil, batch: Dataset, loss: Loss = .crossEntropy,
                                temperature: Double = 1, targets: Tensor? = nil) throws -> (loss: Double, gradient: [Float]) {
        try lossAndGradient(parameters: parameters, batch: batch, loss: loss, temperature: temperature, targets: targets,
                            pattern: .free)
    }

    /// ``lossAndGradient(parameters:batch:loss:temperature:targets:)`` with the ReLU patterns
    /// free, recorded or replayed (see ``ActivationPatternUse``).
    func lossAndGradient(parameters: [Float]?, batch: Dataset, loss: Loss, temperature: Double, targets: Tensor?,
                         pattern: ActivationPatternUse) throws -> (loss: Double, gradient: [Float]) {
        guard temperature.isFinite, temperature > 0 else {
            throw NeuralError.invalidArgument(argument: "temperature", reason: "must be finite and > 0, got \(temperature)")
        }
        let data = try TrainingData(batch, for: self, role: "batch", targets: targets, loss: loss)
        var saved: [Float]?
        if let parameters {
            saved = parameterVector()
            try setParameterVector(parameters)
        }
        defer { if let saved { try? setParameterVector(saved) } }
        let frozen = namedParameters.map(\.parameter.isFrozen)
        unfreezeAll()
        defer { for (entry, flag) in zip(namedParameters, frozen) { entry.parameter.isFrozen = flag } }

        let n = batch.count, outputs = outputCount
        let gradientBuffer = FloatBuffer(count: n * outputs)
        let mode = ForwardMode.differentiation(pattern: pattern)
        mode.sequences = data.loadInput(of: self)
        let logits = forward(batchSize: n, mode: mode)
        let value = batch.labels.withUnsafeBufferPointer { labels in
            (data.targets ?? []).withUnsafeBufferPointer { t in
                loss.evaluate(logits: logits.pointer, batchSize: n, outputs: outputs, labels: labels.baseAddress!,
                              targets: data.targets == nil ? nil : t.baseAddress, temperature: Float(temperature),
                              gradient: gradientBuffer.pointer)
            }
        }
        backward(gradientBuffer, batchSize: n)
        var gradient: [Float] = []
        gradient.reserveCapacity(parameterCount)
        for (_, parameter) in namedParameters { gradient.append(contentsOf: parameter.gradient) }
        return (value, gradient)
    }
}
