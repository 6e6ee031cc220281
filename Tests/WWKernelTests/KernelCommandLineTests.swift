import Foundation
import XCTest

/// `wwn kernel` and `wwn convert` as users call them: usage errors, missing files, refusals.
final class KernelCommandLineTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wwn-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func wwn(_ arguments: [String]) throws -> ProcessRun.Outcome {
        try ProcessRun.run(ProcessRun.binary.path, arguments, timeout: 60)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testKernelUsage() throws {
        for command in [["kernel"], ["kernel", "install"], ["convert"]] {
            let help = try wwn(command + ["--help"])
            XCTAssertEqual(help.status, 0, help.output)
            XCTAssertTrue(help.output.contains("USAGE: wwn \(command.joined(separator: " "))"), help.output)
        }
        let missing = try wwn(["kernel"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.output.contains("-f FILE"), missing.output)
        XCTAssertEqual(try wwn(["kernel", "install", "--user", "--prefix", path("p")]).status, 64)
        let badFile = try wwn(["kernel", "-f", path("none.json")])
        XCTAssertEqual(badFile.status, 66)
        XCTAssertTrue(badFile.output.contains("none.json") && badFile.output.contains("does not exist"), badFile.output)
        try Data("{\"shell_port\": 1}".utf8).write(to: URL(fileURLWithPath: path("bad.json")))
        let incomplete = try wwn(["kernel", "-f", path("bad.json")])
        XCTAssertEqual(incomplete.status, 65)
        XCTAssertTrue(incomplete.output.contains("'iopub_port'") || incomplete.output.contains("'control_port'"), incomplete.output)
        // An address not on this machine (TEST-NET-3): the kernel says where it could not listen.
        let holder = try JSONSerialization.data(withJSONObject: ["shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
                                                                 "ip": "203.0.113.1", "key": "k"])
        try holder.write(to: URL(fileURLWithPath: path("unbindable.json")))
        let unbindable = try wwn(["kernel", "-f", path("unbindable.json")])
        XCTAssertEqual(unbindable.status, 74, unbindable.output)
        XCTAssertTrue(unbindable.output.contains("cannot listen on tcp://203.0.113.1:"), unbindable.output)
    }

    /// A kernel whose client died without shutting it down ends by itself instead of running
    /// forever: here its parent, a shell, exits after a second.
    func testAnOrphanedKernelShutsItselfDown() throws {
        let base = Int.random(in: 20_000...60_000)
        let connection = try JSONSerialization.data(withJSONObject: ["shell_port": base, "iopub_port": base + 1, "stdin_port": base + 2,
                                                                     "control_port": base + 3, "hb_port": base + 4, "ip": "127.0.0.1", "key": "k"])
        try connection.write(to: URL(fileURLWithPath: path("connection.json")))
        let shell = try ProcessRun.run("/bin/sh", ["-c", "'\(ProcessRun.binary.path)' kernel -f '\(path("connection.json"))' 2>/dev/null & echo $!; sleep 1"],
                                       timeout: 30)
        let pid = try XCTUnwrap(pid_t(shell.output.trimmingCharacters(in: .whitespacesAndNewlines)), shell.output)
        let deadline = Date().addingTimeInterval(10)
        while kill(pid, 0) == 0, Date() < deadline { usleep(50_000) }
        let alive = kill(pid, 0) == 0
        if alive { kill(pid, SIGKILL) }
        XCTAssertFalse(alive, "the orphaned kernel was still running 10 s after its parent exited")
    }

    func testConvertRefusesWhatItCannotDoAndKeepsExistingFiles() throws {
        XCTAssertEqual(try wwn(["convert", path("a.txt"), path("b.ipynb")]).status, 64)
        XCTAssertEqual(try wwn(["convert", path("a.wwn"), path("b.wwn")]).status, 64)
        let missing = try wwn(["convert", path("missing.wwn"), path("m.ipynb")])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.output.contains("missing.wwn"), missing.output)
        try "#%%\nparam n = 1\nprint(n)\n".write(toFile: path("nb.wwn"), atomically: true, encoding: .utf8)
        try "keep me".write(toFile: path("taken.ipynb"), atomically: true, encoding: .utf8)
        let taken = try wwn(["convert", path("nb.wwn"), path("taken.ipynb")])
        XCTAssertEqual(taken.status, 73)
        XCTAssertEqual(try String(contentsOfFile: path("taken.ipynb"), encoding: .utf8), "keep me")
        XCTAssertEqual(try wwn(["convert", path("nb.wwn"), path("taken.ipynb"), "--force"]).status, 0)
        XCTAssertEqual(try wwn(["convert", path("taken.ipynb"), path("back.wwn")]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: path("back.wwn"), encoding: .utf8), "#%%\nparam n = 1\nprint(n)\n", "the split cell is joined again")
        try "{\"nbformat\": 4, \"cells\": 3}".write(toFile: path("broken.ipynb"), atomically: true, encoding: .utf8)
        let broken = try wwn(["convert", path("broken.ipynb"), path("x.wwn")])
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.output.contains("broken.ipynb"), broken.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.wwn")))
    }
}
