@testable import WWNumerics

/// A seeded `rows x columns` float64 matrix of standard normal entries.
func randomMatrix(rows: Int, columns: Int, seed: UInt64) throws -> Tensor {
    var random = SeededRandom(seed: seed)
    return try Tensor(shape: [rows, columns], values: (0..<(rows * columns)).map { _ in random.nextNormal() })
}

/// The textbook triple loop, the reference for `gemm`.
func naiveProduct(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    let inner = b.count, columns = b.first?.count ?? 0
    return a.map { row in
        (0..<columns).map { column in
            (0..<inner).reduce(0.0) { $0 + row[$1] * b[$1][column] }
        }
    }
}

extension Tensor {
    /// The matrix as nested rows (test helper).
    var rowArrays: [[Double]] {
        let values = doubleValues
        let columns = shape[1]
        return (0..<shape[0]).map { Array(values[($0 * columns)..<(($0 + 1) * columns)]) }
    }
}

/// Largest absolute elementwise difference of two equally sized arrays.
func maxAbsoluteDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "test helper needs equal sizes")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
