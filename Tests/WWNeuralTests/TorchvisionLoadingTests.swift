import Foundation
import WWModelFormats
import WWNumerics
@testable import WWNeural
import XCTest

/// `Network.loadTorchvision`: state dicts of torchvision's layout, written here from wwn networks
/// (torchvision's own files are tens of MB), and a state dict torch.save wrote from torchvision's
/// resnet18, cut to its stem and classifier (tools/neural/make_architecture_fixtures.py), read
/// through the PyTorch reader.
final class TorchvisionLoadingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-torchvision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func saved(_ network: Network, _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        _ = try SafetensorsWriter.save(network.weights, to: path)
        return path
    }

    private func assertMismatch(_ expression: @autoclosure () throws -> Network, naming tensor: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) {
            XCTAssertTrue("\($0)".contains("'\(tensor)'"), "\($0)", file: file, line: line)
        }
    }

    /// A misshapen tensor is named with both shapes.
    func testMisshapenTensorIsNamed() throws {
        let narrow = try Network.vgg(depth: 11, batchNorm: false, classes: 3, hidden: 8, inputShape: [3, 32, 32])
        let path = try saved(narrow, "vgg11.safetensors")
        XCTAssertThrowsError(try Network.loadTorchvision(path: path, architecture: .vgg(depth: 11, batchNorm: false),
                                                         inputShape: [1, 32, 32])) {
            XCTAssertTrue("\($0)".contains("'features.0.weight'") && "\($0)".contains("[64, 3, 3, 3]"), "\($0)")
        }
        let loaded = try Network.loadTorchvision(path: path, architecture: .vgg(depth: 11, batchNorm: false), inputShape: [3, 32, 32])
        XCTAssertEqual(loaded.namedState.map(\.tensor.values), narrow.namedState.map(\.tensor.values))
    }

    func testLoadsAStateDictOfTheSameArchitectureExactly() throws {
        let original = try Network.vgg(depth: 11, batchNorm: true, classes: 7, head: .cifar, seed: 5)
        // Running statistics away from 0 and 1, so loading them is seen.
        for entry in original.namedState where entry.isBuffer {
            entry.tensor.values = entry.tensor.values.indices.map { Float($0 % 5) * 0.25 + 0.5 }
        }
        let path = try saved(original, "vgg11_bn.safetensors")
        let loaded = try Network.loadTorchvision(path: path, architecture: try TorchvisionArchitecture(named: "vgg11_bn"))
        XCTAssertEqual(loaded.inputShape, [3, 32, 32])
        XCTAssertEqual(loaded.outputShape, [7])
        XCTAssertEqual(loaded.namedState.map(\.name), original.namedState.map(\.name))
        XCTAssertEqual(loaded.namedState.map(\.tensor.values), original.namedState.map(\.tensor.values))
        let data = try TestData.uniform(count: 3, shape: [3, 32, 32], classes: 7, seed: 2)
        XCTAssertEqual(try loaded.logits(for: data).floatValues, try original.logits(for: data).floatValues)
    }

    func testMismatchedLayoutsNameTheFirstTensorThatDoesNotFit() throws {
        let resnet = try Network.resnet(depth: 18, classes: 4, inputShape: [3, 32, 32])
        let path = try saved(resnet, "resnet18.safetensors")
        let resnet34 = try TorchvisionArchitecture(named: "resnet34")
        assertMismatch(try Network.loadTorchvision(path: path, architecture: resnet34, inputShape: [3, 32, 32]),
                       naming: "layer1.2.conv1.weight")
        assertMismatch(try Network.loadTorchvision(path: path, architecture: .vgg(depth: 11, batchNorm: false)),
                       naming: "classifier.6.weight")
        XCTAssertThrowsError(try TorchvisionArchitecture(named: "resnet19")) { XCTAssertTrue("\($0)".contains("arch")) }
        XCTAssertEqual(try TorchvisionArchitecture(named: "VGG16_BN"), .vgg(depth: 16, batchNorm: true))
    }

    /// A file torch.save wrote: its tensors (int64 num_batches_tracked included) are read, and the
    /// first tensor of resnet18 it lacks is named.
    func testReadsTorchSavedStateDict() throws {
        let path = ResidualFixtures.url("resnet18").deletingLastPathComponent().appendingPathComponent("resnet18_prefix.pth").path
        let file = try ModelFile.open(path)
        XCTAssertEqual(file.weights.map(\.name), ["conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                                                  "bn1.num_batches_tracked", "fc.weight", "fc.bias"])
        let expected = HashedValues.values(key: "conv1.weight", shape: [64, 3, 7, 7], stream: 0)
        XCTAssertEqual(try file.tensor(named: "conv1.weight").floatValues, expected)
        assertMismatch(try Network.loadTorchvision(path: path, architecture: .resnet(depth: 18)), naming: "layer1.0.conv1.weight")
    }
}
