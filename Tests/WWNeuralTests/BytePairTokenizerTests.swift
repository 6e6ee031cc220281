import Foundation
@testable import WWNeural
import XCTest

/// The fixtures of tools/make-bpe-fixtures.py: small byte-level BPE tokenisers trained with HF
/// `tokenizers` and configured as CLIP's and GPT-2's, and their ids on fixture sentences.
enum BytePairFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bpe")

    struct Case: Decodable {
        let text: String
        let ids: [Int]
        let tokens: [String]
        let truncated_ids: [Int]
    }

    struct Cases: Decodable {
        let max_length: Int
        let tokenizers: [String: [Case]]
    }

    static func cases() throws -> Cases {
        try JSONDecoder().decode(Cases.self, from: Data(contentsOf: folder.appendingPathComponent("cases.json")))
    }

    static func path(_ name: String) -> String { folder.appendingPathComponent("\(name)/tokenizer.json").path }
}

final class BytePairTokenizerTests: XCTestCase {
    private func checkParity(_ name: String) throws {
        let fixture = try BytePairFixtures.cases()
        let cases = try XCTUnwrap(fixture.tokenizers[name])
        XCTAssertGreaterThanOrEqual(cases.count, 40)
        let tokenizer = try TokenizerFile.read(path: BytePairFixtures.path(name))
        XCTAssertTrue(tokenizer is BytePairTokenizer)
        for testCase in cases {
            let label = "\(name): \(testCase.text.debugDescription)"
            XCTAssertEqual(tokenizer.encode(testCase.text, maxLength: .max), testCase.ids, label)
            XCTAssertEqual(tokenizer.tokens(testCase.text, maxLength: .max), testCase.tokens, label)
            XCTAssertEqual(tokenizer.encode(testCase.text, maxLength: fixture.max_length), testCase.truncated_ids, label)
        }
    }

    func testCLIPConfiguredTokenizerMatchesTokenizers() throws { try checkParity("clip") }
    func testRobertaProcessingMatchesTokenizers() throws { try checkParity("clip-roberta") }
    func testGPT2ConfiguredTokenizerMatchesTokenizers() throws { try checkParity("gpt2") }
    func testGPT2WithPrefixSpaceMatchesTokenizers() throws { try checkParity("gpt2-prefix") }

    func testWordPieceFilesStillReadAsWordPiece() throws {
        let tokenizer = try TokenizerFile.read(path: EncoderFixtures.tinyDirectory + "/tokenizer.json")
        XCTAssertTrue(tokenizer is WordPieceTokenizer)
    }

    func testByteLevelAlphabetIsGPT2s() {
        XCTAssertEqual(ByteLevelAlphabet.spell(" \n!é"), "ĠĊ!Ã©")
        XCTAssertEqual(Set(ByteLevelAlphabet.scalars).count, 256)
    }

    func testMergeQueuePopsLowestRankThenLeftmost() {
        var queue = MergeQueue()
        for (rank, position) in [(3, 0), (1, 5), (1, 2), (0, 9), (2, 1)] { queue.push(.init(rank: rank, position: position, id: 0)) }
        var popped: [[Int]] = []
        while let entry = queue.pop() { popped.append([entry.rank, entry.position]) }
        XCTAssertEqual(popped, [[0, 9], [1, 2], [1, 5], [2, 1], [3, 0]])
    }

    /// A word of 100,000 characters is merged in well under a second (the heap keeps merging
    /// O(n log n)); the result is checked against merging the pairs by hand.
    func testLongWordsMergeQuickly() throws {
        let tokenizer = try XCTUnwrap(TokenizerFile.read(path: BytePairFixtures.path("gpt2")) as? BytePairTokenizer)
        let word = String(repeating: "the", count: 33_334)
        let started = Date()
        let ids = tokenizer.encode(word, maxLength: .max)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        let the = try XCTUnwrap(tokenizer.model.vocabulary["the"])
        XCTAssertEqual(Set(ids.dropLast()), [the], "every 'the' merged")
    }

    // MARK: - Bad input

    private func withFile(_ text: String, _ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-bpe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tokenizer.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try body(path)
    }

    private func assertRefused(_ json: String, mentioning words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        try withFile(json) { path in
            XCTAssertThrowsError(try TokenizerFile.read(path: path), file: file, line: line) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(path), message, file: file, line: line)
                for word in words { XCTAssertTrue(message.contains(word), "\(message) lacks \(word)", file: file, line: line) }
            }
        }
    }

    private func model(_ extra: String = "", merges: String = "[\"a b\"]") -> String {
        "{\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2}, \"merges\": \(merges)\(extra)}"
    }

    func testTruncatedFileIsRefusedWithItsName() throws {
        let text = try String(contentsOfFile: BytePairFixtures.path("gpt2"), encoding: .utf8)
        try assertRefused(String(text.prefix(text.count / 2)), mentioning: ["not a JSON object"])
    }

    func testMergesOfUnknownTokensAreRefused() throws {
        try assertRefused("{\"model\": \(model(merges: "[\"a c\"]"))}", mentioning: ["merge 0", "'c'"])
        try assertRefused("{\"model\": \(model(merges: "[[\"b\", \"a\"]]"))}", mentioning: ["merge 0", "'ba'"])
        try assertRefused("{\"model\": \(model(merges: "[\"a b c\"]"))}", mentioning: ["merge 0", "not a pair"])
        try assertRefused("{\"model\": \(model(merges: "[7]"))}", mentioning: ["merge 0"])
        try assertRefused("{\"model\": \(model(merges: "{}"))}", mentioning: ["merges"])
    }

    func testUnsupportedComponentsAreNamed() throws {
        try assertRefused("{\"model\": \(model(", \"dropout\": 0.1"))}", mentioning: ["dropout"])
        try assertRefused("{\"model\": \(model(", \"unk_token\": \"<unk>\""))}", mentioning: ["<unk>"])
        try assertRefused("{\"model\": \(model()), \"normalizer\": {\"type\": \"NFKD\"}}", mentioning: ["NFKD"])
        try assertRefused("{\"model\": \(model()), \"pre_tokenizer\": {\"type\": \"Metaspace\"}}", mentioning: ["Metaspace"])
        try assertRefused("{\"model\": \(model()), \"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"a\"}, \"behavior\": \"Contiguous\"}}",
                          mentioning: ["Contiguous"])
        try assertRefused("{\"model\": \(model()), \"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"(\"}, \"behavior\": \"Removed\"}}",
                          mentioning: ["pattern"])
        try assertRefused("{\"model\": \(model()), \"post_processor\": {\"type\": \"Weird\"}}", mentioning: ["Weird"])
        try assertRefused("{\"model\": {\"type\": \"Unigram\"}}", mentioning: ["Unigram"])
        try assertRefused("{\"model\": \(model()), \"added_tokens\": [{\"id\": 3, \"content\": \"<m>\", \"lstrip\": true}]}",
                          mentioning: ["<m>", "lstrip"])
    }

    func testHugeSizesAreRefused() throws {
        try assertRefused("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 1e12}, \"merges\": []}}", mentioning: ["'a'"])
        let pattern = String(repeating: "a", count: TokenizerPattern.maxPatternLength + 1)
        try assertRefused("{\"model\": \(model()), \"normalizer\": {\"type\": \"Replace\", \"pattern\": {\"Regex\": \"\(pattern)\"}, \"content\": \" \"}}",
                          mentioning: ["limit"])
    }

    /// Pre-tokenisation of 2,000 sentences with CLIP's configuration; prints the time, and the
    /// time of NSRegularExpression and Swift's Regex on GPT-2's pattern (the comparison
    /// TokenizerPattern cites).
    func testPreTokenizationSpeed() throws {
        let tokenizer = try TokenizerFile.read(path: BytePairFixtures.path("clip"))
        let texts = try BytePairFixtures.cases().tokenizers["clip"]?.map(\.text) ?? []
        let corpus = (0..<(2_000 / max(texts.count, 1) + 1)).flatMap { _ in texts }.prefix(2_000)
        var started = Date()
        var count = 0
        for text in corpus { count += tokenizer.encode(text, maxLength: .max).count }
        let bpeSeconds = Date().timeIntervalSince(started)
        let expression = try NSRegularExpression(pattern: BytePairPreTokenizer.gpt2Pattern)
        started = Date()
        var nsMatches = 0
        for text in corpus { nsMatches += expression.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) }
        let nsSeconds = Date().timeIntervalSince(started)
        let regex = try Regex(BytePairPreTokenizer.gpt2Pattern)
        started = Date()
        var swiftMatches = 0
        for text in corpus { swiftMatches += text.matches(of: regex).count }
        let swiftSeconds = Date().timeIntervalSince(started)
        print("BPE: 2,000 sentences (\(count) ids) in \(bpeSeconds) s; GPT-2 pattern: NSRegularExpression \(nsSeconds) s, Swift Regex \(swiftSeconds) s")
        // Swift's Regex matches grapheme clusters by default ("\r\n" is one character), so
        // its counts differ slightly from ICU's scalar matching, which Rust's regex shares.
        XCTAssertGreaterThan(nsMatches, 0)
        XCTAssertGreaterThan(swiftMatches, 0)
        XCTAssertLessThan(bpeSeconds, 10)
    }
}
