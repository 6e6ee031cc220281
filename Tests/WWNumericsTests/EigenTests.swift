import XCTest
@testable import WWNumerics

final class EigenTests: XCTestCase {
    func testDiagonalMatrixEigenvaluesAscending() throws {
        let diagonal = try Tensor(rows: [[3, 0, 0], [0, -1, 0], [0, 0, 2]])
        XCTAssertEqual(try syevd(diagonal).values, [-1, 2, 3])
        XCTAssertNil(try syevd(diagonal).vectors)
    }

    func testTwoByTwoKnownEigenvalues() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with vectors (1, -1)/√2 and (1, 1)/√2.
        let matrix = try Tensor(rows: [[2, 1], [1, 2]])
        let decomposition = try syevd(matrix, computeVectors: true)
        XCTAssertEqual(decomposition.values[0], 1, accuracy: 1e-14)
        XCTAssertEqual(decomposition.values[1], 3, accuracy: 1e-14)
        let vectors = try XCTUnwrap(decomposition.vectors)
        // The column for eigenvalue 3 is ±(1, 1)/√2.
        XCTAssertEqual(abs(try vectors[0, 1]), 0.5.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(try vectors[0, 1], try vectors[1, 1], accuracy: 1e-14)
        XCTAssertEqual(try vectors[0, 0], -(try vectors[1, 0]), accuracy: 1e-14)
    }

    func testOnlyUpperTriangleIsRead() throws {
        // The lower triangle holds garbage; the result must be that of [[2, 1], [1, 2]].
        let matrix = try Tensor(rows: [[2, 1], [99, 2]])
        let values = try syevd(matrix).values
        XCTAssertEqual(values[0], 1, accuracy: 1e-14)
        XCTAssertEqual(values[1], 3, accuracy: 1e-14)
    }

    func testReconstructionAVEqualsVLambda() throws {
        for elementType in ElementType.allCases {
            let w = try randomMatrix(rows: 20, columns: 12, seed: 11)
            let a = try syrk(w, .transposeTimesSelf).converted(to: elementType)
            let decomposition = try syevd(a, computeVectors: true)
            let v = try XCTUnwrap(decomposition.vectors)
            XCTAssertEqual(v.elementType, elementType)
            let av = try gemm(a, v).doubleValues
            var vLambda = v.doubleValues
            for row in 0..<12 {
                for column in 0..<12 { vLambda[row * 12 + column] *= decomposition.values[column] }
            }
            let scale = try XCTUnwrap(decomposition.values.last)
            let tolerance = elementType == .float64 ? 1e-12 : 1e-5
            XCTAssertLessThan(maxAbsoluteDifference(av, vLambda) / scale, tolerance, "\(elementType)")
            // Orthonormal columns: Vᵀ V = I.
            let vtv = try gemm(v, v, transposeA: true).doubleValues
            XCTAssertLessThan(maxAbsoluteDifference(vtv, try Tensor.identity(size: 12).doubleValues),
                              elementType == .float64 ? 1e-13 : 1e-5)
        }
    }

    /// From `LinearAlgebraLimits.twoStageEigenvalueSize` on, eigenvalues come from the two-stage
    /// reduction: checked on the dense matrix `min(i, j)` (1-based), whose eigenvalues are
    /// known in closed form, `1 / (4 sin²((2k - 1) π / (2 (2n + 1))))`.
    func testTwoStageEigenvaluesOfLargeMatrixMatchClosedForm() throws {
        let n = LinearAlgebraLimits.twoStageEigenvalueSize
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { values[i * n + j] = Double(min(i, j) + 1) } }
        let computed = try syevd(Tensor(shape: [n, n], values: values)).values
        let expected = (1...n).map { k -> Double in
            let s = sin(Double(2 * k - 1) * Double.pi / Double(2 * (2 * n + 1)))
            return 1 / (4 * s * s)
        }.sorted()
        let top = expected.last ?? 1
        for (a, b) in zip(computed, expected) {
            XCTAssertLessThanOrEqual(abs(a - b), 1e-11 * top, "\(a) vs \(b)")
        }
    }

    func testSyevdRejectsNonSquareAndNonFinite() throws {
        XCTAssertThrowsError(try syevd(Tensor.zeros(shape: [2, 3]))) { error in
            XCTAssertEqual(error as? NumericsError, .notSquare(operation: "syevd", shape: [2, 3]))
        }
        XCTAssertThrowsError(try syevd(Tensor(rows: [[1, .nan], [.nan, 1]]))) { error in
            XCTAssertEqual(error as? NumericsError, .nonFiniteInput(operation: "syevd"))
        }
    }

    func testGesddKnownSingularValuesAndReconstruction() throws {
        // [[3, 0], [0, -2], [0, 0]] has singular values 3, 2.
        let a = try Tensor(rows: [[3, 0], [0, -2], [0, 0]])
        let known = try gesdd(a).singularValues
        XCTAssertEqual(known.count, 2)
        XCTAssertEqual(known[0], 3, accuracy: 1e-14)
        XCTAssertEqual(known[1], 2, accuracy: 1e-14)
        for (rows, columns) in [(8, 5), (5, 8)] {
            for elementType in ElementType.allCases {
                let matrix = try randomMatrix(rows: rows, columns: columns, seed: 21).converted(to: elementType)
                let svd = try gesdd(matrix, computeVectors: true)
                let u = try XCTUnwrap(svd.u), vt = try XCTUnwrap(svd.vt)
                let k = min(rows, columns)
                XCTAssertEqual(u.shape, [rows, k])
                XCTAssertEqual(vt.shape, [k, columns])
                XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
                // U diag(s) Vᵀ == A
                var us = u.doubleValues
                for row in 0..<rows {
                    for column in 0..<k { us[row * k + column] *= svd.singularValues[column] }
                }
                let rebuilt = try gemm(Tensor(shape: [rows, k], values: us), vt.converted(to: .float64))
                let tolerance = elementType == .float64 ? 1e-12 : 1e-5
                XCTAssertLessThan(maxAbsoluteDifference(rebuilt.doubleValues, matrix.doubleValues), tolerance,
                                  "\(rows)x\(columns) \(elementType)")
            }
        }
    }

    func testGesddOfEmptyMatrix() throws {
        let svd = try gesdd(Tensor.zeros(shape: [0, 4]), computeVectors: true)
        XCTAssertEqual(svd.singularValues, [])
        XCTAssertEqual(svd.vt?.shape, [0, 4])
    }

    /// The spec's parity target: relative error <= 1e-9 for every eigenvalue > 1e-5 lambda_max.
    func testGramEigenvaluesMatchSquaredSingularValues() throws {
        for (rows, columns) in [(50, 30), (30, 50)] {
            let w = try randomMatrix(rows: rows, columns: columns, seed: 2024)
            let lambda = try eigenvaluesOfGram(w)
            XCTAssertEqual(lambda.count, 30)
            XCTAssertEqual(lambda, lambda.sorted())
            let reference = try gesdd(w).singularValues.map { $0 * $0 }.sorted()
            let lambdaMax = try XCTUnwrap(reference.last)
            for (value, expected) in zip(lambda, reference) where expected > 1e-5 * lambdaMax {
                XCTAssertLessThanOrEqual(abs(value - expected) / expected, 1e-9, "\(rows)x\(columns)")
            }
        }
    }

    /// A spread spectrum (singular values from 1 down to 1e-2, so lambda spans 1e4) still meets
    /// the parity target; this is where the Gram path's squared condition number shows first.
    func testGramEigenvaluesOfIllConditionedMatrix() throws {
        let rows = 60, columns = 25
        let q1 = try XCTUnwrap(gesdd(randomMatrix(rows: rows, columns: columns, seed: 1), computeVectors: true).u)
        let q2 = try XCTUnwrap(gesdd(randomMatrix(rows: columns, columns: columns, seed: 2), computeVectors: true).u)
        let sigma = (0..<columns).map { Foundation.pow(10, -2 * Double($0) / Double(columns - 1)) }
        var scaled = q1.doubleValues
        for row in 0..<rows {
            for column in 0..<columns { scaled[row * columns + column] *= sigma[column] }
        }
        let w = try gemm(Tensor(shape: [rows, columns], values: scaled), q2, transposeB: true)
        let lambda = try eigenvaluesOfGram(w)
        let expected = sigma.map { $0 * $0 }.sorted()
        for (value, reference) in zip(lambda, expected) {
            XCTAssertLessThanOrEqual(abs(value - reference) / reference, 1e-9)
        }
    }

    func testGramEigenvaluesOfFloat32AreComputedInFloat64() throws {
        let single = try randomMatrix(rows: 40, columns: 16, seed: 9).converted(to: .float32)
        let fromSingle = try eigenvaluesOfGram(single)
        // Widening float32 to float64 is exact, so the float64 path must give identical values;
        // an ssyevd path would differ around the 7th digit.
        XCTAssertEqual(fromSingle, try eigenvaluesOfGram(single.converted(to: .float64)))
    }

    func testRankDeficientSpectrumIsClippedToNonNegative() throws {
        // W = A B with A 50x5, B 5x30: rank 5, so 25 of the 30 eigenvalues are round-off.
        let w = try gemm(randomMatrix(rows: 50, columns: 5, seed: 3), randomMatrix(rows: 5, columns: 30, seed: 4))
        let lambda = try eigenvaluesOfGram(w)
        XCTAssertEqual(lambda.count, 30)
        XCTAssertTrue(lambda.allSatisfy { $0 >= 0 }, "\(lambda.prefix(5))")
        let lambdaMax = try XCTUnwrap(lambda.last)
        XCTAssertEqual(lambda.filter { $0 > 1e-10 * lambdaMax }.count, 5)
        XCTAssertEqual(lambda, lambda.sorted())
    }

    func testClippingReplacesOnlyNegatives() {
        XCTAssertEqual(clippingNegativeRoundOff([-1e-18, -3, 0, 2e-20, 3]), [0, 0, 0, 2e-20, 3])
    }

    func testGramEigenvaluesValidation() throws {
        XCTAssertThrowsError(try eigenvaluesOfGram(Tensor.zeros(shape: [2, 2, 2]))) { error in
            guard case .rankMismatch(_, 2, [2, 2, 2])? = error as? NumericsError else {
                return XCTFail("unexpected \(error)")
            }
        }
        XCTAssertThrowsError(try eigenvaluesOfGram(Tensor(rows: [[1, .infinity]])))
        XCTAssertEqual(try eigenvaluesOfGram(Tensor.zeros(shape: [0, 3])), [])
        XCTAssertEqual(try eigenvaluesOfGram(Tensor.zeros(shape: [4, 0])), [])
        XCTAssertEqual(try eigenvaluesOfGram(Tensor.zeros(shape: [3, 2])), [0, 0])
    }
}
