import WWBase
import WWData
import WWNumerics

/// The size and rank of one layer's representation of a data set (``Network/representationMetrics(for:layers:tolerance:)``).
public struct LayerRepresentationMetrics: Equatable, Sendable {
    /// The layer index (the `i` of `layers.i`); -1 is the input.
    public var layer: Int
    /// The stage's module name (`layers.i`, `layer2.1`), or `input`.
    public var name: String
    public var typeName: String
    /// The shape of one sample's representation.
    public var shape: [Int]
    /// `sqrt(Σ h²)` over the whole `samples × features` matrix: grows with the number of samples.
    public var frobeniusNorm: Double
    /// The mean over samples of each sample's Euclidean norm `||h_i||`: comparable across data
    /// sets of different sizes (and across widths, the quantity of the initialisation studies).
    public var meanSampleNorm: Double
    public var numericalRank: Int
    public var effectiveRank: Double
}

/// A linear probe on one layer's representation (``Network/probeLayers(train:test:shifted:layers:options:cancellation:)``).
public struct LayerProbeResult: Equatable, Sendable {
    public var layer: Int
    public var name: String
    public var typeName: String
    /// Features the probe reads (the representation flattened).
    public var featureCount: Int
    public var report: LinearProbeReport
}

/// Metrics of a network's representations, layer by layer, for the rank-collapse studies.
extension Network {
    /// The layers whose output is a new representation at evaluation time: every layer except
    /// Dropout (the identity with dropout off) and Flatten (the same numbers as its input), whose
    /// rows would repeat the layer before.
    public var distinctRepresentationLayers: [Int] {
        layers.indices.filter { !(layers[$0] is DropoutLayer) && !(layers[$0] is FlattenLayer) }
    }

    /// The last layer before the output whose representation is distinct (not dropout, not a
    /// flatten): the usual "penultimate layer" of an embedding, the default layer of the
    /// embedding-based diversity scores. A one-layer network gives -1, its input.
    public var penultimateLayer: Int {
        distinctRepresentationLayers.last(where: { $0 < layers.count - 1 }) ?? -1
    }

    /// Norms and ranks of the representation after each of `layers` (default
    /// ``distinctRepresentationLayers``; -1 is the input), from one pass over the data in
    /// evaluation mode. Ranks come from one SVD of the float32 `samples × features` matrix, as
    /// ``RepresentationRank/summary(_:tolerance:)``.
    /// - Throws: ``NeuralError`` for data that does not fit or a layer out of range;
    ///   ``EvaluationError`` for an empty data set or non-finite activations.
    public func representationMetrics(for data: Dataset, layers wanted: [Int]? = nil,
                                      tolerance: RankTolerance = .matrixRankDefault) throws -> [LayerRepresentationMetrics] {
        let indices = wanted ?? distinctRepresentationLayers
        guard data.count > 0 else { throw NeuralError.invalidData("cannot measure representations of an empty data set (\(data.name))") }
        let representations = try representations(for: data, at: indices)
        return try zip(indices, representations).map { index, representation in
            let summary = try RepresentationRank.summary(representation, tolerance: tolerance)
            let width = representation.count / max(data.count, 1)
            let values = representation.floatValues
            var normSum = 0.0
            for row in 0..<data.count {
                var squares = 0.0
                for value in values[(row * width)..<((row + 1) * width)] { squares += Double(value) * Double(value) }
                normSum += squares.squareRoot()
            }
            return LayerRepresentationMetrics(
                layer: index, name: layerName(index), typeName: index < 0 ? "Input" : layers[index].typeName,
                shape: Array(representation.shape.dropFirst()), frobeniusNorm: summary.frobeniusNorm,
                meanSampleNorm: normSum / Double(data.count), numericalRank: summary.numericalRank,
                effectiveRank: summary.effectiveRank)
        }
    }

    /// A linear probe (``LinearProbe``) trained on the representation after each of `layers`
    /// (default ``distinctRepresentationLayers``) of `train`, and scored on `test` and, when
    /// given, `shifted` (an out-of-distribution copy).
    /// - Throws: as ``representations(for:at:)`` and ``LinearProbe/evaluate(train:test:shifted:options:cancellation:)``.
    public func probeLayers(train: Dataset, test: Dataset, shifted: Dataset? = nil, layers wanted: [Int]? = nil,
                            options: LinearProbeOptions = LinearProbeOptions(),
                            cancellation: Cancellation = .never) throws -> [LayerProbeResult] {
        let indices = wanted ?? distinctRepresentationLayers
        let trainFeatures = try representations(for: train, at: indices)
        let testFeatures = try representations(for: test, at: indices)
        let shiftedFeatures = try shifted.map { try representations(for: $0, at: indices) }
        return try indices.enumerated().map { slot, index in
            try cancellation.checkCancelled()
            let report = try LinearProbe.evaluate(
                train: ProbeSplit(features: trainFeatures[slot], labels: train.labels),
                test: ProbeSplit(features: testFeatures[slot], labels: test.labels),
                shifted: shifted.flatMap { data in shiftedFeatures.map { ProbeSplit(features: $0[slot], labels: data.labels) } },
                options: options, cancellation: cancellation)
            return LayerProbeResult(layer: index, name: layerName(index), typeName: index < 0 ? "Input" : layers[index].typeName,
                                    featureCount: trainFeatures[slot].count / max(train.count, 1), report: report)
        }
    }

    /// Neural collapse (``NeuralCollapse``) of the network on `data`: the features are the input
    /// of the last Linear layer (the penultimate representation), the classifier is that
    /// layer's weight and bias, and NC4 compares the nearest class mean with the network's own
    /// predictions (so a LayerNorm after the classifier is taken into account).
    /// - Throws: ``NeuralError`` when the network has no Linear layer or the data does not fit;
    ///   ``EvaluationError`` as ``NeuralCollapse/measure(features:labels:classifier:classifierBias:predictions:)``.
    public func collapseMeasures(on data: Dataset) throws -> NeuralCollapseReport {
        guard let last = layers.lastIndex(where: { $0 is LinearLayer }), let classifier = layers[last] as? LinearLayer else {
            throw NeuralError.invalidArgument(argument: "model", reason: "has no Linear layer to read as the classifier (\(name))")
        }
        try checkSamples(data, for: self, role: "data")
        let features = try representation(for: data, at: last - 1)
        return try NeuralCollapse.measure(features: features, labels: data.labels, classifier: classifier.weight.tensor,
                                          classifierBias: classifier.bias.map { $0.values.map(Double.init) },
                                          predictions: try predictions(for: data))
    }

    func layerName(_ index: Int) -> String { index < 0 ? "input" : stageNames[index] }
}
