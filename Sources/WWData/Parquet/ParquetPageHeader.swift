/// A Parquet page header (Thrift `PageHeader`), the fields the text reader uses. Each page of a
/// column chunk is its header followed by `compressedSize` bytes.
struct ParquetPageHeader {
    /// Thrift enum `PageType`.
    enum Kind: Int {
        case dataPage = 0, indexPage, dictionaryPage, dataPageV2
    }

    /// Parquet's value and level encodings (Thrift enum `Encoding`), those the reader meets.
    enum Encoding {
        static let plain = 0
        static let plainDictionary = 2
        static let rle = 3
        static let bitPacked = 4
        static let rleDictionary = 8

        static func name(_ code: Int) -> String {
            let names = [0: "PLAIN", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED", 5: "DELTA_BINARY_PACKED",
                         6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT"]
            return names[code] ?? "encoding \(code)"
        }
    }

    var kind: Kind?
    var uncompressedSize = 0
    var compressedSize = 0
    var crc: Int32?
    /// Values in the page (nulls included), for data and dictionary pages.
    var valueCount = 0
    var encoding = Encoding.plain
    /// Data page v1: how its definition levels are encoded (RLE in every current writer).
    var definitionEncoding = Encoding.rle
    /// Data page v2: the levels' byte lengths (stored uncompressed before the values) and
    /// whether the values are compressed.
    var definitionBytes = 0
    var repetitionBytes = 0
    var isCompressed = true

    /// Reads a header from `bytes[start..<end]`; returns it with the offset of the page's body.
    /// Sizes and counts are checked against ``ParquetLimits``.
    static func read(_ bytes: [UInt8], from start: Int, to end: Int) throws -> (header: ParquetPageHeader, body: Int) {
        var header = ParquetPageHeader()
        var reader = ThriftCompactReader(bytes, from: start, to: end)
        var kindCode = -1
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .i32): kindCode = Int(try reader.readI32())
            case (2, .i32): header.uncompressedSize = try reader.readInt(type, what: "the page's uncompressed size")
            case (3, .i32): header.compressedSize = try reader.readInt(type, what: "the page's compressed size")
            case (4, .i32): header.crc = try reader.readI32()
            case (5, .structure), (7, .structure):
                // DataPageHeader and DictionaryPageHeader share their first two fields.
                try reader.readStruct { reader, id, type in
                    switch (id, type) {
                    case (1, .i32): header.valueCount = try reader.readInt(type, what: "the page's value count")
                    case (2, .i32): header.encoding = Int(try reader.readI32())
                    case (3, .i32): header.definitionEncoding = Int(try reader.readI32())
                    default: try reader.skip(type)
                    }
                }
            case (8, .structure):
                try reader.readStruct { reader, id, type in
                    switch (id, type) {
                    case (1, .i32): header.valueCount = try reader.readInt(type, what: "the page's value count")
                    case (4, .i32): header.encoding = Int(try reader.readI32())
                    case (5, .i32): header.definitionBytes = try reader.readInt(type, what: "the page's definition level size")
                    case (6, .i32): header.repetitionBytes = try reader.readInt(type, what: "the page's repetition level size")
                    case (7, .booleanTrue), (7, .booleanFalse): header.isCompressed = try reader.readBool(type)
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        header.kind = Kind(rawValue: kindCode)
        guard header.uncompressedSize <= ParquetLimits.maxPageBytes else {
            throw ThriftCompactReader.Malformed(offset: start, message: "the page declares \(header.uncompressedSize) bytes uncompressed, more than \(ParquetLimits.maxPageBytes) (ParquetLimits.maxPageBytes)")
        }
        guard header.valueCount <= ParquetLimits.maxPageValues else {
            throw ThriftCompactReader.Malformed(offset: start, message: "the page declares \(header.valueCount) values, more than \(ParquetLimits.maxPageValues) (ParquetLimits.maxPageValues)")
        }
        return (header, reader.position)
    }
}
