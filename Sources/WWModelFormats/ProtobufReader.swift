/// Protocol Buffers' wire format, as far as reading ONNX needs it: a message is a run of fields,
/// each a tag (field number and wire type, a varint) and a value: a varint, 8 or 4 fixed bytes,
/// or a length-delimited run of bytes (strings, packed repeated numbers, nested messages).
///
/// Every length is untrusted: a field must end inside its message, and a varint in ten bytes
/// (the longest a 64-bit value takes), so a lying length or a run of continuation bytes is an
/// error naming the byte offset, never a read past the end. Each field read moves forward by at
/// least one byte, so a walk over a message always ends.
struct ProtobufReader {
    /// How a field's value is encoded (the tag's low three bits).
    enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// One field: its number, encoding, where its tag starts, and its value's bytes (for a
    /// varint field, the varint's own bytes).
    struct Field {
        let number: Int
        let wireType: WireType
        let offset: Int
        let value: Range<Int>
        /// A varint field's value (0 for other encodings).
        let integer: UInt64
    }

    /// The longest varint: ten bytes carry 70 bits, enough for any 64-bit value.
    static let maxVarintBytes = 10
    /// Field numbers are 29 bits (the rest of a 32-bit tag).
    static let maxFieldNumber: UInt64 = (1 << 29) - 1

    let bytes: UnsafeRawBufferPointer
    let path: String
    /// The next byte to read, from the start of the file.
    private(set) var offset: Int
    /// Where the message being read ends.
    let end: Int

    /// A reader over `range` of the file's bytes (a whole file, or one nested message).
    init(bytes: UnsafeRawBufferPointer, path: String, range: Range<Int>) {
        self.bytes = bytes
        self.path = path
        offset = range.lowerBound
        end = range.upperBound
    }

    /// A reader over a length-delimited field's bytes, read as a message of its own.
    func message(in field: Field) -> ProtobufReader {
        ProtobufReader(bytes: bytes, path: path, range: field.value)
    }

    func error(at offset: Int, _ message: String) -> ModelFormatError {
        ModelFormatError(file: path, "at byte \(offset): \(message)")
    }

    /// The next field, or nil at the end of the message.
    mutating func nextField() throws -> Field? {
        guard offset < end else { return nil }
        let start = offset
        let tag = try varint()
        let number = tag >> 3
        guard number >= 1, number <= Self.maxFieldNumber else {
            throw error(at: start, "field number \(number) is not a valid protobuf field (damaged file?)")
        }
        guard let wireType = WireType(rawValue: tag & 7) else {
            throw error(at: start, "field \(number) has wire type \(tag & 7), which ONNX never writes (damaged file?)")
        }
        let valueStart = offset
        switch wireType {
        case .varint:
            let value = try varint()
            return Field(number: Int(number), wireType: wireType, offset: start, value: valueStart..<offset, integer: value)
        case .fixed64, .fixed32:
            let size = wireType == .fixed64 ? 8 : 4
            try advance(by: size, field: Int(number), at: start)
            return Field(number: Int(number), wireType: wireType, offset: start, value: valueStart..<offset, integer: 0)
        case .lengthDelimited:
            let length = try varint()
            guard length <= UInt64(end - offset) else {
                throw error(at: start, "field \(number) declares \(length) bytes but only \(end - offset) are left in its message (truncated or damaged?)")
            }
            let valueStart = offset
            offset += Int(length)
            return Field(number: Int(number), wireType: wireType, offset: start, value: valueStart..<offset, integer: 0)
        }
    }

    private mutating func advance(by count: Int, field: Int, at start: Int) throws {
        guard count <= end - offset else {
            throw error(at: start, "field \(field) needs \(count) bytes but only \(end - offset) are left in its message (truncated?)")
        }
        offset += count
    }

    /// A base-128 varint, least significant group first.
    mutating func varint() throws -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        for index in 0..<Self.maxVarintBytes {
            guard offset < end else {
                throw error(at: start, "a number runs past the end of its message (truncated?)")
            }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << UInt64(7 * index)
            if byte & 0x80 == 0 { return value }
        }
        throw error(at: start, "a number is longer than \(Self.maxVarintBytes) bytes (damaged file?)")
    }

    /// How many varints fill `range` exactly (a packed repeated field), checking each is
    /// complete and at most ten bytes long.
    static func varintCount(in range: Range<Int>, of bytes: UnsafeRawBufferPointer) -> Int? {
        var count = 0
        var run = 0
        for position in range {
            run += 1
            guard run <= maxVarintBytes else { return nil }
            if bytes[position] & 0x80 == 0 {
                count += 1
                run = 0
            }
        }
        return run == 0 ? count : nil
    }

    /// A string field's text (UTF-8; a bad sequence becomes U+FFFD rather than an error).
    func text(of field: Field) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.value]), as: UTF8.self)
    }
}
