import Foundation
import WWNumerics
import XCTest
@testable import WWData

/// Truncated, corrupted and forged Parquet files: each is a ``DataFileError`` naming the file
/// (or loads), never a crash, a hang or an allocation of what a header merely declares.
final class ParquetHardeningTests: XCTestCase {
    func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: ParquetFixtureTests.fixtures.appendingPathComponent(name)))
    }

    /// Loads `bytes` as `name`; returns the error's text, or nil when the file loaded.
    func loadError(_ bytes: [UInt8], in directory: TestDirectory, name: String = "set.parquet") throws -> String? {
        let path = try directory.write(name, bytes)
        do {
            _ = try Dataset.text(path: path, features: .none)
            return nil
        } catch let error as DataFileError {
            XCTAssertEqual(error.path, path)
            return "\(error)"
        } catch let error as DatasetError {
            return "\(error)"
        }
    }

    func testEveryTruncationIsAnErrorNamingTheFile() throws {
        // The reader on the bytes (no file written per length: 6,000 files took 46 s).
        for name in ["reviews-snappy-dict-v1.parquet", "reviews-zstd-plain-v2.parquet"] {
            let bytes = try fixture(name)
            for length in 0..<bytes.count {
                XCTAssertThrowsError(try ParquetText.examples(Array(bytes[0..<length]), path: name, textField: "text", labelField: "label"),
                                     "\(name) cut to \(length) bytes loaded") { error in
                    XCTAssertEqual((error as? DataFileError)?.path, name)
                }
            }
        }
    }

    func testCorruptedBytesAreErrorsOrLoad() throws {
        // Bytes changed at seeded places in every codec's file: the decoders meet lengths, run
        // headers, bit widths and dictionary indices they never saw. Most changes are refused;
        // some (inside a text) still load. None may crash or hang.
        let directory = try TestDirectory()
        var random = SeededRandom(seed: 16)
        var refused = 0
        for codec in ["none", "snappy", "zstd", "gzip"] {
            let bytes = try fixture("reviews-\(codec)-dict-v2.parquet")
            for _ in 0..<150 {
                var corrupted = bytes
                for _ in 0..<random.nextInt(in: 1...3) {
                    corrupted[random.nextInt(in: 4...(bytes.count - 9))] = UInt8(truncatingIfNeeded: random.next())
                }
                if try loadError(corrupted, in: directory) != nil { refused += 1 }
            }
        }
        // 403 of the 600 were refused when this was written.
        XCTAssertGreaterThan(refused, 300)
    }

    func testEveryCutWithTheFooterKeptIsAnError() throws {
        // A file cut inside its data but with its footer put back (a partial copy): the column
        // chunks the footer points at are no longer all there.
        for name in ["reviews-gzip-dict-v2.parquet", "reviews-none-plain-v1.parquet"] {
            let bytes = try fixture(name)
            let footer = try ParquetFooter(bytes, path: name)
            for length in 4..<footer.metadataStart {
                let cut = Array(bytes[0..<length] + bytes[footer.metadataStart...])
                XCTAssertThrowsError(try ParquetText.examples(cut, path: name, textField: "text", labelField: "label"),
                                     "\(name) cut to \(length) data bytes loaded") { error in
                    XCTAssertEqual((error as? DataFileError)?.path, name)
                }
            }
        }
    }

    func testFooterLengthAndMagicNumbers() throws {
        let directory = try TestDirectory()
        let bytes = try fixture("reviews-none-dict-v1.parquet")
        let lengthAt = bytes.count - 8
        for bogus: UInt32 in [0, 0xFFFF_FFFF, UInt32(bytes.count - 7), UInt32(bytes.count)] {
            var forged = bytes
            for k in 0..<4 { forged[lengthAt + k] = UInt8(truncatingIfNeeded: bogus >> UInt32(8 * k)) }
            XCTAssertTrue(try loadError(forged, in: directory)?.contains("the footer length \(Int(bogus)) does not fit") == true)
        }
        // A footer length that lands inside the data pages: the footer is malformed.
        var shifted = bytes
        shifted[lengthAt] &+= 40
        XCTAssertTrue(try loadError(shifted, in: directory)?.contains("footer (FileMetaData) is malformed") == true)
        var encrypted = bytes
        encrypted.replaceSubrange((bytes.count - 4)..., with: Array("PARE".utf8))
        XCTAssertTrue(try loadError(encrypted, in: directory)?.contains("encrypted Parquet file") == true)
        XCTAssertTrue(try loadError(Array("PAR1 not really".utf8) + Array(repeating: 0, count: 12), in: directory)?
            .contains("not a Parquet file") == true)
    }

    // MARK: Forged files (built with the compact-protocol writer below)

    func testTheForgingWriterMakesAReadableFile() throws {
        let directory = try TestDirectory()
        let path = try directory.write("forged.parquet", ForgedParquet().bytes())
        let data = try Dataset.text(path: path, features: .none)
        XCTAssertEqual(data.texts, ["ab", "cd"])
        XCTAssertEqual(data.classNames, ["-1", "7"])
        XCTAssertEqual(data.labels, [0, 1])
    }

    func testHugeDeclaredPageSizes() throws {
        let directory = try TestDirectory()
        var forged = ForgedParquet()
        forged.uncompressedPageSize = Int64(Int32.max)
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("ParquetLimits.maxPageBytes") == true)
        forged = ForgedParquet()
        forged.uncompressedPageSize = Int64(ParquetLimits.maxPageBytes)
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("an uncompressed page of 12 bytes declares 268435456") == true)
        forged = ForgedParquet()
        forged.compressedPageSize = Int(Int32.max)
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("the page declares 2147483647 bytes, but the column chunk has") == true)
        forged = ForgedParquet()
        forged.pageValueCount = 1 << 30
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("ParquetLimits.maxPageValues") == true)
        forged = ForgedParquet()
        forged.stringLength = 0x7FFF_FFF0
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("a string of 2147483632 bytes") == true)
        forged = ForgedParquet()
        forged.rowCount = Int64.max
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("DataLimits.maxSamples") == true)
        forged = ForgedParquet()
        forged.chunkOffset = 1 << 50
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("lies outside the data") == true)
    }

    func testForgedThriftStructures() throws {
        let directory = try TestDirectory()
        var forged = ForgedParquet()
        forged.extraNesting = 100_000
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("nested more than 32 deep") == true)
        forged = ForgedParquet()
        forged.schemaListLength = 1 << 40
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("a list of 1099511627776 elements") == true)
        forged = ForgedParquet()
        forged.nameLength = 1 << 62
        XCTAssertTrue(try loadError(forged.bytes(), in: directory)?.contains("a string of 4611686018427387904 bytes") == true)
    }
}

/// A minimal Parquet file (two required columns, text BYTE_ARRAY and label INT32, one row
/// group of two rows, one uncompressed PLAIN data page v1 each), with fields to forge.
struct ForgedParquet {
    var uncompressedPageSize: Int64?
    var compressedPageSize: Int?
    var pageValueCount: Int64 = 2
    var stringLength: UInt32?
    var rowCount: Int64 = 2
    var chunkOffset: Int64?
    var extraNesting = 0
    var schemaListLength: Int?
    var nameLength: Int?

    func bytes() -> [UInt8] {
        var file = Array("PAR1".utf8)
        let textValues = le32(stringLength ?? 2) + Array("ab".utf8) + le32(2) + Array("cd".utf8)
        let labelValues = le32(UInt32(bitPattern: -1)) + le32(7)
        var chunks: [(offset: Int, size: Int, type: Int64)] = []
        for (values, type) in [(textValues, Int64(6)), (labelValues, Int64(1))] {
            var header = CompactWriter()
            header.i32(1, 0)
            header.i32(2, uncompressedPageSize ?? Int64(values.count))
            header.i32(3, Int64(compressedPageSize ?? values.count))
            header.beginStruct(5)
            header.i32(1, pageValueCount)
            header.i32(2, 0)
            header.i32(3, 3)
            header.i32(4, 3)
            header.end()
            header.end()
            chunks.append((file.count, header.bytes.count + values.count, type))
            file += header.bytes + values
        }
        var meta = CompactWriter()
        meta.i32(1, 1)
        meta.beginList(2, count: schemaListLength ?? 3)
        for (name, type, children) in [("schema", Int64?.none, Int64?.some(2)), ("text", 6, nil), ("label", 1, nil)] {
            if let type { meta.i32(1, type) }
            meta.i32(3, 0)
            if let nameLength, name == "text" { meta.binary(4, Array(name.utf8), declaredLength: nameLength) } else { meta.binary(4, Array(name.utf8)) }
            if let children { meta.i32(5, children) }
            meta.end()
        }
        meta.i64(3, rowCount)
        meta.beginList(4, count: 1)
        meta.beginList(1, count: 2)
        for chunk in chunks {
            meta.i64(2, Int64(chunk.offset))
            meta.beginStruct(3)
            meta.i32(1, chunk.type)
            meta.i32(4, 0)
            meta.i64(5, 2)
            meta.i64(6, Int64(chunk.size))
            meta.i64(7, Int64(chunk.size))
            meta.i64(9, chunkOffset ?? Int64(chunk.offset))
            meta.end()
            meta.end()
        }
        meta.i64(3, rowCount)
        meta.end()
        for _ in 0..<extraNesting { meta.beginStruct(20) }
        meta.end()
        file += meta.bytes + le32(UInt32(meta.bytes.count)) + Array("PAR1".utf8)
        return file
    }

    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(8 * $0)) } }
}

/// Thrift compact protocol output, fields in the long form (type byte, then the zigzag id),
/// which the reader must accept as well as pyarrow's short deltas. A list's elements here are
/// structs; `end` closes a struct (a list of structs closes with its last element).
struct CompactWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func zigzag(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func field(_ id: Int16, _ type: UInt8) {
        bytes.append(type)
        zigzag(Int64(id))
    }

    mutating func i32(_ id: Int16, _ value: Int64) { field(id, 5); zigzag(value) }
    mutating func i64(_ id: Int16, _ value: Int64) { field(id, 6); zigzag(value) }
    mutating func binary(_ id: Int16, _ value: [UInt8], declaredLength: Int? = nil) {
        field(id, 8)
        varint(UInt64(declaredLength ?? value.count))
        bytes += value
    }
    mutating func beginStruct(_ id: Int16) { field(id, 12) }
    mutating func beginList(_ id: Int16, count: Int) {
        field(id, 9)
        bytes.append(0xF0 | 12)
        varint(UInt64(count))
    }
    mutating func end() { bytes.append(0) }
}
