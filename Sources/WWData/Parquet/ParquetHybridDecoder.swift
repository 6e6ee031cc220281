/// Parquet's RLE/bit-packed hybrid encoding, used for definition levels and dictionary indices:
/// runs, each a varint header whose low bit says RLE (one value repeated `header >> 1` times,
/// in `ceil(bitWidth / 8)` little-endian bytes) or bit-packed (`header >> 1` groups of 8
/// values, `bitWidth` bytes per group, least significant bit first).
enum ParquetHybridDecoder {
    /// `count` values of `bitWidth` bits from `bytes[range]`. A run longer than the values still
    /// wanted is cut (writers pad the last bit-packed group to 8 values); every run header takes
    /// a byte, so the loop ends within the range.
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, bitWidth: Int, count: Int) throws -> [UInt32] {
        guard (0...ParquetLimits.maxBitWidth).contains(bitWidth) else {
            throw ThriftCompactReader.Malformed(offset: range.lowerBound, message: "a bit width of \(bitWidth) (at most \(ParquetLimits.maxBitWidth))")
        }
        var values: [UInt32] = []
        // A run of a few bytes may stand for millions of values, so the declared count is not
        // reserved up front (a forged header must not allocate).
        var position = range.lowerBound
        let end = range.upperBound
        let fail = { (message: String) in ThriftCompactReader.Malformed(offset: position, message: message) }
        while values.count < count {
            guard position < end else { throw fail("the levels or indices end after \(values.count) of \(count) values") }
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < end, shift < 64 else { throw fail("a run header is truncated or past 64 bits") }
                let byte = bytes[position]
                position += 1
                header |= UInt64(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            let wanted = count - values.count
            let runs = header >> 1
            if header & 1 == 0 {
                let width = (bitWidth + 7) / 8
                guard width <= end - position else { throw fail("an RLE run's value is truncated") }
                var value: UInt32 = 0
                for k in 0..<width { value |= UInt32(bytes[position + k]) << UInt32(8 * k) }
                position += width
                guard bitWidth == 32 || value >> UInt32(bitWidth) == 0 else { throw fail("an RLE value \(value) wider than \(bitWidth) bits") }
                let length = runs > UInt64(wanted) ? wanted : Int(runs)
                values.append(contentsOf: repeatElement(value, count: length))
            } else {
                let available = end - position
                let length = runs > UInt64(wanted) ? wanted : min(Int(runs) * 8, wanted)
                let needed = (length * bitWidth + 7) / 8
                guard needed <= available else { throw fail("a bit-packed run is truncated") }
                let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
                for k in 0..<length {
                    let bit = k * bitWidth
                    var word: UInt64 = 0
                    let first = position + bit / 8
                    for b in 0..<min(5, end - first) { word |= UInt64(bytes[first + b]) << UInt64(8 * b) }
                    values.append(UInt32((word >> UInt64(bit % 8)) & mask))
                }
                // Skip the whole run (its padding too), or to the end of what is there.
                let runBytes = runs > UInt64(available) ? available : min(Int(runs) * bitWidth, available)
                position += max(runBytes, needed)
            }
        }
        return values
    }
}
