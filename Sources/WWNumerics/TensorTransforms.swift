/// Shape changes and element-type conversion. All return new tensors (value semantics).
extension Tensor {
    /// The same elements in the same row-major order under a new shape.
    ///
    /// At most one dimension may be `-1`; it is inferred from the element count (as in NumPy).
    /// - Throws: ``NumericsError/reshapeMismatch(from:to:)`` if the counts differ or the inferred
    ///   dimension is not a whole number; ``NumericsError/invalidShape(_:reason:)`` for other negatives.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let inferredPositions = newShape.indices.filter { newShape[$0] == -1 }
        var resolved = newShape
        if let inferred = inferredPositions.first {
            guard inferredPositions.count == 1 else {
                throw NumericsError.invalidShape(newShape, reason: "at most one dimension may be -1")
            }
            var known = newShape
            known[inferred] = 1
            let knownCount = try Tensor.elementCount(of: known)
            guard knownCount > 0, count % knownCount == 0 else {
                throw NumericsError.reshapeMismatch(from: shape, to: newShape)
            }
            resolved[inferred] = count / knownCount
        }
        guard try Tensor.elementCount(of: resolved) == count else {
            throw NumericsError.reshapeMismatch(from: shape, to: newShape)
        }
        return Tensor(uncheckedShape: resolved, storage: storage)
    }

    /// The transpose of a matrix (rank 2), materialised in row-major order.
    /// - Throws: ``NumericsError/rankMismatch(operation:expectedRank:shape:)`` for other ranks.
    public func transposed() throws -> Tensor {
        guard rank == 2 else {
            throw NumericsError.rankMismatch(operation: "transpose", expectedRank: 2, shape: shape)
        }
        let rows = shape[0], columns = shape[1]
        switch storage {
        case .float32(let values):
            return Tensor(uncheckedShape: [columns, rows],
                          storage: .float32(Tensor.transpose(values, rows: rows, columns: columns)))
        case .float64(let values):
            return Tensor(uncheckedShape: [columns, rows],
                          storage: .float64(Tensor.transpose(values, rows: rows, columns: columns)))
        }
    }

    /// The same values with a different element type (float64 -> float32 rounds to nearest).
    public func converted(to elementType: ElementType) -> Tensor {
        guard elementType != self.elementType else { return self }
        switch elementType {
        case .float32: return Tensor(uncheckedShape: shape, storage: .float32(floatValues))
        case .float64: return Tensor(uncheckedShape: shape, storage: .float64(doubleValues))
        }
    }

    /// Side of the square tiles the transpose walks: 32 x 32 doubles is 8 KiB per tile, so a
    /// source tile and a destination tile both stay in a 32 KiB L1 cache while the inner loops
    /// stride across rows. Without tiling, transposing a 30522 x 384 embedding thrashes the cache.
    static let transposeTileSize = 32

    /// Row-major `rows x columns` to row-major `columns x rows`, cache-tiled.
    static func transpose<Element: BinaryFloatingPoint>(_ source: [Element], rows: Int, columns: Int) -> [Element] {
        guard rows > 0, columns > 0 else { return [] }
        return [Element](unsafeUninitializedCapacity: source.count) { destination, initialized in
            source.withUnsafeBufferPointer { input in
                for rowStart in stride(from: 0, to: rows, by: transposeTileSize) {
                    let rowEnd = min(rowStart + transposeTileSize, rows)
                    for columnStart in stride(from: 0, to: columns, by: transposeTileSize) {
                        let columnEnd = min(columnStart + transposeTileSize, columns)
                        for row in rowStart..<rowEnd {
                            for column in columnStart..<columnEnd {
                                destination[column * rows + row] = input[row * columns + column]
                            }
                        }
                    }
                }
            }
            initialized = source.count
        }
    }
}
