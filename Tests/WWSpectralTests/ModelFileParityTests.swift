import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import XCTest

/// The committed fixture files read through `ModelFile.open` (safetensors and PyTorch zip
/// checkpoints) and analysed end to end, against the same WeightWatcher 0.7.7 runs ParityTests
/// uses on the raw tensors: what `wwn analyze FILE` computes is WeightWatcher's numbers.
final class ModelFileParityTests: XCTestCase {
    func analysis(_ file: String, configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> ModelAnalysis {
        var options = AnalysisOptions()
        configure(&options)
        let model = try ModelFile.open(SpectralFixtures.directory.appendingPathComponent(file).path)
        return try ModelAnalysis.analyze(model, options: options)
    }

    /// safetensors stores tensors sorted by name, so the layer ids (WeightWatcher counts
    /// `*.weight` tensors in the order it saw them, the script's insertion order) differ for
    /// matrices.safetensors; the PyTorch checkpoint keeps the order and is compared on ids too.
    func skippedColumns(_ file: String) -> Set<String> {
        file.hasSuffix(".safetensors") ? ["layer_id"] : []
    }

    func testMatrixFilesMatchWeightWatcher() throws {
        for file in ["matrices.safetensors", "matrices.pt"] {
            let ledger = ParityLedger()
            let result = try analysis(file)
            try compare("default", result, columns: ParityTests.fitColumns, tolerance: 1e-6, ledger: ledger)
            try compare("default", result, columns: ParityTests.normColumns + ParityTests.countColumns, tolerance: 1e-9,
                        ledger: ledger, skipping: skippedColumns(file))
            let unpooled = try analysis(file) { $0.pool = false; $0.mpFit = true }
            try compare("no_pool", unpooled, columns: ParityTests.fitColumns + ["slice_id"], tolerance: 1e-6, ledger: ledger)
            let fitted = try analysis(file) { $0.mpFit = true; $0.powerLaw.fingerFix = .clipXmax }
            try compare("mp_fit", fitted, columns: ["sigma_mp", "mp_softrank", "bulk_max", "bulk_min", "W_scale", "num_spikes"],
                        tolerance: 1e-6, ledger: ledger)
            try compare("clip_xmax", fitted, columns: ParityTests.fitColumns + ["raw_alpha", "xmax"], tolerance: 1e-6, ledger: ledger)
            print("parity (\(file)):\n" + ledger.report)
        }
    }

    func testModelFilesMatchWeightWatcher() throws {
        for file in ["model.safetensors", "model.pt"] {
            let ledger = ParityLedger()
            let result = try analysis(file) { $0.mpFit = true }
            try compare("model", result, columns: ParityTests.fitColumns + ["sigma_mp", "mp_softrank", "bulk_max", "num_spikes"],
                        tolerance: 1e-6, ledger: ledger)
            try compare("model", result, columns: ParityTests.normColumns + ParityTests.countColumns + ["N", "M", "Q"],
                        tolerance: 1e-9, ledger: ledger)
            let summary = try SpectralSummary(details: result.details)
            for (key, value) in try SpectralFixtures.run("model").summary {
                guard let mine = summary.value(key) else { XCTFail("\(file): summary has no \(key)"); continue }
                ledger.record("model.summary.\(key)", file, ours: mine, theirs: value, tolerance: 1e-6)
            }
            print("parity (\(file)):\n" + ledger.report)
        }
    }

    /// The file path is the analysis's source, so tables of several models say which is which.
    func testSourceIsTheFilePath() throws {
        let result = try analysis("model.pt")
        XCTAssertTrue(result.source.hasSuffix("Fixtures/spectral/model.pt"), result.source)
        XCTAssertGreaterThan(result.timings.eigensolver, 0)
        XCTAssertGreaterThanOrEqual(result.timings.wall, result.timings.eigensolver / Double(ProcessInfo.processInfo.activeProcessorCount))
    }
}
