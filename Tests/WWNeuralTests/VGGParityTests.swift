import WWNumerics
@testable import WWNeural
import XCTest

/// The VGG builder against torchvision (fixtures of tools/neural/make_architecture_fixtures.py):
/// the state-dict keys and shapes of torchvision's vgg11_bn and vgg19 with the ImageNet head,
/// and on 32×32 inputs with hashed weights (``HashedParity``) VGG-11-BN with the CIFAR head and
/// VGG-11-BN with torchvision's head at hidden width 32 (the structure of the 4096-wide head:
/// adaptive pooling of the 1×1 features to 7×7, classifier.0/3/6; dropout 0 on both sides so the
/// SGD steps are deterministic). The 4096-wide head itself (123 M weights) is checked for names
/// and shapes only: its parity run would take minutes in a debug build.
final class VGGParityTests: XCTestCase {
    private struct Key: Decodable {
        let name: String
        let shape: [Int]
    }

    private func checkKeys(_ fixture: String, _ network: Network) throws {
        let keys = try ResidualFixtures.load(fixture, as: [Key].self)
        XCTAssertEqual(network.namedState.map(\.name), keys.map(\.name), fixture)
        XCTAssertEqual(network.weights.weights.map(\.shape), keys.map(\.shape), fixture)
    }

    func testVGGHasTorchvisionsStateDict() throws {
        let vgg11 = try Network.vgg(depth: 11, batchNorm: true, classes: 10)
        try checkKeys("vgg11_bn_keys", vgg11)
        XCTAssertEqual(vgg11.parameterCount, 128_812_810)
        // VGG-19 with a narrow head, to keep the test fast: names all equal, shapes but the head's.
        let vgg19 = try Network.vgg(depth: 19, batchNorm: false, classes: 10, hidden: 16, inputShape: [3, 32, 32])
        let keys = try ResidualFixtures.load("vgg19_keys", as: [Key].self)
        XCTAssertEqual(vgg19.namedState.map(\.name), keys.map(\.name))
        for (entry, key) in zip(vgg19.namedState, keys) where key.name.hasPrefix("features") {
            XCTAssertEqual(entry.tensor.shape, key.shape, key.name)
        }
    }

    func testCIFARHeadShapes() throws {
        let network = try Network.vgg(depth: 19, batchNorm: true, classes: 10, head: .cifar)
        XCTAssertEqual(network.inputShape, [3, 32, 32])
        XCTAssertEqual(network.outputShape, [10])
        XCTAssertEqual(Array(network.namedState.map(\.name).suffix(2)), ["classifier.weight", "classifier.bias"])
        XCTAssertEqual(network.namedParameters.filter { $0.parameter.shape.count == 4 }.count, 16)
        XCTAssertThrowsError(try Network.vgg(depth: 12, batchNorm: false, classes: 10)) { XCTAssertTrue("\($0)".contains("depth")) }
        XCTAssertThrowsError(try Network.vgg(depth: 11, batchNorm: false, classes: 10, head: .cifar, inputShape: [3, 16, 16])) {
            XCTAssertTrue("\($0)".contains("input_shape"))
        }
        XCTAssertThrowsError(try Network.vgg(depth: 11, batchNorm: false, classes: 10, dropout: 1))
        XCTAssertThrowsError(try Network.vgg(depth: 11, batchNorm: false, classes: 10, hidden: 0))
    }

    /// torchvision's initialisation: convolutions normal with sd sqrt(2 / fan_out) and bias 0,
    /// Linear normal(0, 0.01) and bias 0, BatchNorm 1/0.
    func testInitialisationFollowsTorchvision() throws {
        let network = try Network.vgg(depth: 11, batchNorm: true, classes: 10, head: .imagenet, hidden: 64,
                                      inputShape: [3, 32, 32], seed: 3)
        let state = Dictionary(uniqueKeysWithValues: network.namedState.map { ($0.name, $0.tensor.values) })
        func sd(_ values: [Float]) -> Double {
            let squares: Double = values.map { Double($0) * Double($0) }.reduce(0, +)
            return (squares / Double(values.count)).squareRoot()
        }
        let conv = try XCTUnwrap(state["features.8.weight"])  // 128 -> 256 channels
        let expected: Double = (2.0 / Double(256 * 9)).squareRoot()
        XCTAssertEqual(sd(conv), expected, accuracy: 0.02 * expected)
        XCTAssertEqual(sd(try XCTUnwrap(state["classifier.0.weight"])), 0.01, accuracy: 0.0002)
        XCTAssertEqual(state["features.0.bias"], [Float](repeating: 0, count: 64))
        XCTAssertEqual(state["classifier.6.bias"], [Float](repeating: 0, count: 10))
        XCTAssertEqual(state["features.1.weight"], [Float](repeating: 1, count: 64))
    }

    func testVGG11BNWithCIFARHeadMatchesTorchvision() throws {
        try HashedParity.check("vgg11_bn_cifar") {
            try Network.vgg(depth: 11, batchNorm: true, classes: $0.classes, head: .cifar, inputShape: $0.input_shape)
        }
    }

    func testVGG11BNWithTorchvisionsHeadMatchesTorchvision() throws {
        try HashedParity.check("vgg11_bn_narrow") {
            try Network.vgg(depth: 11, batchNorm: true, classes: $0.classes, head: .imagenet, hidden: 32, dropout: 0,
                            inputShape: $0.input_shape)
        }
    }
}
