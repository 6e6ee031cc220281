import Foundation
import WWModelFormats
import WWNeural
import WWNumerics
import WWSpectral
import WWTables
import XCTest

/// Layer order and ids against WeightWatcher 0.7.7 on the same two models handed to it five
/// ways (tools/make-layer-order-fixtures.py): `layer_id` is its state-dict id in module order
/// on every input, `ww_layer_id` its id for the kind of input, and a network in memory, its .pt
/// and its safetensors file give the same table.
final class LayerOrderTests: XCTestCase {
    static let directory = SpectralFixtures.directory.deletingLastPathComponent().appendingPathComponent("layer-order")

    struct Run {
        /// Layer name -> WeightWatcher's id, and its alpha.
        var ids: [String: Int] = [:]
        var alpha: [String: Double] = [:]
    }

    func reference(_ model: String, _ kind: String) throws -> Run {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("ww-ids.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let runs = try XCTUnwrap((root[model] as? [String: Any])?["runs"] as? [String: Any])
        let rows = try XCTUnwrap(runs[kind] as? [[String: Any]])
        var run = Run()
        for row in rows {
            let name = try XCTUnwrap(row["name"] as? String)
            run.ids[name] = try XCTUnwrap(row["layer_id"] as? Int)
            run.alpha[name] = row["alpha"] as? Double
        }
        return run
    }

    func table(_ collection: WeightCollection, _ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> DataTable {
        var options = AnalysisOptions()
        options.parallelism = 1
        configure(&options)
        return try ModelAnalysis.analyze(collection, options: options).details
    }

    func open(_ file: String) throws -> ModelFile {
        try ModelFile.open(Self.directory.appendingPathComponent(file).path)
    }

    /// name -> (layer_id, ww_layer_id, alpha), and the names in row order.
    func summary(_ table: DataTable) throws -> (rows: [String: (Int, Int, Double)], order: [String]) {
        var rows: [String: (Int, Int, Double)] = [:]
        var order: [String] = []
        for index in table.rowIndices {
            let cells = Dictionary(table.row(at: index), uniquingKeysWith: { $1 })
            guard case .string(let name)? = cells["name"], let id = cells["layer_id"]?.numberValue,
                  let ww = cells["ww_layer_id"]?.numberValue, let alpha = cells["alpha"]?.numberValue else {
                XCTFail("row \(index) lacks name, ids or alpha"); continue
            }
            rows[name] = (Int(id), Int(ww), alpha)
            order.append(name)
        }
        return (rows, order)
    }

    func testIDsMatchWeightWatcherOnEveryInput() throws {
        let inputs = [(".pt", "state_dict"), (".safetensors", "dir_single"), ("-index", "dir_index"), ("-shards", "dir_shards")]
        for model in ["mlp", "resnet"] {
            let stateDict = try reference(model, "state_dict")
            for (suffix, kind) in inputs {
                let path = model + suffix
                let ours = try summary(try table(try open(path)))
                let theirs = try reference(model, kind)
                XCTAssertEqual(Set(ours.rows.keys), Set(theirs.ids.keys), "\(path): analysed layers")
                for (name, (id, ww, alpha)) in ours.rows {
                    XCTAssertEqual(id, stateDict.ids[name], "\(path) \(name): layer_id vs WeightWatcher on the state dict")
                    XCTAssertEqual(ww, theirs.ids[name], "\(path) \(name): ww_layer_id vs WeightWatcher on \(kind)")
                    if let reference = theirs.alpha[name] {
                        XCTAssertEqual(alpha, reference, accuracy: 1e-6 * abs(reference), "\(path) \(name): alpha")
                    }
                }
                // Rows come in module order: ids increase down the table.
                XCTAssertEqual(ours.order.map { ours.rows[$0]!.0 }, ours.order.map { ours.rows[$0]!.0 }.sorted(), path)
            }
        }
    }

    /// The table minus ww_layer_id, whose meaning depends on the input kind by design.
    func comparable(_ table: DataTable) -> [[String]] {
        table.rowIndices.map { index in
            table.row(at: index).filter { $0.0 != "ww_layer_id" }.map { "\($0.0)=\($0.1)" }
        }
    }

    func testNetworkInMemoryAndItsFilesGiveTheSameTable() throws {
        let network = try Network.mlp(widths: Array(repeating: 16, count: 13))
        XCTAssertEqual(network.layers.count, 23)
        try network.loadWeights(from: try open("mlp.pt"))
        let inMemory = try table(network.weights)
        let pt = try table(try open("mlp.pt"))
        let safetensors = try table(try open("mlp.safetensors"))
        XCTAssertEqual(comparable(inMemory), comparable(pt))
        XCTAssertEqual(comparable(inMemory), comparable(safetensors))
        XCTAssertEqual(inMemory.rowCount, 12)
        // In memory, ww_layer_id is WeightWatcher's id on the nn.Module twin (named_modules).
        let module = try reference("mlp", "module")
        for (name, (_, ww, _)) in try summary(inMemory).rows {
            let short = String(name.dropFirst("layers.".count))
            XCTAssertEqual(ww, module.ids[short], "\(name): ww_layer_id vs WeightWatcher on the nn.Module")
        }
        // Saved by wwn, the safetensors file records module order and reads back identically.
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("layer-order-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        _ = try SafetensorsWriter.save(network.weights, to: saved, overwrite: true)
        let reread = try ModelFile.open(saved)
        XCTAssertTrue(reread.listsTensorsInLayerOrder)
        XCTAssertEqual(reread.weights.map(\.name), network.namedWeights.map(\.name))
        XCTAssertEqual(comparable(try table(reread)), comparable(inMemory))
    }

    func testResNetNamingGivesTheSameTableFromEverySource() throws {
        let pt = try open("resnet.pt")
        let inMemory = NamedTensors(source: "resnet", try pt.weights.filter { $0.storageType != "I64" }.map { ($0.name, try pt.tensor(named: $0.name)) })
        let reference = comparable(try table(pt))
        XCTAssertEqual(comparable(try table(inMemory)), reference)
        for file in ["resnet.safetensors", "resnet-index", "resnet-shards"] {
            XCTAssertEqual(comparable(try table(try open(file))), reference, file)
        }
        // Sorted by name, fc would come second and bn1 first: `order: "file"` shows that.
        let sorted = try summary(try table(try open("resnet.safetensors")) { $0.order = .file })
        XCTAssertEqual(Array(sorted.order.prefix(2)), ["conv1", "fc"])
        XCTAssertEqual(sorted.rows["conv1"]?.0, 2)
    }

    func testLayersSelectByTheseIDs() throws {
        var selection = try LayerSelection(items: [.id(3), .id(21)])
        let picked = try summary(try table(try open("resnet.safetensors")) { $0.selection = selection })
        XCTAssertEqual(picked.order, ["layer1.0.conv1", "fc"])
        selection = try LayerSelection(items: [.id(6)])
        XCTAssertEqual(try summary(try table(try open("mlp.safetensors")) { $0.selection = selection }).order, ["layers.10"])
    }

    func testOrderOptionListsNamesFirst() throws {
        let named = try summary(try table(try open("mlp.pt")) { $0.order = .names(["layers.22", "layers.0.weight"]) })
        XCTAssertEqual(Array(named.order.prefix(3)), ["layers.22", "layers.0", "layers.2"])
        XCTAssertEqual(named.rows["layers.22"]?.0, 1)
        XCTAssertThrowsError(try table(try open("mlp.pt")) { $0.order = .names(["layers.99"]) }) { error in
            XCTAssertTrue("\(error)".contains("layers.99"), "\(error)")
        }
        XCTAssertThrowsError(try table(try open("mlp.pt")) { $0.order = .names(["layers.0", "layers.0"]) })
        let natural = try summary(try table(try open("mlp.pt")) { $0.order = .natural })
        XCTAssertEqual(natural.order.first, "layers.0")
        XCTAssertEqual(natural.order.last, "layers.22")
    }

    func order(_ names: [String]) -> [String] {
        NaturalLayerOrder.sorted(names.shuffled().map { WeightInfo(name: $0, shape: [2, 2], storageType: "F32") }).map(\.name)
    }

    func testNaturalOrderOfCommonCheckpoints() {
        let llama = ["model.embed_tokens.weight",
                     "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
                     "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
                     "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.down_proj.weight",
                     "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
                     "model.layers.2.mlp.up_proj.weight", "model.layers.10.mlp.up_proj.weight",
                     "model.norm.weight", "lm_head.weight"]
        XCTAssertEqual(order(llama), llama)
        let bert = ["bert.embeddings.word_embeddings.weight",
                    "bert.encoder.layer.0.attention.self.query.weight", "bert.encoder.layer.0.attention.self.query.bias",
                    "bert.encoder.layer.0.attention.self.key.weight", "bert.encoder.layer.0.attention.self.value.weight",
                    "bert.encoder.layer.0.attention.output.dense.weight", "bert.encoder.layer.0.attention.output.LayerNorm.weight",
                    "bert.encoder.layer.0.intermediate.dense.weight", "bert.encoder.layer.0.output.dense.weight",
                    "bert.encoder.layer.0.output.LayerNorm.weight", "bert.pooler.dense.weight", "classifier.weight"]
        XCTAssertEqual(order(bert), bert)
        let resnet = ["conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "layer1.0.conv1.weight", "layer1.0.bn1.weight",
                      "layer1.0.conv2.weight", "layer1.0.bn2.weight", "layer1.0.downsample.0.weight", "layer1.0.downsample.1.weight",
                      "layer2.0.conv1.weight", "fc.weight", "fc.bias"]
        XCTAssertEqual(order(resnet), resnet)
        let vit = ["cls_token", "pos_embed", "patch_embed.proj.weight", "blocks.0.attn.qkv.weight", "blocks.1.attn.qkv.weight",
                   "blocks.11.attn.qkv.weight", "norm.weight", "head.weight"]
        XCTAssertEqual(order(vit), vit)
    }
}

/// Integer tensors (counters, masks, ids) are never analysed, whatever their rank.
final class IntegerTensorLayerTests: XCTestCase {
    func testIntegerTensorsAreSkippedWithAReason() {
        let weights = [WeightInfo(name: "ids.weight", shape: [64, 64], storageType: "I64"),
                       WeightInfo(name: "fc.weight", shape: [64, 64], storageType: "F32")]
        let entries = LayerCatalog.entries(of: weights)
        XCTAssertEqual(entries.map(\.isAnalysed), [false, true])
        XCTAssertEqual(entries[0].skipReason, "holds I64 integers: data or a counter, not weights")
    }
}
