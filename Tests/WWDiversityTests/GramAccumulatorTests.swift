import XCTest
import WWNumerics
@testable import WWDiversity

final class GramAccumulatorTests: XCTestCase {
    func randomMatrix(rows: Int, columns: Int, seed: UInt64) throws -> Tensor {
        var random = SeededRandom(seed: seed)
        return try Tensor(shape: [rows, columns], values: (0..<(rows * columns)).map { _ in random.nextDouble() - 0.3 })
    }

    /// Streaming in blocks of any size gives the spectrum of the whole matrix.
    func testBlocksMatchWholeMatrix() throws {
        let x = try randomMatrix(rows: 500, columns: 12, seed: 7)
        let whole = try EmbeddingVendi.score(x, order: VendiOrder(2))
        let values = x.doubleValues
        for blockRows in [1, 7, 64, 500] {
            let accumulator = try GramAccumulator(dimension: 12)
            var start = 0
            while start < 500 {
                let end = min(start + blockRows, 500)
                try values[(start * 12)..<(end * 12)].withUnsafeBufferPointer { try accumulator.add($0) }
                start = end
            }
            XCTAssertEqual(accumulator.rowCount, 500)
            assertRelative(try VendiOrder(2).score(ofSpectrum: accumulator.spectrum()), whole, 1e-12, "blocks of \(blockRows)")
        }
    }

    /// Same blocks in the same order: the same bits.
    func testDeterministic() throws {
        let x = try randomMatrix(rows: 9000, columns: 16, seed: 11)
        let float32 = try Tensor(shape: x.shape, values: x.doubleValues.map { Float($0) })
        XCTAssertEqual(try EmbeddingVendi.score(float32), try EmbeddingVendi.score(float32))
        assertRelative(try EmbeddingVendi.score(float32), try EmbeddingVendi.score(Tensor(shape: x.shape, values: float32.doubleValues)), 1e-6, "float32 blocks")
    }

    func testBadRowsAreNamedAndNotAdded() throws {
        let accumulator = try GramAccumulator(dimension: 2, argument: "emb")
        try [1.0, 0, 0, 1].withUnsafeBufferPointer { try accumulator.add($0) }
        XCTAssertThrowsError(try [1.0, 1, 0, 0].withUnsafeBufferPointer { try accumulator.add($0) }) { error in
            XCTAssertEqual("\(error)", "argument 'emb' has an all-zero row 3: its cosine similarity is undefined (remove it or give it some signal)")
        }
        XCTAssertThrowsError(try [Float.nan, 1].withUnsafeBufferPointer { try accumulator.add($0) }) { error in
            XCTAssertTrue("\(error)".contains("non-finite value (nan) in row 2"), "\(error)")
        }
        XCTAssertEqual(accumulator.rowCount, 2)
        XCTAssertThrowsError(try [1.0, 2, 3].withUnsafeBufferPointer { try accumulator.add($0) })
        XCTAssertThrowsError(try GramAccumulator(dimension: 3).secondMoment())
    }
}
