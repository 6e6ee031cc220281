import Foundation
import WWNumerics
@testable import WWSpectral
import WWTables
import XCTest

/// Layer extraction, ids, selection and filters, degenerate and non-finite layers, the
/// driver's interrupt and parallel paths.
final class LayerAnalysisTests: XCTestCase {
    func gaussian(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var random = SeededRandom(seed: seed)
        return try Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(random.nextNormal()) })
    }

    func testConvolutionLayoutsGiveTheSameSlices() throws {
        let torch = try gaussian([8, 5, 3, 2], seed: 1)
        // The same kernel in Keras layout: k[i, j, c, o] = torch[o, c, i, j].
        var keras = [Float](repeating: 0, count: torch.count)
        let t = torch.floatValues
        for o in 0..<8 { for c in 0..<5 { for i in 0..<3 { for j in 0..<2 {
            keras[((i * 2 + j) * 5 + c) * 8 + o] = t[((o * 5 + c) * 3 + i) * 2 + j]
        } } } }
        let kerasTensor = try Tensor(shape: [3, 2, 5, 8], values: keras)
        XCTAssertEqual(ConvolutionLayout.detect(shape: torch.shape), .channelsOutIn)
        XCTAssertEqual(ConvolutionLayout.detect(shape: kerasTensor.shape), .kernelFirst)
        let a = try XCTUnwrap(LayerGeometry(shape: torch.shape)), b = try XCTUnwrap(LayerGeometry(shape: kerasTensor.shape))
        XCTAssertEqual([a.n, a.m, a.receptiveField], [8, 5, 6])
        XCTAssertEqual([b.n, b.m, b.receptiveField], [8, 5, 6])
        let sa = try a.matrices(of: torch), sb = try b.matrices(of: kerasTensor)
        XCTAssertEqual(sa.map(\.sliceID), Array(0..<6))
        for (x, y) in zip(sa, sb) {
            // out x in versus in x out: transposes of each other.
            for o in 0..<8 { for c in 0..<5 { XCTAssertEqual(x.values[o * 5 + c], y.values[c * 8 + o]) } }
        }
        let pooledA = try LayerSpectrum(matrices: sa, n: 8).eigenvalues, pooledB = try LayerSpectrum(matrices: sb, n: 8).eigenvalues
        for (x, y) in zip(pooledA, pooledB) { XCTAssertEqual(x, y, accuracy: 1e-12 * pooledA.last!) }
        XCTAssertEqual(pooledA.count, 5 * 6)
    }

    func testLayerIdsCountWeightTensorsInOrder() {
        let weights = [
            WeightInfo(name: "a.weight", shape: [10, 10], storageType: "F32"),
            WeightInfo(name: "a.bias", shape: [10], storageType: "F32"),
            WeightInfo(name: "ln.weight", shape: [10], storageType: "F32"),
            WeightInfo(name: "conv.weight", shape: [4, 3, 3, 3], storageType: "F32"),
            WeightInfo(name: "head.weight", shape: [1, 10], storageType: "F32"),
        ]
        let entries = LayerCatalog.entries(of: weights)
        XCTAssertEqual(entries.map(\.id), [1, nil, 2, 3, 4])
        XCTAssertEqual(entries.map(\.name), ["a", "a.bias", "ln", "conv", "head"])
        XCTAssertEqual(entries.map(\.isAnalysed), [true, false, false, true, false])
        XCTAssertEqual(entries[2].skipReason, "rank-1 tensor (a bias or norm weights)")
        // Without any *.weight name, every tensor is a layer candidate.
        let plain = LayerCatalog.entries(of: [WeightInfo(name: "emb", shape: [50, 10], storageType: "F32"),
                                              WeightInfo(name: "proj", shape: [10, 10], storageType: "F32")])
        XCTAssertEqual(plain.map(\.id), [1, 2])
    }

    func testFiltersAndSelection() throws {
        let weights = [
            WeightInfo(name: "small.weight", shape: [7, 7], storageType: "F32"),
            WeightInfo(name: "fc.weight", shape: [64, 32], storageType: "F32"),
            WeightInfo(name: "conv.weight", shape: [16, 8, 3, 3], storageType: "F32"),
            WeightInfo(name: "huge.weight", shape: [60000, 16], storageType: "F32"),
        ]
        var options = AnalysisOptions()
        XCTAssertEqual(LayerCatalog.entries(of: weights, options: options).map(\.isAnalysed), [false, true, true, false])
        options.maxEigenvalues = 40
        XCTAssertEqual(LayerCatalog.entries(of: weights, options: options)[2].skipReason, "M*rf = 72 eigenvalues > max_evals 40")
        options.pool = false
        XCTAssertTrue(LayerCatalog.entries(of: weights, options: options)[2].isAnalysed)
        options = AnalysisOptions()
        options.selection = try LayerSelection(items: [.name("conv2d")])
        XCTAssertEqual(LayerCatalog.entries(of: weights, options: options).map(\.isAnalysed), [false, false, true, false])
        options.selection = try LayerSelection(items: [.id(-2)])
        XCTAssertEqual(LayerCatalog.entries(of: weights, options: options).map(\.isAnalysed), [false, false, true, false])
        options.selection = try LayerSelection(items: [.name("fc.weight")])
        XCTAssertEqual(LayerCatalog.entries(of: weights, options: options).map(\.isAnalysed), [false, true, false, false])
        XCTAssertThrowsError(try LayerSelection(items: [.id(1), .id(-2)]))
    }

    func testNonFiniteAndDegenerateLayersFailGracefully() throws {
        var nanValues = [Float](repeating: 1, count: 40 * 20)
        nanValues[17] = .nan
        var orthogonal = [Double](repeating: 0, count: 30 * 30)
        for i in 0..<30 { orthogonal[i * 30 + (i * 7) % 30] = 1 }
        let collection = NamedTensors(source: "degenerate", [
            ("nan.weight", try Tensor(shape: [40, 20], values: nanValues)),
            ("inf.weight", try Tensor(shape: [20, 20], values: [Float](repeating: .infinity, count: 400))),
            ("zero.weight", try Tensor.zeros(shape: [30, 12])),
            ("row.weight", try Tensor(shape: [1, 50], values: [Float](repeating: 1, count: 50))),
            ("orthogonal.weight", try Tensor(shape: [30, 30], values: orthogonal)),
            ("fine.weight", try gaussian([50, 20], seed: 3)),
        ])
        let analysis = try ModelAnalysis.analyze(collection)
        let byName = Dictionary(uniqueKeysWithValues: analysis.reports.map { ($0.entry.name, $0) })
        XCTAssertEqual(byName["nan"]?.status, .failed)
        XCTAssertEqual(byName["nan"]?.reason, "non-finite weights (NaN or infinity): no spectrum")
        XCTAssertEqual(byName["inf"]?.warning, "fit failed")
        XCTAssertEqual(byName["zero"]?.reason, "only 0 eigenvalues above 1e-05, a fit needs 2")
        XCTAssertEqual(byName["orthogonal"]?.reason, "the spectrum is constant: it has no tail to fit")
        XCTAssertNil(byName["row"], "a 1 x N tensor is not a layer")
        XCTAssertEqual(analysis.entries.first { $0.name == "row" }?.skipReason, "a single row: not a layer")
        XCTAssertEqual(byName["fine"]?.status, .success)
        let table = analysis.details
        XCTAssertEqual(table.rowCount, 5)
        let summary = try SpectralSummary(details: table)
        XCTAssertEqual(summary.failedFits, 4)
        XCTAssertEqual(summary.value("alpha"), byName["fine"]?.fit?.fit.alpha)
    }

    func testInterruptStopsBetweenLayers() throws {
        let collection = NamedTensors(source: "m", try (0..<6).map { ("l\($0).weight", try gaussian([40, 20], seed: UInt64($0))) })
        let calls = Counter()
        XCTAssertThrowsError(try ModelAnalysis.analyze(collection, cancellation: .init { calls.increment() > 2 })) {
            XCTAssertEqual($0 as? SpectralError, .interrupted)
        }
    }

    /// With `keepingFinishedLayers`, Ctrl-C returns the layers done (in order, each as it would
    /// be alone) instead of throwing them away.
    func testInterruptCanKeepTheFinishedLayers() throws {
        let collection = NamedTensors(source: "m", try (0..<6).map { ("l\($0).weight", try gaussian([40, 20], seed: UInt64($0))) })
        var options = AnalysisOptions()
        options.parallelism = 1
        let calls = Counter()
        let partial = try ModelAnalysis.analyze(collection, options: options, cancellation: .init { calls.increment() > 2 },
                                                keepingFinishedLayers: true)
        XCTAssertFalse(partial.isComplete)
        XCTAssertEqual(partial.reports.map(\.entry.name), ["l0", "l1"])
        let whole = try ModelAnalysis.analyze(collection, options: options)
        XCTAssertTrue(whole.isComplete)
        XCTAssertEqual(partial.reports.map { $0.fit?.fit.alpha }, Array(whole.reports.prefix(2)).map { $0.fit?.fit.alpha })
    }

    func testParallelAndSerialAnalysesAgree() throws {
        let collection = NamedTensors(source: "m", try (0..<5).map { ("l\($0).weight", try gaussian([80 + 10 * $0, 30], seed: UInt64($0))) })
        var serial = AnalysisOptions(); serial.parallelism = 1
        var parallel = AnalysisOptions(); parallel.parallelism = 4
        let a = try ModelAnalysis.analyze(collection, options: serial), b = try ModelAnalysis.analyze(collection, options: parallel)
        XCTAssertEqual(a.reports.map(\.entry.name), b.reports.map(\.entry.name))
        for (x, y) in zip(a.reports, b.reports) {
            XCTAssertEqual(x.fit!.fit.alpha, y.fit!.fit.alpha, accuracy: 1e-10)
            XCTAssertEqual(x.fit!.fit.xmin, y.fit!.fit.xmin, accuracy: 1e-10 * x.fit!.fit.xmin)
        }
    }

    func testUnpooledConvolutionGivesOneRowPerSliceScaledByRf() throws {
        let collection = NamedTensors(source: "m", [("conv.weight", try gaussian([24, 12, 2, 2], seed: 5))])
        var options = AnalysisOptions(); options.pool = false; options.keepEigenvalues = true
        let unpooled = try ModelAnalysis.analyze(collection, options: options)
        XCTAssertEqual(unpooled.reports.map(\.sliceID), [0, 1, 2, 3])
        options.conv2dNorm = false
        let raw = try ModelAnalysis.analyze(collection, options: options)
        // sqrt(rf / 2) scaling multiplies each eigenvalue by rf / 2 = 2.
        for (x, y) in zip(unpooled.reports, raw.reports) {
            XCTAssertEqual(x.metrics!.norm, 2 * y.metrics!.norm, accuracy: 1e-9 * x.metrics!.norm)
            XCTAssertEqual(x.fit!.fit.alpha, y.fit!.fit.alpha, accuracy: 1e-9)
        }
    }
}

/// A thread-safe counter for the interrupt test's stop closure.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
