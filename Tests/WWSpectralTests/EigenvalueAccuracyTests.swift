import Foundation
import WWNumerics
@testable import WWSpectral
import XCTest

/// The Gram path (syrk + syevd) against the SVD (gesdd), and the SVD fallback for
/// rank-deficient matrices.
final class EigenvalueAccuracyTests: XCTestCase {
    func gaussian(_ rows: Int, _ columns: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        return (0..<(rows * columns)).map { _ in random.nextNormal() }
    }

    func svdEigenvalues(_ matrix: LayerMatrix) throws -> [Double] {
        try gesdd(matrix.tensor).singularValues.map { $0 * $0 }.sorted()
    }

    func testGramPathMatchesSVDOnRandomMatrices() throws {
        for (rows, columns, seed) in [(300, 120, UInt64(1)), (64, 200, 2), (150, 150, 3)] {
            let matrix = LayerMatrix(rows: rows, columns: columns, values: gaussian(rows, columns, seed: seed))
            let (gram, method) = try LayerSpectrum.eigenvalues(of: matrix)
            XCTAssertEqual(method, .gram)
            let reference = try svdEigenvalues(matrix)
            XCTAssertEqual(gram.count, min(rows, columns))
            let top = reference.last!
            for (a, b) in zip(gram, reference) where b > 1e-5 * top {
                XCTAssertLessThanOrEqual(relativeError(a, b), 1e-11, "\(rows)x\(columns)")
            }
        }
    }

    /// Singular values spread over 10 decades: eigenvalues above 1e-5 lambda_max stay within
    /// the spec's 1e-9; below the Gram round-off the layer is recomputed by SVD.
    func testIllConditionedMatrixKeepsTheParityTarget() throws {
        let n = 120, m = 60
        var random = SeededRandom(seed: 7)
        // W = U diag(s) Vᵀ with orthonormal U, V from QR-free Gram-Schmidt of Gaussian columns.
        func orthonormal(_ rows: Int, _ count: Int) -> [[Double]] {
            var basis: [[Double]] = []
            while basis.count < count {
                var v = (0..<rows).map { _ in random.nextNormal() }
                for b in basis {
                    let dot = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
                    v = zip(v, b).map { $0 - dot * $1 }
                }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                basis.append(v.map { $0 / norm })
            }
            return basis
        }
        let u = orthonormal(n, m), v = orthonormal(m, m)
        let singular = (0..<m).map { pow(10, -10 * Double($0) / Double(m - 1)) }
        var values = [Double](repeating: 0, count: n * m)
        for k in 0..<m {
            for i in 0..<n { for j in 0..<m { values[i * m + j] += singular[k] * u[k][i] * v[k][j] } }
        }
        let matrix = LayerMatrix(rows: n, columns: m, values: values)
        let gramOnly = try eigenvaluesOfGram(matrix.tensor)
        let reference = try svdEigenvalues(matrix)
        let top = reference.last!
        for (a, b) in zip(gramOnly, reference) where b > 1e-5 * top {
            XCTAssertLessThanOrEqual(relativeError(a, b), 1e-9)
        }
        // The smallest eigenvalues (1e-20 lambda_max) are below the Gram resolution: the
        // spectrum falls back to the SVD, which resolves them.
        let (chosen, method) = try LayerSpectrum.eigenvalues(of: matrix)
        XCTAssertEqual(method, .svd)
        XCTAssertEqual(chosen, reference)
        let spectrum = try LayerSpectrum(matrices: [matrix], n: n)
        XCTAssertEqual(SpectralMetrics(eigenvalues: spectrum.eigenvalues, n: n).matrixRank, m)
    }

    func testRankDeficientMatrixHasExactRank() throws {
        let a = gaussian(100, 5, seed: 11), b = gaussian(5, 40, seed: 12)
        var values = [Double](repeating: 0, count: 100 * 40)
        for i in 0..<100 { for k in 0..<5 { for j in 0..<40 { values[i * 40 + j] += a[i * 5 + k] * b[k * 40 + j] } } }
        let spectrum = try LayerSpectrum(matrices: [LayerMatrix(rows: 100, columns: 40, values: values)], n: 100)
        XCTAssertEqual(spectrum.method, .svd)
        let metrics = SpectralMetrics(eigenvalues: spectrum.eigenvalues, n: 100)
        XCTAssertEqual(metrics.matrixRank, 5)
        XCTAssertEqual(spectrum.rankLoss, 35)
    }

    func testEigenvaluesAreAscendingNonNegativeAndCountMinDimension() throws {
        let spectrum = try LayerSpectrum(matrices: [LayerMatrix(rows: 30, columns: 70, values: gaussian(30, 70, seed: 4))], n: 70)
        XCTAssertEqual(spectrum.eigenvalues.count, 30)
        XCTAssertEqual(spectrum.eigenvalues, spectrum.eigenvalues.sorted())
        XCTAssertTrue(spectrum.eigenvalues.allSatisfy { $0 >= 0 })
    }
}
