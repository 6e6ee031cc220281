import Foundation
import XCTest
@testable import WWAugment

/// Missing and malformed WordNet files give errors naming the directory or file and line.
final class WordNetErrorTests: XCTestCase {
    func testMissingDirectoryNamesItAndThePackage() throws {
        let wordNet = WordNet(directory: "/nonexistent/wordnet")
        XCTAssertThrowsError(try wordNet.synonyms(of: "dog")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("/nonexistent/wordnet"), message)
            XCTAssertTrue(message.contains("apt-get install wordnet-base"), message)
            XCTAssertTrue(message.contains("noun.exc is missing"), message)
        }
        XCTAssertThrowsError(try wordNet.checkInstalled())
    }

    func testDirectoryComesFromTheEnvironmentVariable() {
        XCTAssertEqual(WordNet.configuredDirectory(environment: ["WWN_WORDNET_DIR": "/opt/wn"]), "/opt/wn")
        XCTAssertEqual(WordNet.configuredDirectory(environment: ["WWN_WORDNET_DIR": ""]), "/usr/share/wordnet")
        XCTAssertEqual(WordNet.configuredDirectory(environment: [:]), "/usr/share/wordnet")
    }

    func testAMiniatureWordNetIsRead() throws {
        let directory = try TextTestDirectory()
        try directory.writeMiniature()
        let wordNet = WordNet(directory: directory.path)
        try wordNet.checkInstalled()
        XCTAssertEqual(try wordNet.synonyms(of: "dogs"), ["dog", "domestic dog", "canis familiaris"])
        // As in EDA, only the word exactly as given is dropped from its own synonyms.
        XCTAssertEqual(try wordNet.synonyms(of: "Dog"), ["dog", "domestic dog", "canis familiaris"])
        XCTAssertEqual(try wordNet.synonyms(of: "dog"), ["domestic dog", "canis familiaris"])
        XCTAssertEqual(try wordNet.synonyms(of: "quickest"), ["quick", "speedy"])
        XCTAssertEqual(try wordNet.synonyms(of: "cat"), [])
    }

    func testUnsortedIndexNamesFileAndLine() throws {
        let directory = try TextTestDirectory()
        try directory.writeMiniature()
        try directory.write("index.noun", "dog n 1 0 1 0 00000000\ncat n 1 0 1 0 00000000\n")
        XCTAssertThrowsError(try WordNet(directory: directory.path).synonyms(of: "cat")) { error in
            XCTAssertTrue("\(error)".contains("index.noun, line 2: lemma 'cat' is out of order"), "\(error)")
        }
    }

    func testBadIndexLineNamesFileAndLine() throws {
        let directory = try TextTestDirectory()
        try directory.writeMiniature()
        try directory.write("index.noun", "  license\ndog n 2 0 2 0 00000000\n")
        XCTAssertThrowsError(try WordNet(directory: directory.path).synonyms(of: "dog")) { error in
            XCTAssertTrue("\(error)".contains("index.noun, line 2: expected 2 synset offsets"), "\(error)")
        }
        try directory.write("index.noun", "dog n x 0 1 0 00000000\n")
        XCTAssertThrowsError(try WordNet(directory: directory.path).synonyms(of: "dog")) { error in
            XCTAssertTrue("\(error)".contains("index.noun, line 1: the synset count is not a count"), "\(error)")
        }
    }

    func testOffsetIntoTheMiddleOfALineNamesFileAndOffset() throws {
        let directory = try TextTestDirectory()
        try directory.writeMiniature()
        try directory.write("index.noun", "dog n 1 0 1 0 00000005\n")
        XCTAssertThrowsError(try WordNet(directory: directory.path).synonyms(of: "dog")) { error in
            XCTAssertTrue("\(error)".contains("data.noun, byte offset 5: no synset starts here"), "\(error)")
        }
        try directory.write("index.noun", "dog n 1 0 1 0 99999999\n")
        XCTAssertThrowsError(try WordNet(directory: directory.path).synonyms(of: "dog")) { error in
            XCTAssertTrue("\(error)".contains("data.noun, byte offset 99999999"), "\(error)")
        }
    }

    func testTruncatedSynsetLineIsAnError() throws {
        let directory = try TextTestDirectory()
        try directory.writeMiniature()
        try directory.write("index.noun", "dog n 1 0 1 0 00000000\n")
        try directory.write("data.noun", "00000000 05 n 03 dog 0 | cut short\n")
        XCTAssertThrowsError(try WordNet(directory: directory.path).synonyms(of: "dog")) { error in
            XCTAssertTrue("\(error)".contains("3 words announced but the line ends early"), "\(error)")
        }
    }

    func testExceptionLineWithoutBaseFormIsAnError() throws {
        let directory = try TextTestDirectory()
        try directory.writeMiniature()
        try directory.write("noun.exc", "geese goose\nmice\n")
        XCTAssertThrowsError(try WordNet(directory: directory.path).synonyms(of: "dog")) { error in
            XCTAssertTrue("\(error)".contains("noun.exc, line 2: 'mice' has no base form"), "\(error)")
        }
    }
}
