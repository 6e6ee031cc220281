import Foundation
import XCTest
@testable import WWDiversity

final class TextDiversityTests: XCTestCase {
    func testTokensMatchNLTK() throws {
        let section = try DiversityFixtures.section("texts")
        let expected = try XCTUnwrap(section["tokens"] as? [String: [String]])
        let tokenizer = try WordTokenizer()
        for (text, tokens) in expected {
            XCTAssertEqual(tokenizer.tokens(text), tokens, text)
        }
    }

    func testNgramVendiMatchesReference() throws {
        let section = try DiversityFixtures.section("texts")
        let texts = try XCTUnwrap(section["texts"] as? [String])
        assertRelative(try NgramVendi.score(texts), try XCTUnwrap(section["ngram_vendi"] as? Double), 1e-9, "n = 1...4")
        assertRelative(try NgramVendi.score(texts, lengths: [1]), try XCTUnwrap(section["ngram_vendi_unigram"] as? Double), 1e-9, "n = 1")
        assertRelative(try NgramVendi.score(Array(texts.prefix(7))), try XCTUnwrap(section["ngram_vendi_default_range"] as? Double), 1e-9, "7 texts")
    }

    func testTextsWithoutTokensAreNamed() {
        XCTAssertThrowsError(try NgramVendi.score(["a text", "  \n "])) { error in
            XCTAssertTrue("\(error)".contains("text 1 has no tokens"), "\(error)")
        }
        XCTAssertThrowsError(try NgramVendi.score([])) { error in
            XCTAssertTrue("\(error)".contains("empty"), "\(error)")
        }
        XCTAssertThrowsError(try NgramVendi.score(["a"], lengths: [5]))
    }

    /// Identical texts are one mode; texts sharing nothing are as many modes as texts.
    func testExtremes() throws {
        XCTAssertEqual(try NgramVendi.score(["same four words here", "same four words here"]), 1, accuracy: 1e-12)
        // Shorter than 4 tokens: the 4-gram kernel is 0 there, as in the reference, so K has a 0.75 diagonal.
        XCTAssertEqual(try NgramVendi.score(["three words here", "three words here"]), exp(-0.75 * log(0.75)), accuracy: 1e-12)
        XCTAssertEqual(try NgramVendi.score(["alpha beta gamma delta", "one two three four", "x y z w"]), 3, accuracy: 1e-9)
    }
}
