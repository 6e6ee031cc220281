import XCTest
import WWNumerics
@testable import WWDiversity

/// Pixel mode with the reference's 32 x 32 resize: PIL's bytes exactly, and its score.
final class PixelResizeTests: XCTestCase {
    /// A fixture image (PIL's height x width x channels bytes) as wwn holds it: channels first, in [0, 1].
    func image(_ entry: [String: Any], channels: Int) throws -> Tensor {
        let height = try XCTUnwrap(entry["height"] as? Int), width = try XCTUnwrap(entry["width"] as? Int)
        let bytes = try XCTUnwrap(entry["bytes"] as? [Int])
        var values = [Float](repeating: 0, count: bytes.count)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { values[(c * height + y) * width + x] = Float(bytes[(y * width + x) * channels + c]) / 255 }
            }
        }
        return try Tensor(shape: [channels, height, width], values: values)
    }

    func testBytesAndScoresMatchPIL() throws {
        let section = try DiversityFixtures.section("resized")
        for key in ["gray", "rgb"] {
            let set = try XCTUnwrap(section[key] as? [String: Any])
            let channels = try XCTUnwrap(set["channels"] as? Int)
            let entries = try XCTUnwrap(set["images"] as? [[String: Any]])
            let images = try entries.map { try image($0, channels: channels) }
            for (index, entry) in entries.enumerated() {
                let expected = try XCTUnwrap(entry["resized"] as? [Int])
                let bytes = try PixelResize.resizedBytes(images[index], size: 32, index: index, argument: "x")
                // PIL is height x width x channels; wwn channels first.
                var mismatches = 0
                for y in 0..<32 {
                    for x in 0..<32 {
                        for c in 0..<channels where Int(bytes[(c * 32 + y) * 32 + x]) != expected[(y * 32 + x) * channels + c] { mismatches += 1 }
                    }
                }
                XCTAssertEqual(mismatches, 0, "\(key) image \(index) (\(images[index].shape))")
            }
            let score = try EmbeddingVendi.score(EmbeddingVendi.pixelMatrix(images, resize: 32))
            assertRelative(score, try XCTUnwrap(set["vendi"] as? Double), 1e-9, "\(key) pixel_vendi_score")
        }
    }

    func testResizeRefusals() throws {
        let gray = try Tensor.zeros(shape: [1, 4, 4], elementType: .float32)
        let rgb = try Tensor.zeros(shape: [3, 4, 4], elementType: .float32)
        XCTAssertThrowsError(try EmbeddingVendi.pixelMatrix([gray, rgb], resize: 32)) { error in
            XCTAssertTrue("\(error)".contains("image 1 has 3 channels but image 0 has 1"), "\(error)")
        }
        let bright = try Tensor(shape: [1, 1, 2], values: [0.5, 2] as [Double])
        XCTAssertThrowsError(try EmbeddingVendi.pixelMatrix([bright], resize: 32)) { error in
            XCTAssertTrue("\(error)".contains("value 2.0 at element 1"), "\(error)")
        }
        XCTAssertThrowsError(try EmbeddingVendi.pixelMatrix([gray], resize: 0))
    }
}
