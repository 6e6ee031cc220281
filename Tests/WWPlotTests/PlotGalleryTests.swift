import Foundation
import XCTest

/// The plotting issue's done-when: the gallery notebook, with every plot kind, runs through
/// `wwn run` and its report embeds a real image for each figure.
final class PlotGalleryTests: XCTestCase {
    /// The `wwn` executable sits next to the test bundle in SwiftPM's products directory.
    private var binary: URL {
        var url = Bundle(for: PlotGalleryTests.self).bundleURL
        while url.pathExtension == "xctest" { url.deleteLastPathComponent() }
        return url.appendingPathComponent("wwn")
    }

    private var gallery: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("notebooks/plots-gallery.wwn")
    }

    func testGalleryReportEmbedsAnImageOfEveryKind() throws {
        let scratch = try ScratchDirectory()
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", gallery.path, "-o", scratch.url.path, "--quiet"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, stderr)

        let html = try String(contentsOfFile: scratch.path("index.html"), encoding: .utf8)
        let prefix = "data:image/png;base64,"
        var images: [Data] = []
        var rest = html[...]
        while let start = rest.range(of: prefix) {
            let tail = rest[start.upperBound...]
            let end = tail.firstIndex(of: "\"") ?? tail.endIndex
            images.append(try XCTUnwrap(Data(base64Encoded: String(tail[..<end]))))
            rest = tail[end...]
        }
        let kinds = ["scatter", "line", "histogram", "heatmap", "metric_vs_accuracy", "training_curves", "esd"]
        XCTAssertEqual(images.count, kinds.count, "one embedded PNG per plot kind")
        for kind in kinds { XCTAssertTrue(html.contains("&lt;figure \(kind)"), "no \(kind) figure in the report") }
        for image in images { try assertRealPNG(image, minimumColors: 8) }

        let markdown = try String(contentsOfFile: scratch.path("report.md"), encoding: .utf8)
        let links = markdown.components(separatedBy: "](<").dropFirst().compactMap { $0.components(separatedBy: ">)").first }
        XCTAssertEqual(links.count, kinds.count, markdown)
        for link in links {
            let size = try PNGImage.size(of: try Data(contentsOf: scratch.url.appendingPathComponent(link)))
            XCTAssertGreaterThan(size.width * size.height, 0, link)
        }
    }
}
