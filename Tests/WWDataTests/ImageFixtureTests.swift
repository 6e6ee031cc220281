import Foundation
import WWBase
import WWNumerics
import XCTest
@testable import WWData

/// The image readers against Pillow and torchvision: `Tests/Fixtures/images`
/// (tools/make-image-fixtures.py). PNG pixels must match exactly, JPEG ones within one level
/// (libjpeg-turbo versions may round the IDCT differently; here they agree exactly).
final class ImageFixtureTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images")

    struct Expected: Decodable {
        let width: Int
        let height: Int
        let rgb: String
        let grey: String
        let resized: String
        let resized_tall: String
        let tall_size: [Int]
        let cropped: String
        let cropped_shape: [Int]
        let jpeg: Bool
    }

    struct Folder: Decodable {
        let classes: [String]
        let samples: [[Sample]]
        enum Sample: Decodable {
            case path(String), label(Int)
            init(from decoder: Decoder) throws {
                let value = try decoder.singleValueContainer()
                if let text = try? value.decode(String.self) { self = .path(text) } else { self = .label(try value.decode(Int.self)) }
            }
        }
    }

    struct RealImage: Decodable {
        let sha256: String
        let width: Int
        let height: Int
        let row_step: Int
        let rows: String
        let resized32: String
    }

    struct Fixture: Decodable {
        let modes: [String: Expected]
        let folder: Folder
        let sklearn: [String: RealImage]
    }

    static let fixture: Fixture = {
        // The fixture is committed; a decoding failure is a broken checkout, worth stopping on.
        let data = try! Data(contentsOf: directory.appendingPathComponent("images.json"))
        return try! JSONDecoder().decode(Fixture.self, from: data)
    }()

    func bytes(_ base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64) ?? Data()) }

    /// A `[c, h, w]` tensor of values k/255 as PIL's interleaved rows of bytes.
    func interleaved(_ tensor: Tensor) -> [UInt8] {
        let (c, h, w) = (tensor.shape[0], tensor.shape[1], tensor.shape[2])
        let values = tensor.floatValues
        var out = [UInt8](repeating: 0, count: values.count)
        for k in 0..<c { for i in 0..<h { for j in 0..<w { out[(i * w + j) * c + k] = UInt8((values[(k * h + i) * w + j] * 255).rounded()) } } }
        return out
    }

    func assertClose(_ ours: [UInt8], _ theirs: [UInt8], tolerance: Int, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ours.count, theirs.count, "\(what): sizes", file: file, line: line)
        let worst = zip(ours, theirs).map { abs(Int($0) - Int($1)) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance, "\(what): largest difference from PIL", file: file, line: line)
    }

    func testEveryColourModeAndDepthDecodesAsPIL() throws {
        XCTAssertEqual(Self.fixture.modes.count, 27)
        for (name, expected) in Self.fixture.modes.sorted(by: { $0.key < $1.key }) {
            let path = Self.directory.appendingPathComponent("modes/\(name)").path
            let tolerance = expected.jpeg ? 1 : 0
            let rgb = try ImageLoadOptions(mode: .rgb).load(file: path)
            XCTAssertEqual(rgb.shape, [3, expected.height, expected.width], name)
            assertClose(interleaved(rgb), bytes(expected.rgb), tolerance: tolerance, "\(name) rgb")
            let grey = try ImageLoadOptions(mode: .grey).load(file: path)
            assertClose(interleaved(grey), bytes(expected.grey), tolerance: tolerance, "\(name) grey")
            let resized = try ImageLoadOptions(geometry: ImageGeometry(resize: .exact(ImageSize(height: 5, width: 7)))).load(file: path)
            assertClose(interleaved(resized), bytes(expected.resized), tolerance: tolerance, "\(name) resized")
            let tallSize = ImageSize(height: expected.tall_size[0], width: expected.tall_size[1])
            let tall = try ImageLoadOptions(geometry: ImageGeometry(resize: .exact(tallSize))).load(file: path)
            assertClose(interleaved(tall), bytes(expected.resized_tall), tolerance: tolerance, "\(name) resized, vertical pass first")
            let cropped = try ImageLoadOptions(geometry: ImageGeometry(resize: .shorterSide(6), crop: ImageSize(height: 5, width: 5))).load(file: path)
            XCTAssertEqual([cropped.shape[1], cropped.shape[2], cropped.shape[0]], expected.cropped_shape, name)
            assertClose(interleaved(cropped), bytes(expected.cropped), tolerance: tolerance, "\(name) cropped")
        }
    }

    func testEXIFOrientationTurnsAsPIL() throws {
        // exif1..8 are one 6x4 picture stored with each orientation: 5..8 come out 4 wide.
        for orientation in 1...8 {
            let image = try ImageLoadOptions().load(file: Self.directory.appendingPathComponent("modes/exif\(orientation).jpg").path)
            XCTAssertEqual(image.shape, orientation >= 5 ? [3, 6, 4] : [3, 4, 6], "orientation \(orientation)")
            let unturned = try ImageLoadOptions(orient: false).load(file: Self.directory.appendingPathComponent("modes/exif\(orientation).jpg").path)
            XCTAssertEqual(unturned.shape, [3, 4, 6], "orient: false keeps the stored pixels")
        }
        // PNG eXIf chunks (their pixels are compared with PIL's exif_transpose in the modes test).
        for (orientation, shape) in [(3, [3, 4, 6]), (6, [3, 6, 4]), (8, [3, 6, 4])] {
            let path = Self.directory.appendingPathComponent("modes/exif\(orientation).png").path
            XCTAssertEqual(try ImageLoadOptions().load(file: path).shape, shape, "PNG orientation \(orientation)")
        }
        // libpng's test image carries orientation 5 in an eXIf chunk after IDAT, as PIL reads it.
        let pngtest = Self.directory.appendingPathComponent("modes/libpng-pngtest.png").path
        XCTAssertEqual(try ImageLoadOptions().load(file: pngtest).shape, [3, 91, 69])
        XCTAssertEqual(try ImageLoadOptions(orient: false).load(file: pngtest).shape, [3, 69, 91])
    }

    func testClassFoldersListAsTorchvisionImageFolder() throws {
        let root = Self.directory.appendingPathComponent("folder").path
        let listing = try ImageFolderListing.classFolders(root)
        XCTAssertEqual(listing.classNames, Self.fixture.folder.classes)
        let theirs = Self.fixture.folder.samples.map { pair -> String in
            guard case .path(let p) = pair[0], case .label(let l) = pair[1] else { return "?" }
            return "\(p) \(l)"
        }
        let ours = zip(listing.files, listing.labels).map { String($0.dropFirst(root.count + 1)) + " \($1)" }
        XCTAssertEqual(ours, theirs)
        XCTAssertEqual(listing.skipped, 1, "notes.txt")
        let data = try Dataset.imageFolder(root, options: ImageLoadOptions(geometry: ImageGeometry(resize: .exact(ImageSize(height: 4, width: 4)))))
        XCTAssertEqual(data.features.shape, [7, 3, 4, 4])
        XCTAssertEqual(data.name, "folder")
    }

    /// The two photographs inside scikit-learn's wheel (china.jpg 640x427, flower.jpg), copied
    /// into Tests/Fixtures/images/sklearn with their CC BY 2.0 licence: PIL's decode of every 8th
    /// row, and torchvision's Resize((32, 32)) of PIL's image, within one level.
    func testScikitLearnSampleJPEGsMatchPIL() throws {
        XCTAssertEqual(Self.fixture.sklearn.count, 2)
        for (name, expected) in Self.fixture.sklearn {
            let path = Self.directory.appendingPathComponent("sklearn/\(name)").path
            let image = try ImageLoadOptions().load(file: path)
            XCTAssertEqual(image.shape, [3, expected.height, expected.width], name)
            let all = interleaved(image)
            let rowBytes = expected.width * 3
            let sampled = stride(from: 0, to: expected.height, by: expected.row_step).flatMap { all[($0 * rowBytes)..<(($0 + 1) * rowBytes)] }
            assertClose(sampled, bytes(expected.rows), tolerance: 1, name)
            let small = try ImageLoadOptions(geometry: ImageGeometry(resize: .exact(ImageSize(height: 32, width: 32)))).load(file: path)
            assertClose(interleaved(small), bytes(expected.resized32), tolerance: 1, "\(name) resized to 32x32")
        }
    }
}
