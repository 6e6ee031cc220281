import XCTest
import WWNumerics
@testable import WWDiversity

final class VendiScoreTests: XCTestCase {
    static let parity = 1e-9

    func k3() throws -> KernelMatrix {
        try KernelMatrix(Tensor(rows: [[1, 0.9, 0], [0.9, 1, 0], [0, 0, 1]]))
    }

    /// The spec's test vectors as hard numbers.
    func testSpecVectors() throws {
        let samples: [Double] = [0, 0, 10, 10, 20, 20]
        let byFunction = try VendiScore.score(samples: samples) { a, b in exp(-abs(a - b)) }
        assertRelative(byFunction, 2.999999995877701, 1e-12, "samples")
        let expected: [(Double, Double)] = [(1, 2.1573004833739833), (0.5, 2.420348357053285), (2, 1.948051948051948),
                                            (.infinity, 1.5789473684210527), (0, 3.0000000000000004)]
        for (q, value) in expected {
            assertRelative(try VendiScore.score(kernel: k3(), order: VendiOrder(q)), value, 1e-12, "q = \(q)")
        }
        assertRelative(try VendiScore.score(kernel: k3(), weights: [0.5, 0.25, 0.25]), 2.009882583824147, 1e-12, "weighted")
        // Unnormalised weights mean the same.
        assertRelative(try VendiScore.score(kernel: k3(), weights: [2, 1, 1]), 2.009882583824147, 1e-12, "weights scaled")
    }

    func testFixtureVectors() throws {
        let vectors = try DiversityFixtures.section("vectors")
        let kernel = try KernelMatrix(DiversityFixtures.matrix(vectors["K"]))
        for (order, value) in try DiversityFixtures.orders(vectors["K_orders"]) {
            assertRelative(try VendiScore.score(kernel: kernel, order: order), value, Self.parity, "q = \(order)")
        }
    }

    func testEmbeddingsDualAndKernelPaths() throws {
        let tall = try DiversityFixtures.section("tall")
        let x = try DiversityFixtures.matrix(tall["x"])
        for (order, value) in try DiversityFixtures.orders(tall["dual"]) {
            assertRelative(try EmbeddingVendi.score(x, order: order), value, Self.parity, "dual q = \(order)")
            assertRelative(try VendiScore.score(kernel: SampleKernels.cosine(x), order: order), value, Self.parity, "kernel q = \(order)")
        }
        let wide = try DiversityFixtures.section("wide")
        let w = try DiversityFixtures.matrix(wide["x"])
        for (order, value) in try DiversityFixtures.orders(wide["K"]) {
            assertRelative(try EmbeddingVendi.score(w, order: order), value, Self.parity, "wide q = \(order)")
        }
    }

    /// The reference counts round-off eigenvalues at q = 0 (28 for rank 8); wwn's clip gives 8,
    /// and the other orders agree with the reference.
    func testRankDeficientClip() throws {
        let section = try DiversityFixtures.section("rank_deficient")
        let x = try DiversityFixtures.matrix(section["x"])
        let kernel = try SampleKernels.cosine(x)
        for (order, value) in try DiversityFixtures.orders(section["K"]) {
            let score = try VendiScore.score(kernel: kernel, order: order)
            if order.value == 0 {
                XCTAssertEqual(value, 28, accuracy: 1e-9, "the reference's round-off count")
                XCTAssertEqual(score, 8, accuracy: 1e-9)
            } else {
                assertRelative(score, value, 1e-6, "q = \(order) (round-off eigenvalues carry < 1e-6 of the score)")
            }
        }
        for (order, value) in try DiversityFixtures.orders(section["dual"]) {
            assertRelative(try EmbeddingVendi.score(x, order: order), value, Self.parity, "dual q = \(order)")
        }
    }

    func testSampleWeights() throws {
        let wide = try DiversityFixtures.matrix(DiversityFixtures.section("wide")["x"])
        let section = try DiversityFixtures.section("weighted")
        let p = try XCTUnwrap(section["p"] as? [Double])
        let kernel = try SampleKernels.cosine(wide)
        for (order, value) in try DiversityFixtures.orders(section["K"]) {
            assertRelative(try VendiScore.score(kernel: kernel, order: order, weights: p), value, Self.parity, "q = \(order)")
        }
    }

    func testRBFAndUserKernel() throws {
        let section = try DiversityFixtures.section("rbf")
        let x = try DiversityFixtures.matrix(section["x"])
        let sigma = try XCTUnwrap(section["sigma"] as? Double)
        let rows = try XCTUnwrap(section["x"] as? [[Double]])
        for (order, value) in try DiversityFixtures.orders(section["scores"]) {
            assertRelative(try VendiScore.score(kernel: SampleKernels.rbf(x, sigma: sigma), order: order), value, Self.parity, "rbf q = \(order)")
            let byClosure = try VendiScore.score(samples: rows, order: order) { a, b in
                exp(-zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / (2 * sigma * sigma))
            }
            assertRelative(byClosure, value, Self.parity, "closure q = \(order)")
        }
    }

    /// Float32 embeddings: products summed in float32 per block, so the bound is looser.
    func testFloat32Embeddings() throws {
        let section = try DiversityFixtures.section("float32")
        let x = try DiversityFixtures.matrix(section["x"], elementType: .float32)
        for (order, value) in try DiversityFixtures.orders(section["dual"]) {
            assertRelative(try EmbeddingVendi.score(x, order: order), value, 1e-5, "float32 q = \(order)")
        }
    }

    func testIntdiv() throws {
        let rbf = try DiversityFixtures.section("rbf")
        let kernel = try SampleKernels.rbf(DiversityFixtures.matrix(rbf["x"]), sigma: try XCTUnwrap(rbf["sigma"] as? Double))
        let section = try DiversityFixtures.section("intdiv")
        let p = try XCTUnwrap(section["p"] as? [Double])
        for (key, value) in try XCTUnwrap(section["uniform"] as? [String: Double]) {
            assertRelative(try IntraSetDiversity.score(kernel: kernel, order: try XCTUnwrap(Double(key))), value, Self.parity, "q = \(key)")
        }
        for (key, value) in try XCTUnwrap(section["weighted"] as? [String: Double]) {
            assertRelative(try IntraSetDiversity.score(kernel: kernel, order: try XCTUnwrap(Double(key)), weights: p), value, Self.parity, "p, q = \(key)")
        }
    }

    func testPixelMode() throws {
        let section = try DiversityFixtures.section("pixels")
        let images = try XCTUnwrap(section["images"] as? [[Double]])
        // As a wwn data set holds them: float32 in [0, 1], channels first.
        let tensors = try images.map { try Tensor(shape: [1, 32, 32], values: $0.map { Float($0 / 255) }) }
        let score = try EmbeddingVendi.score(EmbeddingVendi.pixelMatrix(tensors))
        // float32 pixels k/255 carry a relative error of 6e-8 each, hence the bound.
        assertRelative(score, try XCTUnwrap(section["vendi"] as? Double), 1e-6, "pixels")
        var mismatched = tensors
        mismatched[3] = try Tensor.zeros(shape: [1, 16, 16], elementType: .float32)
        XCTAssertThrowsError(try EmbeddingVendi.pixelMatrix(mismatched)) { error in
            XCTAssertTrue("\(error)".contains("image 3 has shape [1, 16, 16]"), "\(error)")
        }
    }

    func testWeightedVendiVariants() throws {
        let section = try DiversityFixtures.section("weighted_vendi")
        let original = try DiversityFixtures.matrix(section["original"])
        let cases: [(String, String, WeightedVendi.Variant?)] = [("aligned_x", "aligned", nil), ("tiled_x", "tiled", .tiled),
                                                                 ("synthetic_x", "synthetic", nil), ("aligned_x", "aligned_as_moments", .secondMoment)]
        // Tiled is never guessed: a whole multiple is also what an added mix looks like.
        XCTAssertEqual(WeightedVendi.automaticVariant(originalCount: 4, augmentedCount: 12), .secondMoment)
        XCTAssertEqual(WeightedVendi.automaticVariant(originalCount: 4, augmentedCount: 4), .aligned)
        for (input, key, forced) in cases {
            let expected = try XCTUnwrap(section[key] as? [String: Any])
            let result = try WeightedVendi.score(original: original, augmented: DiversityFixtures.matrix(section[input]), variant: forced)
            XCTAssertEqual(result.variant.rawValue, expected["variant"] as? String, key)
            for (field, value) in [("score", result.score), ("rho", result.rho), ("vendi", result.vendi)] {
                assertRelative(value, try XCTUnwrap(expected[field] as? Double), Self.parity, "\(key).\(field)")
            }
        }
        XCTAssertThrowsError(try WeightedVendi.score(original: original, augmented: DiversityFixtures.matrix(section["synthetic_x"]), variant: .tiled))
    }
}
