/// Sums, means and extremes of a tensor, over every element or along one axis (as NumPy's
/// `sum(axis=)`), and element-wise maps.
public enum TensorReduction: String, CaseIterable, Sendable {
    case sum, mean, max, min
}

extension Tensor {
    /// `reduction` over all elements (`axis` nil, a rank-0 tensor) or along `axis` (negative
    /// counts from the last), which is removed from the shape. Float32 stays float32.
    ///
    /// Sums are compensated (``Statistics/compensatedSum(_:)``); `max` and `min` propagate NaN
    /// as NumPy does.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for an axis outside the rank,
    ///   ``NumericsError/insufficientData(operation:count:required:)`` for the mean, max or min of nothing.
    public func reduced(_ reduction: TensorReduction, axis: Int? = nil) throws -> Tensor {
        let values = doubleValues
        guard let axis else {
            let result = try Tensor.reduce(values, reduction)
            return Tensor(uncheckedShape: [], storage: .float64([result])).converted(to: elementType)
        }
        guard axis >= -rank, axis < rank else {
            throw NumericsError.invalidArgument(name: "axis", reason: "\(axis) is outside a tensor of rank \(rank), shape \(shape)")
        }
        let position = axis < 0 ? axis + rank : axis
        // The axis splits the row-major order into outer blocks, the axis, and inner runs.
        let outer = shape[..<position].reduce(1, *), length = shape[position]
        let inner = shape[(position + 1)...].reduce(1, *)
        var result = [Double](repeating: 0, count: outer * inner)
        var lane = [Double](repeating: 0, count: length)
        for o in 0..<outer {
            for i in 0..<inner {
                for a in 0..<length { lane[a] = values[(o * length + a) * inner + i] }
                result[o * inner + i] = try Tensor.reduce(lane, reduction)
            }
        }
        var newShape = shape
        newShape.remove(at: position)
        return Tensor(uncheckedShape: newShape, storage: .float64(result)).converted(to: elementType)
    }

    private static func reduce(_ values: [Double], _ reduction: TensorReduction) throws -> Double {
        if reduction == .sum { return Statistics.compensatedSum(values) }
        guard !values.isEmpty else {
            throw NumericsError.insufficientData(operation: "the \(reduction.rawValue) of a tensor", count: 0, required: 1)
        }
        switch reduction {
        case .sum: return Statistics.compensatedSum(values)
        case .mean: return Statistics.compensatedSum(values) / Double(values.count)
        case .max: return values.contains { $0.isNaN } ? .nan : values.max() ?? .nan
        case .min: return values.contains { $0.isNaN } ? .nan : values.min() ?? .nan
        }
    }

    /// `f` applied to every element (through Double; float32 results are rounded back).
    public func mapped(_ f: (Double) -> Double) -> Tensor {
        Tensor(uncheckedShape: shape, storage: .float64(doubleValues.map(f))).converted(to: elementType)
    }

    /// The outer product of two vectors: `result[i, j] = a[i] * b[j]`, float32 only when both are.
    /// - Throws: ``NumericsError/rankMismatch(operation:expectedRank:shape:)``,
    ///   ``NumericsError/allocationTooLarge(shape:bytes:limit:)``.
    public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 1 else { throw NumericsError.rankMismatch(operation: "outer", expectedRank: 1, shape: a.shape) }
        guard b.rank == 1 else { throw NumericsError.rankMismatch(operation: "outer", expectedRank: 1, shape: b.shape) }
        let type: ElementType = a.elementType == .float32 && b.elementType == .float32 ? .float32 : .float64
        let shape = [a.count, b.count]
        _ = try allocatableCount(of: shape, elementType: type)
        let left = a.doubleValues, right = b.doubleValues
        var values = [Double]()
        values.reserveCapacity(a.count * b.count)
        for x in left { for y in right { values.append(x * y) } }
        return Tensor(uncheckedShape: shape, storage: .float64(values)).converted(to: type)
    }
}
