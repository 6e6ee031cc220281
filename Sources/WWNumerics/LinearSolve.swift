/// Linear systems and inverses through LAPACK `?gesv` and `?getrf` + `?getri`.
///
/// Float32 only when every operand is float32, float64 otherwise (as ``gemm(_:_:transposeA:transposeB:)``),
/// so mixing types never loses precision silently.

/// The solution `x` of `a x = b` for a square `a` (`n x n`) and `b` of `n` values or `n x k`;
/// `x` has `b`'s shape.
///
/// `?gesv` is column-major: `a` and a matrix `b` are transposed into column-major buffers (a
/// vector `b` is already one column). Row-major `a` read as column-major would be `aᵀ`.
/// - Throws: ``NumericsError/notSquare(operation:shape:)``, ``NumericsError/shapeMismatch(operation:lhs:rhs:)``
///   naming both shapes, ``NumericsError/singularMatrix(operation:shape:pivot:)``,
///   ``NumericsError/nonFiniteInput(operation:)``, ``NumericsError/rankMismatch(operation:expectedRank:shape:)``.
public func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let operation = "solve"
    let (rows, columns) = try a.matrixDimensions(for: operation)
    guard rows == columns else { throw NumericsError.notSquare(operation: "the left-hand side a", shape: a.shape) }
    guard b.rank == 1 || b.rank == 2 else {
        throw NumericsError.rankMismatch(operation: "solve's right-hand side", expectedRank: 2, shape: b.shape)
    }
    guard b.shape[0] == rows else {
        throw NumericsError.shapeMismatch(operation: "a has \(rows) rows but b has \(b.shape[0])",
                                          lhs: a.shape, rhs: b.shape)
    }
    guard a.isFinite, b.isFinite else { throw NumericsError.nonFiniteInput(operation: operation) }
    let float32 = a.elementType == .float32 && b.elementType == .float32
    let resultType: ElementType = float32 ? .float32 : .float64
    let rightHandSides = b.rank == 2 ? b.shape[1] : 1
    guard rows > 0, rightHandSides > 0 else { return b.converted(to: resultType) }  // LAPACK rejects lda 0
    if float32 {
        return try solveSystem(a.floatValues, b.floatValues, size: rows, rightHandSides: rightHandSides, shape: b.shape)
    }
    return try solveSystem(a.doubleValues, b.doubleValues, size: rows, rightHandSides: rightHandSides, shape: b.shape)
}

private func solveSystem<Element: BLASScalar>(_ a: [Element], _ b: [Element], size: Int, rightHandSides: Int,
                                              shape: [Int]) throws -> Tensor {
    let routine = Element.routinePrefix + "gesv"
    let n = try lapackInt(size, operation: routine), nrhs = try lapackInt(rightHandSides, operation: routine)
    var matrix = Tensor.transpose(a, rows: size, columns: size)
    var solution = rightHandSides == 1 ? b : Tensor.transpose(b, rows: size, columns: rightHandSides)
    var pivots = [Int32](repeating: 0, count: size)
    let info = matrix.withUnsafeMutableBufferPointer { aBuffer in
        solution.withUnsafeMutableBufferPointer { bBuffer in
            pivots.withUnsafeMutableBufferPointer { ipiv in
                Element.gesv(n, nrhs, aBuffer.baseAddress, n, ipiv.baseAddress, bBuffer.baseAddress, n)
            }
        }
    }
    try checkFactorisation(info, routine: routine, operation: "solve", shape: [size, size])
    let rowMajor = rightHandSides == 1 ? solution : Tensor.transpose(solution, rows: rightHandSides, columns: size)
    return Tensor(uncheckedShape: shape, storage: Element.tensorStorage(rowMajor))
}

/// The inverse of a square matrix.
///
/// No transposes: the row-major buffer read column-major is `aᵀ`, LAPACK inverts that in place,
/// and `(aᵀ)⁻¹` read back row-major is `(aᵀ)⁻¹ᵀ = a⁻¹`.
/// - Throws: ``NumericsError/notSquare(operation:shape:)``, ``NumericsError/singularMatrix(operation:shape:pivot:)``,
///   ``NumericsError/nonFiniteInput(operation:)``, ``NumericsError/rankMismatch(operation:expectedRank:shape:)``.
public func inverse(_ a: Tensor) throws -> Tensor {
    let operation = "the inverse"
    let (rows, columns) = try a.matrixDimensions(for: operation)
    guard rows == columns else { throw NumericsError.notSquare(operation: operation, shape: a.shape) }
    guard a.isFinite else { throw NumericsError.nonFiniteInput(operation: operation) }
    guard rows > 0 else { return a }
    switch a.storage {
    case .float64(let values): return try invert(values, size: rows)
    case .float32(let values): return try invert(values, size: rows)
    }
}

private func invert<Element: BLASScalar>(_ values: [Element], size: Int) throws -> Tensor {
    let factorRoutine = Element.routinePrefix + "getrf", inverseRoutine = Element.routinePrefix + "getri"
    let n = try lapackInt(size, operation: factorRoutine)
    var matrix = values
    var pivots = [Int32](repeating: 0, count: size)
    let factorInfo = matrix.withUnsafeMutableBufferPointer { aBuffer in
        pivots.withUnsafeMutableBufferPointer { ipiv in Element.getrf(n, n, aBuffer.baseAddress, n, ipiv.baseAddress) }
    }
    try checkFactorisation(factorInfo, routine: factorRoutine, operation: "inv", shape: [size, size])
    let inverseInfo = matrix.withUnsafeMutableBufferPointer { aBuffer in
        pivots.withUnsafeBufferPointer { ipiv in Element.getri(n, aBuffer.baseAddress, n, ipiv.baseAddress) }
    }
    try checkFactorisation(inverseInfo, routine: inverseRoutine, operation: "inv", shape: [size, size])
    return Tensor(uncheckedShape: [size, size], storage: Element.tensorStorage(matrix))
}

/// LU routines report an exactly zero pivot as a positive `info`: that is a singular matrix,
/// the user's to fix, not a LAPACK failure.
private func checkFactorisation(_ info: Int32, routine: String, operation: String, shape: [Int]) throws {
    if info > 0 { throw NumericsError.singularMatrix(operation: operation, shape: shape, pivot: Int(info)) }
    if info < 0 { throw NumericsError.lapackFailure(routine: routine, info: Int(info)) }
}
