import WWNumerics

/// One tensor of a model file as a ``RowBlockSource``: its rows streamed from disk block by
/// block (``ModelFile/forEachRowBlock(named:rows:_:)``), so a reduction over them holds one block.
public struct StoredTensorRows: RowBlockSource {
    public let file: ModelFile
    public let name: String
    public let shape: [Int]

    /// The tensor `info` of `file` (one of `file.weights`).
    public init(_ file: ModelFile, tensor info: WeightInfo) {
        self.file = file
        name = info.name
        shape = info.shape
    }

    public var description: String { "tensor '\(name)' in \(file.path)" }

    public func forEachRowBlock(rows: Int, _ body: (_ block: Tensor, _ firstRow: Int) throws -> Void) throws {
        try file.forEachRowBlock(named: name, rows: rows, body)
    }
}
