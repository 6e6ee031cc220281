/// The rows of a tensor (its first dimension), handed out a block at a time.
///
/// Why: a reduction over a set of embeddings larger than memory (the streamed Vendi Score) needs
/// only one block resident at a time. Model files provide it (WWModelFormats'
/// `StoredTensorRows`), and so may any other store, without the reduction knowing file formats.
public protocol RowBlockSource {
    /// The tensor's name, which messages about its values use as the argument's name.
    var name: String { get }
    /// What the rows are, for messages ("tensor 'x' in emb.npy").
    var description: String { get }
    /// The whole tensor's shape, rows first, known without reading its values.
    var shape: [Int] { get }
    /// Calls `body` with consecutive blocks of at most `rows` rows (shape `[k] + shape[1...]`)
    /// and the index of each block's first row, in order.
    func forEachRowBlock(rows: Int, _ body: (_ block: Tensor, _ firstRow: Int) throws -> Void) throws
}
