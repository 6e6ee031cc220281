import Foundation
import WWNumerics

/// Checks and L2-normalises embedding rows: the cosine kernel's input.
enum EmbeddingRows {
    /// The matrix dimensions of embeddings: n samples of d values (higher-rank tensors are
    /// flattened per sample, as images are).
    static func dimensions(_ x: Tensor, argument: String) throws -> (rows: Int, columns: Int) {
        guard x.rank >= 2 else {
            throw DiversityError("argument '\(argument)' must be a matrix of samples (one per row), got shape \(x.shape)")
        }
        let rows = x.shape[0]
        guard rows > 0 else { throw DiversityError("argument '\(argument)' is empty: a diversity score needs at least one sample") }
        let columns = x.shape.dropFirst().reduce(1, *)
        guard columns > 0 else { throw DiversityError("argument '\(argument)' has samples with no values (shape \(x.shape))") }
        return (rows, columns)
    }

    /// The sum of squares of one row in float64, in four running sums so the loop has no
    /// branch and the CPU overlaps the additions (the norm is the hot loop of the dual path
    /// after BLAS). A NaN or infinity makes the result non-finite.
    @inline(__always)
    static func sumOfSquares<Element: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<Element>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        let count = values.count, whole = count & ~3
        var index = 0
        while index < whole {
            let a = Double(values[index]), b = Double(values[index + 1])
            let c = Double(values[index + 2]), d = Double(values[index + 3])
            s0 += a * a
            s1 += b * b
            s2 += c * c
            s3 += d * d
            index += 4
        }
        while index < count {
            let a = Double(values[index])
            s0 += a * a
            index += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// The Euclidean norm of one row, computed in float64, after checking it is usable.
    /// - Parameter row: the row's index in the whole set, for the error message.
    static func norm<Element: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<Element>, row: Int, argument: String) throws -> Double {
        let squares = sumOfSquares(values)
        guard squares.isFinite else {
            let bad = values.first { !Double($0).isFinite }.map { Double($0) } ?? squares
            if bad.isFinite {
                throw DiversityError("argument '\(argument)' has row \(row) whose squared norm overflows float64")
            }
            throw DiversityError("argument '\(argument)' has a non-finite value (\(bad)) in row \(row)")
        }
        guard squares > 0 else {
            throw DiversityError("argument '\(argument)' has an all-zero row \(row): its cosine similarity is undefined (remove it or give it some signal)")
        }
        return squares.squareRoot()
    }

    /// Row-normalised float64 copy of a whole matrix (kernel paths that need it in memory).
    static func normalised(_ x: Tensor, argument: String) throws -> (values: [Double], rows: Int, columns: Int) {
        let (rows, columns) = try dimensions(x, argument: argument)
        var values = x.doubleValues
        try values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[(row * columns)..<((row + 1) * columns)])
                let scale = 1 / (try norm(UnsafeBufferPointer(slice), row: row, argument: argument))
                for index in slice.indices { slice[index] *= scale }
            }
        }
        return (values, rows, columns)
    }
}
