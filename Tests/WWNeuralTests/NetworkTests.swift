import WWData
import WWNumerics
@testable import WWNeural
import XCTest

final class NetworkTests: XCTestCase {
    func testMLPNamesAndShapesFollowPyTorch() throws {
        let net = try Network.mlp(widths: [784, 512, 512, 10], dropout: [0.5, 0], layerNormOnOutput: true)
        XCTAssertEqual(net.layers.map(\.typeName), ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Linear", "LayerNorm"])
        XCTAssertEqual(net.weights.weights.map(\.name), [
            "layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias", "layers.5.weight", "layers.5.bias",
            "layers.6.weight", "layers.6.bias",
        ])
        XCTAssertEqual(net.weights.weights.map(\.shape), [[512, 784], [512], [512, 512], [512], [10, 512], [10], [10], [10]])
        XCTAssertEqual(net.parameterCount, 784 * 512 + 512 + 512 * 512 + 512 + 5120 + 10 + 20)
    }

    func testCNNShapes() throws {
        let net = try Network.cnn(ConvolutionalConfiguration())
        XCTAssertEqual(net.outputShape, [10])
        let shapes = net.namedParameters.map(\.parameter.shape)
        XCTAssertEqual(shapes, [[32, 3, 3, 3], [32], [32, 32, 3, 3], [32], [64, 32, 3, 3], [64], [64, 64, 3, 3], [64],
                                [256, 4096], [256], [10, 256], [10]])
        XCTAssertEqual(net.namedParameters.map(\.name).last, "layers.13.bias")
    }

    func testConstructorErrorsNameTheArgument() {
        XCTAssertThrowsError(try Network.mlp(widths: [3])) { XCTAssertTrue("\($0)".contains("argument 'widths'")) }
        XCTAssertThrowsError(try Network.mlp(widths: [3, 0, 2])) { XCTAssertTrue("\($0)".contains("got 0")) }
        XCTAssertThrowsError(try Network.mlp(widths: [3, 4, 4, 2], dropout: [0.1, 0.2, 0.3])) {
            XCTAssertTrue("\($0)".contains("one per hidden layer (2), got 3"))
        }
        XCTAssertThrowsError(try Network.mlp(widths: [3, 4, 2], dropout: [1])) { XCTAssertTrue("\($0)".contains("[0, 1)")) }
        var tooDeep = ConvolutionalConfiguration()
        tooDeep.inputShape = [1, 4, 4]
        tooDeep.channels = [2, 2, 2, 2]
        XCTAssertThrowsError(try Network.cnn(tooDeep)) { XCTAssertTrue("\($0)".contains("too many for 4×4 images")) }
        XCTAssertThrowsError(try Initialization.named("he")) { XCTAssertTrue("\($0)".contains("argument 'init'")) }
        XCTAssertThrowsError(try Initialization.named("normal")) { XCTAssertTrue("\($0)".contains("argument 'sigma'")) }
    }

    /// The schemes' spread matches PyTorch's formulas (a uniform in ±b has sd b / sqrt(3)).
    func testInitialisationStatistics() throws {
        func deviation(_ scheme: Initialization, scale: Double = 1) throws -> (sd: Double, largest: Double) {
            let net = try Network.mlp(widths: [400, 300, 10], initialization: scheme, scale: scale, seed: 3)
            let w = net.namedParameters[0].parameter.values.map(Double.init)
            let mean = w.reduce(0, +) / Double(w.count)
            let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
            return (sd, w.map(abs).max() ?? 0)
        }
        let pytorch = try deviation(.pytorch)
        XCTAssertEqual(pytorch.sd, 1 / (400.0 * 3).squareRoot(), accuracy: 0.01 / (400.0).squareRoot())
        XCTAssertLessThanOrEqual(pytorch.largest, 1 / 20.0)
        XCTAssertEqual(try deviation(.kaimingNormal).sd, (2 / 400.0).squareRoot(), accuracy: 0.002)
        XCTAssertEqual(try deviation(.kaimingUniform).sd, (2 / 400.0).squareRoot(), accuracy: 0.002)
        XCTAssertEqual(try deviation(.xavierNormal).sd, (2 / 700.0).squareRoot(), accuracy: 0.002)
        XCTAssertEqual(try deviation(.xavierUniform).sd, (2 / 700.0).squareRoot(), accuracy: 0.002)
        XCTAssertEqual(try deviation(.normal(standardDeviation: 0.2), scale: 3).sd, 0.6, accuracy: 0.01)
        let biases = try Network.mlp(widths: [4, 3], initialization: .xavierNormal).namedParameters[1].parameter.values
        XCTAssertEqual(biases, [0, 0, 0])
        let norm = try Network.mlp(widths: [4, 3], layerNormOnOutput: true).namedParameters
        XCTAssertEqual(norm[2].parameter.values, [1, 1, 1])
        XCTAssertEqual(norm[3].parameter.values, [0, 0, 0])
    }

    func testWeightCollectionViewIsLiveAndSnapshotsAreNot() throws {
        let net = try Network.mlp(widths: [3, 2], seed: 1)
        let view = net.weights, frozen = net.snapshot()
        let before = try view.tensor(named: "layers.0.weight")
        XCTAssertEqual(before.shape, [2, 3])
        XCTAssertEqual(before.elementType, .float32)
        net.namedParameters[0].parameter.values[0] = 42
        XCTAssertEqual(try view.tensor(named: "layers.0.weight").floatValues[0], 42)
        XCTAssertEqual(try frozen.tensor(named: "layers.0.weight"), before)
        XCTAssertThrowsError(try view.tensor(named: "layers.1.weight"))
    }

    func testCopiesAreIndependent() throws {
        let net = try Network.cnn({ var c = ConvolutionalConfiguration(); c.inputShape = [1, 4, 4]; c.channels = [2]; c.hidden = [3]; return c }())
        let copy = net.copy()
        XCTAssertEqual(copy.parameterVector(), net.parameterVector())
        copy.namedParameters[0].parameter.values[0] += 1
        XCTAssertNotEqual(copy.parameterVector(), net.parameterVector())
        XCTAssertEqual(copy.summary, net.summary)
    }

    func testLoadWeightsChecksNamesAndShapes() throws {
        let net = try Network.mlp(widths: [3, 4, 2], seed: 1)
        let other = try Network.mlp(widths: [3, 4, 2], seed: 2)
        try net.loadWeights(from: other.weights)
        XCTAssertEqual(net.parameterVector(), other.parameterVector())

        let wider = try Network.mlp(widths: [3, 5, 2], seed: 2)
        XCTAssertThrowsError(try net.loadWeights(from: wider.weights)) {
            XCTAssertEqual("\($0)", "'layers.0.weight': the network has shape [4, 3] but mlp 3-5-2 has [5, 3]")
        }
        XCTAssertEqual(net.parameterVector(), other.parameterVector(), "a failed load changes nothing")

        let partial = NamedTensors(source: "file.safetensors", [("layers.0.weight", try Tensor(shape: [4, 3], values: [Float](repeating: 1, count: 12)))])
        XCTAssertThrowsError(try net.loadWeights(from: partial)) {
            XCTAssertEqual("\($0)", "file.safetensors has no tensor 'layers.0.bias' (shape [4]) for mlp 3-4-2")
        }
        let extra = other.snapshot(source: "extra")
        extra.set("head.weight", try Tensor(shape: [1], values: [Float(1)]))
        XCTAssertThrowsError(try net.loadWeights(from: extra)) { XCTAssertTrue("\($0)".contains("head.weight")) }
        XCTAssertNoThrow(try net.loadWeights(from: extra, strict: false))
        // float64 tensors are converted.
        let doubles = NamedTensors(source: "f64", other.namedWeights.map { ($0.name, $0.tensor.converted(to: .float64)) })
        try net.loadWeights(from: doubles)
        XCTAssertEqual(net.parameterVector(), other.parameterVector())
    }

    func testLoadWeightsByOrderBridgesDropoutBuilds() throws {
        let plain = try Network.mlp(widths: [3, 4, 4, 2], seed: 1)
        let withDropout = try Network.mlp(widths: [3, 4, 4, 2], dropout: [0.5], seed: 2)
        XCTAssertNotEqual(plain.namedParameters.map(\.name), withDropout.namedParameters.map(\.name))
        XCTAssertThrowsError(try withDropout.loadWeights(from: plain.weights), "names differ")
        try withDropout.loadWeights(from: plain.weights, matching: .order)
        XCTAssertEqual(withDropout.parameterVector(), plain.parameterVector())

        let wider = try Network.mlp(widths: [3, 4, 5, 2], dropout: [0.5], seed: 3)
        XCTAssertThrowsError(try plain.loadWeights(from: wider.weights, matching: .order)) {
            XCTAssertEqual("\($0)", "'layers.2.weight' (from 'layers.3.weight'): the network has shape [4, 4] but mlp 3-4-5-2 has [5, 4]")
        }
        let shallow = try Network.mlp(widths: [3, 4, 2], seed: 3)
        XCTAssertThrowsError(try plain.loadWeights(from: shallow.weights, matching: .order)) {
            XCTAssertEqual("\($0)", "mlp 3-4-2 has 4 tensors but mlp 3-4-4-2 needs 6 (the first without a match: 'layers.4.weight', shape [2, 4])")
        }
        XCTAssertEqual(plain.parameterVector(), try Network.mlp(widths: [3, 4, 4, 2], seed: 1).parameterVector(), "a failed load changes nothing")
        let short = NamedTensors(source: "short", Array(plain.namedWeights.prefix(2)))
        XCTAssertThrowsError(try plain.loadWeights(from: short, matching: .order)) {
            XCTAssertEqual("\($0)", "short has 2 tensors but mlp 3-4-4-2 needs 6 (the first without a match: 'layers.2.weight', shape [4, 4])")
        }
        let extra = plain.snapshot(source: "extra")
        extra.set("head.weight", try Tensor(shape: [1], values: [Float(1)]))
        XCTAssertThrowsError(try withDropout.loadWeights(from: extra, matching: .order)) { XCTAssertTrue("\($0)".contains("head.weight")) }
        XCTAssertNoThrow(try withDropout.loadWeights(from: extra, strict: false, matching: .order))
        XCTAssertEqual(withDropout.parameterVector(), plain.parameterVector())
    }

    /// A LayerNorm's weight and bias have one shape: listed bias first, they must not swap.
    func testLoadWeightsByOrderRefusesTensorsOfAnotherRole() throws {
        let net = try Network.mlp(widths: [3, 4, 2], seed: 1, layerNormOnOutput: true)
        let swapped = NamedTensors(source: "sorted", net.namedWeights.sorted { $0.name < $1.name })
        XCTAssertThrowsError(try net.loadWeights(from: swapped, matching: .order)) {
            XCTAssertTrue("\($0)".contains("by order, a weight would be filled with a bias"), "\($0)")
        }
        try net.loadWeights(from: swapped)
    }

    /// A collection sorted by name (as a safetensors file is) puts layers.10 before layers.2:
    /// same-shaped layers would swap, so the library itself refuses to match it by order.
    func testLoadWeightsByOrderRefusesNameSortedCollections() throws {
        final class SortedByName: WeightCollection {
            let inner: NamedTensors
            init(_ inner: NamedTensors) { self.inner = inner }
            var source: String { "sorted.safetensors" }
            var weights: [WeightInfo] { inner.weights }
            func tensor(named name: String) throws -> Tensor { try inner.tensor(named: name) }
            var listsTensorsInLayerOrder: Bool { false }
        }
        let net = try Network.mlp(widths: [3, 4, 2], seed: 1)
        let source = SortedByName(NamedTensors(source: "copy", net.namedWeights))
        XCTAssertThrowsError(try net.loadWeights(from: source, matching: .order)) {
            XCTAssertTrue("\($0)".contains("sorted.safetensors lists its tensors sorted by name"), "\($0)")
        }
        XCTAssertNoThrow(try net.loadWeights(from: source))
    }

    func testParameterVectorRoundTrip() throws {
        let net = try Network.mlp(widths: [3, 4, 2], seed: 1)
        let layout = net.parameterLayout
        XCTAssertEqual(layout.map(\.name), ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
        XCTAssertEqual(layout.map(\.offset), [0, 12, 16, 24])
        var vector = net.parameterVector()
        XCTAssertEqual(vector.count, 26)
        vector[12] = 7
        try net.setParameterVector(vector)
        XCTAssertEqual(net.namedParameters[1].parameter.values[0], 7)
        XCTAssertThrowsError(try net.setParameterVector([1, 2])) { XCTAssertTrue("\($0)".contains("has 2 values but mlp 3-4-2 has 26")) }
    }
}
