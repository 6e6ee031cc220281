/// Limits of the Parquet reader. Every size a file declares (footer, pages, lists, strings,
/// counts) is checked against the bytes actually there and against these before anything is
/// allocated, so a truncated or forged file is an error message, not an out-of-memory kill.
enum ParquetLimits {
    /// Deepest nesting of Thrift structs and lists in a footer or page header. FileMetaData's
    /// deepest path (row group → column chunk → metadata → statistics or encoding stats, or a
    /// schema element's LogicalType union) is 7 levels; 32 leaves room for future fields while
    /// keeping the recursive skip of unknown fields far from the stack's end.
    static let maxThriftNesting = 32

    /// Most bytes of one page after decompression. pyarrow's data pages are 1 MiB and its
    /// dictionary pages fall back to PLAIN past 1 MiB; a page holds at least one value, so this
    /// bounds the longest single text at 256 MiB (a whole book is a few MB).
    static let maxPageBytes = 256 << 20

    /// Most values one page may declare: a page of 1-byte values at ``maxPageBytes`` holds fewer.
    static let maxPageValues = maxPageBytes

    /// Most bytes of decoded values of one column, summed over its pages: what the strings will
    /// hold in memory (a zstd page of zeros can declare 256 MiB in a few hundred bytes).
    static var maxColumnBytes: Int { DataLimits.maxFileBytes }

    /// Widest bit width of RLE/bit-packed levels and dictionary indices: indices are 32-bit.
    static let maxBitWidth = 32
}
