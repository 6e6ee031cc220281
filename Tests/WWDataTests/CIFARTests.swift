import WWData
import WWNumerics
import XCTest

final class CIFARTests: XCTestCase {
    /// A record whose pixels encode (record, channel): red planes hold `base`, green `base + 1`,
    /// blue `base + 2`, so the channel order can be checked.
    private func record(labels: [UInt8], base: UInt8) -> [UInt8] {
        labels + [UInt8](repeating: base, count: 1024) + [UInt8](repeating: base + 1, count: 1024) + [UInt8](repeating: base + 2, count: 1024)
    }

    func testReadsACIFAR10DirectoryWithItsClassNames() throws {
        let dir = try TestDirectory()
        try dir.write("data_batch_1.bin", record(labels: [3], base: 10) + record(labels: [9], base: 20))
        try dir.write("data_batch_2.bin", record(labels: [0], base: 30))
        try dir.write("test_batch.bin", record(labels: [5], base: 40))
        try dir.write("batches.meta.txt", text: "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n")
        let train = try Dataset.cifar(paths: [dir.url.path])
        XCTAssertEqual(train.features.shape, [3, 3, 32, 32])
        XCTAssertEqual(train.labels, [3, 9, 0])
        XCTAssertEqual(train.classNames, ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])
        XCTAssertEqual(try train.features.element(at: [1, 0, 5, 5]), 20.0 / 255, accuracy: 1e-7)
        XCTAssertEqual(try train.features.element(at: [1, 2, 31, 31]), 22.0 / 255, accuracy: 1e-7)
        let test = try Dataset.cifar(paths: [dir.url.path], split: "test")
        XCTAssertEqual(test.labels, [5])
    }

    func testBatchFilesWithoutMetadataUseTheCIFAR10Names() throws {
        let dir = try TestDirectory()
        let file = try dir.write("data_batch_1.bin", record(labels: [1], base: 0))
        let data = try Dataset.cifar(paths: [file, file])
        XCTAssertEqual(data.count, 2)
        XCTAssertEqual(data.classNames[1], "automobile")
    }

    func testCIFAR100ReadsFineOrCoarseLabels() throws {
        let dir = try TestDirectory()
        try dir.write("train.bin", record(labels: [4, 77], base: 1) + record(labels: [19, 99], base: 2))
        let fine = try Dataset.cifar(paths: [dir.url.path])
        XCTAssertEqual(fine.labels, [77, 99])
        XCTAssertEqual(fine.classNames.count, 100)
        let coarse = try Dataset.cifar(paths: [dir.url.path], labels: .coarse)
        XCTAssertEqual(coarse.labels, [4, 19])
        XCTAssertEqual(coarse.classNames.count, 20)
        XCTAssertEqual(try coarse.features.element(at: [1, 1, 0, 0]), 3.0 / 255, accuracy: 1e-7)
    }

    func testSizeNotAMultipleOfTheRecordIsAnErrorWithTheOffset() throws {
        let dir = try TestDirectory()
        let file = try dir.write("data_batch_1.bin", record(labels: [1], base: 0) + [7, 7, 7])
        XCTAssertThrowsMessage(try Dataset.cifar(paths: [file]),
                               contains: ["data_batch_1.bin: at byte 3073", "size 3076 is not a multiple of the cifar10 record size 3073"])
        let empty = try dir.write("test_batch.bin", [])
        XCTAssertThrowsMessage(try Dataset.cifar(paths: [empty]), contains: ["test_batch.bin", "empty"])
    }

    func testLabelOutOfRangeAndMissingFilesAreErrors() throws {
        let dir = try TestDirectory()
        let file = try dir.write("data_batch_1.bin", record(labels: [12], base: 0))
        XCTAssertThrowsMessage(try Dataset.cifar(paths: [file]), contains: ["at byte 0", "label 12 of record 0 is out of range 0..<10"])
        let empty = try TestDirectory()
        XCTAssertThrowsMessage(try Dataset.cifar(paths: [empty.url.path]), contains: ["no CIFAR train files"])
        XCTAssertThrowsMessage(try Dataset.cifar(paths: [dir.url.path], split: "valid"), contains: ["split must be"])
        try dir.write("batches.meta.txt", text: "a\nb\n")
        XCTAssertThrowsMessage(try Dataset.cifar(paths: [file]), contains: ["lists 2 names", "need 10"])
    }
}
