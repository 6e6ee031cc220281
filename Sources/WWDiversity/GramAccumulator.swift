import WWNumerics

/// Accumulates `XᵀX` of L2-normalised rows block by block, so the second moment of a set of
/// embeddings needs memory for one block and a d x d matrix, whatever the number of rows.
///
/// Blocks are added in the order given, each with `syrk`, so the same blocks in the same order
/// give the same bits. Float64 blocks are summed in float64; float32 blocks are summed in
/// float32 within at most ``DiversityLimits/float32BlockRows`` rows and in float64 across them
/// (see there for the error bound and why).
public final class GramAccumulator {
    /// d, the length of each row.
    public let dimension: Int
    /// Rows added so far.
    public private(set) var rowCount = 0
    /// The argument named in errors.
    public let argument: String
    /// Upper triangle of `XᵀX`, row-major, float64.
    private var gram: [Double]
    private var scratch64: [Double] = []
    private var scratch32: [Float] = []
    private var gram32: [Float] = []

    /// - Throws: ``DiversityError`` for a dimension of 0 or one whose d x d matrix cannot be held.
    public init(dimension: Int, argument: String = "x") throws {
        guard dimension > 0 else { throw DiversityError("argument '\(argument)' has samples with no values") }
        guard dimension <= DiversityLimits.maxKernelSize else {
            throw DiversityError("argument '\(argument)' has \(dimension) values per sample, more than the limit of \(DiversityLimits.maxKernelSize) for a d x d second moment")
        }
        self.dimension = dimension
        self.argument = argument
        gram = [Double](repeating: 0, count: dimension * dimension)
    }

    /// Adds a block of rows, row-major, `values.count / dimension` of them.
    /// - Throws: ``DiversityError`` naming the row (counted over all blocks) that is all zero or
    ///   holds NaN or infinity; nothing of a bad block is added.
    public func add(_ values: UnsafeBufferPointer<Double>) throws {
        let rows = try rowsIn(values.count)
        guard rows > 0 else { return }
        try normaliseRows(values, into: &scratch64, rows: rows)
        let d = Int32(dimension)
        scratch64.withUnsafeBufferPointer { input in
            gram.withUnsafeMutableBufferPointer { output in
                BLAS.syrk(uplo: .upper, trans: .transpose, n: d, k: Int32(rows), alpha: 1, a: input.baseAddress, lda: d,
                          beta: 1, c: output.baseAddress, ldc: d)
            }
        }
        rowCount += rows
    }

    /// Adds a block of float32 rows (see the type's note on precision).
    public func add(_ values: UnsafeBufferPointer<Float>) throws {
        let rows = try rowsIn(values.count)
        var start = 0
        while start < rows {
            let count = min(DiversityLimits.float32BlockRows, rows - start)
            let slice = UnsafeBufferPointer(rebasing: values[(start * dimension)..<((start + count) * dimension)])
            try addFloat32Block(slice, rows: count)
            start += count
        }
    }

    /// Adds the rows of a tensor (n x d, or n samples of any shape with d values each).
    public func add(_ block: Tensor) throws {
        switch block.storage {
        case .float32(let values): try values.withUnsafeBufferPointer { try add($0) }
        case .float64(let values): try values.withUnsafeBufferPointer { try add($0) }
        }
    }

    /// `XᵀX / n` as a full symmetric float64 matrix (d x d, row-major).
    /// - Throws: ``DiversityError`` if no rows were added.
    public func secondMoment() throws -> [Double] {
        guard rowCount > 0 else { throw DiversityError("argument '\(argument)' is empty: a diversity score needs at least one sample") }
        let d = dimension, count = Double(rowCount)
        var moment = [Double](repeating: 0, count: d * d)
        for row in 0..<d {
            for column in row..<d {
                let value = gram[row * d + column] / count
                moment[row * d + column] = value
                moment[column * d + row] = value
            }
        }
        return moment
    }

    /// The eigenvalues (ascending, float64) of `XᵀX / n`: the nonzero spectrum of K / n.
    public func spectrum() throws -> [Double] {
        try syevd(Tensor(shape: [dimension, dimension], values: secondMoment())).values
    }

    private func rowsIn(_ count: Int) throws -> Int {
        guard count % dimension == 0 else {
            throw DiversityError("argument '\(argument)': a block of \(count) values is not a whole number of rows of \(dimension)")
        }
        return count / dimension
    }

    private func addFloat32Block(_ values: UnsafeBufferPointer<Float>, rows: Int) throws {
        guard rows > 0 else { return }
        if gram32.count != dimension * dimension { gram32 = [Float](repeating: 0, count: dimension * dimension) }
        try normaliseRows(values, into: &scratch32, rows: rows)
        let d = Int32(dimension)
        scratch32.withUnsafeBufferPointer { input in
            gram32.withUnsafeMutableBufferPointer { output in
                BLAS.syrk(uplo: .upper, trans: .transpose, n: d, k: Int32(rows), alpha: 1, a: input.baseAddress, lda: d,
                          beta: 0, c: output.baseAddress, ldc: d)
            }
        }
        for row in 0..<dimension {
            for column in row..<dimension { gram[row * dimension + column] += Double(gram32[row * dimension + column]) }
        }
        rowCount += rows
    }

    /// Writes each row divided by its float64 norm into `scratch` (grown as needed); checks
    /// every row before anything is added, so a bad block leaves the accumulator unchanged.
    private func normaliseRows<Element: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<Element>,
                                                            into scratch: inout [Element], rows: Int) throws {
        if scratch.count < values.count { scratch = [Element](repeating: 0, count: values.count) }
        try scratch.withUnsafeMutableBufferPointer { output in
            for row in 0..<rows {
                let range = (row * dimension)..<((row + 1) * dimension)
                let norm = try EmbeddingRows.norm(UnsafeBufferPointer(rebasing: values[range]), row: rowCount + row, argument: argument)
                let scale = 1 / norm
                for index in range { output[index] = Element(Double(values[index]) * scale) }
            }
        }
    }
}
