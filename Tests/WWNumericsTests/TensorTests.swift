import XCTest
@testable import WWNumerics

final class TensorTests: XCTestCase {
    func testShapeCountRankAndIndexing() throws {
        let tensor = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6] as [Double])
        XCTAssertEqual(tensor.shape, [2, 3])
        XCTAssertEqual(tensor.count, 6)
        XCTAssertEqual(tensor.rank, 2)
        XCTAssertEqual(tensor.elementType, .float64)
        XCTAssertEqual(try tensor[1, 2], 6)
        XCTAssertEqual(try tensor[0, 1], 2)
        XCTAssertEqual(try tensor.offset(of: [1, 0]), 3)
    }

    /// Literal matrices must give float64 tensors; a float32 overload winning overload
    /// resolution would silently cost 9 digits.
    func testLiteralsDefaultToFloat64() throws {
        XCTAssertEqual(try Tensor(rows: [[1, 2], [3, 4]]).elementType, .float64)
        XCTAssertEqual(try Tensor(matrices: [[[1]]]).elementType, .float64)
        XCTAssertEqual(try Tensor(rows: [[1, 2]], elementType: .float32).elementType, .float32)
        XCTAssertEqual(Tensor([1, 2] as [Float]).elementType, .float32)
    }

    func testFloat32TensorKeepsItsType() throws {
        let tensor = try Tensor(shape: [2, 2], values: [1, 2, 3, 4] as [Float])
        XCTAssertEqual(tensor.elementType, .float32)
        XCTAssertEqual(tensor.floatValues, [1, 2, 3, 4])
        XCTAssertEqual(tensor.doubleValues, [1, 2, 3, 4])
        XCTAssertEqual(tensor.description, "Tensor<float32>[2, 2]")
    }

    func testCountMismatchNamesTheShape() {
        XCTAssertThrowsError(try Tensor(shape: [2, 3], values: [1, 2, 3] as [Double])) { error in
            XCTAssertEqual(error as? NumericsError, .countMismatch(shape: [2, 3], count: 3))
            XCTAssertEqual("\(error)", "shape [2, 3] needs 6 values, got 3")
        }
    }

    func testNegativeAndOverflowingShapesThrow() {
        XCTAssertThrowsError(try Tensor.zeros(shape: [2, -1])) { error in
            guard case .invalidShape([2, -1], _)? = error as? NumericsError else {
                return XCTFail("unexpected \(error)")
            }
        }
        XCTAssertThrowsError(try Tensor.zeros(shape: [Int.max, 2])) { error in
            guard case .invalidShape(_, let reason)? = error as? NumericsError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(reason.contains("overflow"))
        }
    }

    func testAllocationsBeyondPhysicalMemoryThrowInsteadOfCrashing() {
        // 2^50 float64 values are 8 PiB, more than any machine running these tests.
        XCTAssertThrowsError(try Tensor.zeros(shape: [1 << 25, 1 << 25])) { error in
            guard case .allocationTooLarge([1 << 25, 1 << 25], 1 << 53, _)? = error as? NumericsError else {
                return XCTFail("unexpected \(error)")
            }
        }
        XCTAssertThrowsError(try Tensor.identity(size: 1 << 30, elementType: .float32))
        XCTAssertGreaterThan(TensorLimits.maxAllocationBytes, 0)
    }

    func testIndexOutOfRangeAndWrongArityThrow() throws {
        let tensor = try Tensor.zeros(shape: [2, 3])
        XCTAssertThrowsError(try tensor[2, 0]) { error in
            XCTAssertEqual(error as? NumericsError, .indexOutOfRange(index: [2, 0], shape: [2, 3]))
        }
        XCTAssertThrowsError(try tensor[0]) { error in
            XCTAssertEqual(error as? NumericsError, .indexOutOfRange(index: [0], shape: [2, 3]))
        }
        XCTAssertThrowsError(try tensor[0, -1])
    }

    func testSetElementWritesOnlyThatElementAndKeepsCopiesIndependent() throws {
        var tensor = try Tensor.zeros(shape: [2, 2], elementType: .float32)
        let copy = tensor
        try tensor.setElement(7.5, at: [1, 0])
        XCTAssertEqual(tensor.floatValues, [0, 0, 7.5, 0])
        XCTAssertEqual(copy.floatValues, [0, 0, 0, 0])
        XCTAssertThrowsError(try tensor.setElement(1, at: [2, 0]))
    }

    func testZerosAndIdentity() throws {
        let zeros = try Tensor.zeros(shape: [3, 0, 2])
        XCTAssertEqual(zeros.count, 0)
        let identity = try Tensor.identity(size: 3, elementType: .float32)
        XCTAssertEqual(identity.floatValues, [1, 0, 0, 0, 1, 0, 0, 0, 1])
        XCTAssertEqual(try Tensor.identity(size: 0).shape, [0, 0])
        XCTAssertThrowsError(try Tensor.identity(size: -2))
    }

    func testNestedArrays() throws {
        let matrix = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(matrix.shape, [2, 3])
        XCTAssertEqual(matrix.doubleValues, [1, 2, 3, 4, 5, 6])
        let single = try Tensor(rows: [[1, 2], [3, 4]], elementType: .float32)
        XCTAssertEqual(single.elementType, .float32)
        let stack = try Tensor(matrices: [[[1, 2]], [[3, 4]]])
        XCTAssertEqual(stack.shape, [2, 1, 2])
        XCTAssertEqual(try stack[1, 0, 1], 4)
        XCTAssertEqual(Tensor([1, 2, 3] as [Double]).shape, [3])
    }

    func testRaggedRowsThrowWithTheRowNumber() {
        XCTAssertThrowsError(try Tensor(rows: [[1, 2], [3]])) { error in
            XCTAssertEqual(error as? NumericsError, .raggedRows(expectedLength: 2, row: 1, actualLength: 1))
        }
        XCTAssertThrowsError(try Tensor(rows: [[1, 2], [3, 4, 5]], elementType: .float32))
        XCTAssertThrowsError(try Tensor(matrices: [[[1, 2]], [[3]]]))
        XCTAssertThrowsError(try Tensor(matrices: [[[1, 2]], [[3, 4], [5, 6]]]))
    }

    func testReshapeKeepsOrderAndInfersOneDimension() throws {
        let tensor = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6] as [Double])
        let reshaped = try tensor.reshaped([3, -1])
        XCTAssertEqual(reshaped.shape, [3, 2])
        XCTAssertEqual(reshaped.doubleValues, tensor.doubleValues)
        XCTAssertEqual(try tensor.reshaped([6]).shape, [6])
    }

    func testReshapeErrors() throws {
        let tensor = try Tensor.zeros(shape: [2, 3])
        XCTAssertThrowsError(try tensor.reshaped([4, 2])) { error in
            XCTAssertEqual(error as? NumericsError, .reshapeMismatch(from: [2, 3], to: [4, 2]))
        }
        XCTAssertThrowsError(try tensor.reshaped([4, -1]))
        XCTAssertThrowsError(try tensor.reshaped([-1, -1]))
        XCTAssertThrowsError(try tensor.reshaped([0, -1]))
    }

    func testTransposeOfRectangularMatrix() throws {
        let tensor = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let transposed = try tensor.transposed()
        XCTAssertEqual(transposed.shape, [3, 2])
        XCTAssertEqual(transposed.doubleValues, [1, 4, 2, 5, 3, 6])
    }

    func testTransposeLargerThanATileMatchesElementwiseDefinition() throws {
        var random = SeededRandom(seed: 3)
        let rows = 70, columns = 45  // not multiples of the tile size
        let values = (0..<(rows * columns)).map { _ in Float(random.nextDouble()) }
        let tensor = try Tensor(shape: [rows, columns], values: values)
        let transposed = try tensor.transposed()
        for row in 0..<rows {
            for column in 0..<columns {
                XCTAssertEqual(try transposed[column, row], try tensor[row, column])
            }
        }
    }

    func testTransposeNeedsRankTwo() throws {
        XCTAssertThrowsError(try Tensor.zeros(shape: [2, 2, 2]).transposed()) { error in
            XCTAssertEqual(error as? NumericsError,
                           .rankMismatch(operation: "transpose", expectedRank: 2, shape: [2, 2, 2]))
        }
    }

    func testConversionBetweenElementTypes() throws {
        let double = try Tensor(shape: [3], values: [0.1, 1, -2.5] as [Double])
        let single = double.converted(to: .float32)
        XCTAssertEqual(single.elementType, .float32)
        XCTAssertEqual(single.floatValues, [Float(0.1), 1, -2.5])
        XCTAssertEqual(single.converted(to: .float64).doubleValues, [Double(Float(0.1)), 1, -2.5])
        XCTAssertEqual(double.converted(to: .float64), double)
    }

    func testErrorMessagesNameTheShapes() {
        let error = NumericsError.shapeMismatch(operation: "gemm", lhs: [2, 3], rhs: [4, 5])
        XCTAssertEqual(error.description, "gemm: shapes [2, 3] and [4, 5] do not match")
        XCTAssertEqual(error.localizedDescription, error.description)
        XCTAssertEqual(NumericsError.lapackFailure(routine: "dsyevd", info: -4).description,
                       "dsyevd: argument 4 had an illegal value (LAPACK info -4)")
    }
}
