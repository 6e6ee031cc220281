@testable import WWNeural
import XCTest

/// `Network.penultimateLayer`: the default layer of the embedding-based diversity scores.
final class PenultimateLayerTests: XCTestCase {
    func testSkipsDropoutBeforeTheOutput() throws {
        // Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear: the last ReLU's output is the embedding.
        let net = try Network.mlp(widths: [4, 8, 8, 3], dropout: [0.5])
        XCTAssertEqual(net.layers.map(\.typeName), ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"])
        XCTAssertEqual(net.penultimateLayer, 4)
    }

    func testOutputLayerNormMakesTheLastLinearPenultimate() throws {
        let net = try Network.mlp(widths: [4, 8, 3], layerNormOnOutput: true)
        XCTAssertEqual(net.layers.map(\.typeName), ["Linear", "ReLU", "Linear", "LayerNorm"])
        XCTAssertEqual(net.penultimateLayer, 2)
    }

    func testOneLayerNetworkGivesItsInput() throws {
        XCTAssertEqual(try Network.mlp(widths: [4, 3]).penultimateLayer, -1)
    }
}
