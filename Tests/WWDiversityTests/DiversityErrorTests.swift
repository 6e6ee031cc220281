import XCTest
import WWNumerics
@testable import WWDiversity

final class DiversityErrorTests: XCTestCase {
    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    func testOrders() throws {
        XCTAssertTrue(message { try VendiOrder(-1) }.contains("must be a number >= 0"))
        XCTAssertTrue(message { try VendiOrder(.nan) }.contains("must be a number >= 0"))
        XCTAssertEqual(try VendiOrder(text: "inf").value, .infinity)
        XCTAssertEqual(try VendiOrder(text: "Infinity").value, .infinity)
        XCTAssertEqual(try VendiOrder(.infinity).value, .infinity)
        XCTAssertTrue(message { try VendiOrder(text: "lots") }.contains("\"inf\""))
    }

    func testKernelChecks() throws {
        XCTAssertTrue(message { try KernelMatrix(Tensor(rows: [[1, 0.5], [0.4, 1]])) }.contains("not symmetric: [0, 1] = 0.5 but [1, 0] = 0.4"))
        XCTAssertTrue(message { try KernelMatrix(Tensor(rows: [[1, 0], [0, 2]])) }.contains("unit diagonal"))
        XCTAssertTrue(message { try KernelMatrix(Tensor(rows: [[1, .nan], [.nan, 1]])) }.contains("non-finite entry"))
        XCTAssertTrue(message { try KernelMatrix(Tensor(rows: [[1, 0, 0]])) }.contains("square"))
        XCTAssertTrue(message { try KernelMatrix(size: 0, values: []) }.contains("empty"))
    }

    func testWeightChecks() throws {
        let kernel = try KernelMatrix(Tensor(rows: [[1, 0], [0, 1]]))
        XCTAssertTrue(message { try VendiScore.score(kernel: kernel, weights: [1, -1]) }.contains("weight 1 is -1.0"))
        XCTAssertTrue(message { try VendiScore.score(kernel: kernel, weights: [1]) }.contains("has 1 values but there are 2 samples"))
        XCTAssertTrue(message { try VendiScore.score(kernel: kernel, weights: [0, 0]) }.contains("positive, finite sum"))
        XCTAssertTrue(message { try VendiScore.score(kernel: kernel, weights: [.infinity, 0]) }.contains("finite numbers"))
    }

    func testEmbeddingChecks() throws {
        XCTAssertTrue(message { try EmbeddingVendi.score(Tensor(rows: [[1, 0], [0, 0], [1, 1]])) }.contains("all-zero row 1"))
        XCTAssertTrue(message { try EmbeddingVendi.score(Tensor(rows: [[1, 0, 2], [0, .nan, 1]])) }.contains("non-finite value (nan) in row 1"))
        XCTAssertTrue(message { try EmbeddingVendi.score(Tensor.zeros(shape: [0, 3])) }.contains("empty"))
        XCTAssertTrue(message { try SampleKernels.rbf(Tensor(rows: [[1]]), sigma: 0) }.contains("sigma"))
        XCTAssertTrue(message { try VendiScore.score(samples: [1.0, 2.0]) { a, b in a * b } }.contains("k(x, x) = 1"))
        XCTAssertTrue(message { try VendiScore.score(samples: [Double]()) { _, _ in 1 } }.contains("empty"))
        let kernel = try KernelMatrix(Tensor(rows: [[1, -0.5], [-0.5, 1]]))
        XCTAssertTrue(message { try IntraSetDiversity.score(kernel: kernel, order: 0.5) }.contains("negative similarity"))
        XCTAssertEqual(try IntraSetDiversity.score(kernel: kernel, order: 1), 0.75, accuracy: 1e-15)
    }
}
