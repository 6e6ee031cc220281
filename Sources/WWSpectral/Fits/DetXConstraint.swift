/// WeightWatcher's detX constraint (the ERG condition of the HT-SR theory): the smallest tail
/// of the spectrum, rescaled to mean 1, whose product of eigenvalues is still at least 1 is the
/// "effective correlation space"; its size is compared with the power-law tail.
///
/// As WeightWatcher 0.7.7 computes it (`detX_constraint` on `rescale_eigenvalues`): the
/// eigenvalues are scaled by `N / sum` (N of them), and walking down from the top, the first
/// index whose tail product falls below 1 gives the count `N - index`. When no tail product
/// falls below 1, the count is N and the index stays at 1 (where its loop ends).
public struct DetXConstraint: Sendable, Equatable {
    /// (`detX_num`, also `num_ERG_spikes`) Eigenvalues in the tail.
    public var count: Int
    /// Index of the tail's first eigenvalue in the ascending spectrum.
    public var index: Int
    /// (`detX_val`) That eigenvalue in the layer's units.
    public var value: Double
    /// (WeightWatcher's `detX_val_unrescaled`, which holds the rescaled value despite its name)
    /// That eigenvalue on the mean-1 scale.
    public var rescaledValue: Double

    /// - Parameter eigenvalues: the layer's eigenvalues, ascending; nil when there are none.
    public init?(eigenvalues: [Double]) {
        guard let first = eigenvalues.first, let last = eigenvalues.last else { return nil }
        let n = eigenvalues.count
        let norm = eigenvalues.reduce(0, +).squareRoot()
        let scale = Double(n).squareRoot() / norm
        let rescaled = eigenvalues.map { (scale * scale) * $0 }
        var count = 0, index = 0
        if n >= 2, first < last {
            count = n
            index = 1
            // The tail product, extended one eigenvalue down at each step.
            var product = 1.0
            for i in stride(from: n - 1, to: 0, by: -1) {
                product *= rescaled[i]
                if product < 1 {
                    count = n - i
                    index = i
                    break
                }
            }
        }
        self.count = count
        self.index = index
        rescaledValue = rescaled[index]
        value = rescaled[index] / (scale * scale)
    }
}
