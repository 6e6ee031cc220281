import WWNumerics
import XCTest

/// NumPy's legacy RandomState stream: the values below are what NumPy prints
/// (`RandomState(seed).normal(size=5)`, `.random_sample(3)`, `.permutation(12)`).
final class NumpyRandomStateTests: XCTestCase {
    func testNormalsMatchNumPy() {
        var random = NumpyRandomState(seed: 42)
        XCTAssertEqual(random.gaussians(count: 5), [0.4967141530112327, -0.13826430117118466, 0.6476885381006925,
                                                    1.5230298564080254, -0.23415337472333597])
    }

    func testUniformDoublesMatchNumPy() {
        var random = NumpyRandomState(seed: 5)
        XCTAssertEqual((0..<3).map { _ in random.nextDouble() }, [0.22199317108973948, 0.8707323061773764, 0.20671915533942642])
    }

    func testPermutationMatchesNumPy() {
        var random = NumpyRandomState(seed: 0)
        XCTAssertEqual(random.permutation(12), [6, 11, 4, 10, 2, 8, 1, 7, 9, 3, 0, 5])
        XCTAssertEqual(random.permutation(0), [])
        XCTAssertEqual(random.permutation(1), [0])
    }

    func testIntervalStaysInItsBound() {
        var random = NumpyRandomState(seed: 1)
        for bound in [1, 2, 5, 1000, UInt64(UInt32.max) + 10] as [UInt64] {
            for _ in 0..<50 { XCTAssertLessThanOrEqual(random.interval(bound), bound) }
        }
        XCTAssertEqual(random.interval(0), 0)
    }

    /// With as many random columns as features the range finder spans every direction, so the
    /// randomised truncation is the exact one (Eckart-Young).
    func testRandomizedTruncationIsExactWhenTheSketchSpansEverything() throws {
        var random = SeededRandom(seed: 3)
        let values = (0..<(30 * 8)).map { _ in Double.random(in: -1...1, using: &random) }
        let a = try Tensor(shape: [30, 8], values: values)
        let approximation = try RandomizedTruncatedSVD.approximation(of: a, rank: 3)
        let svd = try gesdd(a, computeVectors: true)
        guard let u = svd.u?.doubleValues, let vt = svd.vt?.doubleValues else { return XCTFail("no vectors") }
        for r in 0..<30 {
            for c in 0..<8 {
                let exact = (0..<3).reduce(0.0) { $0 + svd.singularValues[$1] * u[r * 8 + $1] * vt[$1 * 8 + c] }
                XCTAssertEqual(try approximation.element(at: [r, c]), exact, accuracy: 1e-12)
            }
        }
        XCTAssertThrowsError(try RandomizedTruncatedSVD.approximation(of: a, rank: 9))
        XCTAssertThrowsError(try RandomizedTruncatedSVD.approximation(of: a.transposed(), rank: 2))
    }
}
