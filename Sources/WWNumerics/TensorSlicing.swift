/// One subscript of `t[...]`: a single position (the axis is dropped) or a Python-style range
/// `start:stop:step` (the axis is kept). Negative positions count from the end.
public enum TensorSubscript: Equatable, Sendable {
    case index(Int)
    case range(start: Int?, stop: Int?, step: Int)
}

extension Tensor {
    /// The elements selected by one subscript per leading axis (axes not named are taken whole),
    /// as NumPy's basic indexing: `t[0:3, :]`, `t[:, 1]`, `t[::-1]`. Range bounds are clamped to
    /// the axis, as Python's are; a position outside it is an error.
    /// - Throws: ``NumericsError/invalidArgument(name:reason:)`` for too many subscripts or a step of 0,
    ///   or a position outside its axis.
    public func sliced(_ subscripts: [TensorSubscript]) throws -> Tensor {
        guard subscripts.count <= rank else {
            throw NumericsError.invalidArgument(name: "index", reason: "\(subscripts.count) subscripts for a tensor of rank \(rank), shape \(shape)")
        }
        var positions: [[Int]] = []   // per axis, the positions taken
        var newShape: [Int] = []
        for (axis, length) in shape.enumerated() {
            let part = axis < subscripts.count ? subscripts[axis] : .range(start: nil, stop: nil, step: 1)
            switch part {
            case .index(let i):
                let resolved = i < 0 ? i + length : i
                guard resolved >= 0, resolved < length else {
                    throw NumericsError.invalidArgument(name: "index", reason: "\(i) is out of range for axis \(axis) of length \(length) (shape \(shape))")
                }
                positions.append([resolved])
            case let .range(start, stop, step):
                let taken = try Tensor.rangePositions(start: start, stop: stop, step: step, length: length)
                positions.append(taken)
                newShape.append(taken.count)
            }
        }
        let values = doubleValues
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var result: [Double] = []
        result.reserveCapacity(positions.reduce(1) { $0 * $1.count })
        func gather(_ axis: Int, _ offset: Int) {
            guard axis < rank else { result.append(values[offset]); return }
            for p in positions[axis] { gather(axis + 1, offset + p * strides[axis]) }
        }
        gather(0, 0)
        return Tensor(uncheckedShape: newShape, storage: .float64(result)).converted(to: elementType)
    }

    /// The positions of Python's `range(*slice(start, stop, step).indices(length))`.
    static func rangePositions(start: Int?, stop: Int?, step: Int, length: Int) throws -> [Int] {
        guard step != 0 else { throw NumericsError.invalidArgument(name: "step", reason: "a slice step cannot be 0") }
        func clamp(_ bound: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
            guard let bound else { return fallback }
            let resolved = bound < 0 ? bound + length : bound
            return Swift.min(Swift.max(resolved, low), high)
        }
        if step > 0 {
            let first = clamp(start, 0, low: 0, high: length), last = clamp(stop, length, low: 0, high: length)
            return Array(stride(from: first, to: last, by: step))
        }
        let first = clamp(start, length - 1, low: -1, high: length - 1), last = clamp(stop, -1, low: -1, high: length - 1)
        return Array(stride(from: first, to: last, by: step))
    }
}
