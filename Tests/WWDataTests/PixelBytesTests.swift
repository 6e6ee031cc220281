import Foundation
import XCTest
import WWNumerics
@testable import WWData

/// Image sets kept as bytes: every operation on them gives what it gives on the float set.
final class PixelBytesTests: XCTestCase {
    /// 6 samples of 3 x 2 x 2 bytes, 3 classes, and the same set as float32.
    func pair() throws -> (bytes: Dataset, floats: Dataset) {
        let bytes = (0..<72).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let pixels = try PixelBytes(shape: [6, 3, 2, 2], bytes: bytes)
        let labels = [0, 1, 2, 0, 1, 2], names = ["a", "b", "c"]
        let byteSet = try Dataset(name: "s", pixels: pixels, labels: labels, classNames: names)
        let floatSet = try Dataset(name: "s", features: try Tensor(shape: [6, 3, 2, 2], values: bytes.map { Float($0) / 255 }),
                                   labels: labels, classNames: names)
        return (byteSet, floatSet)
    }

    func testFeaturesAreTheBytesOver255() throws {
        let (bytes, floats) = try pair()
        XCTAssertNotNil(bytes.pixelBytes)
        XCTAssertEqual(bytes.features, floats.features)
        XCTAssertEqual(bytes.sampleShape, [3, 2, 2])
        XCTAssertEqual(PixelBytes.unitFloats[255], 1)
        XCTAssertEqual(PixelBytes.unitFloats[0], 0)
    }

    func testSelectionBatchingFlatteningAndJoiningStayInBytes() throws {
        let (bytes, floats) = try pair()
        let picks = [5, 0, 0, 3]
        let chosen = try bytes.samples(at: picks)
        XCTAssertNotNil(chosen.pixelBytes)
        XCTAssertEqual(chosen.features, try floats.samples(at: picks).features)
        XCTAssertEqual(chosen.labels, [2, 0, 0, 0])
        for (b, f) in zip(try bytes.batches(size: 4), try floats.batches(size: 4)) {
            XCTAssertNotNil(b.pixelBytes)
            XCTAssertEqual(b.features, f.features)
        }
        let flat = try bytes.flattened()
        XCTAssertNotNil(flat.pixelBytes)
        XCTAssertEqual(flat.features, try floats.flattened().features)
        let joined = try bytes.concatenated(with: chosen)
        XCTAssertNotNil(joined.pixelBytes)
        XCTAssertEqual(joined.features, try floats.concatenated(with: floats.samples(at: picks)).features)
        let kept = try bytes.keepingClasses([2, 0])
        XCTAssertNotNil(kept.pixelBytes)
        XCTAssertEqual(kept.labels, [1, 0, 1, 0])
        XCTAssertEqual(kept.features, try floats.keepingClasses([2, 0]).features)
        // Mixed with a float set, the result is floats.
        XCTAssertNil(try bytes.concatenated(with: floats).pixelBytes)
        XCTAssertEqual(try bytes.concatenated(with: floats).features, try floats.concatenated(with: floats).features)
        // Setting features replaces the bytes.
        var replaced = bytes
        replaced.features = floats.features
        XCTAssertNil(replaced.pixelBytes)
    }

    func testNormalisingAndCorruptingGiveWhatTheFloatSetGives() throws {
        let (bytes, floats) = try pair()
        XCTAssertEqual(try bytes.channelStatistics(), try floats.channelStatistics())
        XCTAssertEqual(try bytes.normalised().dataset.features, try floats.normalised().dataset.features)
        var (r1, r2) = (SeededRandom(seed: 9), SeededRandom(seed: 9))
        let noise = try Corruption(.noise, strength: 0.1)
        XCTAssertEqual(try noise.transform(bytes, random: &r1).features, try noise.transform(floats, random: &r2).features)
    }

    func testShapeMustMatchTheBytes() {
        XCTAssertThrowsError(try PixelBytes(shape: [2, 3], bytes: [1, 2, 3]))
        XCTAssertThrowsError(try PixelBytes(shape: [3], bytes: [1, 2, 3]))
        XCTAssertThrowsError(try PixelBytes(shape: [Int.max, 4], bytes: []))
    }

    /// load_images keeps bytes, and their floats are the renderer's byte / 255.
    func testAnImageFolderLoadsAsBytes() throws {
        let data = try Dataset.imageFolder(ImageFixtureTests.directory.appendingPathComponent("folder").path,
                                           options: ImageLoadOptions(geometry: ImageGeometry(resize: .exact(ImageSize(height: 4, width: 5)))))
        let pixels = try XCTUnwrap(data.pixelBytes)
        XCTAssertEqual(pixels.shape, [data.count, 3, 4, 5])
        XCTAssertEqual(data.features.floatValues, pixels.bytes.map { Float($0) / 255 })
    }
}
