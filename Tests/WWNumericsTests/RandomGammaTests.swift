import XCTest
@testable import WWNumerics

final class RandomGammaTests: XCTestCase {
    /// Gamma(k) has mean k and variance k; 20,000 draws put the sample mean within 4.5 standard
    /// errors (sqrt(k / n)) and the variance within 10%.
    func testGammaMomentsForShapesBelowAndAboveOne() throws {
        for shape in [0.3, 1.0, 2.5, 9.0] {
            var random = SeededRandom(seed: 42)
            let n = 20_000
            let draws = try (0..<n).map { _ in try random.nextGamma(shape: shape) }
            XCTAssertTrue(draws.allSatisfy { $0 >= 0 && $0.isFinite })
            let mean = draws.reduce(0, +) / Double(n)
            let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
            XCTAssertEqual(mean, shape, accuracy: 4.5 * (shape / Double(n)).squareRoot(), "shape \(shape)")
            XCTAssertEqual(variance, shape, accuracy: 0.1 * shape, "shape \(shape)")
        }
    }

    func testDirichletSumsToOneWithTheRightMeans() throws {
        var random = SeededRandom(seed: 7)
        let alphas = [1.0, 2.0, 3.0]
        var sums = [0.0, 0.0, 0.0]
        let n = 10_000
        for _ in 0..<n {
            let p = try random.nextDirichlet(alphas)
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12)
            for k in 0..<3 { sums[k] += p[k] }
        }
        for k in 0..<3 { XCTAssertEqual(sums[k] / Double(n), alphas[k] / 6, accuracy: 0.01) }
        var again = SeededRandom(seed: 7)
        var first = SeededRandom(seed: 7)
        XCTAssertEqual(try again.nextBeta(2, 5), try first.nextDirichlet([2, 5])[0])
    }

    func testInvalidShapesAreRefused() {
        var random = SeededRandom(seed: 1)
        XCTAssertThrowsError(try random.nextGamma(shape: 0))
        XCTAssertThrowsError(try random.nextGamma(shape: .infinity))
        XCTAssertThrowsError(try random.nextDirichlet([]))
    }

    /// At extreme concentrations the plain draws underflow to 0 (tiny alpha) or their sum
    /// overflows (huge alpha); the draws are then normalised from their logarithms.
    func testExtremeConcentrationsKeepTheirShape() throws {
        var random = SeededRandom(seed: 9)
        var nearEdges = 0
        for _ in 0..<50 {
            let lambda = try random.nextBeta(1e-300, 1e-300)
            XCTAssertTrue(lambda.isFinite && lambda >= 0 && lambda <= 1)
            if lambda < 1e-6 || lambda > 1 - 1e-6 { nearEdges += 1 }
        }
        XCTAssertEqual(nearEdges, 50, "Beta(1e-300, 1e-300) puts its mass at 0 and 1")
        for _ in 0..<20 { XCTAssertEqual(try random.nextBeta(1e300, 1e300), 0.5, accuracy: 1e-6) }
        let weights = try random.nextDirichlet([1e308, 1e308, 1e308])
        for w in weights { XCTAssertEqual(w, 1.0 / 3, accuracy: 1e-6) }
    }
}
