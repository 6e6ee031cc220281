/// Factory functions: zeros, identity, nested arrays.
extension Tensor {
    /// A tensor of the given shape filled with zeros.
    /// - Throws: ``NumericsError/invalidShape(_:reason:)`` for negative or overflowing shapes,
    ///   ``NumericsError/allocationTooLarge(shape:bytes:limit:)`` beyond ``TensorLimits/maxAllocationBytes``.
    public static func zeros(shape: [Int], elementType: ElementType = .float64) throws -> Tensor {
        let count = try allocatableCount(of: shape, elementType: elementType)
        switch elementType {
        case .float32:
            return Tensor(uncheckedShape: shape, storage: .float32([Float](repeating: 0, count: count)))
        case .float64:
            return Tensor(uncheckedShape: shape, storage: .float64([Double](repeating: 0, count: count)))
        }
    }

    /// The `size x size` identity matrix.
    /// - Throws: ``NumericsError/invalidShape(_:reason:)`` if `size` is negative or `size * size`
    ///   overflows, ``NumericsError/allocationTooLarge(shape:bytes:limit:)`` if it does not fit.
    public static func identity(size: Int, elementType: ElementType = .float64) throws -> Tensor {
        let shape = [size, size]
        let count = try allocatableCount(of: shape, elementType: elementType)
        let diagonalStep = size + 1  // from (i, i) to (i + 1, i + 1) in row-major order
        switch elementType {
        case .float32:
            var values = [Float](repeating: 0, count: count)
            for diagonal in stride(from: 0, to: count, by: diagonalStep) { values[diagonal] = 1 }
            return Tensor(uncheckedShape: shape, storage: .float32(values))
        case .float64:
            var values = [Double](repeating: 0, count: count)
            for diagonal in stride(from: 0, to: count, by: diagonalStep) { values[diagonal] = 1 }
            return Tensor(uncheckedShape: shape, storage: .float64(values))
        }
    }

    /// A matrix from nested rows, e.g. `Tensor(rows: [[1, 2], [3, 4]])`.
    ///
    /// An empty outer array gives shape `[0, 0]`. There is deliberately no `[[Float]]` overload:
    /// Swift prefers an overload that needs no default argument, so literal matrices would
    /// silently become float32. Pass `elementType: .float32` (or use `init(shape:values:)`
    /// with a `[Float]` buffer) instead.
    /// - Throws: ``NumericsError/raggedRows(expectedLength:row:actualLength:)`` if rows differ in length.
    public init(rows: [[Double]], elementType: ElementType = .float64) throws {
        let columnCount = rows.first?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(rows.count * columnCount)
        for (index, row) in rows.enumerated() {
            guard row.count == columnCount else {
                throw NumericsError.raggedRows(expectedLength: columnCount, row: index, actualLength: row.count)
            }
            flat.append(contentsOf: row)
        }
        let shape = [rows.count, columnCount]
        switch elementType {
        case .float64: self.init(uncheckedShape: shape, storage: .float64(flat))
        case .float32: self.init(uncheckedShape: shape, storage: .float32(flat.map(Float.init)))
        }
    }

    /// A rank-3 tensor from nested arrays (`[depth][row][column]`), e.g. for stacks of matrices.
    /// - Throws: ``NumericsError/raggedRows(expectedLength:row:actualLength:)`` if the nesting is ragged
    ///   (`row` then counts rows across all matrices, in order).
    public init(matrices: [[[Double]]], elementType: ElementType = .float64) throws {
        let rowCount = matrices.first?.count ?? 0
        let columnCount = matrices.first?.first?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(matrices.count * rowCount * columnCount)
        var rowIndex = 0
        for matrix in matrices {
            guard matrix.count == rowCount else {
                throw NumericsError.invalidShape([matrices.count, rowCount, columnCount],
                                                 reason: "matrix with \(matrix.count) rows instead of \(rowCount)")
            }
            for row in matrix {
                guard row.count == columnCount else {
                    throw NumericsError.raggedRows(expectedLength: columnCount, row: rowIndex, actualLength: row.count)
                }
                flat.append(contentsOf: row)
                rowIndex += 1
            }
        }
        let shape = [matrices.count, rowCount, columnCount]
        switch elementType {
        case .float64: self.init(uncheckedShape: shape, storage: .float64(flat))
        case .float32: self.init(uncheckedShape: shape, storage: .float32(flat.map(Float.init)))
        }
    }
}
