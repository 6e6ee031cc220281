/// A reader of Thrift's compact protocol, the encoding of Parquet's footer and page headers.
/// Only what Parquet uses: structs, lists, binaries, integers, booleans and doubles (maps and
/// sets only to skip them). Every length is checked against the bytes left before it is used,
/// nesting is bounded by ``ParquetLimits/maxThriftNesting``, and every element takes at least
/// one byte, so reading and skipping end within the buffer's length.
struct ThriftCompactReader {
    /// Compact-protocol field and element types.
    enum FieldType: UInt8 {
        case booleanTrue = 1, booleanFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    /// A malformed structure: the reader's caller names the file and what was being read.
    struct Malformed: Error {
        let offset: Int
        let message: String
    }

    private let bytes: [UInt8]
    private let end: Int
    /// Offset of the next byte to read.
    private(set) var position: Int
    private var depth = 0

    /// Reads `bytes[start..<end]`.
    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = min(end, bytes.count)
    }

    var bytesLeft: Int { end - position }

    // MARK: Structs

    /// Reads one struct: calls `field` with each field's id and type; the handler reads the
    /// value with the typed readers below, or calls ``skip(_:)`` for a field it does not know.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, FieldType) throws -> Void) throws {
        try enter()
        defer { depth -= 1 }
        var lastID: Int16 = 0
        while true {
            let header = try readByte()
            if header == 0 { return }
            let type = try fieldType(header & 0x0F)
            let delta = Int16(header >> 4)
            if delta == 0 {
                lastID = try readI16()
            } else {
                let (id, overflow) = lastID.addingReportingOverflow(delta)
                guard !overflow else { throw malformed("a field id past 32767") }
                lastID = id
            }
            // A boolean field carries its value in the type nibble.
            pendingBoolean = type == .booleanTrue ? true : type == .booleanFalse ? false : nil
            try field(&self, lastID, type)
        }
    }

    private var pendingBoolean: Bool?

    // MARK: Values

    mutating func readBool(_ type: FieldType) throws -> Bool {
        if let value = pendingBoolean, type == .booleanTrue || type == .booleanFalse {
            pendingBoolean = nil
            return value
        }
        throw malformed("a boolean field of type \(type)")
    }

    mutating func readI16() throws -> Int16 {
        let value = try readZigZag()
        guard let narrow = Int16(exactly: value) else { throw malformed("an i16 of \(value)") }
        return narrow
    }

    mutating func readI32() throws -> Int32 {
        let value = try readZigZag()
        guard let narrow = Int32(exactly: value) else { throw malformed("an i32 of \(value)") }
        return narrow
    }

    mutating func readI64() throws -> Int64 { try readZigZag() }

    /// An i32 or i64 field that must be at least `minimum` (sizes, offsets, counts).
    mutating func readInt(_ type: FieldType, atLeast minimum: Int = 0, what: String) throws -> Int {
        let value: Int64
        switch type {
        case .i32: value = Int64(try readI32())
        case .i64: value = try readI64()
        default: throw malformed("\(what) is of type \(type), not an integer")
        }
        guard value >= Int64(minimum), let result = Int(exactly: value) else {
            throw malformed("\(what) is \(value)")
        }
        return result
    }

    /// A binary (or string) field, checked against the bytes left before it is copied.
    mutating func readBinary() throws -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(bytesLeft) else {
            throw malformed("a string of \(length) bytes, but \(bytesLeft) bytes are left")
        }
        let start = position
        position += Int(length)
        return bytes[start..<position]
    }

    /// A string field; its bytes must be UTF-8.
    mutating func readString() throws -> String {
        let start = position
        guard let text = String(validating: try readBinary(), as: UTF8.self) else {
            throw Malformed(offset: start, message: "a string that is not UTF-8")
        }
        return text
    }

    /// Reads a list, calling `element` once per element (with its type).
    mutating func readList(_ element: (inout ThriftCompactReader, FieldType) throws -> Void) throws {
        try enter()
        defer { depth -= 1 }
        let header = try readByte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        let type = try fieldType(header & 0x0F)
        // Every element takes at least one byte: a longer list cannot be in the bytes left.
        guard count <= UInt64(bytesLeft) else {
            throw malformed("a list of \(count) elements, but \(bytesLeft) bytes are left")
        }
        for _ in 0..<Int(count) {
            // In a list a boolean is a whole byte.
            if type == .booleanTrue || type == .booleanFalse {
                pendingBoolean = try readByte() == 1
            }
            try element(&self, type)
        }
    }

    /// Skips a value of `type` (a field or element the caller does not use).
    mutating func skip(_ type: FieldType) throws {
        switch type {
        case .booleanTrue, .booleanFalse: pendingBoolean = nil
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double: try advance(8)
        case .binary: _ = try readBinary()
        case .list, .set: try readList { reader, type in try reader.skip(type) }
        case .structure: try readStruct { reader, _, type in try reader.skip(type) }
        case .map:
            try enter()
            defer { depth -= 1 }
            let count = try readVarint()
            guard count > 0 else { return }
            let types = try readByte()
            let (keyType, valueType) = (try fieldType(types >> 4), try fieldType(types & 0x0F))
            guard count <= UInt64(bytesLeft) else {
                throw malformed("a map of \(count) entries, but \(bytesLeft) bytes are left")
            }
            for _ in 0..<Int(count) {
                try skip(keyType)
                try skip(valueType)
            }
        }
    }

    // MARK: Primitives

    private mutating func enter() throws {
        guard depth < ParquetLimits.maxThriftNesting else {
            throw malformed("structures nested more than \(ParquetLimits.maxThriftNesting) deep (ParquetLimits.maxThriftNesting)")
        }
        depth += 1
    }

    private mutating func readByte() throws -> UInt8 {
        guard position < end else { throw malformed("the structure ends early (truncated)") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func advance(_ count: Int) throws {
        guard count <= bytesLeft else { throw malformed("the structure ends early (truncated)") }
        position += count
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    private mutating func readVarint() throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            let byte = try readByte()
            guard shift < 63 || byte <= 1 else { throw malformed("a varint past 64 bits") }
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw malformed("a varint past 64 bits")
    }

    private mutating func readZigZag() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    private func fieldType(_ nibble: UInt8) throws -> FieldType {
        guard let type = FieldType(rawValue: nibble) else { throw malformed("an unknown Thrift type \(nibble)") }
        return type
    }

    private func malformed(_ message: String) -> Malformed {
        Malformed(offset: position, message: message)
    }
}
