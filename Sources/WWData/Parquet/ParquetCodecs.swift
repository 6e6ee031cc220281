import CPageCodecs

/// Decompression of one page's bytes by its column chunk's codec, to exactly the size the page
/// header declares (checked against ``ParquetLimits/maxPageBytes`` before this is called).
enum ParquetCodecs {
    /// Bytes of a codec library's error message.
    private static let messageBytes = 256

    /// `bytes[range]` decompressed to `size` bytes. Throws ``ThriftCompactReader/Malformed`` at
    /// the page's offset when the stream is corrupt or decodes to another size.
    static func decompress(_ bytes: [UInt8], _ range: Range<Int>, codec: ParquetFooter.Codec, size: Int) throws -> [UInt8] {
        let fail = { (message: String) in ThriftCompactReader.Malformed(offset: range.lowerBound, message: message) }
        switch codec {
        case .uncompressed:
            guard range.count == size else { throw fail("an uncompressed page of \(range.count) bytes declares \(size)") }
            return Array(bytes[range])
        case .gzip:
            // Inflate at most one byte past the declared size: enough to see a longer stream
            // without inflating a bomb.
            let output: [UInt8]
            do {
                output = try Gzip.inflate(Array(bytes[range]), path: "", prefix: size + 1)
            } catch let error as DataFileError {
                throw fail("the GZIP page: \(error.message)")
            }
            guard output.count == size else { throw fail("the GZIP page decodes to \(output.count > size ? "more than \(size)" : "\(output.count)") bytes, not the \(size) declared") }
            return output
        case .snappy, .zstd:
            // One spare byte so an empty page still has a buffer address.
            var output = [UInt8](repeating: 0, count: size + 1)
            var message = [CChar](repeating: 0, count: messageBytes)
            let status = bytes.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    message.withUnsafeMutableBufferPointer { text in
                        let source = input.baseAddress.map { $0 + range.lowerBound }
                        return codec == .snappy
                            ? wwn_snappy_decompress(source, range.count, out.baseAddress, size, text.baseAddress, messageBytes)
                            : wwn_zstd_decompress(source, range.count, out.baseAddress, size, text.baseAddress, messageBytes)
                    }
                }
            }
            guard status == WWN_CODEC_OK else {
                let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw fail("\(text), the page declares \(size)")
            }
            output.removeLast()
            return output
        case .lzo, .brotli, .lz4, .lz4Raw:
            throw fail("the page is compressed with \(codec) (not read: rewrite the file with snappy, zstd, gzip or no compression)")
        }
    }
}
