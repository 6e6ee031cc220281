import WWData
import WWNumerics
import XCTest

final class IDXTests: XCTestCase {
    /// Three 2x2 images with distinct pixels and labels 2, 0, 1.
    private func writeMNISTLike(_ dir: TestDirectory, gzip: Bool = false) throws -> (String, String) {
        let pixels = (0..<12).map { UInt8($0 * 20) }
        var images = idxBytes(type: 0x08, shape: [3, 2, 2], body: pixels)
        var labels = idxBytes(type: 0x08, shape: [3], body: [2, 0, 1])
        if gzip { (images, labels) = (gzipStored(images), gzipStored(labels)) }
        let suffix = gzip ? ".gz" : ""
        return (try dir.write("images-idx3-ubyte" + suffix, images), try dir.write("labels-idx1-ubyte" + suffix, labels))
    }

    func testReadsImagesChannelsFirstScaledToUnitRange() throws {
        let dir = try TestDirectory()
        let (images, labels) = try writeMNISTLike(dir)
        let data = try Dataset.idx(images: images, labels: labels)
        XCTAssertEqual(data.features.shape, [3, 1, 2, 2])
        XCTAssertEqual(data.labels, [2, 0, 1])
        XCTAssertEqual(data.classNames, ["0", "1", "2"])
        XCTAssertEqual(data.features.floatValues, (0..<12).map { Float($0 * 20) / 255 })
        XCTAssertEqual(data.name, "images-idx3-ubyte")
    }

    func testReadsGzippedFilesIncludingMultipleMembers() throws {
        let dir = try TestDirectory()
        let (plainImages, plainLabels) = try writeMNISTLike(dir)
        let (images, labels) = try writeMNISTLike(dir, gzip: true)
        XCTAssertEqual(try Dataset.idx(images: images, labels: labels).features,
                       try Dataset.idx(images: plainImages, labels: plainLabels).features)
        // `cat a.gz b.gz` is a valid gzip file of both parts.
        let whole = idxBytes(type: 0x08, shape: [3], body: [1, 1, 0])
        let split = try dir.write("two-members.gz", gzipStored(Array(whole.prefix(6))) + gzipStored(Array(whole.dropFirst(6))))
        XCTAssertEqual(try IDXReader.read(split).values, [1, 1, 0])
        let truncated = try dir.write("truncated.gz", Array(gzipStored(whole).dropLast(12)))
        XCTAssertThrowsMessage(try IDXReader.read(truncated), contains: ["truncated.gz", "truncated"])
    }

    func testClassNamesCanBeGivenAndMustCoverTheLabels() throws {
        let dir = try TestDirectory()
        let (images, labels) = try writeMNISTLike(dir)
        let named = try Dataset.idx(images: images, labels: labels, classNames: ["T-shirt", "Trouser", "Pullover", "Dress"])
        XCTAssertEqual(named.classNames.count, 4)
        XCTAssertThrowsMessage(try Dataset.idx(images: images, labels: labels, classNames: ["a", "b"]),
                               contains: ["labels-idx1-ubyte", "label 2 of sample 0 is out of range for 2 class names"])
    }

    func testBadMagicNumberNamesTheFileAndOffset() throws {
        let dir = try TestDirectory()
        let path = try dir.write("bad", [0x1F, 0x00, 0x08, 0x01, 0, 0, 0, 1, 5])
        XCTAssertThrowsMessage(try IDXReader.read(path), contains: ["bad: at byte 0", "bad IDX magic number"])
        let type = try dir.write("type", [0, 0, 0x07, 1, 0, 0, 0, 1, 5])
        XCTAssertThrowsMessage(try IDXReader.read(type), contains: ["type: at byte 2", "unknown IDX type code 07"])
    }

    func testTruncatedHeaderAndDataAreErrors() throws {
        let dir = try TestDirectory()
        let header = try dir.write("header", [0, 0, 8, 3, 0, 0, 0, 3, 0, 0])
        XCTAssertThrowsMessage(try IDXReader.read(header), contains: ["header: at byte 10", "truncated IDX header", "need 16 bytes"])
        let data = try dir.write("data", idxBytes(type: 0x08, shape: [3, 2, 2], body: [UInt8](repeating: 1, count: 11)))
        XCTAssertThrowsMessage(try IDXReader.read(data), contains: ["data: at byte 27", "truncated IDX data", "need 28 bytes"])
        let tiny = try dir.write("tiny", [0, 0])
        XCTAssertThrowsMessage(try IDXReader.read(tiny), contains: ["truncated IDX header"])
    }

    func testDimensionMismatchesAreErrors() throws {
        let dir = try TestDirectory()
        let extra = try dir.write("extra", idxBytes(type: 0x08, shape: [2, 2], body: [1, 2, 3, 4, 5]))
        XCTAssertThrowsMessage(try IDXReader.read(extra), contains: ["extra: at byte 16", "more bytes after the data"])
        let images = try dir.write("images", idxBytes(type: 0x08, shape: [2, 1, 1], body: [1, 2]))
        let labels = try dir.write("labels", idxBytes(type: 0x08, shape: [3], body: [0, 1, 0]))
        XCTAssertThrowsMessage(try Dataset.idx(images: images, labels: labels), contains: ["labels: at byte 4", "3 labels but", "has 2 images"])
        let matrixLabels = try dir.write("matrix", idxBytes(type: 0x08, shape: [2, 1], body: [0, 1]))
        XCTAssertThrowsMessage(try Dataset.idx(images: images, labels: matrixLabels), contains: ["a labels file has 1 dimension"])
        let rank = try dir.write("rank", [0, 0, 8, 9])
        XCTAssertThrowsMessage(try IDXReader.read(rank), contains: ["1 to 4 dimensions"])
    }

    func testOtherValueTypesAreReadBigEndianAndUnscaled() throws {
        let dir = try TestDirectory()
        let shorts = try dir.write("shorts", idxBytes(type: 0x0B, shape: [2], body: [0x01, 0x00, 0xFF, 0xFE]))
        XCTAssertEqual(try IDXReader.read(shorts).values, [256, -2])
        let floats = try dir.write("floats", idxBytes(type: 0x0D, shape: [1], body: [0x3F, 0xC0, 0, 0]))
        XCTAssertEqual(try IDXReader.read(floats).values, [1.5])
        let nan = try dir.write("nan", idxBytes(type: 0x0D, shape: [1], body: [0x7F, 0xC0, 0, 0]))
        XCTAssertThrowsMessage(try IDXReader.read(nan), contains: ["nan: at byte 8", "not finite"])
        XCTAssertThrowsMessage(try IDXReader.read(dir.url.appendingPathComponent("missing").path), contains: ["missing", "no such file"])
    }
}
