import WWData
import WWNumerics
import XCTest

final class CSVTests: XCTestCase {
    func testHeaderIsDetectedAndLabelChosenByName() throws {
        let dir = try TestDirectory()
        let path = try dir.write("iris.csv", text: "sepal,species,petal\n5.1,setosa,1.4\n6.3,virginica,6.0\r\n5.8,\"versicolor\",4.1\n\n")
        let data = try Dataset.csv(path: path, label: .name("species"))
        XCTAssertEqual(data.features.shape, [3, 2])
        XCTAssertEqual(data.features.floatValues, [5.1, 1.4, 6.3, 6.0, 5.8, 4.1])
        XCTAssertEqual(data.classNames, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(data.labels, [0, 2, 1])
        XCTAssertEqual(data.name, "iris")
        let appearance = try Dataset.csv(path: path, label: .index(1), order: .appearance)
        XCTAssertEqual(appearance.classNames, ["setosa", "virginica", "versicolor"])
        XCTAssertEqual(appearance.labels, [0, 1, 2])
    }

    func testNoHeaderAndNumericLabelsSortNumerically() throws {
        let dir = try TestDirectory()
        let path = try dir.write("d.csv", text: "10,0.5,1\n2,0.25,2\n10,1e-3,3\n")
        let data = try Dataset.csv(path: path, label: .index(0))
        XCTAssertEqual(data.classNames, ["2", "10"])
        XCTAssertEqual(data.labels, [1, 0, 1])
        XCTAssertEqual(data.features.floatValues, [0.5, 1, 0.25, 2, 0.001, 3])
        let tsv = try dir.write("d.tsv", text: "1\t2\ta\n3\t4\tb\n")
        XCTAssertEqual(try Dataset.csv(path: tsv).features.floatValues, [1, 2, 3, 4])
        let semicolons = try dir.write("d.txt", text: "1;2;a\n3;4;b\n")
        XCTAssertEqual(try Dataset.csv(path: semicolons, delimiter: ";").labels, [0, 1])
    }

    func testRaggedRowNamesTheLine() throws {
        let dir = try TestDirectory()
        let path = try dir.write("r.csv", text: "a,b,label\n1,2,x\n3,4\n")
        XCTAssertThrowsMessage(try Dataset.csv(path: path), contains: ["r.csv: line 3", "2 fields, but the header has 3"])
    }

    func testNonNumericValueNamesTheLineAndColumn() throws {
        let dir = try TestDirectory()
        let path = try dir.write("n.csv", text: "a,b,label\n1,2,x\n3,four,y\n")
        XCTAssertThrowsMessage(try Dataset.csv(path: path), contains: ["n.csv: line 3", "\"four\", not a number, in column 2 (\"b\")"])
        let empty = try dir.write("e.csv", text: "1,,x\n")
        XCTAssertThrowsMessage(try Dataset.csv(path: empty), contains: ["line 1", "an empty value in column 2"])
        let nan = try dir.write("nan.csv", text: "1,nan,x\n")
        XCTAssertThrowsMessage(try Dataset.csv(path: nan), contains: ["line 1", "not a finite"])
    }

    func testStructuralErrors() throws {
        let dir = try TestDirectory()
        XCTAssertThrowsMessage(try Dataset.csv(path: try dir.write("empty.csv", text: "\n\n")), contains: ["empty.csv", "no rows"])
        XCTAssertThrowsMessage(try Dataset.csv(path: try dir.write("one.csv", text: "1\n2\n")), contains: ["a row has 1 field"])
        let quoted = try dir.write("q.csv", text: "1,2,\"open\n3,4,x\n")
        XCTAssertThrowsMessage(try Dataset.csv(path: quoted), contains: ["q.csv: line 1", "never closed"])
        let named = try dir.write("h.csv", text: "a,b,label\n1,2,x\n")
        XCTAssertThrowsMessage(try Dataset.csv(path: named, label: .name("class")), contains: ["no label column \"class\"", "\"a\", \"b\", \"label\""])
        XCTAssertThrowsMessage(try Dataset.csv(path: named, label: .index(5)), contains: ["label column 5 is out of range"])
        XCTAssertThrowsMessage(try Dataset.csv(path: named, label: .name("label"), header: false), contains: ["no header row"])
        XCTAssertThrowsMessage(try Dataset.csv(path: named, header: false), contains: ["line 1", "\"a\", not a number"])
    }

    func testLoadersAgreeWithReadCSVOnLineEndsAndEncoding() throws {
        // The rules of read_csv: a lone CR ends a row, and the text must be UTF-8.
        let dir = try TestDirectory()
        let mac = try dir.write("mac.csv", text: "a,b,label\r1,2,x\r3,4,y\r")
        XCTAssertEqual(try Dataset.csv(path: mac).features.floatValues, [1, 2, 3, 4])
        let latin1 = try dir.write("latin1.csv", Array("a,label\n1,".utf8) + [0xE9] + Array("t\u{E9}\n".utf8))
        XCTAssertThrowsMessage(try Dataset.csv(path: latin1), contains: ["latin1.csv: line 2", "is not UTF-8 text"])
        let quoted = try dir.write("quoted.csv", Array("a,label\n1,\"".utf8) + [0xFF] + Array("\"\n".utf8))
        XCTAssertThrowsMessage(try Dataset.csv(path: quoted), contains: ["quoted.csv: line 2", "is not UTF-8 text"])
    }

    func testALongFieldIsCutInTheMessage() throws {
        let dir = try TestDirectory()
        let path = try dir.write("long.csv", text: "a,label\n1,x\n" + String(repeating: "y", count: 100_000) + ",0\n")
        do {
            _ = try Dataset.csv(path: path)
            XCTFail("a field that is not a number loaded")
        } catch {
            let message = "\(error)"
            XCTAssertLessThan(message.utf8.count, 300, message)
            XCTAssertTrue(message.contains("…\" (100000 bytes), not a number"), message)
        }
    }
}

