// read_text, write_text and list_dir on a temporary folder built for the test, so a case
// writes real files and leaves nothing behind.

import Foundation
import WWInterpreter
import XCTest

final class TextFileBuiltinsTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-text-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(folder)/sub", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func output(_ source: String) -> String { programOutput(source, name: "text.wwn") }

    func testWrittenTextReadsBackUnchanged() {
        XCTAssertEqual(output("""
            write_text("\(folder)/notes.txt", "α line\\nsecond\\n")
            print(repr(read_text("\(folder)/notes.txt")))
            """), "\"α line\\nsecond\\n\"\n")
    }

    func testAnExistingFileIsReplacedOnlyWithOverwrite() throws {
        let result = output("""
            write_text("\(folder)/a.txt", "first")
            write_text("\(folder)/a.txt", "second", overwrite: true)
            print(read_text("\(folder)/a.txt"))
            write_text("\(folder)/a.txt", "third")
            """)
        XCTAssertTrue(result.hasPrefix("second\nerror:"), result)
        XCTAssertTrue(result.contains("cannot write \"\(folder)/a.txt\": the file already exists; pass overwrite: true to replace it"), result)
        XCTAssertEqual(try String(contentsOfFile: "\(folder)/a.txt", encoding: .utf8), "second")
    }

    func testListDirGivesSortedNamesIncludingHiddenOnes() throws {
        for name in ["b.txt", "a.txt", ".hidden", "B.txt"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data()))
        }
        XCTAssertEqual(output("""
            print(list_dir("\(folder)"))
            print(is_dir("\(folder)/sub"), is_dir("\(folder)/a.txt"))
            """), "[\".hidden\", \"B.txt\", \"a.txt\", \"b.txt\", \"sub\"]\ntrue false\n")
    }

    func testAFileThatIsNotUTF8IsRefusedByName() {
        XCTAssertTrue(FileManager.default.createFile(atPath: "\(folder)/bin", contents: Data([0xff, 0xfe, 0x00])))
        XCTAssertTrue(output("read_text(\"\(folder)/bin\")").contains("cannot read \"\(folder)/bin\": the file is not UTF-8 text"))
    }

    func testListingAFileIsAnError() {
        XCTAssertTrue(FileManager.default.createFile(atPath: "\(folder)/f", contents: Data()))
        XCTAssertTrue(output("list_dir(\"\(folder)/f\")").contains("it is a file, not a directory"))
    }
}
