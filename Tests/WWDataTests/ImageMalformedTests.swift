import Foundation
import WWBase
import XCTest
@testable import WWData

/// Bad image files and folders: each a clear error naming the file, never a crash or a hang.
final class ImageMalformedTests: XCTestCase {
    let modes = ImageFixtureTests.directory.appendingPathComponent("modes")

    func fixtureBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: modes.appendingPathComponent(name)))
    }

    /// A class folder per entry of `layout`, holding the given files' bytes.
    func folder(_ layout: [String: [String: [UInt8]]]) throws -> TestDirectory {
        let directory = try TestDirectory()
        for (cls, files) in layout {
            try FileManager.default.createDirectory(at: directory.url.appendingPathComponent(cls), withIntermediateDirectories: true)
            for (name, bytes) in files { try directory.write("\(cls)/\(name)", bytes) }
        }
        return directory
    }

    func testTruncatedFilesAreErrorsNamingThem() throws {
        let directory = try TestDirectory()
        for name in ["rgb.jpg", "progressive.jpg", "rgb.png", "rgb16.png"] {
            let bytes = try fixtureBytes(name)
            for keep in [bytes.count / 2, bytes.count - 20, 40] {
                let path = try directory.write("cut-\(keep)-\(name)", Array(bytes.prefix(keep)))
                XCTAssertThrowsMessage(try ImageDecoder.decode(file: path), contains: [path])
            }
            let path = try directory.write("half-\(name)", Array(bytes.prefix(bytes.count / 2)))
            XCTAssertThrowsMessage(try ImageDecoder.decode(file: path), contains: [path, "truncated"])
        }
    }

    /// A damaged eXIf chunk (a length past the end, a cut file, a TIFF header that lies) reads
    /// as upright; nothing is read outside the bytes.
    func testDamagedPNGOrientationChunksReadAsUpright() throws {
        let bytes = try fixtureBytes("exif6.png")
        XCTAssertEqual(ExifOrientation.ofPNG(bytes), 6)
        let at = try XCTUnwrap((8..<(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == Array("eXIf".utf8) })
        var huge = bytes
        for k in 0..<4 { huge[at - 4 + k] = 0xFF }
        XCTAssertEqual(ExifOrientation.ofPNG(huge), 1)
        XCTAssertEqual(ExifOrientation.ofPNG(Array(bytes.prefix(at + 10))), 1)
        var lying = bytes
        for k in 0..<4 { lying[at + 8 + k] = 0xFF }  // the IFD offset of the TIFF header
        XCTAssertEqual(ExifOrientation.ofPNG(lying), 1)
        for cut in stride(from: 0, to: bytes.count, by: 7) { _ = ExifOrientation.ofPNG(Array(bytes.prefix(cut))) }
    }

    func testPNGBombIsRefusedFromItsHeader() {
        let path = modes.appendingPathComponent("bomb.png").path
        XCTAssertThrowsMessage(try ImageDecoder.decode(file: path), contains: [path, "100000 x 100000", "ImageLimits.maxImagePixels"])
    }

    func testNonImagesAreNamed() throws {
        let path = modes.appendingPathComponent("not-an-image.png").path
        XCTAssertThrowsMessage(try ImageDecoder.decode(file: path), contains: [path, "not a PNG or JPEG"])
        let directory = try TestDirectory()
        let gif = try directory.write("a.gif", Array("GIF89a....".utf8))
        XCTAssertThrowsMessage(try ImageDecoder.decode(file: gif), contains: [gif, "GIF", "only PNG and JPEG"])
        let empty = try directory.write("empty.jpg", [])
        XCTAssertThrowsMessage(try ImageDecoder.decode(file: empty), contains: [empty, "empty"])
        // A corrupt body after a valid JPEG header: libjpeg's own message, not an exit.
        var garbled = try fixtureBytes("rgb.jpg")
        for k in 200..<garbled.count - 2 { garbled[k] = UInt8(truncatingIfNeeded: k &* 31) }
        let bad = try directory.write("garbled.jpg", garbled)
        XCTAssertThrowsError(try ImageDecoder.decode(file: bad))
        let fifo = directory.url.appendingPathComponent("pipe.png").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertThrowsMessage(try ImageDecoder.decode(file: fifo), contains: [fifo, "FIFO"])
    }

    func testFolderProblems() throws {
        let png = try fixtureBytes("rgb.png")
        // A text file with an image extension inside a class: an error naming it.
        let liar = try folder(["cat": ["1.png": png, "2.png": Array("text".utf8)], "dog": ["1.png": png]])
        XCTAssertThrowsMessage(try Dataset.imageFolder(liar.url.path), contains: ["cat/2.png", "not a PNG or JPEG"])
        // A non-image extension is skipped, as torchvision does.
        let notes = try folder(["cat": ["1.png": png, "README.md": Array("notes".utf8)], "dog": ["1.png": png]])
        XCTAssertEqual(try ImageFolderListing.classFolders(notes.url.path).skipped, 1)
        XCTAssertEqual(try Dataset.imageFolder(notes.url.path).count, 2)
        // An empty class.
        let empty = try folder(["cat": ["1.png": png], "dog": [:]])
        XCTAssertThrowsMessage(try Dataset.imageFolder(empty.url.path), contains: ["dog", "no image files"])
        // No class folders at all.
        let flat = try folder([:])
        try flat.write("1.png", png)
        XCTAssertThrowsMessage(try Dataset.imageFolder(flat.url.path), contains: [flat.url.path, "no class folders"])
        // Images of different sizes without size:.
        let sizes = try folder(["a": ["1.png": png, "2.jpg": try fixtureBytes("progressive.jpg")]])
        XCTAssertThrowsMessage(try Dataset.imageFolder(sizes.url.path), contains: ["a/2.jpg", "56x40", "13x9", "size:"])
        XCTAssertThrowsMessage(try Dataset.imageFolder(sizes.url.path + "/missing"), contains: ["missing", "does not exist"])
    }

    /// A file that cannot be read: an error naming it. Mode 000 stops other users, not root
    /// (which these tests may run as), so the always-unreadable file is a link to
    /// /proc/self/mem, a regular file whose first page cannot be read (EIO).
    func testUnreadableFilesAreErrorsNamingThem() throws {
        let png = try fixtureBytes("rgb.png")
        let directory = try folder(["cat": ["1.png": png], "dog": ["1.png": png]])
        let link = directory.url.appendingPathComponent("dog/2.png").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/mem")
        XCTAssertThrowsMessage(try Dataset.imageFolder(directory.url.path), contains: ["dog/2.png", "cannot be read"])
        try FileManager.default.removeItem(atPath: link)
        let locked = try directory.write("dog/3.png", png)
        XCTAssertEqual(chmod(locked, 0), 0)
        if geteuid() != 0 {
            XCTAssertThrowsMessage(try Dataset.imageFolder(directory.url.path), contains: ["dog/3.png", "not readable"])
        }
    }

    func testSymbolicLinkLoopsAndDanglingLinksAreErrors() throws {
        let png = try fixtureBytes("rgb.png")
        let loop = try folder(["cat": ["1.png": png]])
        try FileManager.default.createSymbolicLink(atPath: loop.url.appendingPathComponent("cat/again").path,
                                                   withDestinationPath: loop.url.appendingPathComponent("cat").path)
        XCTAssertThrowsMessage(try ImageFolderListing.classFolders(loop.url.path), contains: ["cat/again", "symbolic link loop"])
        let selfLink = try folder(["cat": ["1.png": png]])
        try FileManager.default.createSymbolicLink(atPath: selfLink.url.appendingPathComponent("cat/x.png").path, withDestinationPath: "x.png")
        XCTAssertThrowsMessage(try ImageFolderListing.classFolders(selfLink.url.path), contains: ["cat/x.png", "loop"])
        let dangling = try folder(["cat": ["1.png": png]])
        try FileManager.default.createSymbolicLink(atPath: dangling.url.appendingPathComponent("cat/gone.png").path, withDestinationPath: "/nonexistent/gone.png")
        XCTAssertThrowsMessage(try ImageFolderListing.classFolders(dangling.url.path), contains: ["cat/gone.png", "dangling"])
    }

    func testFlatFolderWithCSVLabels() throws {
        let png = try fixtureBytes("rgb.png"), jpg = try fixtureBytes("rgb.jpg")
        let directory = try folder(["images": ["a.png": png, "b.jpg": jpg, "c.png": png]])
        let labels = try directory.write("labels.csv", text: "file,label\nimages/a.png,dog\nimages/b.jpg,cat\nimages/c.png,dog\n")
        let data = try Dataset.imageFolder(directory.url.path, labelsFile: labels)
        XCTAssertEqual(data.classNames, ["cat", "dog"])
        XCTAssertEqual(data.labels, [1, 0, 1])
        XCTAssertEqual(data.features.shape, [3, 3, 9, 13])
        let escape = try directory.write("escape.csv", text: "file,label\n../x.png,dog\n")
        XCTAssertThrowsMessage(try Dataset.imageFolder(directory.url.path, labelsFile: escape), contains: ["escape.csv", "line 2", "not a path inside"])
        let missing = try directory.write("missing.csv", text: "file,label\nimages/zz.png,dog\n")
        XCTAssertThrowsMessage(try Dataset.imageFolder(directory.url.path, labelsFile: missing), contains: ["images/zz.png", "no such file"])
    }

    func testProgressCancellationAndThreadIndependence() throws {
        // 150 images: three chunks, so progress is reported between them.
        var files: [String: [UInt8]] = [:]
        let sources = try ["rgb.png", "rgb.jpg", "p.png", "l.jpg", "rgba.png"].map(fixtureBytes)
        for k in 0..<150 { files[String(format: "%03d.%@", k, k % 5 == 1 || k % 5 == 3 ? "jpg" : "png")] = sources[k % 5] }
        let directory = try folder(["x": files])
        let options = ImageLoadOptions(geometry: ImageGeometry(resize: .exact(ImageSize(height: 4, width: 6))))
        let log = ProgressLog()
        let data = try Dataset.imageFolder(directory.url.path, options: options, progress: log)
        XCTAssertEqual(log.entries.map(\.done), [0, 64, 128, 150])
        XCTAssertTrue(log.isFinished)
        // Each sample is the one-image decode of its own file, whatever thread decoded it.
        let listing = try ImageFolderListing.classFolders(directory.url.path)
        for index in [0, 1, 63, 64, 149] {
            let alone = try options.load(file: listing.files[index])
            XCTAssertEqual(Array(data.features.floatValues[(index * 72)..<((index + 1) * 72)]), alone.floatValues, "sample \(index)")
        }
        var polls = 0
        let cancel = Cancellation({ polls += 1; return polls > 1 })
        XCTAssertThrowsError(try Dataset.imageFolder(directory.url.path, options: options, cancellation: cancel)) { error in
            XCTAssertTrue(error is OperationCancelled, "\(error)")
        }
        XCTAssertEqual(polls, 2, "stopped at the second chunk")
    }
}
