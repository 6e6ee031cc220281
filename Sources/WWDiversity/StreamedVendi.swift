import WWBase
import WWNumerics

/// The cosine Vendi Score of embeddings too many to hold: rows are streamed block by block
/// through the d x d second moment (``GramAccumulator``), so memory holds one block and a d x d
/// matrix whatever the number of rows.
public enum StreamedVendi {
    /// The score of order `order` of `source`'s rows, read `blockRows` at a time.
    ///
    /// Float32 rows are summed in float32 within at most ``DiversityLimits/float32BlockRows``
    /// rows and in float64 across them (see ``GramAccumulator``).
    /// - Parameters:
    ///   - cancellation: polled before each block.
    ///   - progress: told after each block of the rows done and the total, labelled `progressLabel`.
    /// - Throws: ``DiversityError`` for a source that is not one sample per row, a row that is
    ///   all zero or not finite (named by its index over all blocks), or a dimension too large;
    ///   whatever the source throws; the cancellation's error once it is cancelled.
    public static func score(_ source: RowBlockSource, order: VendiOrder = .shannon, blockRows: Int,
                             progress: (any ProgressReporter)? = nil, progressLabel: String = "rows",
                             cancellation: Cancellation = .never) throws -> Double {
        let shape = source.shape
        guard shape.count >= 2, shape[0] > 0 else {
            throw DiversityError("\(source.description) has shape \(shape); embeddings need one sample per row (at least one row)")
        }
        let total = shape[0]
        let accumulator = try GramAccumulator(dimension: shape.dropFirst().reduce(1, *), argument: source.name)
        try source.forEachRowBlock(rows: blockRows) { block, first in
            try cancellation.checkCancelled()
            try accumulator.add(block)
            progress?.progress(done: first + block.shape[0], total: total, label: progressLabel)
        }
        return order.score(ofSpectrum: try accumulator.spectrum())
    }
}
