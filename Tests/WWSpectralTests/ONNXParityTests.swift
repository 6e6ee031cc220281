import Foundation
import WWModelFormats
import WWSpectral
import WWTables
import XCTest

/// ONNX models analysed end to end against WeightWatcher 0.7.7 on the same model
/// (`ww.WeightWatcher(model=onnx.load(path)).analyze()`, tools/make-onnx-fixtures.py): a 12-layer
/// torch MLP, a torch CNN whose exporter folded a BatchNorm into a renamed kernel
/// (`onnx::Conv_N`) and transposed a bias-free Linear (`onnx::MatMul_N`), and a model with
/// values in the typed fields (float_data, double_data, FLOAT16 in int32_data).
final class ONNXParityTests: XCTestCase {
    static let directory = SpectralFixtures.directory.deletingLastPathComponent().appendingPathComponent("onnx")

    /// wwn's rows keyed by tensor name, WeightWatcher's ONNX layer name (the initializer's).
    func onnxRows(_ analysis: ModelAnalysis) -> [String: [String: Cell]] {
        var rows: [String: [String: Cell]] = [:]
        let table = analysis.details
        for index in table.rowIndices {
            let row = Dictionary(uniqueKeysWithValues: table.row(at: index))
            guard case .string(let tensor)? = row["tensor"] else { continue }
            rows[tensor] = row
        }
        return rows
    }

    func testONNXModelsMatchWeightWatcher() throws {
        let ledger = ParityLedger()
        for model in ["mlp", "cnn", "typed"] {
            let theirs = try referenceRows(Self.directory.appendingPathComponent("\(model).json"), run: "details")
            let collection = try ModelFile.open(Self.directory.appendingPathComponent("\(model).onnx").path)
            let ours = onnxRows(try ModelAnalysis.analyze(collection, options: AnalysisOptions()))
            compareRows(ours, theirs, run: "\(model).onnx", tolerances: KerasParityTests.tolerances, ledger: ledger)
            for (name, reference) in theirs {
                let theirID = try XCTUnwrap(jsonNumber(reference["layer_id"]), name)
                XCTAssertEqual(ours[name]?["ww_layer_id"]?.numberValue, theirID, "\(model) \(name): WeightWatcher's ONNX id (position among the initializers)")
                XCTAssertEqual(ours[name]?["layer_id"]?.numberValue, theirID + 1, "\(model) \(name): wwn's id counts every initializer from 1")
                XCTAssertEqual(ours[name]?["layer_type"].flatMap { if case .string(let s) = $0 { return s } else { return nil } },
                               reference["layer_type"] as? String, "\(model) \(name): layer type")
            }
        }
        print("parity (ONNX):\n" + ledger.report)
    }
}
