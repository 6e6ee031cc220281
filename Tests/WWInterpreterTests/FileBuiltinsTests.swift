// exists, glob and getenv on a temporary folder built for the test, so the matches are known.

import CSignals
import Foundation
import WWInterpreter
import XCTest

final class FileBuiltinsTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("wwn-files-\(UUID().uuidString)").path
        for relative in ["lib/python3.11/site-packages/pkg/model", "lib/python3.9/site-packages/pkg/model",
                         "lib/python3.12/site-packages/other"] {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(relative)", withIntermediateDirectories: true)
        }
        for file in ["lib/python3.11/site-packages/pkg/model/model.safetensors",
                     "lib/python3.9/site-packages/pkg/model/model.safetensors", "b.txt", "a.txt", "a1.txt"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: "\(folder)/\(file)", contents: Data("x".utf8)))
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func output(_ source: String) -> String { programOutput(source, name: "files.wwn") }

    func testGlobMatchesWithinComponentsAndSortsByBytes() {
        XCTAssertEqual(output("""
            for p in glob("\(folder)/lib/python3*/site-packages/pkg/model/model.safetensors") { print(p) }
            print(len(glob("\(folder)/?.txt")), len(glob("\(folder)/*.txt")), len(glob("\(folder)/a[0-9].txt")))
            print(glob("\(folder)/lib/python3*/site-packages/nothing"))
            """), """
            \(folder)/lib/python3.11/site-packages/pkg/model/model.safetensors
            \(folder)/lib/python3.9/site-packages/pkg/model/model.safetensors
            2 3 1
            []

            """)
    }

    func testExistsSeesFilesAndFoldersButNotMissingPaths() {
        XCTAssertEqual(output("""
            print(exists("\(folder)/a.txt"), exists("\(folder)/lib"), exists("\(folder)/c.txt"))
            """), "true true false\n")
    }

    func testGetenvReadsTheProcessEnvironment() {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        XCTAssertEqual(output("print(getenv(\"HOME\", \"none\"))"), "\(home.isEmpty ? "none" : home)\n")
    }

    func testTildeIsTheHomeFolder() {
        let home = (("~" as NSString).expandingTildeInPath as NSString).standardizingPath
        XCTAssertEqual(output("print(glob(\"~\"))"), "[\"\(home)\"]\n")
    }

    func testGlobStopsAtTheEntryBudgetAndOnCtrlC() {
        var result = glob_t()
        defer { globfree(&result) }
        var stopped: Int32 = -1
        _ = wwn_glob("\(folder)/*", 0, 2, &result, &stopped)
        XCTAssertEqual(stopped, Int32(WWN_GLOB_TOO_MANY_ENTRIES), "5 entries and more, read 2 at most")

        var complete = glob_t()
        defer { globfree(&complete) }
        XCTAssertEqual(wwn_glob("\(folder)/*.txt", 0, 100, &complete, &stopped), 0)
        XCTAssertEqual(stopped, Int32(WWN_GLOB_COMPLETE))
        XCTAssertEqual(complete.gl_pathc, 3)

        wwn_install_interrupt_handler()
        defer { wwn_clear_interrupt(); wwn_restore_interrupt_handler() }
        raise(SIGINT)
        var interrupted = glob_t()
        defer { globfree(&interrupted) }
        _ = wwn_glob("\(folder)/*", 0, 100, &interrupted, &stopped)
        XCTAssertEqual(stopped, Int32(WWN_GLOB_INTERRUPTED))
        XCTAssertNotEqual(wwn_interrupt_pending(), 0, "the interpreter raises the interrupt afterwards")
        XCTAssertTrue(output("glob(\"\(folder)/*\")").hasPrefix("error: interrupted"))
    }

    func testANameThatIsNotUTF8IsAnErrorNotAMangledPath() throws {
        let bytes = Array("\(folder)/latin1-".utf8) + [0xE9, 0x2E, 0x62, 0x69, 0x6E, 0]  // "latin1-é.bin" in Latin-1
        let descriptor = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { creat($0, 0o644) }
        }
        try XCTSkipIf(descriptor < 0, "this file system refuses names that are not UTF-8")
        close(descriptor)
        XCTAssertTrue(output("glob(\"\(folder)/latin1-*\")").contains("whose name is not valid UTF-8"))
        XCTAssertEqual(output("print(len(glob(\"\(folder)/*.txt\")))"), "3\n", "names that do not match do not matter")
    }

    func testATrailingSlashMatchesOnlyDirectories() {
        XCTAssertEqual(output("print(glob(\"\(folder)/a.txt/\"), glob(\"\(folder)/a*.txt/\"), len(glob(\"\(folder)/lib/\")))"),
                       "[] [] 1\n")
    }
}
