/// The reduced QR factorisation `A = Q R` of an `m x n` matrix, `k = min(m, n)` (NumPy's
/// `mode="reduced"`): `Q` is `m x k` with orthonormal columns, `R` is `k x n` upper triangular.
/// LAPACK's sign convention: the diagonal of `R` may be negative (NumPy's is the same).
public struct QRDecomposition: Equatable, Sendable {
    public var q: Tensor
    public var r: Tensor
}

/// QR through LAPACK `?geqrf` (Householder reflectors) and `?orgqr` (Q from the reflectors).
///
/// The row-major input is transposed into a column-major buffer first: unlike the inverse, the
/// factorisation of `Aᵀ` is not a simple rearrangement of that of `A`.
/// - Throws: ``NumericsError/rankMismatch(operation:expectedRank:shape:)``,
///   ``NumericsError/nonFiniteInput(operation:)``, ``NumericsError/lapackFailure(routine:info:)``.
public func qr(_ a: Tensor) throws -> QRDecomposition {
    let (rows, columns) = try a.matrixDimensions(for: "qr")
    guard a.isFinite else { throw NumericsError.nonFiniteInput(operation: "qr") }
    let k = min(rows, columns)
    guard k > 0 else {
        // LAPACK rejects leading dimensions of 0: an empty matrix has empty factors.
        return QRDecomposition(q: try Tensor.zeros(shape: [rows, 0], elementType: a.elementType),
                               r: try Tensor.zeros(shape: [0, columns], elementType: a.elementType))
    }
    switch a.storage {
    case .float64(let values): return try factor(values, rows: rows, columns: columns)
    case .float32(let values): return try factor(values, rows: rows, columns: columns)
    }
}

private func factor<Element: BLASScalar>(_ values: [Element], rows: Int, columns: Int) throws -> QRDecomposition {
    let k = min(rows, columns)
    let factorRoutine = Element.routinePrefix + "geqrf", qRoutine = Element.routinePrefix + "orgqr"
    let m = try lapackInt(rows, operation: factorRoutine), n = try lapackInt(columns, operation: factorRoutine)
    let k32 = try lapackInt(k, operation: factorRoutine)
    var matrix = Tensor.transpose(values, rows: rows, columns: columns)  // column-major, lda = rows
    var tau = [Element](repeating: 0, count: k)
    let factorInfo = matrix.withUnsafeMutableBufferPointer { aBuffer in
        tau.withUnsafeMutableBufferPointer { t in Element.geqrf(m, n, aBuffer.baseAddress, m, t.baseAddress) }
    }
    guard factorInfo == 0 else { throw NumericsError.lapackFailure(routine: factorRoutine, info: Int(factorInfo)) }
    // R: the upper triangle of the first k rows, element (i, j) at column-major offset j * rows + i.
    var r = [Element](repeating: 0, count: k * columns)
    for i in 0..<k {
        for j in i..<columns { r[i * columns + j] = matrix[j * rows + i] }
    }
    // Q: ?orgqr overwrites the first k columns (the first k * rows values) with Q.
    let qInfo = matrix.withUnsafeMutableBufferPointer { aBuffer in
        tau.withUnsafeBufferPointer { t in Element.orgqr(m, k32, k32, aBuffer.baseAddress, m, t.baseAddress) }
    }
    guard qInfo == 0 else { throw NumericsError.lapackFailure(routine: qRoutine, info: Int(qInfo)) }
    let q = Tensor.transpose(Array(matrix[0..<(rows * k)]), rows: k, columns: rows)
    return QRDecomposition(q: Tensor(uncheckedShape: [rows, k], storage: Element.tensorStorage(q)),
                           r: Tensor(uncheckedShape: [k, columns], storage: Element.tensorStorage(r)))
}
