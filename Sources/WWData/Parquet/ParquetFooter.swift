/// The parts of a Parquet file's footer (Thrift `FileMetaData`) the text reader uses: the flat
/// schema, and per row group the row count and where each column chunk's pages are.
/// Layout: `PAR1`, column chunks, FileMetaData, its length (4 bytes, little-endian), `PAR1`.
struct ParquetFooter {
    /// Parquet's physical types (Thrift enum `Type`).
    enum PhysicalType: Int {
        case boolean = 0, int32, int64, int96, float, double, byteArray, fixedLengthByteArray
    }

    /// Parquet's compression codecs (Thrift enum `CompressionCodec`).
    enum Codec: Int {
        case uncompressed = 0, snappy, gzip, lzo, brotli, lz4, zstd, lz4Raw
    }

    /// One node of the schema tree, in the file's depth-first order.
    struct SchemaElement {
        var name = ""
        var type: PhysicalType?
        /// 0 required, 1 optional, 2 repeated.
        var repetition = 0
        var childCount = 0
    }

    struct ColumnChunk {
        var type: PhysicalType?
        var codec: Int = -1
        var valueCount = 0
        var compressedBytes = 0
        var dataPageOffset = 0
        var dictionaryPageOffset: Int?
        var externalFile: String?
        var hasMetadata = false

        /// Where the chunk's pages start: its dictionary page when it has one before its data.
        var start: Int {
            if let dictionary = dictionaryPageOffset, dictionary > 0, dictionary < dataPageOffset { return dictionary }
            return dataPageOffset
        }
    }

    struct RowGroup {
        var rowCount = 0
        var columns: [ColumnChunk] = []
    }

    static let magic: [UInt8] = Array("PAR1".utf8)
    /// An encrypted footer's magic number (Parquet modular encryption), refused by name.
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    var schema: [SchemaElement] = []
    var rowCount = 0
    var rowGroups: [RowGroup] = []
    /// Offset of the FileMetaData: column chunks must end before it.
    var metadataStart = 0

    /// Reads the footer of `bytes` (the whole file), checking the magic numbers and the footer
    /// length against the file's size.
    init(_ bytes: [UInt8], path: String) throws {
        let trailer = 8
        guard bytes.count >= Self.magic.count + trailer else {
            throw DataFileError(path, "\(bytes.count) bytes is too short for a Parquet file (PAR1, metadata, length, PAR1)")
        }
        let tail = Array(bytes[(bytes.count - 4)...])
        if tail == Self.encryptedMagic {
            throw DataFileError(path, "is an encrypted Parquet file (footer magic PARE); decrypt it first")
        }
        guard Array(bytes[0..<4]) == Self.magic, tail == Self.magic else {
            throw DataFileError(path, "is not a Parquet file (it must start and end with PAR1)")
        }
        let lengthAt = bytes.count - trailer
        let length = Int(bytes[lengthAt]) | Int(bytes[lengthAt + 1]) << 8 | Int(bytes[lengthAt + 2]) << 16 | Int(bytes[lengthAt + 3]) << 24
        guard length > 0, length <= lengthAt - Self.magic.count else {
            throw DataFileError(path, at: .byte(lengthAt), "the footer length \(length) does not fit in the file's \(bytes.count) bytes (truncated or not Parquet)")
        }
        metadataStart = lengthAt - length
        var reader = ThriftCompactReader(bytes, from: metadataStart, to: lengthAt)
        var (schema, rowCount, rowGroups) = ([SchemaElement](), 0, [RowGroup]())
        var required: Set<Int16> = [2, 3, 4]
        do {
            try reader.readStruct { reader, id, type in
                required.remove(id)
                switch (id, type) {
                case (2, .list): try reader.readList { reader, _ in schema.append(try Self.schemaElement(&reader)) }
                case (3, .i64): rowCount = try reader.readInt(type, what: "the row count")
                case (4, .list): try reader.readList { reader, _ in rowGroups.append(try Self.rowGroup(&reader)) }
                case (8, .structure): throw ThriftCompactReader.Malformed(offset: reader.position, message: "the file is encrypted (Parquet modular encryption); decrypt it first")
                default: try reader.skip(type)
                }
            }
            // A length that points into the data pages may parse as a short struct: the
            // required fields tell it from a footer.
            guard required.isEmpty, !schema.isEmpty else {
                throw ThriftCompactReader.Malformed(offset: metadataStart, message: "it lacks its schema, row count or row groups (a wrong footer length?)")
            }
        } catch let error as ThriftCompactReader.Malformed {
            throw DataFileError(path, at: .byte(error.offset), "the footer (FileMetaData) is malformed: \(error.message)")
        }
        (self.schema, self.rowCount, self.rowGroups) = (schema, rowCount, rowGroups)
    }

    private static func schemaElement(_ reader: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement()
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .i32): element.type = PhysicalType(rawValue: Int(try reader.readI32()))
            case (3, .i32): element.repetition = Int(try reader.readI32())
            case (4, .binary): element.name = try reader.readString()
            case (5, .i32): element.childCount = try reader.readInt(type, what: "a schema element's child count")
            default: try reader.skip(type)
            }
        }
        return element
    }

    private static func rowGroup(_ reader: inout ThriftCompactReader) throws -> RowGroup {
        var group = RowGroup()
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .list): try reader.readList { reader, _ in group.columns.append(try columnChunk(&reader)) }
            case (3, .i64): group.rowCount = try reader.readInt(type, what: "a row group's row count")
            default: try reader.skip(type)
            }
        }
        return group
    }

    private static func columnChunk(_ reader: inout ThriftCompactReader) throws -> ColumnChunk {
        var chunk = ColumnChunk()
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .binary): chunk.externalFile = try reader.readString()
            case (3, .structure):
                chunk.hasMetadata = true
                try reader.readStruct { reader, id, type in
                    switch (id, type) {
                    case (1, .i32): chunk.type = PhysicalType(rawValue: Int(try reader.readI32()))
                    case (4, .i32): chunk.codec = Int(try reader.readI32())
                    case (5, .i64): chunk.valueCount = try reader.readInt(type, what: "a column chunk's value count")
                    case (7, .i64): chunk.compressedBytes = try reader.readInt(type, what: "a column chunk's compressed size")
                    case (9, .i64): chunk.dataPageOffset = try reader.readInt(type, what: "a data page offset")
                    case (11, .i64): chunk.dictionaryPageOffset = try reader.readInt(type, what: "a dictionary page offset")
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        return chunk
    }
}
