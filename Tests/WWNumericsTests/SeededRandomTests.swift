import XCTest
@testable import WWNumerics

/// Golden values pin the streams: they were computed once by an independent Python
/// implementation of the documented algorithms and must never change. If one of these tests
/// fails, the stream changed and every recorded seed in users' notebooks is broken.
final class SeededRandomTests: XCTestCase {
    func testSplitMix64ReferenceVector() {
        var state: UInt64 = 0
        XCTAssertEqual(SeededRandom.splitMix64(&state), 0xE220_A839_7B1D_CDAF)
    }

    /// The published xoshiro256** outputs for the state {1, 2, 3, 4}.
    func testXoshiroReferenceVector() {
        var random = SeededRandom(state: (1, 2, 3, 4))
        XCTAssertEqual((0..<4).map { _ in random.next() }, [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    func testJumpGoldenState() {
        var random = SeededRandom(state: (1, 2, 3, 4))
        random.jump()
        XCTAssertEqual(random.state, [0x8C7A_1539_56B5_F3D1, 0x701F_1A71_3401_D85E,
                                      0x6527_F66A_6546_9085, 0x8386_B786_C440_8050])
        XCTAssertEqual(random.next(), 13_534_147_089_533_256_664)
    }

    func testSeededStreamGoldenValues() {
        var random = SeededRandom(seed: 42)
        XCTAssertEqual((0..<5).map { _ in random.next() },
                       [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
                        0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64])
        var zero = SeededRandom(seed: 0)
        XCTAssertEqual((0..<3).map { _ in zero.next() },
                       [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
    }

    func testUniformDoubleGoldenValues() {
        var random = SeededRandom(seed: 42)
        XCTAssertEqual((0..<4).map { _ in random.nextDouble() },
                       [0.08386297105988216, 0.3789802506626686, 0.6800434110281394, 0.9246929453253876])
    }

    func testBoundedIntegerGoldenValues() throws {
        var random = SeededRandom(seed: 42)
        XCTAssertEqual(try (0..<10).map { _ in try random.nextInt(in: 0..<10) }, [0, 3, 6, 9, 9, 7, 7, 8, 7, 5])
        var closed = SeededRandom(seed: 42)
        XCTAssertEqual((0..<10).map { _ in closed.nextInt(in: 5...14) }, [5, 8, 11, 14, 14, 12, 12, 13, 12, 10])
    }

    func testNormalGoldenValues() {
        var random = SeededRandom(seed: 42)
        let expected = [-0.303263064678738, 0.28846173882942383, 1.3438117634372806, -0.6879751798977497]
        for (value, reference) in zip((0..<4).map { _ in random.nextNormal() }, expected) {
            // Bit-exact on glibc; one ulp of slack for other C libraries' log/cos/sin.
            XCTAssertEqual(value, reference, accuracy: 4 * reference.ulp)
        }
    }

    func testPermutationGoldenValue() throws {
        var random = SeededRandom(seed: 42)
        XCTAssertEqual(try random.permutation(count: 10), [9, 1, 4, 2, 8, 7, 6, 5, 3, 0])
    }

    func testSplitGivesReproducibleNonOverlappingChildren() {
        var parent = SeededRandom(seed: 42)
        var first = parent.split()
        var second = parent.split()
        XCTAssertEqual(first.next(), 0x1578_0B2E_0C2E_C716)  // the child continues the parent
        XCTAssertEqual(second.next(), 0x5008_6EF8_3CBF_4F4A)  // 2^128 further on
        XCTAssertEqual(parent.next(), 0x8677_623E_E754_4E81)  // 2 x 2^128 further on
    }

    func testCopiesAreIdenticalStreams() {
        var random = SeededRandom(seed: 7)
        _ = random.nextNormal()  // leaves a spare
        var copy = random
        XCTAssertEqual(random.nextNormal(), copy.nextNormal())
        XCTAssertEqual(random.next(), copy.next())
    }

    func testIntegerRangeEdges() throws {
        var random = SeededRandom(seed: 1)
        XCTAssertThrowsError(try random.nextInt(in: 3..<3))
        XCTAssertEqual(try random.nextInt(in: 5..<6), 5)
        XCTAssertEqual(random.nextInt(in: -2 ... -2), -2)
        for _ in 0..<1000 {
            let value = try random.nextInt(in: -3..<4)
            XCTAssertTrue((-3..<4).contains(value))
        }
        // Full ranges must not trap on overflow.
        _ = random.nextInt(in: Int.min...Int.max)
        _ = try random.nextInt(in: Int.min..<Int.max)
    }

    func testUniformDoubleInRange() throws {
        var random = SeededRandom(seed: 2)
        for _ in 0..<1000 {
            let value = try random.nextDouble(in: -2..<3)
            XCTAssertTrue(value >= -2 && value < 3)
        }
        XCTAssertThrowsError(try random.nextDouble(in: 1..<1))
        XCTAssertThrowsError(try random.nextDouble(in: 0..<Double.infinity))
    }

    // MARK: Statistics (1e5 draws; tolerances are about 5 standard errors)

    static let drawCount = 100_000

    func testUniformMeanAndVariance() throws {
        var random = SeededRandom(seed: 123)
        let draws = (0..<Self.drawCount).map { _ in random.nextDouble() }
        XCTAssertTrue(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(try Statistics.mean(draws), 0.5, accuracy: 0.005)
        XCTAssertEqual(try Statistics.variance(draws), 1.0 / 12, accuracy: 0.002)
    }

    func testNormalMeanAndVariance() throws {
        var random = SeededRandom(seed: 456)
        let draws = (0..<Self.drawCount).map { _ in random.nextNormal() }
        XCTAssertEqual(try Statistics.mean(draws), 0, accuracy: 0.016)
        XCTAssertEqual(try Statistics.variance(draws), 1, accuracy: 0.025)
        // Tails: P(|z| > 2) = 0.0455.
        let tail = Double(draws.filter { abs($0) > 2 }.count) / Double(Self.drawCount)
        XCTAssertEqual(tail, 0.0455, accuracy: 0.004)
    }

    func testShiftedNormal() throws {
        var random = SeededRandom(seed: 789)
        let draws = try (0..<Self.drawCount).map { _ in try random.nextNormal(mean: 3, standardDeviation: 0.5) }
        XCTAssertEqual(try Statistics.mean(draws), 3, accuracy: 0.008)
        XCTAssertEqual(try Statistics.standardDeviation(draws), 0.5, accuracy: 0.006)
        XCTAssertThrowsError(try random.nextNormal(mean: 0, standardDeviation: -1))
        XCTAssertThrowsError(try random.nextNormal(mean: .nan, standardDeviation: 1))
    }

    func testBoundedIntegersAreUniform() throws {
        var random = SeededRandom(seed: 99)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<Self.drawCount { counts[try random.nextInt(in: 0..<7)] += 1 }
        let expected = Double(Self.drawCount) / 7
        // Chi-squared with 6 degrees of freedom: P(X > 22.46) = 0.001.
        let chiSquared = counts.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        XCTAssertLessThan(chiSquared, 22.46, "\(counts)")
    }

    func testBernoulli() throws {
        var random = SeededRandom(seed: 5)
        let hits = try (0..<Self.drawCount).filter { _ in try random.nextBool(probability: 0.3) }.count
        XCTAssertEqual(Double(hits) / Double(Self.drawCount), 0.3, accuracy: 0.0075)
        XCTAssertFalse(try random.nextBool(probability: 0))
        XCTAssertTrue(try random.nextBool(probability: 1))
        XCTAssertThrowsError(try random.nextBool(probability: 1.5))
        XCTAssertThrowsError(try random.nextBool(probability: .nan))
    }

    func testCategoricalFrequencies() throws {
        var random = SeededRandom(seed: 6)
        let weights = [1.0, 0, 3, 6]
        var counts = [Int](repeating: 0, count: weights.count)
        for _ in 0..<Self.drawCount { counts[try random.nextCategorical(weights: weights)] += 1 }
        XCTAssertEqual(counts[1], 0, "zero weights are never drawn")
        XCTAssertEqual(Double(counts[0]) / Double(Self.drawCount), 0.1, accuracy: 0.005)
        XCTAssertEqual(Double(counts[2]) / Double(Self.drawCount), 0.3, accuracy: 0.0075)
        XCTAssertEqual(Double(counts[3]) / Double(Self.drawCount), 0.6, accuracy: 0.0078)
    }

    func testCategoricalValidation() {
        var random = SeededRandom(seed: 1)
        for weights in [[], [0.0, 0], [1, -1], [1, .nan], [.infinity], [Double.greatestFiniteMagnitude, .greatestFiniteMagnitude]] {
            XCTAssertThrowsError(try random.nextCategorical(weights: weights), "\(weights)") { error in
                guard case .invalidArgument("weights", _)? = error as? NumericsError else {
                    return XCTFail("unexpected \(error)")
                }
            }
        }
        XCTAssertEqual(try random.nextCategorical(weights: [0, 0, 2]), 2)
    }

    func testPermutationIsAPermutationAndUniform() throws {
        var random = SeededRandom(seed: 10)
        XCTAssertEqual(try random.permutation(count: 0), [])
        XCTAssertThrowsError(try random.permutation(count: -1))
        let permutation = try random.permutation(count: 500)
        XCTAssertEqual(permutation.sorted(), Array(0..<500))
        // Each of the 6 orders of 3 items is equally likely.
        var counts: [[Int]: Int] = [:]
        for _ in 0..<60_000 { counts[try random.permutation(count: 3), default: 0] += 1 }
        XCTAssertEqual(counts.count, 6)
        for (order, count) in counts {
            XCTAssertEqual(Double(count), 10_000, accuracy: 500, "\(order)")
        }
    }

    func testShuffleInPlaceKeepsElements() {
        var random = SeededRandom(seed: 11)
        var letters = Array("abcdefghij")
        random.shuffle(&letters)
        XCTAssertNotEqual(String(letters), "abcdefghij")
        XCTAssertEqual(String(letters.sorted()), "abcdefghij")
        var slice = [1, 2, 3, 4, 5, 6][1..<5]
        random.shuffle(&slice)
        XCTAssertEqual(slice.sorted(), [2, 3, 4, 5])
    }

    func testWorksAsStandardLibraryGenerator() {
        var random = SeededRandom(seed: 12)
        let value = Int.random(in: 0..<100, using: &random)
        XCTAssertTrue((0..<100).contains(value))
    }
}
