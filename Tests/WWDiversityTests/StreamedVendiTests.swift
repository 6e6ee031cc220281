import Foundation
import WWNumerics
import WWBase
@testable import WWDiversity
import XCTest

/// `StreamedVendi`: the cosine Vendi Score of rows read block by block.
final class StreamedVendiTests: XCTestCase {
    /// An in-memory tensor as a row-block source.
    private struct Rows: RowBlockSource {
        let name = "emb"
        let tensor: Tensor
        var description: String { "tensor 'emb' in memory" }
        var shape: [Int] { tensor.shape }
        func forEachRowBlock(rows: Int, _ body: (Tensor, Int) throws -> Void) throws {
            let width = shape.dropFirst().reduce(1, *), values = tensor.doubleValues
            for start in stride(from: 0, to: shape[0], by: rows) {
                let count = min(rows, shape[0] - start)
                try body(Tensor(shape: [count] + shape.dropFirst(), values: Array(values[(start * width)..<((start + count) * width)])), start)
            }
        }
    }

    private func embeddings() throws -> Tensor {
        var random = SeededRandom(seed: 9)
        return try Tensor(shape: [50, 6], values: (0..<300).map { _ in Double(random.next() % 1000) / 500 - 1 })
    }

    func testMatchesTheInMemoryScoreWhateverTheBlockSize() throws {
        let x = try embeddings()
        for order in [VendiOrder.shannon, try VendiOrder(2)] {
            let expected = try EmbeddingVendi.score(x, order: order)
            for block in [1, 7, 50, 64] {
                XCTAssertEqual(try StreamedVendi.score(Rows(tensor: x), order: order, blockRows: block), expected, accuracy: 1e-10)
            }
        }
    }

    func testProgressAndCancellation() throws {
        let done = ProgressLog()
        _ = try StreamedVendi.score(Rows(tensor: embeddings()), blockRows: 20, progress: done)
        XCTAssertEqual(done.entries.map(\.done), [20, 40, 50])
        XCTAssertTrue(done.entries.allSatisfy { $0.total == 50 && $0.label == "rows" })
        struct Stop: Error {}
        XCTAssertThrowsError(try StreamedVendi.score(Rows(tensor: embeddings()), blockRows: 20, cancellation: Cancellation({ true }, error: { Stop() }))) {
            XCTAssertTrue($0 is Stop)
        }
    }

    func testRefusalsNameTheSource() throws {
        XCTAssertThrowsError(try StreamedVendi.score(Rows(tensor: Tensor([1.0, 2])), blockRows: 4)) {
            XCTAssertEqual("\($0)", "tensor 'emb' in memory has shape [2]; embeddings need one sample per row (at least one row)")
        }
        let zero = try Tensor(shape: [2, 2], values: [1.0, 0, 0, 0])
        XCTAssertThrowsError(try StreamedVendi.score(Rows(tensor: zero), blockRows: 1)) { XCTAssertTrue("\($0)".contains("'emb'")) }
    }
}
