import Foundation
import XCTest
@testable import WWData

/// SVHN `.mat` files written by scipy.io.savemat (tools/make-data-fixtures.py), compressed as
/// SVHN ships them and plain, and by h5py as MATLAB v7.3, against torchvision's SVHN layout.
final class SVHNTests: XCTestCase {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/data")

    func testBothEncodingsGiveTorchvisionsPixelsAndTheZeroRule() throws {
        let expected = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("svhn-expected.bin")))
        for name in ["svhn-compressed.mat", "svhn-plain.mat", "svhn-v73.mat"] {
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
        XCTAssertThrowsMessage(try Dataset.svhn(path: cut), contains: [cut, "cannot be read", "end-of-file"])
        let compressed = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("svhn-compressed.mat")))
        let cutCompressed = try directory.write("cut-compressed.mat", Array(compressed.prefix(compressed.count / 2)))
        XCTAssertThrowsMessage(try Dataset.svhn(path: cutCompressed), contains: [cutCompressed])
        let v73 = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("svhn-v73.mat")))
        let cutV73 = try directory.write("cut-v73.mat", Array(v73.prefix(v73.count - 600)))
        XCTAssertThrowsMessage(try Dataset.svhn(path: cutV73), contains: [cutV73])
        let text = try directory.write("text.mat", text: String(repeating: "not a mat file ", count: 20))
        XCTAssertThrowsMessage(try Dataset.svhn(path: text), contains: [text, "not a MATLAB MAT-file"])
        let labelsOnly = fixtures.appendingPathComponent("labels-int64.npy").path
        XCTAssertThrowsMessage(try Dataset.svhn(path: labelsOnly), contains: [labelsOnly])
    }
}
