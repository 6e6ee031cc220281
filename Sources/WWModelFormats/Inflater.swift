import CZlib

/// Raw-deflate decompression of zip entries, through the system zlib.
///
/// Why zlib and not the ZIPFoundation package: the zip directory has to be read by our own code
/// anyway, because stored entries (every PyTorch storage) must be used in place from the mapped
/// file, which ZIPFoundation's copy-out API cannot do. What remains is one inflate loop; zlib is
/// already on every Debian system (zlib1g-dev), and a package would add a download and a
/// second zip parser for that.
enum Inflater {
    /// Output is produced through a buffer of this size and appended, so memory grows with the
    /// bytes the stream really holds, never with the size a directory declares.
    static let chunkBytes = 1 << 20

    /// Inflates until `expectedSize` bytes are produced (or the stream ends, which is then an
    /// error when fewer came out). With `crc32`, the whole output is checked against it.
    static func inflate(_ compressed: UnsafeRawBufferPointer, expectedSize: Int, crc32 expected: UInt32?,
                        what: String, file: String) throws -> [UInt8] {
        func fail(_ reason: String) -> ModelFormatError { ModelFormatError(file: file, "\(what): \(reason)") }
        var output: [UInt8] = []
        guard expectedSize > 0 else { return output }
        var stream = z_stream()
        // Negative window bits: raw deflate, as zip stores it (no zlib header).
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("cannot start zlib")
        }
        defer { inflateEnd(&stream) }
        var consumed = 0
        var status = Z_OK
        var scratch = [UInt8](repeating: 0, count: min(expectedSize, chunkBytes))
        let inBase = compressed.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        // zlib counts input in UInt32, so large entries go through in chunks.
        let inputChunk = Int(UInt32.max / 2)
        while output.count < expectedSize {
            let inputLeft = compressed.count - consumed
            let wanted = min(expectedSize - output.count, scratch.count)
            let (inBefore, made) = scratch.withUnsafeMutableBytes { out -> (Int, Int) in
                stream.next_in = inBase.map { $0 + consumed }
                stream.avail_in = uInt(min(inputLeft, inputChunk))
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(wanted)
                let inBefore = Int(stream.avail_in)
                status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (inBefore, wanted - Int(stream.avail_out))
            }
            consumed += inBefore - Int(stream.avail_in)
            output.append(contentsOf: scratch[0..<made])
            if status == Z_STREAM_END { break }
            let progressed = Int(stream.avail_in) < inBefore || made > 0
            guard progressed, status == Z_OK || status == Z_BUF_ERROR else {
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw fail(inputLeft == 0 ? "the compressed data ends early (truncated)" : "corrupt compressed data (\(detail))")
            }
        }
        let produced = output.count
        guard produced == expectedSize else {
            throw fail("inflates to \(produced) bytes but the directory declares \(expectedSize)")
        }
        if let expected {
            let actual = output.withUnsafeBytes { raw in
                CZlib.crc32_z(0, raw.baseAddress?.assumingMemoryBound(to: Bytef.self), raw.count)
            }
            guard UInt32(actual) == expected else {
                throw fail("CRC-32 mismatch (the archive is corrupt)")
            }
        }
        return output
    }
}
