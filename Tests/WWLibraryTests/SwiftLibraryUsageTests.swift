import WWData
import WWDiversity
import WWNeural
import WWSpectral
import XCTest

/// The README's "From Swift" example, line for line: the domain modules work without the
/// language, so a Swift program can train, analyse and score with the same code the built-ins call.
final class SwiftLibraryUsageTests: XCTestCase {
    func testTheReadmeExampleRuns() throws {
        let digits = try Dataset.digits().flattened()
        let network = try Network.mlp(widths: [64, 32, 10], seed: 1)
        var options = TrainingOptions()
        options.epochs = 2
        options.learningRate = 0.1
        let result = try network.train(on: digits, options: options)
        let analysis = try ModelAnalysis.analyze(network.weights)
        let embeddings = try network.representation(for: digits, at: network.penultimateLayer)
        let diversity = try EmbeddingVendi.score(embeddings)

        XCTAssertEqual(result.history.rowCount, 2)
        XCTAssertEqual(analysis.details.rowCount, 2, "two Linear layers")
        XCTAssertGreaterThan(diversity, 1)
        XCTAssertLessThanOrEqual(diversity, Double(embeddings.shape[1]))
    }
}
