/// PLAIN-encoded values as the text reader keeps them: strings. BYTE_ARRAY values (a 4-byte
/// little-endian length, then the bytes) must be UTF-8; INT32 and INT64 become their decimal
/// text (HF's ClassLabel ids, class "3"), BOOLEAN (bit-packed, least significant bit first)
/// "true" or "false", as the JSON Lines reader gives them.
enum ParquetPlainValues {
    /// `count` values of `type` from `bytes[range]`.
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, type: ParquetFooter.PhysicalType, count: Int) throws -> [String] {
        var position = range.lowerBound
        let fail = { (message: String) in ThriftCompactReader.Malformed(offset: position, message: message) }
        // Each value takes at least one bit (BOOLEAN) or four bytes: check the count first.
        let minimumBits = type == .boolean ? 1 : type == .int64 ? 64 : 32
        guard count <= range.count * 8 / minimumBits else {
            throw fail("\(count) values cannot fit in the page's \(range.count) bytes")
        }
        var values: [String] = []
        values.reserveCapacity(count)
        switch type {
        case .byteArray:
            for _ in 0..<count {
                guard range.upperBound - position >= 4 else { throw fail("a string's length is truncated") }
                let length = littleEndian(bytes, at: position, width: 4)
                position += 4
                guard length <= UInt64(range.upperBound - position) else {
                    throw fail("a string of \(length) bytes, but \(range.upperBound - position) bytes are left in the page")
                }
                let start = position
                position += Int(length)
                guard let text = String(validating: bytes[start..<position], as: UTF8.self) else {
                    throw ThriftCompactReader.Malformed(offset: start, message: "a string that is not UTF-8")
                }
                values.append(text)
            }
        case .int32, .int64:
            let width = type == .int32 ? 4 : 8
            for _ in 0..<count {
                let raw = littleEndian(bytes, at: position, width: width)
                values.append(type == .int32 ? String(Int32(truncatingIfNeeded: raw)) : String(Int64(bitPattern: raw)))
                position += width
            }
        case .boolean:
            for k in 0..<count {
                values.append(bytes[position + k / 8] >> UInt8(k % 8) & 1 == 1 ? "true" : "false")
            }
        default:
            throw fail("values of physical type \(type) are not read (text must be BYTE_ARRAY; labels BYTE_ARRAY, INT32, INT64 or BOOLEAN)")
        }
        return values
    }

    /// The unsigned little-endian integer of `width` bytes at `offset` (checked by the caller).
    static func littleEndian(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<width { value |= UInt64(bytes[offset + k]) << UInt64(8 * k) }
        return value
    }
}
