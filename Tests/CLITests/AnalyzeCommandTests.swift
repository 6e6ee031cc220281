import Foundation
import XCTest

/// `wwn analyze` run as users run it: tables, output files, reruns, bad inputs, Ctrl-C.
final class AnalyzeCommandTests: XCTestCase {
    private static var binary: URL {
        var url = Bundle(for: AnalyzeCommandTests.self).bundleURL
        while url.pathExtension == "xctest" || url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.appendingPathComponent("wwn")
    }

    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/spectral")
    private let modelPT = fixtures.appendingPathComponent("model.pt").path
    private let modelST = fixtures.appendingPathComponent("model.safetensors").path
    private let matrices = fixtures.appendingPathComponent("matrices.safetensors").path

    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-analyze-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["analyze"] + arguments
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if environment["COLUMNS"] == nil { env.removeValue(forKey: "COLUMNS") }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    private func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Outcome {
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let (process, out, err) = try launch(arguments, environment: environment)
        return finish(process, out, err)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The `model` column of a CSV written by the command (its first field).
    private func models(inCSV text: String) -> [String] {
        text.split(separator: "\n").dropFirst().map { line in
            var field = String(line.prefix { $0 != "," })
            if field.hasPrefix("\"") { field = String(field.dropFirst().dropLast()) }
            return field
        }
    }

    /// A folder of checkpoints is one model per entry and a rerun adds the new ones; a folder
    /// holding one model (shards, a single file, config.json) is one model.
    func testDirectoryOfCheckpointsIsOneModelPerEntry() throws {
        let fm = FileManager.default
        let runs = path("runs")
        try fm.createDirectory(atPath: runs, withIntermediateDirectories: true)
        try fm.copyItem(atPath: modelPT, toPath: runs + "/epoch1.pt")
        try fm.createDirectory(atPath: runs + "/epoch2", withIntermediateDirectories: true)
        try fm.copyItem(atPath: modelST, toPath: runs + "/epoch2/model.safetensors")
        let csv = path("runs.csv")
        let first = try run([runs, "--csv", csv])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(Set(models(inCSV: try read(csv))), [runs + "/epoch1.pt", runs + "/epoch2"])

        try fm.copyItem(atPath: modelPT, toPath: runs + "/epoch3.pt")
        let resumed = try run([runs, "--csv", csv])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("skipped 2 models"), resumed.stderr)
        XCTAssertEqual(Set(models(inCSV: try read(csv))), [runs + "/epoch1.pt", runs + "/epoch2", runs + "/epoch3.pt"])

        let shards = Self.fixtures.deletingLastPathComponent().appendingPathComponent("layer-order/mlp-shards").path
        let single = try run([shards, "--csv", path("single.csv")])
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(Set(models(inCSV: try read(path("single.csv")))), [shards])
        try Data("{}".utf8).write(to: URL(fileURLWithPath: runs + "/config.json"))
        let hf = try run([runs, "--csv", path("hf.csv")])
        XCTAssertEqual(Set(models(inCSV: try read(path("hf.csv")))), [runs], hf.stderr)
    }

    func testTheTableFitsTheTerminalKeepingTheMetricsReadFirst() throws {
        let fitted = try run([modelPT], environment: ["COLUMNS": "120"])
        XCTAssertEqual(fitted.status, 0, fitted.stderr)
        let lines = fitted.stdout.split(separator: "\n")
        XCTAssertTrue(lines.allSatisfy { $0.count <= 120 }, fitted.stdout)
        let header = lines[0].split(separator: " ").map(String.init)
        for column in ["model", "name", "N", "M", "alpha", "D"] { XCTAssertTrue(header.contains(column), "\(column): \(lines[0])") }
        // Piped with no width, every text column is printed.
        let piped = try run([modelPT])
        XCTAssertGreaterThan(piped.stdout.split(separator: "\n")[0].count, 120, piped.stdout)
    }

    func testPrintsOneTableForSeveralModels() throws {
        let outcome = try run([modelPT, modelST, "--mp-fit"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let lines = outcome.stdout.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("model") == true, outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("sigma_mp"), "--mp-fit adds its columns")
        // model.pt has three analysed layers (ids 1, 3, 4; the 1-D norm weight is skipped).
        XCTAssertEqual(lines.filter { $0.hasPrefix(modelPT) }.count, 3, outcome.stdout)
        XCTAssertEqual(lines.filter { $0.hasPrefix(modelST) }.count, 3, outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("6 rows"), outcome.stdout)
    }

    func testFitTPLAddsLambdaAndRejectsUnknownLaws() throws {
        let outcome = try run([modelPT, "--fit", "TPL"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.split(separator: "\n")[0].split(separator: " ").contains("Lambda"), outcome.stdout)
        XCTAssertFalse(try run([modelPT]).stdout.contains("Lambda"), "only a truncated power law has Lambda")
        let unknown = try run([modelPT, "--fit", "lognormal"])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("'--fit' must be PL, TPL or E_TPL"), unknown.stderr)
        let clipped = try run([modelPT, "--fit", "E_TPL", "--fix-fingers", "clip_xmax"])
        XCTAssertEqual(clipped.status, 64, clipped.stderr)
    }

    func testCSVHasEveryColumnAndARerunSkipsModelsDone() throws {
        let csv = path("details.csv")
        let first = try run([modelPT, "--csv", csv])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "", "with --csv nothing is printed")
        let text = try read(csv)
        XCTAssertTrue(text.hasPrefix("model,layer_id,ww_layer_id,name,tensor,"), text)
        XCTAssertEqual(models(inCSV: text), Array(repeating: modelPT, count: 3))

        // Same command again: nothing to do, the file is untouched.
        let again = try run([modelPT, "--csv", csv])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("skipped 1 model already in \(csv): \(modelPT)"), again.stderr)
        XCTAssertEqual(try read(csv), text)

        // A new model is appended; the old rows stay as they were.
        let more = try run([modelPT, modelST, "--csv", csv])
        XCTAssertEqual(more.status, 0, more.stderr)
        XCTAssertTrue(more.stderr.contains("skipped 1 model"), more.stderr)
        let extended = try read(csv)
        XCTAssertTrue(extended.hasPrefix(text), "existing rows are kept in place")
        XCTAssertEqual(models(inCSV: extended), Array(repeating: modelPT, count: 3) + Array(repeating: modelST, count: 3))
    }

    func testJSONRecordsAndRerun() throws {
        let json = path("details.json")
        let first = try run([modelST, "--json", json, "--fix-fingers", "clip_xmax"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let records = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
        XCTAssertEqual(records.count, 3)
        XCTAssertEqual(records.first?["model"] as? String, modelST)
        XCTAssertNotNil(records.first?["num_fingers"], "--fix-fingers clip_xmax adds num_fingers")
        XCTAssertNotNil(records.first?["alpha"] as? Double)

        let again = try run([modelST, modelPT, "--json", json, "--fix-fingers", "clip_xmax"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("skipped 1 model"), again.stderr)
        let extended = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
        XCTAssertEqual(extended.map { $0["model"] as? String }, Array(repeating: modelST, count: 3) + Array(repeating: modelPT, count: 3))
        // The rows read back keep their values.
        XCTAssertEqual(extended[0]["alpha"] as? Double, records[0]["alpha"] as? Double)
        XCTAssertEqual(extended[0]["name"] as? String, records[0]["name"] as? String)
    }

    /// Keras checkpoints (Tests/Fixtures/keras): the .keras zip and the legacy .h5 of one model
    /// give the same rows, with WeightWatcher's Keras ids; a truncated .h5 exits 65 naming it.
    func testKerasFilesAreAnalysedAndATruncatedOneIsNamed() throws {
        let keras = Self.fixtures.deletingLastPathComponent().appendingPathComponent("keras")
        let zip = keras.appendingPathComponent("cnn.keras").path
        let legacy = keras.appendingPathComponent("cnn.h5").path
        let json = path("keras.json")
        let outcome = try run([zip, legacy, "--json", json])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let records = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
        let zipRows = records.filter { $0["model"] as? String == zip }
        let legacyRows = records.filter { $0["model"] as? String == legacy }
        XCTAssertEqual(zipRows.compactMap { $0["ww_layer_id"] as? Int }, [0, 2, 4, 5])
        XCTAssertEqual(zipRows.compactMap { $0["name"] as? String }, ["conv2d/kernel", "conv2d_1/kernel", "dense_2/kernel", "dense_3/kernel"])
        XCTAssertEqual(zipRows.compactMap { $0["alpha"] as? Double }, legacyRows.compactMap { $0["alpha"] as? Double })

        // A folder of Keras checkpoints is one model per file.
        let folder = path("checkpoints")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: zip, toPath: folder + "/a.keras")
        try FileManager.default.copyItem(atPath: keras.appendingPathComponent("mlp.h5").path, toPath: folder + "/b.h5")
        let folderJSON = path("folder.json")
        let perFile = try run([folder, "--json", folderJSON])
        XCTAssertEqual(perFile.status, 0, perFile.stderr)
        let folderRecords = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folderJSON))) as? [[String: Any]])
        XCTAssertEqual(folderRecords.compactMap { ($0["model"] as? String).map { ($0 as NSString).lastPathComponent } }, ["a.keras", "a.keras", "a.keras", "a.keras", "b.h5", "b.h5", "b.h5"])

        let truncated = path("truncated.h5")
        try Data(try Data(contentsOf: URL(fileURLWithPath: legacy)).prefix(20_000)).write(to: URL(fileURLWithPath: truncated))
        let bad = try run([truncated])
        XCTAssertEqual(bad.status, 65, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("\(truncated): libhdf5 cannot open it"), bad.stderr)
    }

    /// An ONNX export (Tests/Fixtures/onnx): rows in graph order with WeightWatcher's ONNX ids
    /// (positions among all initializers); values in an external file exit 65 naming the file.
    func testONNXFilesAreAnalysedAndExternalDataIsNamed() throws {
        let onnx = Self.fixtures.deletingLastPathComponent().appendingPathComponent("onnx")
        let model = onnx.appendingPathComponent("cnn.onnx").path
        let json = path("onnx.json")
        let outcome = try run([model, "--json", json])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let records = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
        XCTAssertEqual(records.compactMap { $0["ww_layer_id"] as? Int }, [0, 2, 4, 6])
        XCTAssertEqual(records.compactMap { $0["layer_id"] as? Int }, [1, 3, 5, 7])
        XCTAssertEqual(records.compactMap { $0["tensor"] as? String }, ["3.weight", "9.weight", "onnx::Conv_25", "onnx::MatMul_27"])

        let external = onnx.appendingPathComponent("external.onnx").path
        let bad = try run([external])
        XCTAssertEqual(bad.status, 65, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("\(external): initializer 'w' (at byte 9) keeps its values in an external file"), bad.stderr)
    }

    func testBadModelFileIsNamedAndTheOthersAreStillWritten() throws {
        let bad = path("broken.safetensors")
        try Data("this is not a model".utf8).write(to: URL(fileURLWithPath: bad))
        let csv = path("out.csv")
        let outcome = try run([bad, modelPT, "--csv", csv])
        XCTAssertEqual(outcome.status, 65, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains(bad), outcome.stderr)
        XCTAssertEqual(models(inCSV: try read(csv)), Array(repeating: modelPT, count: 3))
    }

    func testMissingInputExits66AndUsageErrorsExit64() throws {
        let missing = try run([path("nope.safetensors")])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("nope.safetensors"), missing.stderr)
        XCTAssertEqual(try run([]).status, 64)
        XCTAssertEqual(try run([modelPT, "--fix-fingers", "wobble"]).status, 64)
        XCTAssertEqual(try run([modelPT, "--jobs", "0"]).status, 64)
        XCTAssertEqual(try run([modelPT, "--frobnicate"]).status, 64)
        let mixed = try run([modelPT, "--layers", "1,-3"])
        XCTAssertEqual(mixed.status, 64)
        XCTAssertTrue(mixed.stderr.contains("layers"), mixed.stderr)
    }

    func testUnrelatedOutputFileIsNeverReplaced() throws {
        let csv = path("precious.csv")
        let original = "id,score\n1,0.5\n"
        try original.write(toFile: csv, atomically: true, encoding: .utf8)
        let outcome = try run([modelPT, "--csv", csv])
        XCTAssertEqual(outcome.status, 73, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("no 'model' column"), outcome.stderr)
        XCTAssertEqual(try read(csv), original)
    }

    func testOptionsReachTheAnalysis() throws {
        let outcome = try run([matrices, "--layers", "dense", "--min-evals", "4", "--jobs", "1", "--timings"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertFalse(outcome.stdout.contains("conv_"), "--layers dense drops the convolutions")
        XCTAssertTrue(outcome.stdout.contains("few"), "--min-evals 4 keeps the 10 x 6 layer")
        XCTAssertTrue(outcome.stderr.contains("eigensolver (syrk + syevd)"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("peak RSS:"), outcome.stderr)
        let unpooled = try run([matrices, "--unpooled", "--no-conv2d-norm", "--layers", "conv2d", "--csv", path("u.csv")])
        XCTAssertEqual(unpooled.status, 0, unpooled.stderr)
        XCTAssertTrue(try read(path("u.csv")).contains("slice_id"))
    }

    /// --base-model and --peft are analyze's base_model and peft (their numbers are checked
    /// against WeightWatcher in BaseModelParityTests and PeftParityTests).
    func testBaseModelAndPeftOptions() throws {
        let root = Self.fixtures.deletingLastPathComponent()
        let tuned = root.appendingPathComponent("base-model/tuned.safetensors").path
        let base = root.appendingPathComponent("base-model/base.safetensors").path
        let delta = try run([tuned, "--base-model", base, "--json", path("d.json")])
        XCTAssertEqual(delta.status, 0, delta.stderr)
        let alone = try run([tuned, "--json", path("a.json")])
        XCTAssertEqual(alone.status, 0, alone.stderr)
        func logNorms(_ file: String) throws -> [String: Double] {
            let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(file)))) as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
                guard let name = row["name"] as? String, let value = row["log_norm"] as? Double else { return nil }
                return (name, value)
            })
        }
        let (d, a) = (try logNorms("d.json"), try logNorms("a.json"))
        XCTAssertEqual(d["head"], a["head"], "the head has no base layer")
        XCTAssertLessThan(try XCTUnwrap(d["layers.5"]), try XCTUnwrap(a["layers.5"]), "the update is smaller than the weights")

        let adapters = try run([root.appendingPathComponent("peft/adapted").path, "--peft", "adapters"])
        XCTAssertEqual(adapters.status, 0, adapters.stderr)
        XCTAssertTrue(adapters.stdout.contains("4 rows"), adapters.stdout)
        XCTAssertTrue(adapters.stdout.contains("lora_BA"), adapters.stdout)
        XCTAssertEqual(try run([tuned, "--peft", "all"]).status, 64)
    }

    /// `--split-qkv` and `--heads` (AttentionProjectionTests checks the numbers).
    func testSplitQKVAndHeadsOptions() throws {
        let root = Self.fixtures.deletingLastPathComponent()
        let gpt2 = root.appendingPathComponent("attention/gpt2.safetensors").path
        let split = try run([gpt2, "--split-qkv", "--heads", "2"])
        XCTAssertEqual(split.status, 0, split.stderr)
        XCTAssertTrue(split.stdout.contains("h.1.attn.c_attn.v") && split.stdout.contains("h.1.attn.c_attn.head1.ov"), split.stdout)
        XCTAssertTrue(split.stdout.contains("22 rows"), split.stdout)
        XCTAssertEqual(try run([gpt2, "--heads", "0"]).status, 64)
        let neox = try run([root.appendingPathComponent("attention/neox.safetensors").path, "--split-qkv"])
        XCTAssertNotEqual(neox.status, 0)
        XCTAssertTrue(neox.stderr.contains("give heads"), neox.stderr)
    }

    /// Ctrl-C between layers: the models and layers finished are written, exit 130, and a rerun
    /// analyses only the layers still missing (each layer once in the end).
    func testInterruptWritesTheModelsAndLayersDoneAndARerunResumes() throws {
        let big = path("big.safetensors")
        try writeRandomSafetensors(big, layers: 6, rows: 1500, columns: 1500)
        let csv = path("partial.csv")
        let (process, out, err) = try launch([modelPT, big, "--csv", csv, "--jobs", "1"])
        // model.pt takes milliseconds; each 1500 x 1500 layer far longer in a debug build.
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, SIGINT)
        let outcome = finish(process, out, err)
        XCTAssertEqual(outcome.status, 130, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("interrupted"), outcome.stderr)
        let written = models(inCSV: try read(csv))
        XCTAssertEqual(written.filter { $0 == modelPT }.count, 3)
        let partial = written.filter { $0 == big }.count
        XCTAssertLessThan(partial, 6, "interrupted before the last of big's 6 layers")
        if partial > 0 { XCTAssertTrue(outcome.stderr.contains("layer row"), outcome.stderr) }

        let rerun = try run([modelPT, big, "--csv", csv, "--jobs", "1"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("\(6 - partial) new row"), rerun.stderr)
        let all = models(inCSV: try read(csv))
        XCTAssertEqual(all.filter { $0 == modelPT }.count, 3)
        XCTAssertEqual(all.filter { $0 == big }.count, 6)
        let again = try run([modelPT, big, "--csv", csv, "--jobs", "1"])
        XCTAssertTrue(again.stderr.contains("skipped 2 models"), again.stderr)
    }

    /// A model some of whose layers a file already holds (here by a first run with `--layers`)
    /// is finished by a rerun: only the missing layers are analysed and appended.
    func testARerunAnalysesOnlyTheMissingLayersOfAModel() throws {
        let model = path("six.safetensors")
        try writeRandomSafetensors(model, layers: 6, rows: 60, columns: 40)
        let csv = path("six.csv")
        XCTAssertEqual(try run([model, "--csv", csv, "--layers", "1,2"]).status, 0)
        XCTAssertEqual(models(inCSV: try read(csv)).count, 2)
        let rerun = try run([model, "--csv", csv])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("wrote \(csv): 4 new rows"), rerun.stderr)
        let lines = try read(csv).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try XCTUnwrap(lines.first?.firstIndex(of: "tensor"))
        XCTAssertEqual(lines.dropFirst().map { String($0[column]) }.sorted(), (0..<6).map { "l\($0).weight" })
        let again = try run([model, "--csv", csv])
        XCTAssertTrue(again.stderr.contains("skipped 1 model"), again.stderr)
    }

    /// A safetensors file of seeded pseudo-random float32 matrices.
    private func writeRandomSafetensors(_ path: String, layers: Int, rows: Int, columns: Int) throws {
        let size = rows * columns * 4
        let entries = (0..<layers).map { i in
            "\"l\(i).weight\":{\"dtype\":\"F32\",\"shape\":[\(rows),\(columns)],\"data_offsets\":[\(i * size),\((i + 1) * size)]}"
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var values = [Float](repeating: 0, count: rows * columns)
        for _ in 0..<layers {
            for k in values.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                values[k] = Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1_000_000
            }
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        try data.write(to: URL(fileURLWithPath: path))
    }
}
