import Foundation
import XCTest
@testable import WWData

/// SVHN `.mat` files written by scipy.io.savemat (tools/make-data-fixtures.py), compressed as
/// SVHN ships them and plain, against torchvision's SVHN layout of the same arrays.
final class SVHNTests: XCTestCase {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/data")

    func testBothEncodingsGiveTorchvisionsPixelsAndTheZeroRule() throws {
        let expected = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("svhn-expected.bin")))
        for name in ["svhn-compressed.mat", "svhn-plain.mat"] {
            let data = try Dataset.svhn(path: fixtures.appendingPathComponent(name).path)
            XCTAssertEqual(data.features.shape, [5, 3, 32, 32], name)
            XCTAssertEqual(data.labels, [0, 1, 9, 0, 3], "\(name): 10 is the digit 0")
            XCTAssertEqual(data.classNames, (0..<10).map(String.init))
            XCTAssertEqual(data.features.floatValues.map { UInt8(($0 * 255).rounded()) }, expected, name)
        }
    }

    func testBadFilesAreNamed() throws {
        let directory = try TestDirectory()
        let whole = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("svhn-plain.mat")))
        let cut = try directory.write("cut.mat", Array(whole.prefix(whole.count - 100)))
        XCTAssertThrowsMessage(try Dataset.svhn(path: cut), contains: [cut, "truncated"])
        let compressed = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("svhn-compressed.mat")))
        let cutCompressed = try directory.write("cut-compressed.mat", Array(compressed.prefix(compressed.count / 2)))
        XCTAssertThrowsMessage(try Dataset.svhn(path: cutCompressed), contains: [cutCompressed])
        var header = Array("MATLAB 7.3 MAT-file, Platform: GLNXA64".utf8)
        header += [UInt8](repeating: 0x20, count: 128 - header.count)
        let v73 = try directory.write("v73.mat", header)
        XCTAssertThrowsMessage(try Dataset.svhn(path: v73), contains: [v73, "v7.3", "HDF5"])
        let text = try directory.write("text.mat", text: String(repeating: "not a mat file ", count: 20))
        XCTAssertThrowsMessage(try Dataset.svhn(path: text), contains: [text, "not a MATLAB 5 MAT-file"])
        let labelsOnly = fixtures.appendingPathComponent("labels-int64.npy").path
        XCTAssertThrowsMessage(try Dataset.svhn(path: labelsOnly), contains: [labelsOnly])
    }
}
