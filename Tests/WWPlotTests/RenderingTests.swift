import Foundation
import XCTest
@testable import WWPlot

final class RenderingTests: XCTestCase {
    func testEveryKindRendersAsPNGSVGPDFAndText() throws {
        let renderer = try makeRenderer()
        let keep = ProcessInfo.processInfo.environment["WWPLOT_KEEP"]
        for (name, figure) in try Samples.everyKind() {
            let png = try renderer.render(figure, as: .png)
            try assertRealPNG(png, minimumColors: 8)
            let image = try PNGImage.size(of: png)
            XCTAssertEqual(image.width, figure.size.width, name)
            XCTAssertEqual(image.height, figure.size.height, name)
            let svg = String(decoding: try renderer.render(figure, as: .svg), as: UTF8.self)
            XCTAssertTrue(svg.contains("<svg"), name)
            let pdf = try renderer.render(figure, as: .pdf)
            XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-", name)
            let text = try renderer.renderText(figure)
            XCTAssertGreaterThan(text.split(separator: "\n").count, 10, name)
            if let keep {
                try png.write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(name).png"))
                try Data(svg.utf8).write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(name).svg"))
                try pdf.write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(name).pdf"))
                try Data(text.utf8).write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(name).txt"))
            }
        }
    }
}
