import Foundation
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// Stacked mixture-of-experts tensors `[experts, out, in]` (GGUF's `ffn_*_exps`): one row per
/// expert, each expert's analysis equal to that of its matrix alone. WeightWatcher skips them.
final class ExpertStackTests: XCTestCase {
    func matrix(_ seed: UInt64, rows: Int = 48, columns: Int = 32) throws -> Tensor {
        var random = SeededRandom(seed: seed)
        let normal = try Distribution.normal()
        let values = try (0..<(rows * columns)).map { _ in try normal.sample(using: &random) }
        return try Tensor(shape: [rows, columns], values: values)
    }

    func testEachExpertIsAnalysedAsItsOwnMatrix() throws {
        let experts = try (0..<3).map { try matrix(UInt64(10 + $0)) }
        let stacked = try Tensor(shape: [3, 48, 32], values: experts.flatMap(\.doubleValues))
        let model = NamedTensors(source: "moe", [("blk.0.ffn_gate_exps.weight", stacked), ("conv.weight", try Tensor(shape: [8, 4, 3], values: Array(repeating: 0.5, count: 96)))])
        let analysis = try ModelAnalysis.analyze(model)
        XCTAssertEqual(analysis.reports.count, 3)
        let table = analysis.details
        let ids = try table.column(named: "expert_id").map { $0.numberValue }
        XCTAssertEqual(ids, [0, 1, 2])
        for (e, expert) in experts.enumerated() {
            let alone = try ModelAnalysis.analyze(tensor: expert)
            XCTAssertEqual(analysis.reports[e].fit?.fit.alpha, alone.reports[0].fit?.fit.alpha, "expert \(e)")
            XCTAssertEqual(analysis.reports[e].metrics?.logNorm, alone.reports[0].metrics?.logNorm, "expert \(e)")
        }
        // A rank-3 tensor not named as experts is a 1-D convolution: not analysed, and says why.
        let conv = try XCTUnwrap(analysis.entries.first { $0.tensorName == "conv.weight" })
        XCTAssertFalse(conv.isAnalysed)
        XCTAssertTrue(conv.skipReason?.contains("experts") == true, conv.skipReason ?? "")
    }

    func testTheRuleIsTheName() {
        XCTAssertEqual(LayerType.of(shape: [8, 64, 32], name: "blk.3.ffn_down_exps.weight"), .experts)
        XCTAssertEqual(LayerType.of(shape: [8, 64, 32], name: "model.layers.0.mlp.experts.gate_up_proj"), .experts)
        XCTAssertEqual(LayerType.of(shape: [8, 64, 32], name: "encoder.conv1.weight"), .unsupported)
        XCTAssertEqual(LayerType.of(shape: [8, 64, 32]), .unsupported)
    }
}
