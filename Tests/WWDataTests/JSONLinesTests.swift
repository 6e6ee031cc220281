import XCTest
@testable import WWData

final class JSONLinesTests: XCTestCase {
    func testFieldsLabelsAndBlankLines() throws {
        let directory = try TestDirectory()
        let path = try directory.write("set.jsonl", text: """
            {"review": "good", "stars": true}

            {"review": "bad \\u00e9", "stars": false}\r
            {"review": "meh", "stars": "true"}
            """)
        let data = try Dataset.text(path: path, textColumn: "review", labelColumn: "stars", features: .none)
        XCTAssertEqual(data.texts, ["good", "bad é", "meh"])
        XCTAssertEqual(data.classNames, ["false", "true"])
        XCTAssertEqual(data.labels, [1, 0, 1])
    }

    func testErrorsNameTheLine() throws {
        let directory = try TestDirectory()
        let cases: [(String, [String])] = [
            ("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 1", ["line 2", "not valid JSON"]),
            ("[1, 2]", ["line 1", "not an object"]),
            ("{\"text\": 5, \"label\": 1}", ["line 1", "\"text\" is not a string"]),
            ("{\"text\": \"a\", \"label\": 1.5}", ["line 1", "not a class"]),
            ("{\"text\": \"a\", \"label\": [1]}", ["line 1", "not a string, a whole number or a boolean"]),
            ("{\"text\": \"a\"}", ["line 1", "no field \"label\"", "its fields: text"]),
        ]
        for (k, (body, parts)) in cases.enumerated() {
            let path = try directory.write("bad\(k).jsonl", text: body)
            XCTAssertThrowsMessage(try Dataset.text(path: path, features: .none), contains: [path] + parts)
        }
    }
}
