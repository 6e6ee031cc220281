import Foundation
@testable import WWModelFormats
import WWNumerics
import XCTest

final class SafetensorsSavingTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory = nil }

    private func sample() throws -> NamedTensors {
        NamedTensors(source: "sample", [
            ("z.weight", try Tensor(shape: [2, 3], values: [1, -2, 3.5, 4, 5, 6] as [Float])),
            ("a.weight", try Tensor(shape: [3], values: [0.1, 1e-300, -7] as [Double])),
            ("scalar", try Tensor(shape: [], values: [42] as [Float])),
        ])
    }

    func testRoundTripKeepsValuesTypesAndMetadata() throws {
        let path = directory.file("out.safetensors")
        let summary = try SafetensorsWriter.save(try sample(), to: path, metadata: [("format", "pt"), ("note", "a \"quoted\" note")])
        XCTAssertEqual(summary.written, ["z.weight", "a.weight", "scalar"])
        let model = try ModelFile.open(path)
        // The header is sorted by name, but wwn records the order it wrote (module order) in the
        // metadata and lists the tensors in that order again.
        XCTAssertEqual(model.weights.map(\.name), ["z.weight", "a.weight", "scalar"])
        XCTAssertTrue(model.listsTensorsInLayerOrder)
        XCTAssertEqual(model.weights.map(\.storageType), ["F32", "F64", "F32"])
        XCTAssertEqual(try model.tensor(named: "z.weight"), try sample().tensor(named: "z.weight"))
        XCTAssertEqual(try model.tensor(named: "a.weight"), try sample().tensor(named: "a.weight"))
        XCTAssertEqual(try model.tensor(named: "scalar").shape, [])
        XCTAssertEqual(model.metadata.map(\.value), ["pt", "a \"quoted\" note"])
        // Data starts 8-byte aligned, as the reference writer pads it.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        XCTAssertEqual((8 + headerLength) % 8, 0)
    }

    func testSavingAFileModelConvertsHalfTypesAndSkipsIntegers() throws {
        let source = try ModelFile.open(fixture("mixed.safetensors"))
        let path = directory.file("copy.safetensors")
        let summary = try SafetensorsWriter.save(source, to: path)
        XCTAssertEqual(Set(summary.skipped), ["mask", "num_batches_tracked"])
        let copy = try ModelFile.open(path)
        XCTAssertEqual(copy.weights.map(\.name), ["weight"])
        XCTAssertEqual(try copy.tensor(named: "weight"), try source.tensor(named: "weight"))

        let bf16 = try ModelFile.open(fixture("bf16.safetensors"))
        let widened = directory.file("bf16-as-f32.safetensors")
        _ = try SafetensorsWriter.save(bf16, to: widened)
        let reread = try ModelFile.open(widened)
        XCTAssertEqual(reread.weights.map(\.storageType), Array(repeating: "F32", count: bf16.weights.count))
        for info in bf16.weights { XCTAssertEqual(try reread.tensor(named: info.name), try bf16.tensor(named: info.name)) }
    }

    func testNeverOverwritesUnlessAsked() throws {
        let path = try directory.write("taken.safetensors", Array("precious".utf8))
        assertFormatError(try SafetensorsWriter.save(try sample(), to: path), file: "taken.safetensors", contains: ["already exists", "overwrite: true"])
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "precious")
        _ = try SafetensorsWriter.save(try sample(), to: path, overwrite: true)
        XCTAssertEqual(try ModelFile.open(path).weights.count, 3)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["taken.safetensors"], "a temporary file was left behind")
    }

    func testASavedFileIsCreated0644LessTheUmask() throws {
        // As before the writer moved to WWBase: 0644 less the umask, so a umask of 002 or 000
        // still gives 0644 (not 0664 or 0666), and 077 gives 0600.
        for (mask, expected) in [(0o022, 0o644), (0o002, 0o644), (0o000, 0o644), (0o077, 0o600)] as [(mode_t, Int)] {
            let previous = umask(mask)
            defer { umask(previous) }
            let path = directory.file("umask-\(mask).safetensors")
            _ = try SafetensorsWriter.save(try sample(), to: path)
            let created = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            XCTAssertEqual(created, expected, "umask \(String(mask, radix: 8))")
            _ = try SafetensorsWriter.save(try sample(), to: path, overwrite: true)
            let replaced = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            XCTAssertEqual(replaced, expected, "umask \(String(mask, radix: 8)), overwriting")
        }
    }

    func testAFailedSaveLeavesNothingBehind() throws {
        // A collection whose second tensor cannot be read: the save fails half-way.
        final class Failing: WeightCollection {
            let source = "failing"
            let weights = [WeightInfo(name: "a", shape: [1], storageType: "F32"), WeightInfo(name: "b", shape: [1], storageType: "F32")]
            func tensor(named name: String) throws -> Tensor {
                guard name == "a" else { throw ModelFormatError(file: "failing", "cannot read '\(name)'") }
                return Tensor([1] as [Float])
            }
        }
        let path = directory.file("half.safetensors")
        assertFormatError(try SafetensorsWriter.save(Failing(), to: path), file: "failing", contains: ["cannot read 'b'"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    func testAStoppedSaveLeavesNothingBehind() throws {
        struct Stop: Error {}
        var calls = 0
        XCTAssertThrowsError(try SafetensorsWriter.save(try sample(), to: directory.file("s.safetensors"), cancellation: .init({
            calls += 1
            return calls == 2
        }, error: { Stop() }))) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    func testShapeThatDisagreesWithTheListingIsRefused() throws {
        final class Lying: WeightCollection {
            let source = "lying"
            let weights = [WeightInfo(name: "a", shape: [2], storageType: "F32")]
            func tensor(named name: String) throws -> Tensor { Tensor([1, 2, 3] as [Float]) }
        }
        assertFormatError(try SafetensorsWriter.save(Lying(), to: directory.file("l.safetensors")), file: "l.safetensors", contains: ["shape [3]", "lists [2]"])
    }

    func testSavingIntoADirectoryOrAMissingFolder() throws {
        assertFormatError(try SafetensorsWriter.save(try sample(), to: directory.path), file: directory.path, contains: ["is a directory"])
        assertFormatError(try SafetensorsWriter.save(try sample(), to: directory.file("no/such/dir/x.safetensors")), file: "x.safetensors",
                          contains: ["cannot create a temporary file"])
    }
}
