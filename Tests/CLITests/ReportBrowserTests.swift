import Foundation
import WWData
import XCTest

/// Opens a report `wwn run` wrote in headless Chromium (Debian's `chromium`), with no network:
/// the maths is laid out as MathML, the figure's image decodes, the failing cell shows, and the
/// screenshot is a page, not a blank.
///
/// Chromium is not in the Makefile's DEBIAN_PACKAGES: it downloads 124 MB and takes 414 MB on
/// disk (apt-get, Debian 12, measured), more than every other dependency together, for this one
/// test. The test installs it itself when it runs as root with apt-get, and otherwise skips
/// saying how to install it. Set WWN_KEEP_SCREENSHOT=path to keep the screenshot.
final class ReportBrowserTests: XCTestCase {
    /// Longest wait for Chromium to load and draw a local page (it takes about 3 s).
    static let browserTimeout: TimeInterval = 120
    /// Longest wait for apt-get to download and install Chromium.
    static let installTimeout: TimeInterval = 1_200
    /// The screenshot's size: wide as a laptop screen, tall enough for the whole report (about
    /// 1,450 pixels).
    static let windowSize = (width: 1100, height: 1600)

    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private static var binary: URL {
        var url = Bundle(for: ReportBrowserTests.self).bundleURL
        while url.pathExtension == "xctest" || url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.appendingPathComponent("wwn")
    }

    static let notebook = """
        #%% md
        # # Spectra
        # The tail of the eigenvalue density follows $\\rho(\\lambda) \\sim \\lambda^{-\\alpha}$, fitted by
        # $$\\hat\\alpha = 1 + n \\left(\\sum_{i=1}^{n} \\ln \\frac{\\lambda_i}{\\lambda_{\\min}}\\right)^{-1}$$
        #%% A figure
        let t = table([{x: i, y: i * i} for i in 1..<6])
        lineplot(t, x: "x", y: "y", title: "Squares")
        #%% A failing cell
        let x = [1][3]

        """

    func testReportRendersInHeadlessChromium() throws {
        let chromium = try Self.locateOrInstallChromium()
        let notebook = directory.appendingPathComponent("spectra.wwn")
        try Self.notebook.write(to: notebook, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out")
        let run = try Self.run(Self.binary.path, ["run", notebook.path, "-o", out.path, "--quiet"], in: directory, timeout: Self.browserTimeout)
        XCTAssertEqual(run.status, 70, "the last cell fails: \(run.stderr)")
        let index = out.appendingPathComponent("index.html")
        let html = try String(contentsOf: index, encoding: .utf8)

        // The page's state after loading, written into the DOM by a probe script added to a copy
        // (the report itself has no scripts).
        let probe = """
            <script>
            window.addEventListener("load", function () {
              var maths = Array.from(document.querySelectorAll("math"));
              var failed = document.querySelector("section.cell.failed pre.error");
              var result = {
                maths: maths.length,
                mathLayout: maths.filter(function (m) { return getComputedStyle(m).display.indexOf("math") >= 0; }).length,
                fractionHeight: Math.max.apply(null, Array.from(document.querySelectorAll("mfrac")).map(function (f) { return f.getBoundingClientRect().height; }).concat([0])),
                lineHeight: parseFloat(getComputedStyle(document.body).fontSize),
                images: Array.from(document.querySelectorAll("figure img")).map(function (i) { return i.complete ? i.naturalWidth : -1; }),
                captions: Array.from(document.querySelectorAll("figcaption")).map(function (c) { return c.textContent; }),
                failedHeight: failed ? failed.getBoundingClientRect().height : 0,
                failedText: failed ? failed.textContent : ""
              };
              var pre = document.createElement("pre");
              pre.id = "wwn-probe";
              pre.textContent = JSON.stringify(result);
              document.body.appendChild(pre);
            });
            </script>
            """
        let probed = out.appendingPathComponent("probe.html")
        try html.replacingOccurrences(of: "</body>", with: probe + "</body>").write(to: probed, atomically: true, encoding: .utf8)
        let dom = try Self.run(chromium, Self.browserFlags + ["--dump-dom", probed.absoluteString], in: directory, timeout: Self.browserTimeout)
        XCTAssertEqual(dom.status, 0, dom.stderr)
        let state = try XCTUnwrap(Self.probeResult(in: dom.stdout), "no probe output in the DOM: \(dom.stdout.prefix(2000))")
        XCTAssertEqual(state["maths"] as? Int, 2, "\(state)")
        XCTAssertEqual(state["mathLayout"] as? Int, 2, "every formula laid out as MathML: \(state)")
        let fraction = try XCTUnwrap(state["fractionHeight"] as? Double)
        let lineHeight = try XCTUnwrap(state["lineHeight"] as? Double)
        XCTAssertGreaterThan(fraction, 1.5 * lineHeight, "the fraction is stacked, not set as a line of text: \(state)")
        let images = try XCTUnwrap(state["images"] as? [Int])
        XCTAssertEqual(images.count, 1, "\(state)")
        XCTAssertGreaterThan(images.first ?? 0, 100, "the figure's image decoded: \(state)")
        XCTAssertEqual(state["captions"] as? [String], ["Squares"])
        XCTAssertGreaterThan(state["failedHeight"] as? Double ?? 0, 20, "\(state)")
        XCTAssertTrue((state["failedText"] as? String ?? "").contains("index 3 is out of range"), "\(state)")

        // The screenshot of the report itself.
        let screenshot = directory.appendingPathComponent("report.png")
        let shot = try Self.run(chromium, Self.browserFlags + ["--screenshot=\(screenshot.path)",
                                                               "--window-size=\(Self.windowSize.width),\(Self.windowSize.height)",
                                                               index.absoluteString],
                                in: directory, timeout: Self.browserTimeout)
        XCTAssertEqual(shot.status, 0, shot.stderr)
        if let keep = ProcessInfo.processInfo.environment["WWN_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: screenshot, to: URL(fileURLWithPath: keep))
        }
        let (image, _) = try ImageDecoder.decode(file: screenshot.path)
        XCTAssertEqual(image.width, Self.windowSize.width)
        let pixels = Self.pixels(of: image)
        let colours = Set(pixels.map { ($0.0 << 16) | ($0.1 << 8) | $0.2 })
        XCTAssertGreaterThan(colours.count, 100, "anti-aliased text and a plot, not a blank page")
        // Text, code boxes, the plot and the error box cover 11% of the page (measured: 10.9%).
        let inked = pixels.filter { $0.0 < 240 || $0.1 < 240 || $0.2 < 240 }.count
        XCTAssertGreaterThan(Double(inked) / Double(pixels.count), 0.03, "text and the figure are drawn")
        // The failing cell's error box (#ffebe9) is on screen.
        let errorBox = pixels.filter { abs($0.0 - 0xFF) <= 2 && abs($0.1 - 0xEB) <= 2 && abs($0.2 - 0xE9) <= 2 }.count
        XCTAssertGreaterThan(errorBox, 20_000, "the failing cell's error is visible (141,219 pixels measured)")
    }

    /// Flags for a headless run in a container: no GPU, no sandbox (root), no network wanted.
    static let browserFlags = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                               "--proxy-server=127.0.0.1:9", "--no-first-run"]

    private static func pixels(of image: DecodedImage) -> [(Int, Int, Int)] {
        let channels = image.channels
        // Grey images repeat their one channel; colour ones give red, green, blue.
        let green = channels >= 3 ? 1 : 0
        let blue = channels >= 3 ? 2 : 0
        var pixels: [(Int, Int, Int)] = []
        pixels.reserveCapacity(image.width * image.height)
        var offset = 0
        while offset + channels <= image.pixels.count {
            let red = Int(image.pixels[offset])
            pixels.append((red, Int(image.pixels[offset + green]), Int(image.pixels[offset + blue])))
            offset += channels
        }
        return pixels
    }

    private static func probeResult(in dom: String) -> [String: Any]? {
        guard let start = dom.range(of: "<pre id=\"wwn-probe\">"),
              let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else { return nil }
        let json = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    /// Debian's chromium, installed now when it is missing and this process may install it.
    private static func locateOrInstallChromium() throws -> String {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        if let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) { return found }
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") else {
            throw XCTSkip("headless Chromium is not installed and this test cannot install it (not root, or no apt-get); "
                          + "install Debian's package with `apt-get install --no-install-recommends chromium` to run it")
        }
        let install = try run("/usr/bin/apt-get", ["install", "-y", "--no-install-recommends", "chromium"],
                               in: FileManager.default.temporaryDirectory, timeout: installTimeout,
                               environment: ["DEBIAN_FRONTEND": "noninteractive"])
        guard install.status == 0, let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("headless Chromium is not installed and `apt-get install chromium` failed (exit \(install.status)): "
                          + String(install.stderr.suffix(600)))
        }
        return found
    }

    private struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program with its output in files (no pipe to fill) and kills it after `timeout`.
    private static func run(_ executable: String, _ arguments: [String], in directory: URL, timeout: TimeInterval,
                            environment: [String: String] = [:]) throws -> Outcome {
        let stdout = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let stderr = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdout)
            try? FileManager.default.removeItem(at: stderr)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            XCTFail("\(executable) did not finish in \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
    }
}
