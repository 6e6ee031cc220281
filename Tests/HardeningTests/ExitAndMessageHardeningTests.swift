import Foundation
import XCTest

/// Issue 22, exit codes, messages and archives.
final class ExitCodeHardeningTests: HardeningCase {
    func testParameterValuesThatDoNotParseAreUsageErrorsBeforeAnythingRuns() throws {
        try write("p.wwn", "print(\"ran\")\nparam n = 1\nparam flag = false\nparam xs = [1, 2]\nparam name = \"a\"\nprint(n)\n")
        for setting in ["n=abc", "flag=yes", "xs=[1,2", "xs=[1,2]", "name=3"] {
            let outcome = try sh("wwn p.wwn -p \(setting)")
            assertFails(outcome, status: 64, message: "-p \(setting.prefix { $0 != "=" })=")
            XCTAssertEqual(outcome.stdout, "", "nothing runs before a bad -p value is reported")
        }
        let good = try sh("wwn p.wwn -p n=3 -p flag=true")
        XCTAssertEqual(good.stdout, "ran\n3\n")
        try write("nb.wwn", "param n = 1\n#%%\nprint(n)\n")
        assertFails(try sh("wwn check nb.wwn -p n=abc"), status: 64, message: "must be a number")
        assertFails(try sh("wwn run nb.wwn -o out -p n=abc"), status: 64, message: "must be a number")
    }

    func testImportOfAMissingFileIs66() throws {
        try write("i.wwn", "import \"nothere.wwn\"\n")
        assertFails(try sh("wwn i.wwn"), status: 66, message: "nothere.wwn: it does not exist")
        try write("bad.wwn", "")
        try Data([0xFF, 0xFE, 0x00]).write(to: directory.appendingPathComponent("bad.wwn"))
        try write("j.wwn", "import \"bad.wwn\"\n")
        assertFails(try sh("wwn j.wwn"), status: 65, message: "not UTF-8")
    }
}

final class ArchiveHardeningTests: HardeningCase {
    func testDuplicateZipEntryNamesAreRefused() throws {
        let pickle: [UInt8] = [0x80, 2, 0x7D, 0x2E]  // {}
        try write("dup.pt", bytes: Craft.zip([.init(name: "archive/data.pkl", data: pickle), .init(name: "archive/data.pkl", data: pickle)]))
        assertFails(try sh("wwn analyze dup.pt"), status: 65, message: "two entries are named 'archive/data.pkl'")
        try write("dup.npz", bytes: Craft.zip([.init(name: "w.npy", data: Craft.npy(rows: 2, columns: 2)),
                                               .init(name: "w.npy", data: Craft.npy(rows: 3, columns: 3))]))
        assertFails(try sh("wwn analyze dup.npz"), status: 65, message: "two entries are named 'w.npy'")
    }
}

final class MessageHardeningTests: HardeningCase {
    func testFullDiskSaysNoSpaceLeftOnDevice() throws {
        // A 16 KiB tmpfs when this process may mount one (root in a container); otherwise skip.
        let mountPoint = path("tiny")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try sh("mount -t tmpfs -o size=16k tmpfs tiny 2>/dev/null").status == 0 else {
            throw XCTSkip("cannot mount a tmpfs here; /dev/full covers standard output")
        }
        defer { _ = try? sh("umount tiny") }
        try write("w.wwn", "write_csv(table([{x: \"\(String(repeating: "y", count: 40_000))\"}]), \"tiny/t.csv\")\n")
        assertFails(try sh("wwn w.wwn"), status: 70, message: "no space left on device")
        try write("t.wwn", "write_text(\"tiny/t.txt\", \"\(String(repeating: "y", count: 40_000))\")\n")
        assertFails(try sh("wwn t.wwn"), status: 70, message: "no space left on device")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mountPoint), [], "no temporary file is left on the full disk")
    }

    func testControlCharactersInMessagesAreEscaped() throws {
        // Text that came from a file or a user reaches the terminal with its ESC and CR escaped.
        try write("e.wwn", "error(\"clear\\u{1B}[2J and return\\rhidden\")\n")
        let outcome = try sh("wwn e.wwn")
        XCTAssertEqual(outcome.status, 70, outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("\u{1B}[2J"), outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("\r"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains(#"clear\u{1B}[2J and return\rhidden"#), outcome.stderr)
        // A tensor name holding an escape, listed by wwn analyze.
        try write("s.wwn", "save_model({\"w\\u{1B}]0;title\\u{7}\": zeros(16, 16)}, \"m.safetensors\")\n")
        XCTAssertEqual(try sh("wwn s.wwn").status, 0)
        let analyzed = try sh("wwn analyze m.safetensors")
        XCTAssertFalse(analyzed.stdout.contains("\u{1B}") || analyzed.stderr.contains("\u{1B}"), analyzed.stdout + analyzed.stderr)
    }
}
