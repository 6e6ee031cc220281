import Foundation
import WWModelFormats
import WWNumerics
import WWSpectral
import XCTest

/// SVDSmoothing and SVDSharpness against WeightWatcher 0.7.7 (tools/make-svd-smoothing-fixtures.py):
/// each case's edited weights, written to safetensors and read back, equal WeightWatcher's.
final class SVDSmoothingParityTests: XCTestCase {
    static let directory = SpectralFixtures.directory.deletingLastPathComponent().appendingPathComponent("svd-smoothing")

    /// Largest |wwn - WeightWatcher| over the tensor's largest |entry|. scikit-learn runs the
    /// randomised range finder in float32 (WeightWatcher hands it float32 weights) and SciPy's
    /// SVD of a float32 matrix is float32 too, while wwn computes in float64: measured at most
    /// 4.6e-6 on these fixtures, so 2e-5 leaves room for other BLAS builds.
    static let tolerance = 2e-5

    struct Case {
        var name: String
        var model: String
        var kind: String
        var options: [String: Any]
        var seed: Int?
        var changed: Set<String>
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: directory.appendingPathComponent("cases.json"))
        let items = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return items.compactMap { item in
            guard let name = item["case"] as? String, let model = item["model"] as? String, let kind = item["kind"] as? String else { return nil }
            return Case(name: name, model: model, kind: kind, options: item["options"] as? [String: Any] ?? [:],
                        seed: item["seed"] as? Int, changed: Set(item["changed"] as? [String] ?? []))
        }
    }

    static func edit(_ model: ModelFile, _ testCase: Case) throws -> EditedWeights {
        var options = AnalysisOptions()
        if let ids = testCase.options["layers"] as? [Int] { options.selection = try LayerSelection(items: ids.map { .id($0) }) }
        if testCase.kind == "sharpen" {
            return try SVDSharpness.sharpened(model, seed: UInt32(testCase.seed ?? 0), options: options)
        }
        let method = SmoothingMethod(rawValue: testCase.options["method"] as? String ?? "detX") ?? .detX
        let percent = jsonNumber(testCase.options["percent"]) ?? SVDSmoothing.defaultPercent
        return try SVDSmoothing.smoothed(model, method: method, percent: percent, options: options)
    }

    func testEditedCheckpointsMatchWeightWatcher() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-svd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let cases = try Self.cases()
        XCTAssertEqual(cases.count, 11)
        var worst: [String: Double] = [:]
        for testCase in cases {
            let input = try ModelFile.open(Self.directory.appendingPathComponent("\(testCase.model).safetensors").path)
            let edited = try Self.edit(input, testCase)
            let path = output.appendingPathComponent("\(testCase.name).safetensors").path
            _ = try SafetensorsWriter.save(edited, to: path, inputs: [input.path])
            let written = try ModelFile.open(path)
            let reference = try ModelFile.open(Self.directory.appendingPathComponent("\(testCase.name).safetensors").path)
            XCTAssertEqual(Set(edited.edits.filter { $0.countPerMatrix != 0 }.map(\.entry.tensorName)), testCase.changed, testCase.name)
            for info in input.weights {
                let ours = try written.tensor(named: info.name)
                XCTAssertEqual(ours.shape, info.shape, "\(testCase.name) \(info.name)")
                guard reference.weights.contains(where: { $0.name == info.name }) else {
                    // Biases: copied bit for bit.
                    XCTAssertEqual(ours.doubleValues, try input.tensor(named: info.name).doubleValues, "\(testCase.name) \(info.name)")
                    continue
                }
                let theirs = try reference.tensor(named: info.name).doubleValues
                let scale = theirs.map(abs).max() ?? 1
                let error = zip(ours.doubleValues, theirs).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThanOrEqual(error / scale, Self.tolerance, "\(testCase.name) \(info.name)")
                if !testCase.changed.contains(info.name) {
                    XCTAssertEqual(ours.doubleValues, try input.tensor(named: info.name).doubleValues, "\(testCase.name) \(info.name) unchanged")
                }
                worst[testCase.name] = max(worst[testCase.name] ?? 0, error / scale)
            }
        }
        print("parity (SVDSmoothing/SVDSharpness, max |diff| / max |W|):\n" + worst.keys.sorted().map { String(format: "%@ %.2e", $0, worst[$0] ?? 0) }.joined(separator: "\n"))
    }

    func testPercentOutsideItsRangeIsRefused() throws {
        let model = try ModelFile.open(Self.directory.appendingPathComponent("mlp.safetensors").path)
        for percent in [1.5, -1.01, Double.nan] {
            XCTAssertThrowsError(try SVDSmoothing.smoothed(model, method: .svd, percent: percent)) { error in
                guard case SpectralError.invalidOption(let name, let reason)? = error as? SpectralError else { return XCTFail("\(error)") }
                XCTAssertEqual(name, "percent")
                XCTAssertTrue(reason.contains("between -1 and 1"), reason)
            }
        }
        // The ends of the range: all components kept (the layer unchanged to rounding), or removed.
        let all = try SVDSmoothing.smoothed(model, method: .svd, percent: 1)
        let kept = try all.tensor(named: "2.weight").doubleValues, original = try model.tensor(named: "2.weight").doubleValues
        XCTAssertLessThan(zip(kept, original).map { abs($0 - $1) }.max() ?? 1, 1e-12)
        let none = try SVDSmoothing.smoothed(model, method: .svd, percent: -1)
        XCTAssertLessThan(try none.tensor(named: "2.weight").doubleValues.map(abs).max() ?? 1, 1e-12)
    }

    func testLayersSelectByWeightWatcherStateDictIDs() throws {
        let model = try ModelFile.open(Self.directory.appendingPathComponent("conv.safetensors").path)
        var options = AnalysisOptions()
        options.selection = try LayerSelection(items: [.id(2), .id(4)])
        let edited = try SVDSmoothing.smoothed(model, method: .svd, percent: 0.5, options: options)
        XCTAssertEqual(edited.edits.map(\.entry.tensorName), ["2.weight", "6.weight"])
        XCTAssertEqual(try edited.tensor(named: "0.weight").doubleValues, try model.tensor(named: "0.weight").doubleValues)
        options.selection = try LayerSelection(items: [.id(-1)])
        let excluded = try SVDSmoothing.smoothed(model, method: .svd, percent: 0.5, options: options)
        XCTAssertEqual(excluded.edits.map(\.entry.tensorName), ["2.weight", "4.weight", "6.weight"])
    }

    func testTheInputIsNeverOverwritten() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-svd-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("mlp.safetensors")
        try FileManager.default.copyItem(at: Self.directory.appendingPathComponent("mlp.safetensors"), to: input)
        let before = try Data(contentsOf: input)
        let model = try ModelFile.open(input.path)
        let edited = try SVDSmoothing.smoothed(model, method: .svd, percent: 0.5)
        let link = directory.appendingPathComponent("link.safetensors")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        let hardLink = directory.appendingPathComponent("hard.safetensors")
        try FileManager.default.linkItem(at: input, to: hardLink)
        for target in [input.path, directory.path + "/./mlp.safetensors", link.path, hardLink.path] {
            XCTAssertThrowsError(try SafetensorsWriter.save(edited, to: target, overwrite: true, inputs: [input.path])) { error in
                XCTAssertTrue("\(error)".contains("is the input model"), "\(error)")
            }
        }
        // A directory model: nothing may be written inside it.
        XCTAssertThrowsError(try SafetensorsWriter.save(edited, to: directory.appendingPathComponent("new.safetensors").path, inputs: [directory.path])) { error in
            XCTAssertTrue("\(error)".contains("lies in the input model's directory"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: input), before)
        // Elsewhere it is written, and the input still reads as before.
        let other = directory.appendingPathComponent("smoothed.safetensors").path
        _ = try SafetensorsWriter.save(edited, to: other, inputs: [input.path])
        XCTAssertEqual(try ModelFile.open(other).weights.map(\.name), model.weights.map(\.name))
        XCTAssertEqual(try Data(contentsOf: input), before)
    }

    /// Every kernel position goes back where it came from, in both layouts: keeping all
    /// components returns the tensor, removing them all returns zeros; a stack of experts is
    /// never edited.
    func testConvolutionSlicesRoundTripInBothLayouts() throws {
        var random = SeededRandom(seed: 9)
        let keras = try Tensor(shape: [3, 2, 6, 10], values: (0..<360).map { _ in Double.random(in: -1...1, using: &random) })
        let torch = try Tensor(shape: [10, 6, 2, 3], values: (0..<360).map { _ in Double.random(in: -1...1, using: &random) })
        let experts = try Tensor(shape: [2, 12, 16], values: (0..<384).map { _ in Double.random(in: -1...1, using: &random) })
        let collection = NamedTensors(source: "layouts", [("keras.weight", keras), ("torch.weight", torch), ("ffn_exps.weight", experts)])
        for layout in [ConvolutionLayout.kernelFirst, .channelsOutIn] {
            var options = AnalysisOptions()
            options.convolutionLayout = layout
            options.selection = try LayerSelection(items: [.name(layout == .kernelFirst ? "keras" : "torch"), .name("ffn_exps")])
            let name = layout == .kernelFirst ? "keras.weight" : "torch.weight"
            let original = try collection.tensor(named: name).doubleValues
            let kept = try SVDSmoothing.smoothed(collection, method: .svd, percent: 1, options: options)
            XCTAssertEqual(kept.edits.map(\.entry.tensorName), [name])
            XCTAssertLessThan(zip(try kept.tensor(named: name).doubleValues, original).map { abs($0 - $1) }.max() ?? 1, 1e-12, name)
            let removed = try SVDSmoothing.smoothed(collection, method: .svd, percent: -1, options: options)
            XCTAssertLessThan(try removed.tensor(named: name).doubleValues.map(abs).max() ?? 1, 1e-12, name)
            XCTAssertEqual(try removed.tensor(named: "ffn_exps.weight").doubleValues, experts.doubleValues)
        }
    }
}
