import Foundation
import XCTest

/// Issue 22, hangs and users' files: FIFOs are refused without blocking, and no writer changes
/// a file's mode, replaces a device, or replaces a file it was not told to.
final class HangHardeningTests: HardeningCase {
    func testFIFOPassedToLoadModelIsAnErrorNotAHang() throws {
        XCTAssertEqual(mkfifo(path("pipe.safetensors"), 0o600), 0)
        try write("load.wwn", "load_model(\"pipe.safetensors\")\n")
        assertFails(try sh("wwn load.wwn"), status: 70, message: "is a FIFO")
        assertFails(try sh("wwn analyze pipe.safetensors"), status: 65, message: "is a FIFO")
    }

    func testFIFOInAModelDirectoryIsAnErrorNotAHang() throws {
        try FileManager.default.createDirectory(atPath: path("model"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(path("model/a.safetensors"), 0o600), 0)
        try write("load.wwn", "load_model(\"model\")\n")
        assertFails(try sh("wwn load.wwn"), status: 70, message: "a.safetensors: is a FIFO")
        assertFails(try sh("wwn analyze model"), status: 65, message: "a.safetensors: is a FIFO")
    }

    func testFIFOsAndDevicesAreNamedForWhatTheyAreByReaders() throws {
        XCTAssertEqual(mkfifo(path("pipe.csv"), 0o600), 0)
        for (call, what) in [("read_csv(\"pipe.csv\")", "is a FIFO"), ("read_text(\"pipe.csv\")", "is a FIFO"),
                             ("read_text(\"/dev/zero\")", "is a device"), ("load_csv(\"pipe.csv\")", "is a FIFO")] {
            try write("read.wwn", call + "\n")
            let outcome = try sh("wwn read.wwn")
            assertFails(outcome, status: 70, message: what)
            XCTAssertFalse(outcome.stderr.contains("permission denied"), outcome.stderr)
        }
        assertFails(try sh("wwn pipe.csv"), status: 66, message: "is a FIFO")
    }
}

final class UserFileHardeningTests: HardeningCase {
    private func mode(_ name: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path(name))[.posixPermissions] as? Int) ?? -1
    }

    func testOverwriteKeepsTheFileMode() throws {
        for name in ["a.txt", "b.csv", "c.safetensors", "d.csv"] {
            try write(name, "old\n")
            XCTAssertEqual(chmod(path(name), 0o600), 0)
        }
        try write("w.wwn", """
            write_text("a.txt", "new", overwrite: true)
            write_csv(table([{x: 1}]), "b.csv", overwrite: true)
            save_model({w: tensor([[1, 2], [3, 4]])}, "c.safetensors", overwrite: true)

            """)
        let outcome = try sh("wwn w.wwn")
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        for name in ["a.txt", "b.csv", "c.safetensors"] { XCTAssertEqual(try mode(name), 0o600, name) }
        XCTAssertEqual(try String(contentsOfFile: path("a.txt"), encoding: .utf8), "new")
    }

    func testAnalyzeCSVOverwriteKeepsTheFileMode() throws {
        try write("m.npz", bytes: Craft.zip([.init(name: "w.npy", data: Craft.npy(rows: 2, columns: 2))]))
        try write("out.csv", "")
        XCTAssertEqual(chmod(path("out.csv"), 0o600), 0)
        _ = try sh("wwn analyze m.npz --csv out.csv")
        XCTAssertEqual(try mode("out.csv"), 0o600)
    }

    func testADeviceIsNeverReplaced() throws {
        try write("w.wwn", "write_text(\"/dev/full\", \"x\", overwrite: true)\n")
        assertFails(try sh("wwn w.wwn"), status: 70, message: "not a regular file")
        assertFails(try sh("wwn docs -o /dev/full --force"), status: 73, message: "not a regular file")
        var info = stat()
        XCTAssertEqual(stat("/dev/full", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/full is still a character device")
    }

    func testASymbolicLinkIsNotReplacedByOverwrite() throws {
        try write("target.txt", "keep\n")
        XCTAssertEqual(symlink("target.txt", path("link.txt")), 0)
        try write("w.wwn", "write_text(\"link.txt\", \"x\", overwrite: true)\n")
        assertFails(try sh("wwn w.wwn"), status: 70, message: "symbolic link")
        XCTAssertEqual(try String(contentsOfFile: path("target.txt"), encoding: .utf8), "keep\n")
    }

    func testDocsDoesNotReplaceAFileWithoutForce() throws {
        try write("ref.md", "mine\n")
        XCTAssertEqual(chmod(path("ref.md"), 0o600), 0)
        assertFails(try sh("wwn docs -o ref.md"), status: 73, message: "already exists; pass --force")
        XCTAssertEqual(try String(contentsOfFile: path("ref.md"), encoding: .utf8), "mine\n")
        let forced = try sh("wwn docs -o ref.md --force")
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(try String(contentsOfFile: path("ref.md"), encoding: .utf8).hasPrefix("# wwn built-in reference"))
        XCTAssertEqual(try mode("ref.md"), 0o600)
        assertFails(try sh("wwn docs -o ''"), status: 64, message: "needs a file name")
    }

    func testTemporaryFilesAreRemovedOnSIGTERM() throws {
        // A large save is under way when SIGTERM arrives; nothing of it may stay behind.
        try write("w.wwn", "let t = zeros(3000, 3000)\nwhile true { save_model({w: t}, \"m.safetensors\", overwrite: true) }\n")
        _ = try sh("timeout -s KILL 20 \"$WWN\" w.wwn & pid=$!; sleep 3; kill -TERM $pid; wait $pid")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp") }
        XCTAssertEqual(left, [])
    }
}
