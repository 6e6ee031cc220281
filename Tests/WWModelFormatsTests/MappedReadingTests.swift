import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

/// A model file is mapped, never read whole: opening touches only the header, and reading a
/// tensor costs about that tensor. Measured on a 300 MB file made in the test (sparse, so it
/// costs no disk and no time to write) and deleted after.
final class MappedReadingTests: XCTestCase {
    static let bigTensorElements = 25_000_000  // 100 MB of float32
    static let slack = 40_000_000              // allocator and test-runner noise

    func testOpeningAndReadingOneTensorStaysSmall() throws {
        guard residentBytes() != nil else { throw XCTSkip("needs /proc/self/status") }
        let directory = try TemporaryDirectory()
        let path = directory.file("big.safetensors")
        let big = Self.bigTensorElements * 4
        var tensors: [(String, StorageType, [Int], Range<Int>)] = []
        for i in 0..<3 { tensors.append(("big.\(i)", .float32, [5_000, 5_000], (i * big)..<((i + 1) * big))) }
        tensors.append(("small", .float32, [256, 256], (3 * big)..<(3 * big + 256 * 256 * 4)))
        let header = SafetensorsWriter.headerBytes(tensors.map { ($0.0, $0.1, $0.2, $0.3) }, metadata: [])
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header
        // Some non-zero values at the start of `small`, the rest stays a hole (zeros).
        let total = 8 + header.count + 3 * big + 256 * 256 * 4
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(total))
        try handle.seek(toOffset: UInt64(8 + header.count + 3 * big))
        try handle.write(contentsOf: Data(float32Bytes([1.5, -2.5, 3.25])))
        try handle.close()
        bytes = []

        let before = try XCTUnwrap(residentBytes())
        let model = try ModelFile.open(path)
        XCTAssertEqual(model.weights.count, 4)
        let afterOpen = try XCTUnwrap(residentBytes())
        XCTAssertLessThan(afterOpen - before, 8_000_000, "opening read more than the header")

        let small = try model.tensor(named: "small")
        XCTAssertEqual(Array(small.floatValues.prefix(4)), [1.5, -2.5, 3.25, 0])
        let afterSmall = try XCTUnwrap(residentBytes())
        XCTAssertLessThan(afterSmall - before, Self.slack, "reading a 256 KB tensor grew the resident set by \(afterSmall - before) bytes")

        // A 100 MB tensor costs its own array; its mapped pages are released after the copy, so
        // reading a second one does not add the first's pages.
        // The kernel's high-water mark (reset through clear_refs) sees the peak inside the copy too.
        let canResetPeak = FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs")
        if canResetPeak { try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }
        var peak = afterSmall
        for i in 0..<2 {
            let tensor = try model.tensor(named: "big.\(i)")
            XCTAssertEqual(tensor.count, Self.bigTensorElements)
            peak = max(peak, try XCTUnwrap(residentBytes(field: canResetPeak ? "VmHWM:" : "VmRSS:")))
        }
        XCTAssertLessThan(peak - before, big + Self.slack, "reading 100 MB tensors one at a time grew the resident set by \(peak - before) bytes")
    }
}
