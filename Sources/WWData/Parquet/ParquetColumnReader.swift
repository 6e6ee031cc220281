import CZlib

/// Reads one flat column chunk (a top-level, non-repeated column) page by page: an optional
/// dictionary page, then data pages v1 or v2 whose values are PLAIN or dictionary indices
/// (RLE_DICTIONARY, PLAIN_DICTIONARY; RLE for booleans), with RLE definition levels when the
/// column is optional.
/// Values come out as strings (see ``ParquetPlainValues``), nil for a null.
struct ParquetColumnReader {
    let bytes: [UInt8]
    let type: ParquetFooter.PhysicalType
    /// 1 for an optional column (a definition level of 0 is a null), 0 for a required one.
    let maxDefinitionLevel: Int
    /// Where the column chunks end (the footer's start).
    let dataEnd: Int

    /// The chunk's `rowCount` values. Throws ``ThriftCompactReader/Malformed`` at the offending
    /// offset; the caller names the file, the column and the row group.
    func read(_ chunk: ParquetFooter.ColumnChunk, rowCount: Int, decodedBytes: inout Int) throws -> [String?] {
        let fail = { (offset: Int, message: String) in ThriftCompactReader.Malformed(offset: offset, message: message) }
        guard let codec = ParquetFooter.Codec(rawValue: chunk.codec) else { throw fail(chunk.start, "an unknown compression codec \(chunk.codec)") }
        guard chunk.valueCount == rowCount else {
            throw fail(chunk.start, "the column chunk holds \(chunk.valueCount) values for \(rowCount) rows (a nested or repeated column?)")
        }
        let (end, overflow) = chunk.start.addingReportingOverflow(chunk.compressedBytes)
        guard chunk.start >= ParquetFooter.magic.count, !overflow, end <= dataEnd else {
            throw fail(chunk.start, "the column chunk (\(chunk.compressedBytes) bytes at byte \(chunk.start)) lies outside the data (bytes 4 to \(dataEnd))")
        }
        var dictionary: [String]?
        var values: [String?] = []
        var position = chunk.start
        while values.count < rowCount {
            guard position < end else { throw fail(position, "the column chunk ends after \(values.count) of its \(rowCount) values") }
            let (header, body) = try ParquetPageHeader.read(bytes, from: position, to: end)
            let (bodyEnd, overflow) = body.addingReportingOverflow(header.compressedSize)
            guard !overflow, bodyEnd <= end else {
                throw fail(position, "the page declares \(header.compressedSize) bytes, but the column chunk has \(end - body) left")
            }
            if let crc = header.crc { try checkCRC(crc, body..<bodyEnd) }
            decodedBytes += header.uncompressedSize
            guard decodedBytes <= ParquetLimits.maxColumnBytes else {
                throw fail(position, "the pages decode to more than \(ParquetLimits.maxColumnBytes) bytes (ParquetLimits.maxColumnBytes, this machine's memory)")
            }
            switch header.kind {
            case .dictionaryPage?:
                guard dictionary == nil, values.isEmpty else { throw fail(position, "a dictionary page after the column's first page") }
                guard header.encoding == ParquetPageHeader.Encoding.plain || header.encoding == ParquetPageHeader.Encoding.plainDictionary else {
                    throw fail(position, "a dictionary page in \(ParquetPageHeader.Encoding.name(header.encoding)) (only PLAIN is read)")
                }
                let page = try ParquetCodecs.decompress(bytes, body..<bodyEnd, codec: codec, size: header.uncompressedSize)
                dictionary = try ParquetPlainValues.decode(page, page.indices, type: type, count: header.valueCount)
            case .dataPage?, .dataPageV2?:
                guard header.valueCount <= rowCount - values.count else {
                    throw fail(position, "a page of \(header.valueCount) values, but the column chunk has \(rowCount - values.count) left")
                }
                try values.append(contentsOf: dataPage(header, body..<bodyEnd, codec: codec, dictionary: dictionary))
            case .indexPage?, nil:
                break
            }
            position = bodyEnd
        }
        return values
    }

    private func dataPage(_ header: ParquetPageHeader, _ body: Range<Int>, codec: ParquetFooter.Codec, dictionary: [String]?) throws -> [String?] {
        let fail = { (message: String) in ThriftCompactReader.Malformed(offset: body.lowerBound, message: message) }
        // The page as (bytes, where its levels are, where its values are).
        let page: [UInt8]
        var levels: Range<Int>
        var valuesAt: Range<Int>
        if header.kind == .dataPageV2 {
            // Levels first, never compressed; then the values, compressed unless is_compressed is false.
            guard header.repetitionBytes == 0 else { throw fail("repetition levels in a flat column") }
            let (levelBytes, overflow) = header.repetitionBytes.addingReportingOverflow(header.definitionBytes)
            guard !overflow, levelBytes <= body.count, levelBytes <= header.uncompressedSize else {
                throw fail("levels of \(header.definitionBytes) bytes do not fit in the page's \(body.count)")
            }
            let compressed = body.lowerBound + levelBytes..<body.upperBound
            let values = try ParquetCodecs.decompress(bytes, compressed, codec: header.isCompressed ? codec : .uncompressed,
                                                      size: header.uncompressedSize - levelBytes)
            page = Array(bytes[body.lowerBound..<compressed.lowerBound]) + values
            levels = 0..<levelBytes
            valuesAt = levelBytes..<page.count
        } else {
            page = try ParquetCodecs.decompress(bytes, body, codec: codec, size: header.uncompressedSize)
            levels = 0..<0
            valuesAt = page.indices
            if maxDefinitionLevel > 0 {
                guard header.definitionEncoding == ParquetPageHeader.Encoding.rle else {
                    throw fail("definition levels in \(ParquetPageHeader.Encoding.name(header.definitionEncoding)) (only RLE is read)")
                }
                guard page.count >= 4 else { throw fail("the definition levels' length is truncated") }
                let length = ParquetPlainValues.littleEndian(page, at: 0, width: 4)
                guard length <= UInt64(page.count - 4) else { throw fail("definition levels of \(length) bytes in a page of \(page.count)") }
                levels = 4..<4 + Int(length)
                valuesAt = levels.upperBound..<page.count
            }
        }
        let count = header.valueCount
        let defined: [UInt32] = maxDefinitionLevel > 0
            ? try ParquetHybridDecoder.decode(page, levels, bitWidth: 1, count: count)
            : Array(repeating: 1, count: count)
        let present = defined.reduce(0) { $0 + Int($1) }
        let values: [String]
        switch header.encoding {
        case ParquetPageHeader.Encoding.plain:
            values = try ParquetPlainValues.decode(page, valuesAt, type: type, count: present)
        case ParquetPageHeader.Encoding.rleDictionary, ParquetPageHeader.Encoding.plainDictionary:
            guard let dictionary else { throw fail("dictionary indices but no dictionary page") }
            var indices: [UInt32] = []
            if present > 0 {
                guard !valuesAt.isEmpty else { throw fail("the dictionary indices are missing") }
                indices = try ParquetHybridDecoder.decode(page, valuesAt.dropFirst(), bitWidth: Int(page[valuesAt.lowerBound]), count: present)
            }
            values = try indices.map { index in
                guard Int(index) < dictionary.count else { throw fail("dictionary index \(index) in a dictionary of \(dictionary.count)") }
                return dictionary[Int(index)]
            }
        case ParquetPageHeader.Encoding.rle where type == .boolean:
            // pyarrow's booleans in data pages v2: a 4-byte length, then 1-bit hybrid runs.
            guard valuesAt.count >= 4 else { throw fail("the boolean values' length is truncated") }
            let length = ParquetPlainValues.littleEndian(page, at: valuesAt.lowerBound, width: 4)
            guard length <= UInt64(valuesAt.count - 4) else { throw fail("boolean values of \(length) bytes in a page of \(page.count)") }
            let runs = valuesAt.lowerBound + 4..<valuesAt.lowerBound + 4 + Int(length)
            values = try ParquetHybridDecoder.decode(page, runs, bitWidth: 1, count: present).map { $0 == 1 ? "true" : "false" }
        default:
            throw fail("values in \(ParquetPageHeader.Encoding.name(header.encoding)) (only PLAIN, dictionary encodings and RLE booleans are read)")
        }
        var next = 0
        return defined.map { level in
            guard level == 1 else { return nil }
            defer { next += 1 }
            return values[next]
        }
    }

    /// Checks the page's CRC-32 (of its bytes as stored, header excluded), when the writer gave one.
    private func checkCRC(_ expected: Int32, _ range: Range<Int>) throws {
        let actual = bytes.withUnsafeBufferPointer { buffer -> UInt in
            guard let base = buffer.baseAddress, !range.isEmpty else { return crc32(0, nil, 0) }
            return crc32(0, base + range.lowerBound, UInt32(range.count))
        }
        guard UInt32(truncatingIfNeeded: actual) == UInt32(bitPattern: expected) else {
            throw ThriftCompactReader.Malformed(offset: range.lowerBound, message: "the page's CRC-32 does not match (the file is corrupt)")
        }
    }
}
