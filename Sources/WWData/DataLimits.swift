import Foundation
import WWNumerics

/// Limits on what the data module builds or reads. Each one turns a typo or a wrong file into
/// an error message rather than an out-of-memory kill or an hour-long wait.
public enum DataLimits {
    /// Most samples in one data set: ten times ImageNet's 1.28 M training images. Labels,
    /// permutations and per-sample streams are all sized by this, so `n: 1e9` must be refused
    /// before anything is allocated.
    public static let maxSamples = 12_800_000

    /// Most numbers in one sample (a 1024 x 1024 RGB image has 3.1 M): wider rows are a wrong
    /// column count or a bag of words with an unbounded vocabulary.
    public static let maxSampleElements = 4_000_000

    /// Most classes: ImageNet-21k has 21,841; a million distinct labels means a continuous
    /// column was chosen as the label.
    public static let maxClasses = 1_000_000

    /// Most dimensions an IDX file may declare: data sets use 1 (labels) to 4 (colour images);
    /// more means the header is not IDX.
    public static let maxIDXRank = 4

    /// Most bytes of values one IDX file may declare: the largest IDX data sets (EMNIST ByClass,
    /// 814,255 images of 28 x 28, 640 MB) are under it. Values become float32, four times the
    /// bytes, so a header past this (in a gzipped file of a few kilobytes, say) is refused
    /// before anything is inflated.
    public static let maxIDXBytes = 1 << 30

    /// Most bytes of one file read whole (or of a file after gunzip): the machine's memory.
    /// Linux overcommits, so reading a larger file would not fail cleanly.
    public static var maxFileBytes: Int { TensorLimits.maxAllocationBytes }

    /// Most bytes one CSV line may hold before the reader decides it is not a text table
    /// (a binary file read as CSV has no line breaks).
    public static let maxCSVLineBytes = 64 * 1024 * 1024

    /// Characters of a field or a column name quoted in an error message: enough to recognise
    /// it, short enough that a message stays one line.
    public static let maxQuotedCharacters = 60

    /// Checks that `count` float32 features fit in memory, naming `what` in the error.
    static func checkFloatAllocation(_ count: Int, what: String) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
        guard !overflow, bytes <= TensorLimits.maxAllocationBytes else {
            throw DatasetError.invalid("\(what) would need \(overflow ? "more than \(Int.max)" : "\(bytes)") bytes, more than this machine's memory (\(TensorLimits.maxAllocationBytes) bytes)")
        }
    }

    /// Checks a requested sample count against ``maxSamples``.
    static func checkSampleCount(_ count: Int, what: String) throws {
        guard count >= 0 else { throw DatasetError.invalid("\(what): the sample count \(count) is negative") }
        guard count <= maxSamples else {
            throw DatasetError.invalid("\(what): \(count) samples is more than the limit of \(maxSamples) (DataLimits.maxSamples)")
        }
    }
}
