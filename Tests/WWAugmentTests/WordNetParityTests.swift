import Foundation
import XCTest
@testable import WWAugment

/// Exact parity with NLTK's WordNet reader and EDA's get_synonyms on Debian's WordNet 3.0.
final class WordNetParityTests: XCTestCase {
    let wordNet = WordNet(directory: WordNet.defaultDirectory)

    func testFirstLookupIsFastAndReported() throws {
        let fresh = WordNet(directory: WordNet.defaultDirectory)
        let start = Date()
        let synonyms = try fresh.synonyms(of: "happy")
        let elapsed = Date().timeIntervalSince(start)
        print("first WordNet lookup (loads index.noun/verb/adj/adv and the exception lists): \(String(format: "%.1f", elapsed * 1000)) ms")
        XCTAssertEqual(synonyms, ["felicitous", "glad", "well chosen"])
    }

    func testSynonymsEqualNLTKForEveryFixtureWord() throws {
        let expected = try TextFixtures.json("synonyms.json", as: [String: [String]].self)
        XCTAssertGreaterThan(expected.count, 500)
        var mismatches: [String] = []
        for (word, synonyms) in expected where try wordNet.synonyms(of: word) != synonyms {
            mismatches.append("\(word): \(try wordNet.synonyms(of: word)) != \(synonyms)")
        }
        XCTAssertEqual(mismatches, [], "\(mismatches.count) of \(expected.count) words differ")
    }

    func testBaseFormsEqualNLTKMorphyInEveryPartOfSpeech() throws {
        let expected = try TextFixtures.json("morphy.json", as: [String: [String: [String]]].self)
        var checked = 0
        for pos in PartOfSpeech.allCases {
            guard let forms = expected[pos.rawValue] else { return XCTFail("morphy.json has no part of speech \(pos.rawValue)") }
            for (word, bases) in forms {
                XCTAssertEqual(try wordNet.baseForms(of: word, as: pos), bases, "\(word) as \(pos)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 2000)
    }

    func testExceptionListsAndSuffixRules() throws {
        XCTAssertEqual(try wordNet.baseForms(of: "geese", as: .noun), ["goose"])
        XCTAssertEqual(try wordNet.baseForms(of: "went", as: .verb), ["go"])
        XCTAssertEqual(try wordNet.baseForms(of: "running", as: .verb), ["run"])
        XCTAssertEqual(try wordNet.baseForms(of: "happier", as: .adjective), ["happy"])
        XCTAssertEqual(try wordNet.baseForms(of: "went", as: .noun), [])
        XCTAssertEqual(try wordNet.baseForms(of: "xyzzy", as: .noun), [])
    }

    func testStopWordsAreEDAsList() throws {
        let expected = try TextFixtures.json("stopwords.json", as: [String].self)
        XCTAssertEqual(StopWords.eda, expected)
        XCTAssertEqual(StopWords.eda.count, 128)
    }

    func testCleaningEqualsTheSpecsDefinition() throws {
        let cases = try TextFixtures.json("cleaning.json", as: [[String]].self)
        XCTAssertEqual(cases.count, 20)
        for pair in cases {
            XCTAssertEqual(TextCleaning.clean(pair[0]), pair[1], "cleaning \(pair[0].debugDescription)")
        }
    }

    func testSyntacticMarkersAreRemovedFromLemmaNames() {
        XCTAssertEqual(WordNetSynsetLine.removingSyntacticMarker("galore(ip)"), "galore")
        XCTAssertEqual(WordNetSynsetLine.removingSyntacticMarker("outback(a)"), "outback")
        XCTAssertEqual(WordNetSynsetLine.removingSyntacticMarker("plain"), "plain")
        XCTAssertEqual(WordNetSynsetLine.removingSyntacticMarker("a(b)c"), "a(b)c")
    }
}
