import XCTest
@testable import WWNumerics

final class SpecialFunctionsTests: XCTestCase {
    func testLogGammaKnownValues() {
        XCTAssertEqual(SpecialFunctions.logGamma(1), 0, accuracy: 1e-15)
        XCTAssertEqual(SpecialFunctions.logGamma(5), Foundation.log(24), accuracy: 1e-14)
        XCTAssertEqual(SpecialFunctions.logGamma(0.5), 0.5 * Foundation.log(Double.pi), accuracy: 1e-15)
        // ln|Γ(-0.5)| = ln(2 sqrt(pi)).
        XCTAssertEqual(SpecialFunctions.logGamma(-0.5), Foundation.log(2 * Double.pi.squareRoot()), accuracy: 1e-14)
        XCTAssertEqual(SpecialFunctions.logGamma(0), .infinity)
    }

    func testErrorFunctions() {
        XCTAssertEqual(SpecialFunctions.erf(0), 0)
        XCTAssertEqual(SpecialFunctions.erf(1), 0.8427007929497149, accuracy: 1e-15)
        XCTAssertEqual(SpecialFunctions.erfc(1), 0.15729920705028513, accuracy: 1e-15)
        // erfc keeps precision where 1 - erf(x) cancels to 0.
        XCTAssertEqual(SpecialFunctions.erfc(10), 2.088487583762545e-45, accuracy: 1e-58)
    }

    func testLogSumExpAvoidsOverflowAndUnderflow() {
        XCTAssertEqual(SpecialFunctions.logSumExp([1000, 1000]), 1000 + Foundation.log(2), accuracy: 1e-12)
        XCTAssertEqual(SpecialFunctions.logSumExp([-1000, -1000]), -1000 + Foundation.log(2), accuracy: 1e-12)
        XCTAssertEqual(SpecialFunctions.logSumExp([0, Foundation.log(3)]), Foundation.log(4), accuracy: 1e-15)
    }

    func testLogSumExpEdgeCases() {
        XCTAssertEqual(SpecialFunctions.logSumExp([]), -.infinity)
        XCTAssertEqual(SpecialFunctions.logSumExp([-.infinity, -.infinity]), -.infinity)
        XCTAssertEqual(SpecialFunctions.logSumExp([1, .infinity]), .infinity)
        XCTAssertEqual(SpecialFunctions.logSumExp([-.infinity, 2]), 2)
        XCTAssertTrue(SpecialFunctions.logSumExp([1, .nan]).isNaN)
    }
}

final class StatisticsTests: XCTestCase {
    func testMeanAndVarianceOfSmallSample() throws {
        let values = [2.0, 4, 4, 4, 5, 5, 7, 9]
        XCTAssertEqual(try Statistics.mean(values), 5)
        XCTAssertEqual(try Statistics.variance(values), 4)
        XCTAssertEqual(try Statistics.variance(values, deltaDegreesOfFreedom: 1), 32.0 / 7, accuracy: 1e-15)
        XCTAssertEqual(try Statistics.standardDeviation(values), 2)
    }

    /// With a large offset the textbook `E[x²] - E[x]²` loses every digit; the two-pass form does not.
    func testVarianceWithLargeOffset() throws {
        let values = [4.0, 7, 13, 16].map { $0 + 1e9 }
        XCTAssertEqual(try Statistics.mean(values), 1e9 + 10)
        XCTAssertEqual(try Statistics.variance(values, deltaDegreesOfFreedom: 1), 30, accuracy: 1e-6)
    }

    func testCompensatedMeanOfCancellingValues() throws {
        // Naive summation gives 0 here (1 is absorbed by 1e17); the exact mean is 1/3.
        XCTAssertEqual(try Statistics.mean([1e17, 1, -1e17]), 1.0 / 3, accuracy: 1e-15)
    }

    func testMeanOfHugeFiniteValuesDoesNotOverflow() throws {
        let huge = Double.greatestFiniteMagnitude
        XCTAssertEqual(try Statistics.mean([huge, huge]), huge)
    }

    func testNonFiniteValuesPropagate() throws {
        XCTAssertEqual(try Statistics.mean([1, .infinity]), .infinity)
        XCTAssertTrue(try Statistics.mean([.infinity, -.infinity]).isNaN)
        XCTAssertTrue(try Statistics.variance([1, .nan]).isNaN)
    }

    func testInsufficientDataThrows() {
        XCTAssertThrowsError(try Statistics.mean([])) { error in
            XCTAssertEqual(error as? NumericsError, .insufficientData(operation: "mean", count: 0, required: 1))
        }
        XCTAssertThrowsError(try Statistics.variance([1], deltaDegreesOfFreedom: 1)) { error in
            XCTAssertEqual(error as? NumericsError, .insufficientData(operation: "variance", count: 1, required: 2))
        }
        XCTAssertThrowsError(try Statistics.variance([1, 2], deltaDegreesOfFreedom: -1))
        XCTAssertEqual(try Statistics.variance([3]), 0)
    }
}
