/// Sample weights p of a weighted Vendi Score or intdiv: non-negative, finite, one per sample.
public struct SampleWeights: Equatable, Sendable {
    /// The weights, summing to 1.
    public let values: [Double]

    /// Checks the weights and divides them by their sum when it is not 1, so any non-negative
    /// weights with a positive total are accepted (only their ratios matter).
    /// - Throws: ``DiversityError`` naming the first bad weight, a wrong count or a zero total.
    public init(_ weights: [Double], sampleCount: Int) throws {
        guard weights.count == sampleCount else {
            throw DiversityError("argument 'weights' has \(weights.count) values but there are \(sampleCount) samples")
        }
        for (index, weight) in weights.enumerated() where !weight.isFinite || weight < 0 {
            throw DiversityError("argument 'weights' must hold finite numbers >= 0, but weight \(index) is \(weight)")
        }
        let total = weights.reduce(0, +)
        guard total > 0, total.isFinite else {
            throw DiversityError("argument 'weights' must have a positive, finite sum, got \(total)")
        }
        values = abs(total - 1) <= DiversityLimits.weightSumTolerance ? weights : weights.map { $0 / total }
    }
}
