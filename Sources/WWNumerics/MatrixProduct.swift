/// The matrix product `op(a) * op(b)` through BLAS `?gemm`, where `op` transposes when asked.
///
/// Both operands must be matrices (rank 2). If both are float32 the product is computed and
/// returned in float32 (`sgemm`); otherwise both are promoted to float64 (`dgemm`), so mixing
/// types never loses precision silently.
/// - Throws: ``NumericsError/rankMismatch(operation:expectedRank:shape:)``,
///   ``NumericsError/shapeMismatch(operation:lhs:rhs:)`` when the inner dimensions differ,
///   ``NumericsError/dimensionTooLarge(operation:dimension:limit:)``,
///   ``NumericsError/allocationTooLarge(shape:bytes:limit:)`` if the product would not fit in memory.
public func gemm(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
    let operation = "gemm"
    let (aRows, aColumns) = try a.matrixDimensions(for: operation)
    let (bRows, bColumns) = try b.matrixDimensions(for: operation)
    let m = transposeA ? aColumns : aRows
    let k = transposeA ? aRows : aColumns
    let bInner = transposeB ? bColumns : bRows
    let n = transposeB ? bRows : bColumns
    guard k == bInner else {
        throw NumericsError.shapeMismatch(operation: "gemm (inner dimensions \(k) and \(bInner))",
                                          lhs: a.shape, rhs: b.shape)
    }
    let useFloat32 = a.elementType == .float32 && b.elementType == .float32
    // BLAS rejects leading dimensions of 0, so empty products are built here: a k == 0 product
    // is an m x n zero matrix.
    guard m > 0, n > 0, k > 0 else {
        return try Tensor.zeros(shape: [m, n], elementType: useFloat32 ? .float32 : .float64)
    }
    let m32 = try lapackInt(m, operation: operation), n32 = try lapackInt(n, operation: operation)
    let k32 = try lapackInt(k, operation: operation)
    let lda = try lapackInt(aColumns, operation: operation), ldb = try lapackInt(bColumns, operation: operation)
    _ = try Tensor.allocatableCount(of: [m, n], elementType: useFloat32 ? .float32 : .float64)
    let transA: BLAS.Transpose = transposeA ? .transpose : .noTranspose
    let transB: BLAS.Transpose = transposeB ? .transpose : .noTranspose

    if useFloat32 {
        return product(a.floatValues, b.floatValues, transA, transB, m32, n32, k32, lda, ldb, count: m * n, shape: [m, n])
    }
    return product(a.doubleValues, b.doubleValues, transA, transB, m32, n32, k32, lda, ldb, count: m * n, shape: [m, n])
}

private func product<Element: BLASScalar>(_ left: [Element], _ right: [Element], _ transA: BLAS.Transpose,
                                          _ transB: BLAS.Transpose, _ m: Int32, _ n: Int32, _ k: Int32,
                                          _ lda: Int32, _ ldb: Int32, count: Int, shape: [Int]) -> Tensor {
    var product = [Element](repeating: 0, count: count)
    left.withUnsafeBufferPointer { aBuffer in
        right.withUnsafeBufferPointer { bBuffer in
            product.withUnsafeMutableBufferPointer { cBuffer in
                Element.gemm(transA, transB, m, n, k, aBuffer.baseAddress, lda, bBuffer.baseAddress, ldb, cBuffer.baseAddress, n)
            }
        }
    }
    return Tensor(uncheckedShape: shape, storage: Element.tensorStorage(product))
}
