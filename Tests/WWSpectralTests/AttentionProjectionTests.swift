import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import XCTest

/// `split_qkv` and `heads` against NumPy on tools/make-attention-fixtures.py's files: a tiny
/// seeded GPT-2 (Conv1D `c_attn`) and a GPT-NeoX block (heads interleaved in `query_key_value`).
final class AttentionProjectionTests: XCTestCase {
    static let directory = SpectralFixtures.directory.deletingLastPathComponent().appendingPathComponent("attention")

    func fixture() throws -> (heads: Int, headSize: Int, spectra: [String: [Double]]) {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("spectra.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let spectra = try XCTUnwrap(object["spectra"] as? [String: [Double]])
        return (try XCTUnwrap(object["heads"] as? Int), try XCTUnwrap(object["head_size"] as? Int), spectra)
    }

    func analysis(_ file: String, split: Bool = true, heads: Int?) throws -> ModelAnalysis {
        var options = AnalysisOptions()
        options.splitQKV = split
        options.heads = heads
        options.keepEigenvalues = true
        return try ModelAnalysis.analyze(try ModelFile.open(Self.directory.appendingPathComponent(file).path), options: options)
    }

    /// Every layer of `analysis` the fixture lists has its eigenvalues; returns how many matched
    /// and the largest error relative to the layer's largest eigenvalue.
    func compare(_ analysis: ModelAnalysis, _ spectra: [String: [Double]], prefix: String) throws -> (count: Int, error: Double) {
        var count = 0, worst = 0.0
        for (name, expected) in spectra where name.hasPrefix(prefix) {
            let report = try XCTUnwrap(analysis.reports.first { $0.entry.name == name }, "no layer \(name)")
            let ours = try XCTUnwrap(report.spectrum?.eigenvalues, name)
            XCTAssertEqual(ours.count, expected.count, name)
            let top = expected.last ?? 1
            for (a, b) in zip(ours, expected) { worst = max(worst, abs(a - b) / top) }
            count += 1
        }
        return (count, worst)
    }

    func testGPT2SplitAndHeadCircuitsMatchNumPy() throws {
        let (heads, _, spectra) = try fixture()
        let (count, error) = try compare(try analysis("gpt2.safetensors", heads: heads), spectra, prefix: "h.")
        XCTAssertEqual(count, 2 * (3 + 2 * heads))
        // Measured 1.8e-15 here and 3.0e-15 for NeoX (Gram eigenvalues against NumPy's SVD of the
        // same float64 products).
        XCTAssertLessThan(error, 1e-12)
        print("parity (split_qkv, heads; GPT-2): \(count) spectra, largest relative error \(error)")
    }

    func testInterleavedNeoXBlockIsCutByHead() throws {
        let (heads, _, spectra) = try fixture()
        let (count, error) = try compare(try analysis("neox.safetensors", heads: heads), spectra, prefix: "gpt_neox.")
        XCTAssertEqual(count, 3 + 2 * heads)
        XCTAssertLessThan(error, 1e-12)
        print("parity (split_qkv, heads; GPT-NeoX): \(count) spectra, largest relative error \(error)")
    }

    func testInterleavedBlockWithoutHeadsIsRefused() throws {
        XCTAssertThrowsError(try analysis("neox.safetensors", heads: nil)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("split_qkv") && message.contains("heads") && message.contains("query_key_value"), message)
        }
    }

    func testListingReplacesTheFusedTensorAndAddsHeadsAfterTheBlock() throws {
        let (heads, headSize, _) = try fixture()
        let result = try analysis("gpt2.safetensors", heads: heads)
        let names = result.entries.map(\.name)
        XCTAssertFalse(names.contains("h.0.attn.c_attn"))
        let q = try XCTUnwrap(names.firstIndex(of: "h.0.attn.c_attn.q"))
        XCTAssertEqual(Array(names[q..<(q + 3)]), ["h.0.attn.c_attn.q", "h.0.attn.c_attn.k", "h.0.attn.c_attn.v"])
        let projection = try XCTUnwrap(names.firstIndex(of: "h.0.attn.c_proj"))
        XCTAssertEqual(names[projection + 1], "h.0.attn.c_attn.head0.qk")
        let circuit = try XCTUnwrap(result.entries.first { $0.name == "h.1.attn.c_attn.head1.ov" })
        XCTAssertEqual(circuit.componentLimit, headSize)
        XCTAssertNil(circuit.weightWatcherID, "WeightWatcher has no such layer")
        XCTAssertEqual(result.entries.first { $0.name == "h.0.attn.c_attn.q" }?.shape, [32, 32])
        XCTAssertNotNil(result.entries.first { $0.name == "h.0.attn.c_proj" }?.weightWatcherID)
    }

    /// nn.MultiheadAttention's stacked `in_proj_weight` and BERT's separate projections, built
    /// by hand so each head's circuit is known: W_Qᵀ W_K of one head from rows of the identity.
    func testStackedAndSeparateLayouts() throws {
        let d = 4, heads = 2
        var random = SeededRandom(seed: 7)
        func matrix(_ rows: Int, _ columns: Int) throws -> Tensor {
            try Tensor(shape: [rows, columns], values: (0..<(rows * columns)).map { _ in Double(random.next() % 1000) / 1000 - 0.5 })
        }
        let inProjection = try matrix(3 * d, d), out = try matrix(d, d)
        let mha = NamedTensors(source: "mha", [("layers.0.self_attn.in_proj_weight", inProjection), ("layers.0.self_attn.out_proj.weight", out)])
        let split = try AttentionProjections(model: mha, splitFused: true, heads: heads, order: .file)
        let value = try split.tensor(named: "layers.0.self_attn.in_proj.v.weight")
        XCTAssertEqual(value.doubleValues, Array(inProjection.doubleValues[(2 * d * d)...]))
        // Head 1's ov circuit: out[:, 2..<4] · v[2..<4, :].
        let ov = try split.tensor(named: "layers.0.self_attn.in_proj.head1.ov.weight")
        let o = out.doubleValues, v = value.doubleValues
        for i in 0..<d {
            for j in 0..<d {
                let expected = (2..<4).reduce(0.0) { $0 + o[i * d + $1] * v[$1 * d + j] }
                XCTAssertEqual(ov.doubleValues[i * d + j], expected, accuracy: 1e-15)
            }
        }

        let query = try matrix(d, d), key = try matrix(d, d)
        let bert = NamedTensors(source: "bert", [
            ("encoder.layer.0.attention.self.query.weight", query), ("encoder.layer.0.attention.self.key.weight", key),
            ("encoder.layer.0.attention.self.value.weight", try matrix(d, d)),
            ("encoder.layer.0.attention.output.dense.weight", try matrix(d, d)),
        ])
        let circuits = try AttentionProjections(model: bert, splitFused: false, heads: heads, order: .file)
        XCTAssertEqual(circuits.weights.map(\.name).suffix(4), [
            "encoder.layer.0.attention.self.head0.qk.weight", "encoder.layer.0.attention.self.head0.ov.weight",
            "encoder.layer.0.attention.self.head1.qk.weight", "encoder.layer.0.attention.self.head1.ov.weight",
        ])
        let qk = try circuits.tensor(named: "encoder.layer.0.attention.self.head0.qk.weight")
        let q = query.doubleValues, k = key.doubleValues
        XCTAssertEqual(qk.doubleValues[1 * d + 2], q[0 * d + 1] * k[0 * d + 2] + q[1 * d + 1] * k[1 * d + 2], accuracy: 1e-15)
        XCTAssertThrowsError(try AttentionProjections(model: bert, splitFused: true, heads: nil, order: .file))
        XCTAssertThrowsError(try AttentionProjections(model: bert, splitFused: false, heads: 3, order: .file)) { error in
            XCTAssertTrue("\(error)".contains("3 heads do not divide"), "\(error)")
        }
        let uneven = NamedTensors(source: "uneven", [("blocks.0.attn.qkv.weight", try matrix(3 * d + 1, d))])
        XCTAssertThrowsError(try AttentionProjections(model: uneven, splitFused: true, heads: nil, order: .file)) { error in
            XCTAssertTrue("\(error)".contains("cannot cut blocks.0.attn.qkv.weight [13, 4]: its 13 outputs"), "\(error)")
        }
        let narrowOutput = NamedTensors(source: "narrow", [("attn.in_proj_weight", inProjection), ("attn.out_proj.weight", try matrix(d, d - 1))])
        XCTAssertThrowsError(try AttentionProjections(model: narrowOutput, splitFused: false, heads: heads, order: .file)) { error in
            XCTAssertTrue("\(error)".contains("attn.out_proj.weight"), "\(error)")
        }
        XCTAssertThrowsError(try AttentionProjections(model: NamedTensors(source: "mlp", [("fc.weight", try matrix(d, d))]),
                                                      splitFused: false, heads: 2, order: .file)) { error in
            XCTAssertTrue("\(error)".contains("no attention projections"), "\(error)")
        }
    }
}
