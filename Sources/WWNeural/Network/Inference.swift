import Foundation
import WWData
import WWNumerics

/// Running a trained network on data, in evaluation mode (dropout off): what the evaluation
/// and representation metrics (calibration, neural collapse, ranks, probes) are built on.
extension Network {
    /// The raw outputs, `[samples, outputs]`.
    /// - Throws: ``NeuralError`` when the samples do not fit the input (the error names both shapes).
    public func logits(for data: Dataset) throws -> Tensor {
        try checkSamples(data, for: self, role: "data", checkLabels: false)
        return try outputs(of: data, layers: [layers.count - 1])[0]
    }

    /// Softmax of `logits / temperature`, `[samples, outputs]`.
    public func probabilities(for data: Dataset, temperature: Double = 1) throws -> Tensor {
        guard temperature.isFinite, temperature > 0 else {
            throw NeuralError.invalidArgument(argument: "temperature", reason: "must be finite and > 0, got \(temperature)")
        }
        let z = try logits(for: data)
        var values = z.floatValues
        let columns = outputCount, inverse = 1 / temperature
        for row in 0..<(values.count / max(columns, 1)) {
            let start = row * columns
            var largest = -Double.infinity
            for j in 0..<columns { largest = max(largest, Double(values[start + j]) * inverse) }
            var sum = 0.0
            for j in 0..<columns { sum += Foundation.exp(Double(values[start + j]) * inverse - largest) }
            for j in 0..<columns { values[start + j] = Float(Foundation.exp(Double(values[start + j]) * inverse - largest) / sum) }
        }
        return try Tensor(shape: z.shape, values: values)
    }

    /// The predicted class of each sample (the index of its largest output; the first on ties).
    public func predictions(for data: Dataset) throws -> [Int] {
        let z = try logits(for: data)
        let columns = outputCount
        return z.floatValues.withUnsafeBufferPointer { values in
            (0..<data.count).map { argmax(values.baseAddress! + $0 * columns, count: columns) }
        }
    }

    /// The fraction of samples whose prediction equals their label.
    /// - Throws: ``NeuralError`` for an empty data set, a shape mismatch or labels out of range.
    public func accuracy(on data: Dataset) throws -> Double {
        guard data.count > 0 else { throw NeuralError.invalidData("cannot measure accuracy on an empty data set (\(data.name))") }
        try checkSamples(data, for: self, role: "data")
        let predicted = try predictions(for: data)
        return Double(zip(predicted, data.labels).filter { $0 == $1 }.count) / Double(data.count)
    }

    /// The activations after layer `index` (0-based, as in the weight names `layers.<index>`) for
    /// every sample, `[samples] + layers[index].outputShape`. Index -1 is the input itself.
    public func representation(for data: Dataset, at index: Int) throws -> Tensor {
        try representations(for: data, at: [index])[0]
    }

    /// The activations after several layers from one pass over the data (see ``representation(for:at:)``).
    /// - Throws: ``NeuralError`` for an index outside -1..<layers.count or samples that do not fit.
    public func representations(for data: Dataset, at indices: [Int]) throws -> [Tensor] {
        try checkSamples(data, for: self, role: "data", checkLabels: false)
        if let bad = indices.first(where: { $0 < -1 || $0 >= layers.count }) {
            throw NeuralError.invalidArgument(argument: "layer", reason: "must be between -1 (the input) and \(layers.count - 1), got \(bad)")
        }
        return try outputs(of: data, layers: indices)
    }

    /// Runs the data through in chunks of `NeuralLimits.inferenceBatchSize`, keeping the outputs of
    /// the requested layers (-1: the input).
    func outputs(of features: Tensor, layers wanted: [Int]) throws -> [Tensor] {
        let values = features.floatValues
        return try outputs(count: features.shape.first ?? 0, layers: wanted) { start, n in
            values.withUnsafeBufferPointer { input.copy(from: $0.baseAddress! + start * inputSize, count: n * inputSize) }
            return nil
        }
    }

    /// ``outputs(of:layers:)`` of a data set's samples; image bytes become floats one chunk at a
    /// time. An encoder with a classification head reads the set's texts, each chunk padded to
    /// its longest; its token states vary in length, so only the head's outputs are kept.
    func outputs(of data: Dataset, layers wanted: [Int]) throws -> [Tensor] {
        if let encoder = encoderInput {
            if let bad = wanted.first(where: { $0 <= encoder.lastEncoderStage }) {
                throw NeuralError.invalidArgument(argument: "layer", reason: "\(bad) gives token ids or token states, which vary in length from text to text; take those with embed(model, texts, layer:), or ask for a layer of the head (\(encoder.lastEncoderStage + 1)...\(layers.count - 1))")
            }
            let texts = try TokenizedTexts(data, for: self, role: "data", cancellation: .never)
            return try outputs(count: data.count, layers: wanted) { start, n in
                texts.load(into: self, rows: Array(start..<(start + n)))
            }
        }
        guard let pixels = data.pixelBytes else { return try outputs(of: data.features, layers: wanted) }
        return try outputs(count: data.count, layers: wanted) { start, n in
            input.resize(n * inputSize)
            pixels.writeFloats(from: start * inputSize, count: n * inputSize, into: input.pointer)
            return nil
        }
    }

    /// The chunked pass: `load(start, n)` puts samples `start ..< start + n` into the input and
    /// returns their token layout when they are texts.
    private func outputs(count: Int, layers wanted: [Int], load: (Int, Int) -> SequenceBatch?) throws -> [Tensor] {
        let shapes = wanted.map { $0 < 0 ? inputShape : layers[$0].outputShape }
        let sizes = shapes.map { $0.reduce(1, *) }
        var results = sizes.map { [Float](repeating: 0, count: count * $0) }
        let last = wanted.max() ?? -1
        let mode = ForwardMode.evaluation
        var start = 0
        while start < count {
            let n = min(NeuralLimits.inferenceBatchSize, count - start)
            mode.sequences = load(start, n)
            func keep(_ layer: Int, _ buffer: FloatBuffer) {
                for (slot, index) in wanted.enumerated() where index == layer {
                    let size = sizes[slot]
                    results[slot].withUnsafeMutableBufferPointer { ($0.baseAddress! + start * size).update(from: buffer.pointer, count: n * size) }
                }
            }
            keep(-1, input)
            if last >= 0 { _ = forward(batchSize: n, mode: mode, through: last, visit: keep) }
            start += n
        }
        return try zip(shapes, results).map { try Tensor(shape: [count] + $0, values: $1) }
    }
}
