import XCTest
@testable import WWNumerics

final class MatrixProductTests: XCTestCase {
    func testGemmMatchesNaiveProductForAllTransposes() throws {
        let a = try randomMatrix(rows: 7, columns: 5, seed: 1)
        let b = try randomMatrix(rows: 5, columns: 4, seed: 2)
        let expected = naiveProduct(a.rowArrays, b.rowArrays).flatMap { $0 }
        let plain = try gemm(a, b)
        XCTAssertEqual(plain.shape, [7, 4])
        XCTAssertLessThan(maxAbsoluteDifference(plain.doubleValues, expected), 1e-12)

        let viaTransposes = try gemm(a.transposed(), b.transposed(), transposeA: true, transposeB: true)
        XCTAssertLessThan(maxAbsoluteDifference(viaTransposes.doubleValues, expected), 1e-12)

        let mixed = try gemm(a, b.transposed(), transposeB: true)
        XCTAssertLessThan(maxAbsoluteDifference(mixed.doubleValues, expected), 1e-12)
    }

    func testGemmSmallKnownProduct() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4]])
        let b = try Tensor(rows: [[5, 6], [7, 8]])
        XCTAssertEqual(try gemm(a, b).doubleValues, [19, 22, 43, 50])
        XCTAssertEqual(try gemm(a, b, transposeA: true).doubleValues, [26, 30, 38, 44])
    }

    func testGemmFloat32StaysFloat32AndMixedPromotes() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4]], elementType: .float32)
        let b = try Tensor(rows: [[5, 6], [7, 8]], elementType: .float32)
        let single = try gemm(a, b)
        XCTAssertEqual(single.elementType, .float32)
        XCTAssertEqual(single.floatValues, [19, 22, 43, 50])
        let mixed = try gemm(a, b.converted(to: .float64))
        XCTAssertEqual(mixed.elementType, .float64)
        XCTAssertEqual(mixed.doubleValues, [19, 22, 43, 50])
    }

    func testGemmInnerDimensionMismatchThrows() throws {
        let a = try Tensor.zeros(shape: [2, 3]), b = try Tensor.zeros(shape: [2, 3])
        XCTAssertThrowsError(try gemm(a, b)) { error in
            guard case .shapeMismatch(_, [2, 3], [2, 3])? = error as? NumericsError else {
                return XCTFail("unexpected \(error)")
            }
        }
        XCTAssertNoThrow(try gemm(a, b, transposeB: true))
        XCTAssertThrowsError(try gemm(Tensor([1, 2] as [Double]), b)) { error in
            guard case .rankMismatch(_, 2, [2])? = error as? NumericsError else {
                return XCTFail("unexpected \(error)")
            }
        }
    }

    func testGemmWithEmptyInnerDimensionIsZero() throws {
        let product = try gemm(Tensor.zeros(shape: [3, 0]), Tensor.zeros(shape: [0, 2]))
        XCTAssertEqual(product.shape, [3, 2])
        XCTAssertEqual(product.doubleValues, [Double](repeating: 0, count: 6))
    }

    func testSyrkMatchesGemmBothWays() throws {
        let w = try randomMatrix(rows: 9, columns: 4, seed: 5)
        let small = try syrk(w, .transposeTimesSelf)
        XCTAssertEqual(small.shape, [4, 4])
        XCTAssertLessThan(maxAbsoluteDifference(small.doubleValues, try gemm(w, w, transposeA: true).doubleValues), 1e-12)
        let large = try syrk(w, .selfTimesTranspose)
        XCTAssertEqual(large.shape, [9, 9])
        XCTAssertLessThan(maxAbsoluteDifference(large.doubleValues, try gemm(w, w, transposeB: true).doubleValues), 1e-12)
    }

    func testSyrkFloat32AndSymmetry() throws {
        let w = try randomMatrix(rows: 6, columns: 3, seed: 8).converted(to: .float32)
        let gram = try syrk(w, .transposeTimesSelf)
        XCTAssertEqual(gram.elementType, .float32)
        XCTAssertEqual(gram, try gram.transposed())
        let reference = try gemm(w, w, transposeA: true)
        XCTAssertLessThan(maxAbsoluteDifference(gram.doubleValues, reference.doubleValues), 1e-4)
    }

    func testSmallerGramChoice() {
        XCTAssertEqual(GramProduct.smaller(rows: 50, columns: 30), .transposeTimesSelf)
        XCTAssertEqual(GramProduct.smaller(rows: 30, columns: 50), .selfTimesTranspose)
        XCTAssertEqual(GramProduct.smaller(rows: 30, columns: 30), .transposeTimesSelf)
    }

    func testDimensionLimitIsCheckedNotTruncated() {
        XCTAssertThrowsError(try lapackInt(Int(Int32.max) + 1, operation: "test")) { error in
            guard case .dimensionTooLarge("test", _, LinearAlgebraLimits.maxDimension)? = error as? NumericsError else {
                return XCTFail("unexpected \(error)")
            }
        }
        XCTAssertEqual(try lapackInt(12, operation: "test"), 12)
    }
}
