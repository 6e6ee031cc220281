import WWData
import WWNumerics
@testable import WWNeural
import XCTest

/// The ResNet builders against PyTorch/torchvision (fixtures of
/// tools/neural/make_residual_fixtures.py): the state-dict keys and shapes of torchvision's
/// resnet18, and for ResNet-20 and ResNet-18 on 32×32 inputs with hashed weights the
/// training-mode logits (1e-5), gradients (1e-4 of each tensor's root-mean-square), running
/// statistics (1e-6), evaluation logits (1e-5), and after three SGD steps the losses (1e-5) and
/// the state (2e-5; running statistics 1e-6), float32 on both sides. Where PyTorch's own float32
/// and float64 runs differ by more (BatchNorm over 4 values per channel in ResNet-18's last
/// stage at 32×32 makes round-off grow), the bound is three times that distance.
final class ResNetParityTests: XCTestCase {
    private struct Key: Decodable {
        let name: String
        let shape: [Int]
    }

    func testResNet18HasTorchvisionsStateDict() throws {
        let keys = try ResidualFixtures.load("resnet18_keys", as: [Key].self)
        let network = try Network.resnet(depth: 18, classes: 10)
        XCTAssertEqual(network.namedState.map(\.name), keys.map(\.name))
        XCTAssertEqual(network.weights.weights.map(\.shape), keys.map(\.shape))
        XCTAssertEqual(network.parameterCount, 11_181_642)
        XCTAssertEqual(network.outputShape, [10])
    }

    /// torchvision's resnet50: Bottleneck blocks, the stride on conv2 (v1.5), fc from 2048.
    func testResNet50HasTorchvisionsStateDict() throws {
        let keys = try ResidualFixtures.load("resnet50_keys", as: [Key].self)
        let network = try Network.resnet(depth: 50, classes: 10, inputShape: [3, 32, 32])
        XCTAssertEqual(network.namedState.map(\.name), keys.map(\.name))
        XCTAssertEqual(network.weights.weights.map(\.shape), keys.map(\.shape))
        XCTAssertEqual(network.parameterCount, 23_528_522)
        XCTAssertEqual(network.layers[5].typeName, "Bottleneck")
    }

    func testResNet20Shapes() throws {
        let network = try Network.resnet(depth: 20, classes: 10)
        XCTAssertEqual(network.parameterCount, 272_474)
        XCTAssertEqual(network.stageNames.filter { $0.hasPrefix("layer") }.count, 9)
        XCTAssertEqual(network.namedParameters.filter { $0.parameter.shape.count == 4 }.count, 21)  // 19 + 2 downsample
        XCTAssertThrowsError(try Network.resnet(depth: 19, classes: 10)) { XCTAssertTrue("\($0)".contains("depth")) }
        XCTAssertThrowsError(try Network.resnet(depth: 20, classes: 0))
        XCTAssertThrowsError(try Network.resnet(depth: 20, classes: 10, inputShape: [3, 32]))
        XCTAssertThrowsError(try Network.resnet(depth: 18, classes: 10, inputShape: [3, 0, 32]))
    }

    /// torchvision's initialisation: convolutions normal with sd sqrt(2 / fan_out), BatchNorm 1/0.
    func testInitialisationFollowsTorchvision() throws {
        let network = try Network.resnet(depth: 20, classes: 10, seed: 3)
        let conv = network.namedParameters.first { $0.name == "layer3.0.conv2.weight" }!.parameter
        let values = conv.values.map(Double.init)
        let squares: Double = values.map { $0 * $0 }.reduce(0, +)
        let sd = (squares / Double(values.count)).squareRoot()
        let expected: Double = (2.0 / 576).squareRoot()
        XCTAssertEqual(sd, expected, accuracy: 0.02 * expected)
        let state = Dictionary(uniqueKeysWithValues: network.namedState.map { ($0.name, $0.tensor.values) })
        XCTAssertEqual(state["bn1.weight"], [Float](repeating: 1, count: 16))
        XCTAssertEqual(state["layer2.0.downsample.1.running_var"], [Float](repeating: 1, count: 32))
        XCTAssertNotEqual(try Network.resnet(depth: 20, classes: 10, seed: 4).parameterVector(), network.parameterVector())
    }

    func testResNet20MatchesPyTorch() throws { try checkResNet(depth: 20, "resnet20") }

    func testResNet18MatchesTorchvision() throws { try checkResNet(depth: 18, "resnet18") }

    func testResNet50MatchesTorchvision() throws { try checkResNet(depth: 50, "resnet50") }

    private func checkResNet(depth: Int, _ name: String) throws {
        try HashedParity.check(name) { try Network.resnet(depth: depth, classes: $0.classes, inputShape: $0.input_shape) }
    }

    /// Same seed, same bits on 1, 2 and 3 threads, BatchNorm and residual joins included.
    func testResNetTrainingIsReproducibleOnAnyThreadCount() throws {
        let data = try TestData.uniform(count: 24, shape: [3, 16, 16], classes: 10, seed: 5)
        func run() throws -> [Float] {
            let network = try Network.resnet(depth: 20, classes: 10, inputShape: [3, 16, 16], seed: 1)
            var options = TrainModePass.options(lr: 0.05, momentum: 0.9, weightDecay: 5e-4, epochs: 1, batch: 8)
            options.seed = 2
            _ = try network.train(on: data, options: options)
            return network.namedState.flatMap(\.tensor.values)
        }
        let first = try run()
        let threads = BLASEnvironment.info.threadCount
        defer { try? BLASEnvironment.setThreadCount(threads) }
        for count in [1, 2, 3] {
            try BLASEnvironment.setThreadCount(count)
            XCTAssertEqual(try run(), first, "\(count) threads")
        }
    }
}
