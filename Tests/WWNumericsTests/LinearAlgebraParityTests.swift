import Foundation
import XCTest
@testable import WWNumerics

/// solve, inverse, syevd (with vectors), gesdd (with vectors) and qr against NumPy on seeded
/// matrices: Tests/Fixtures/linalg/linalg.json, written by tools/make-linalg-fixtures.py.
///
/// Tolerances: the matrices are small and well conditioned (a + n I), so float64 results agree
/// with NumPy's (the same LAPACK algorithms, perhaps another build) to a few ulps of their
/// scale; `tolerance` leaves two orders of magnitude above that. Eigenvectors and singular
/// vectors are defined only up to sign, so they are checked through reconstructions and
/// orthonormality; Q and R are compared after fixing each column's sign by R's diagonal.
final class LinearAlgebraParityTests: XCTestCase {
    private let tolerance = 1e-12

    private struct Square: Decodable {
        let a: [[Double]], b: [Double], solve: [Double], inv: [[Double]]
        let symmetric: [[Double]], eigenvalues: [Double]
    }
    private struct Rectangular: Decodable {
        let m: [[Double]], singular_values: [Double], q: [[Double]], r: [[Double]]
    }
    private struct Fixture: Decodable {
        let square: [Square], rectangular: [Rectangular]
    }

    private func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/linalg/linalg.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    private func assertClose(_ actual: [Double], _ expected: [Double], scale: Double = 1, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        let worst = maxAbsoluteDifference(actual, expected)
        XCTAssertLessThan(worst, tolerance * max(1, scale), "\(what): off by \(worst)", file: file, line: line)
    }

    func testSolveAndInverseMatchNumPy() throws {
        let cases = try fixture().square
        XCTAssertEqual(cases.count, 3)
        for c in cases {
            let a = try Tensor(rows: c.a)
            assertClose(try solve(a, Tensor(c.b)).doubleValues, c.solve, "solve \(a.shape)")
            assertClose(try inverse(a).doubleValues, c.inv.flatMap { $0 }, "inv \(a.shape)")
        }
    }

    func testEigenvectorsReconstructTheMatrix() throws {
        for c in try fixture().square {
            let matrix = try Tensor(rows: c.symmetric)
            let result = try syevd(matrix, computeVectors: true)
            let scale = c.eigenvalues.map(abs).max() ?? 1
            assertClose(result.values, c.eigenvalues, scale: scale, "eigenvalues \(matrix.shape)")
            let v = try XCTUnwrap(result.vectors)
            let n = c.eigenvalues.count
            let scaled = try Tensor(shape: [n, n], values: v.doubleValues.enumerated().map { $1 * result.values[$0 % n] })
            assertClose(try gemm(scaled, v, transposeB: true).doubleValues, c.symmetric.flatMap { $0 }, scale: scale, "V diag(w) Vᵀ")
            assertClose(try gemm(v, v, transposeA: true).doubleValues, try Tensor.identity(size: n).doubleValues, "VᵀV")
        }
    }

    func testSingularVectorsReconstructTheMatrix() throws {
        for c in try fixture().rectangular {
            let m = try Tensor(rows: c.m)
            let result = try gesdd(m, computeVectors: true)
            let scale = c.singular_values.first ?? 1
            assertClose(result.singularValues, c.singular_values, scale: scale, "singular values \(m.shape)")
            let u = try XCTUnwrap(result.u), vt = try XCTUnwrap(result.vt)
            let k = result.singularValues.count
            let us = try Tensor(shape: u.shape, values: u.doubleValues.enumerated().map { $1 * result.singularValues[$0 % k] })
            assertClose(try gemm(us, vt).doubleValues, c.m.flatMap { $0 }, scale: scale, "U diag(s) Vᵀ \(m.shape)")
        }
    }

    func testQRMatchesNumPyUpToColumnSigns() throws {
        for c in try fixture().rectangular {
            let m = try Tensor(rows: c.m)
            let result = try qr(m)
            XCTAssertEqual(result.q.shape, [c.q.count, c.q[0].count])
            XCTAssertEqual(result.r.shape, [c.r.count, c.r[0].count])
            let k = c.r.count
            // Column j of Q and row j of R flip together; R's diagonal fixes the sign.
            let signs = (0..<k).map { j -> Double in
                let ours = (try? result.r.element(at: [j, j])) ?? 0
                return (ours < 0) == (c.r[j][j] < 0) ? 1 : -1
            }
            let q = result.q.rowArrays.map { row in row.enumerated().map { $1 * signs[$0] } }
            let r = result.r.rowArrays.enumerated().map { j, row in row.map { $0 * signs[j] } }
            assertClose(q.flatMap { $0 }, c.q.flatMap { $0 }, "Q \(m.shape)")
            assertClose(r.flatMap { $0 }, c.r.flatMap { $0 }, "R \(m.shape)")
        }
    }

    func testSingularMatrixIsAClearError() throws {
        let singular = try Tensor(rows: [[1, 2], [2, 4]])
        XCTAssertThrowsError(try solve(singular, Tensor([1, 2] as [Double]))) { error in
            XCTAssertEqual(error as? NumericsError, .singularMatrix(operation: "solve", shape: [2, 2], pivot: 2))
        }
        XCTAssertThrowsError(try inverse(singular)) { error in
            XCTAssertEqual((error as? NumericsError).map { "\($0)" }, "the [2, 2] matrix is singular (pivot 2 of its LU factorisation is exactly zero)")
        }
    }

    func testSolveNamesBothShapesOnAMismatch() throws {
        XCTAssertThrowsError(try solve(try Tensor.identity(size: 2), Tensor([1, 2, 3] as [Double]))) { error in
            let message = (error as? NumericsError).map { "\($0)" } ?? ""
            XCTAssertTrue(message.contains("[2, 2]") && message.contains("[3]"), message)
        }
    }
}
