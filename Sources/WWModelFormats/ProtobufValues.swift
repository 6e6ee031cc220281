import Foundation

/// A tensor's values held in a repeated protobuf field (ONNX's `float_data`, `int32_data`, ...)
/// instead of raw bytes: one or more runs of the file (a packed field, or one field per value),
/// turned into little-endian elements of `elementBytes` each only while the tensor is read.
/// Fixed-width runs are copied as they are; varints are cut to the element's width.
final class ProtobufValues: TensorBytes {
    let file: MappedFile
    /// The runs of encoded values, in order.
    let runs: [Range<Int>]
    let varints: Bool
    let elementBytes: Int
    let byteCount: Int

    /// - Parameter count: the number of elements the runs hold (checked by the caller).
    init(file: MappedFile, runs: [Range<Int>], varints: Bool, elementBytes: Int, count: Int) {
        self.file = file
        self.runs = runs
        self.varints = varints
        self.elementBytes = elementBytes
        byteCount = count * elementBytes
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let source = file.bytes
        var decoded = [UInt8](repeating: 0, count: byteCount)
        decoded.withUnsafeMutableBytes { target in
            var position = 0
            for run in runs where position < byteCount {
                if !varints {
                    let n = min(run.count, byteCount - position)
                    if n > 0, let from = source.baseAddress, let to = target.baseAddress { memcpy(to + position, from + run.lowerBound, n) }
                    position += n
                    continue
                }
                var value: UInt64 = 0
                var shift: UInt64 = 0
                for index in run {
                    let byte = source[index]
                    value |= UInt64(byte & 0x7F) << shift
                    shift += 7
                    guard byte & 0x80 == 0 else { continue }
                    guard position < byteCount else { break }
                    for k in 0..<elementBytes { target[position + k] = UInt8(truncatingIfNeeded: value >> UInt64(8 * k)) }
                    position += elementBytes
                    value = 0
                    shift = 0
                }
            }
        }
        for run in runs { file.release(run) }
        return try decoded.withUnsafeBytes(body)
    }

    /// The decoded copy is freed as a whole when the read ends.
    func release(_ range: Range<Int>) {}
}
