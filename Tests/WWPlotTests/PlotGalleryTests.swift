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

    private func runWWN(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardError = errors
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    func testShowInAScriptPrintsATextPreviewAndAnImagePath() throws {
        let scratch = try ScratchDirectory()
        let script = scratch.path("show.wwn")
        try "let f = histogram([1, 2, 2, 3, 3, 3], title: \"counts\")\nshow(f)\nf\n".write(toFile: script, atomically: true, encoding: .utf8)
        let run = try runWWN([script])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("counts"), run.stdout)
        XCTAssertTrue(run.stdout.contains("+---"), "no axes drawn:\n\(run.stdout)")
        XCTAssertTrue(run.stdout.contains("<figure histogram: counts> drawn as /"), run.stdout)
        XCTAssertTrue(run.stdout.contains(".png\n<figure histogram: counts>\n"), run.stdout)
    }

    func testGalleryReportEmbedsAnImageOfEveryKind() throws {
        let scratch = try ScratchDirectory()
        let run = try runWWN(["run", gallery.path, "-o", scratch.url.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)

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
        let kinds = ["scatter", "line", "histogram", "bar", "heatmap", "metric_vs_accuracy", "training_curves", "esd", "ccdf"]
        // The histogram appears twice: by group, and as a density with an overlaid curve.
        XCTAssertEqual(images.count, kinds.count + 1, "one embedded PNG per figure")
        for kind in kinds { XCTAssertTrue(html.contains("&lt;figure \(kind)"), "no \(kind) figure in the report") }
        for image in images { try assertRealPNG(image, minimumColors: 8) }

        let markdown = try String(contentsOfFile: scratch.path("report.md"), encoding: .utf8)
        // Each figure is an image that links to its file: `[![title](<file>)](<file>)`.
        let links = Set(markdown.components(separatedBy: "](<").dropFirst().compactMap { $0.components(separatedBy: ">)").first })
        XCTAssertEqual(links.count, kinds.count + 1, markdown)
        for link in links {
            let size = try PNGImage.size(of: try Data(contentsOf: scratch.url.appendingPathComponent(link)))
            XCTAssertGreaterThan(size.width * size.height, 0, link)
        }
    }
}
