import Foundation

/// Where a tensor's raw bytes live: a range of a mapped file, or a compressed zip entry.
/// Bytes are produced only while a tensor is being converted, then given back.
protocol TensorBytes: AnyObject {
    /// How many bytes the source holds (checked against shapes when a file is opened).
    var byteCount: Int { get }
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result
    /// Inside `withBytes`: the caller is done with this range of the bytes it was given, so
    /// their memory may be given back before the whole tensor is converted.
    func release(_ range: Range<Int>)
}

/// A byte range of a memory-mapped file: reading it touches only its pages, and they are
/// released right after, so reading every layer in turn never holds more than one of them.
final class MappedRegion: TensorBytes {
    let file: MappedFile
    let range: Range<Int>

    init(file: MappedFile, range: Range<Int>) {
        self.file = file
        self.range = range
    }

    var byteCount: Int { range.count }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        defer { file.release(range) }
        return try body(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
    }

    func release(_ processed: Range<Int>) {
        file.release((range.lowerBound + processed.lowerBound)..<(range.lowerBound + processed.upperBound))
    }
}
