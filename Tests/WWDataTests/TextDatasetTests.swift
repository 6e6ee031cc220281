import WWData
import WWNumerics
import XCTest

final class TextDatasetTests: XCTestCase {
    func testLabelFirstLinesKeepTextsAndHashFeatures() throws {
        let dir = try TestDirectory()
        let path = try dir.write("reviews.txt", text: "pos\tGreat film, great cast!\nneg\tDull.\n\nneg\tTab\tinside text\n")
        let data = try Dataset.text(path: path, features: .hashed(dimensions: 64, ngrams: 1))
        XCTAssertEqual(data.texts ?? [], ["Great film, great cast!", "Dull.", "Tab\tinside text"])
        XCTAssertEqual(data.classNames, ["neg", "pos"])
        XCTAssertEqual(data.labels, [1, 0, 0])
        XCTAssertEqual(data.features.shape, [3, 64])
        // "great" twice, "film" and "cast" once: the counts sum to the token count.
        XCTAssertEqual(data.features.floatValues.prefix(64).reduce(0, +), 4)
        XCTAssertEqual(data.features.floatValues.prefix(64).max(), 2)
    }

    func testTextFirstAndColumnLayouts() throws {
        let dir = try TestDirectory()
        let lines = try dir.write("t.tsv", text: "good\tyes\nbad\tno\n")
        let textFirst = try Dataset.text(path: lines, layout: .textFirst, features: .none)
        XCTAssertEqual(textFirst.texts ?? [], ["good", "bad"])
        XCTAssertEqual(textFirst.classNames, ["no", "yes"])
        XCTAssertEqual(textFirst.features.shape, [2, 0])
        let csv = try dir.write("t.csv", text: "id,review,sentiment\n1,\"Loved it, really\",pos\n2,Meh,neg\n")
        let columns = try Dataset.text(path: csv, textColumn: "review", labelColumn: "sentiment", order: .appearance)
        XCTAssertEqual(columns.texts ?? [], ["Loved it, really", "Meh"])
        XCTAssertEqual(columns.classNames, ["pos", "neg"])
        XCTAssertEqual(columns.features.shape, [2, 1024])
    }

    func testMalformedTextFilesNameTheLine() throws {
        let dir = try TestDirectory()
        let noTab = try dir.write("x.txt", text: "pos\tfine\nno tab here\n")
        XCTAssertThrowsMessage(try Dataset.text(path: noTab), contains: ["x.txt: line 2", "no tab"])
        let emptyLabel = try dir.write("y.txt", text: "\tsome text\n")
        XCTAssertThrowsMessage(try Dataset.text(path: emptyLabel), contains: ["y.txt: line 1", "label is empty"])
        let csv = try dir.write("z.csv", text: "text,label\nhello,a\n")
        XCTAssertThrowsMessage(try Dataset.text(path: csv, labelColumn: "class"), contains: ["no label column \"class\""])
    }

    func testTextFilesFollowTheRulesOfTheOtherLoaders() throws {
        // An empty file is an error (as in load_csv), not an empty set; lines end at LF, CRLF or
        // a lone CR; the text must be UTF-8.
        let dir = try TestDirectory()
        XCTAssertThrowsMessage(try Dataset.text(path: try dir.write("empty.txt", text: "")), contains: ["empty.txt", "no rows"])
        XCTAssertThrowsMessage(try Dataset.text(path: try dir.write("blank.txt", text: "\n\n")), contains: ["blank.txt", "no rows"])
        let mac = try dir.write("mac.txt", text: "pos\tgood\rneg\tbad\r\nneg\tworse\n")
        XCTAssertEqual(try Dataset.text(path: mac).texts, ["good", "bad", "worse"])
        let latin1 = try dir.write("latin1.txt", Array("pos\tcaf".utf8) + [0xE9] + [0x0A])
        XCTAssertThrowsMessage(try Dataset.text(path: latin1), contains: ["latin1.txt", "is not UTF-8 text"])
    }

    func testHashedFeaturesAgreeAcrossSetsAndBagOfWordsUsesTheVocabulary() throws {
        let texts = ["the cat sat", "the dog sat down", "a cat and a dog"]
        XCTAssertEqual(TextFeatures.tokens("It's 2 GOOD-ish!"), ["it", "s", "2", "good", "ish"])
        XCTAssertEqual(TextFeatures.terms("a b c", upTo: 2), ["a", "b", "c", "a b", "b c"])
        let all = try TextFeatures.hashed(texts, dimensions: 32, ngrams: 2)
        let one = try TextFeatures.hashed([texts[1]], dimensions: 32, ngrams: 2)
        XCTAssertEqual(Array(all.floatValues[32..<64]), one.floatValues)
        let vocabulary = try TextFeatures.vocabulary(texts, size: 4, ngrams: 1)
        XCTAssertEqual(vocabulary, ["a", "cat", "dog", "sat"])  // each twice; ties alphabetical
        let bag = try TextFeatures.bagOfWords(texts, vocabulary: vocabulary, ngrams: 1)
        XCTAssertEqual(bag.floatValues, [0, 1, 0, 1, 0, 0, 1, 1, 2, 1, 1, 0])
        XCTAssertThrowsError(try TextFeatures.hashed(texts, dimensions: 8, ngrams: 4))
        XCTAssertThrowsError(try TextFeatures.bagOfWords(texts, vocabulary: [], ngrams: 1))
    }
}
