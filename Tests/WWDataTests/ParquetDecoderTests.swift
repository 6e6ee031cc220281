import XCTest
@testable import WWData

/// The Parquet reader's pieces on bytes written by hand from the format's specifications
/// (Thrift's compact protocol, Parquet's Encodings.md), including what pyarrow never writes.
final class ParquetDecoderTests: XCTestCase {
    func testHybridDecoderOnTheSpecificationsExample() throws {
        // Encodings.md: 0...7 bit-packed at width 3 are the bytes 10001000 11000110 11111010,
        // after the run header (1 group << 1 | 1).
        XCTAssertEqual(try ParquetHybridDecoder.decode([3, 0x88, 0xC6, 0xFA], 0..<4, bitWidth: 3, count: 8), [0, 1, 2, 3, 4, 5, 6, 7])
        // An RLE run (5 << 1) of 6, then the bit-packed group cut to the one value still wanted.
        XCTAssertEqual(try ParquetHybridDecoder.decode([10, 6, 3, 0x88, 0xC6, 0xFA], 0..<6, bitWidth: 3, count: 6), [6, 6, 6, 6, 6, 0])
        XCTAssertEqual(try ParquetHybridDecoder.decode([2, 0xFF, 0xFF, 0xFF, 0xFF], 0..<5, bitWidth: 32, count: 1), [UInt32.max])
        // Width 0 (a one-entry dictionary): runs of zeros without value bytes.
        XCTAssertEqual(try ParquetHybridDecoder.decode([8, 4], 0..<2, bitWidth: 0, count: 6), [0, 0, 0, 0, 0, 0])
    }

    func testHybridDecoderRefusesWhatIsNotThere() {
        let cases: [([UInt8], Int, Int, String)] = [
            ([10, 6, 3, 0x88], 3, 13, "bit-packed run is truncated"),
            ([10, 6], 3, 6, "end after 5 of 6 values"),
            ([10], 3, 5, "RLE run's value is truncated"),
            ([10, 9], 3, 5, "RLE value 9 wider than 3 bits"),
            ([0x80, 0x80], 3, 1, "run header is truncated"),
            ([2, 1], 33, 1, "bit width of 33"),
        ]
        for (bytes, width, count, message) in cases {
            XCTAssertThrowsError(try ParquetHybridDecoder.decode(bytes, 0..<bytes.count, bitWidth: width, count: count)) { error in
                XCTAssertTrue((error as? ThriftCompactReader.Malformed)?.message.contains(message) == true, "\(error) lacks \(message)")
            }
        }
    }

    func testCompactProtocolShortFormsAndSkippedTypes() throws {
        var bytes: [UInt8] = [0x15, 0x05]  // field 1, i32, zigzag -3
        bytes += [0x11]  // field 2, boolean true in the type nibble
        bytes += [0x27] + [UInt8](repeating: 0, count: 8)  // field 4 (delta 2), double
        bytes += [0x1B, 0x01, 0x85, 0x01, 0x6B, 0x04]  // field 5, map<binary, i32> {"k": 2}
        bytes += [0x1A, 0x11, 0x01]  // field 6, set of one boolean (a whole byte in a collection)
        bytes += [0x13, 0x7F]  // field 7, byte
        bytes += [0x19, 0xF6, 0x10] + [UInt8](repeating: 0x02, count: 16)  // field 8, list<i64> of 16 (long form)
        bytes += [0x1B, 0x00]  // field 9, empty map
        bytes += [0x08, 0xC8, 0x01, 0x03] + Array("hé".utf8)  // field 100 in the long form, a binary of 3 bytes
        bytes += [0x00]
        var reader = ThriftCompactReader(bytes, from: 0, to: bytes.count)
        var seen: [Int16: String] = [:]
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .i32): seen[id] = String(try reader.readI32())
            case (2, .booleanTrue): seen[id] = String(try reader.readBool(type))
            case (100, .binary): seen[id] = try reader.readString()
            default:
                seen[id] = "skipped"
                try reader.skip(type)
            }
        }
        XCTAssertEqual(seen, [1: "-3", 2: "true", 4: "skipped", 5: "skipped", 6: "skipped", 7: "skipped", 8: "skipped",
                              9: "skipped", 100: "hé"])
        XCTAssertEqual(reader.bytesLeft, 0)
    }

    func testCompactProtocolRefusals() {
        let cases: [([UInt8], String)] = [
            ([0x15] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "varint past 64 bits"),
            ([0x1D], "unknown Thrift type 13"),
            ([0x18, 0x05, 0x61], "a string of 5 bytes, but 1 bytes are left"),
            ([0x08, 0x10, 0x02, 0xC3, 0x28, 0x00], "not UTF-8"),
            ([0x19, 0xF5, 0x80, 0x80, 0x80, 0x80, 0x10], "a list of 4294967296 elements"),
            ([0x1B, 0x7F, 0x55], "a map of 127 entries"),
            ([0x15], "ends early"),
            ([0x05, 0x80, 0x80, 0x04], "an i16 of 32768"),
            ([0xF5, 0x00, 0xF5, 0x00], "ends early"),
        ]
        for (bytes, message) in cases {
            var reader = ThriftCompactReader(bytes, from: 0, to: bytes.count)
            XCTAssertThrowsError(try reader.readStruct { reader, id, type in
                if id == 8, type == .binary { _ = try reader.readString() } else { try reader.skip(type) }
            }) { error in
                XCTAssertTrue((error as? ThriftCompactReader.Malformed)?.message.contains(message) == true, "\(error) lacks \(message)")
            }
        }
        // Nesting past the limit: structs inside structs, each field 1.
        let deep = [UInt8](repeating: 0x1C, count: ParquetLimits.maxThriftNesting + 1) + [UInt8](repeating: 0, count: ParquetLimits.maxThriftNesting + 2)
        var reader = ThriftCompactReader(deep, from: 0, to: deep.count)
        XCTAssertThrowsError(try reader.readStruct { reader, _, type in try reader.skip(type) }) { error in
            XCTAssertTrue((error as? ThriftCompactReader.Malformed)?.message.contains("nested more than 32") == true, "\(error)")
        }
        let shallow = [UInt8](repeating: 0x1C, count: ParquetLimits.maxThriftNesting - 1) + [UInt8](repeating: 0, count: ParquetLimits.maxThriftNesting)
        reader = ThriftCompactReader(shallow, from: 0, to: shallow.count)
        XCTAssertNoThrow(try reader.readStruct { reader, _, type in try reader.skip(type) })
    }

    func testCompressedPagesMustDecodeToTheirDeclaredSize() throws {
        // 1 MiB of zeros compressed by pyarrow (pa.compress): zstd in 51 bytes, gzip in 1,051.
        let zstd = bytes(hex: "28b52ffd8048000010005400001000000100fbff39c00202001000020010000200100002001000020010000200100003001000")
        let gzip = bytes(hex: "1f8b0800000000000203edc13101000000c2a0f54f6d085fa0") + [UInt8](repeating: 0, count: 1016)
            + bytes(hex: "3e031cea38a700001000")
        // A snappy block's varint header: 1 MiB.
        let snappy: [UInt8] = [0x80, 0x80, 0x40, 0x00, 0x00]
        let mebibyte = 1 << 20
        for (codec, data) in [(ParquetFooter.Codec.zstd, zstd), (.gzip, gzip)] {
            XCTAssertEqual(try ParquetCodecs.decompress(data, data.indices, codec: codec, size: mebibyte), [UInt8](repeating: 0, count: mebibyte))
        }
        // Declared smaller (a forged header): refused without writing past the declared size.
        for (codec, data, message) in [(ParquetFooter.Codec.zstd, zstd, "decodes to more than 100"), (.gzip, gzip, "decodes to more than 100"),
                                        (.snappy, snappy, "decodes to 1048576 bytes")] {
            XCTAssertThrowsError(try ParquetCodecs.decompress(data, data.indices, codec: codec, size: 100)) { error in
                XCTAssertTrue((error as? ThriftCompactReader.Malformed)?.message.contains(message) == true, "\(codec): \(error)")
            }
        }
        XCTAssertThrowsError(try ParquetCodecs.decompress([1, 2, 3], 0..<3, codec: .lz4Raw, size: 3)) { error in
            XCTAssertTrue("\(error)".contains("rewrite the file with snappy, zstd, gzip or no compression"))
        }
        XCTAssertThrowsError(try ParquetCodecs.decompress([1, 2, 3], 0..<3, codec: .zstd, size: 3))
    }

    private func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0 }
    }

    func testPlainValues() throws {
        let bytes: [UInt8] = [0xFE, 0xFF, 0xFF, 0xFF, 0x07, 0, 0, 0]
        XCTAssertEqual(try ParquetPlainValues.decode(bytes, 0..<8, type: .int32, count: 2), ["-2", "7"])
        XCTAssertEqual(try ParquetPlainValues.decode(bytes, 0..<8, type: .int64, count: 1), ["34359738366"])
        XCTAssertEqual(try ParquetPlainValues.decode([0b0000_0101], 0..<1, type: .boolean, count: 3), ["true", "false", "true"])
        XCTAssertThrowsError(try ParquetPlainValues.decode(bytes, 0..<8, type: .int64, count: 2))
        XCTAssertThrowsError(try ParquetPlainValues.decode(bytes, 0..<8, type: .double, count: 1))
    }
}
