/// Element access by multi-index. Every index is validated and errors are thrown, because the
/// indices usually come from a user's script.
extension Tensor {
    /// The row-major offset of a multi-index, or an error naming the index and the shape.
    public func offset(of index: [Int]) throws -> Int {
        guard index.count == shape.count else {
            throw NumericsError.indexOutOfRange(index: index, shape: shape)
        }
        var offset = 0
        for (position, dimension) in shape.enumerated() {
            let component = index[position]
            guard component >= 0, component < dimension else {
                throw NumericsError.indexOutOfRange(index: index, shape: shape)
            }
            offset = offset * dimension + component
        }
        return offset
    }

    /// The element at a multi-index, widened to Double: `try tensor[2, 3]`.
    public subscript(_ index: Int...) -> Double {
        get throws { try element(at: index) }
    }

    /// The element at a multi-index, widened to Double.
    /// - Throws: ``NumericsError/indexOutOfRange(index:shape:)``.
    public func element(at index: [Int]) throws -> Double {
        let position = try offset(of: index)
        switch storage {
        case .float32(let values): return Double(values[position])
        case .float64(let values): return values[position]
        }
    }

    /// Replaces the element at a multi-index (rounded to float32 for float32 tensors).
    /// - Throws: ``NumericsError/indexOutOfRange(index:shape:)``.
    public mutating func setElement(_ value: Double, at index: [Int]) throws {
        let position = try offset(of: index)
        switch storage {
        case .float32(var values):
            storage = .float32([])  // release the reference so the write below does not copy
            values[position] = Float(value)
            storage = .float32(values)
        case .float64(var values):
            storage = .float64([])
            values[position] = value
            storage = .float64(values)
        }
    }
}
