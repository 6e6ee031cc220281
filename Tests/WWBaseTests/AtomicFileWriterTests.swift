import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XCTest
import WWBase

/// The writer's promises: the old file or the new one, never a half; no overwrite unless asked;
/// no temporary file left behind on any failure.
final class AtomicFileWriterTests: XCTestCase {
    private struct CallerFailure: Error, Equatable {}

    func testReplaceModeWritesANewFileAndReplacesAnExistingOne() throws {
        let scratch = try ScratchDirectory()
        let writer = AtomicFileWriter(path: scratch.file("out.txt"), mode: .replace)
        try writer.write(Data("first".utf8))
        XCTAssertEqual(try scratch.contents("out.txt"), "first")
        try writer.write(Data("second".utf8))
        XCTAssertEqual(try scratch.contents("out.txt"), "second")
        XCTAssertEqual(try scratch.names(), ["out.txt"], "no temporary file is left beside the target")
    }

    func testCreateNewModeWritesWhenTheNameIsFree() throws {
        let scratch = try ScratchDirectory()
        try AtomicFileWriter(path: scratch.file("new.txt"), mode: .createNew).write(Data("fresh".utf8))
        XCTAssertEqual(try scratch.contents("new.txt"), "fresh")
        XCTAssertEqual(try scratch.names(), ["new.txt"])
    }

    func testCreateNewModeRefusesAnExistingFileAndLeavesItUntouched() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("precious", to: "kept.txt")
        let writer = AtomicFileWriter(path: scratch.file("kept.txt"), mode: .createNew)
        XCTAssertThrowsError(try writer.write(Data("intruder".utf8))) { error in
            XCTAssertEqual(error as? AtomicWriteError, .alreadyExists)
            XCTAssertEqual((error as? AtomicWriteError)?.reason, "already exists")
        }
        XCTAssertEqual(try scratch.contents("kept.txt"), "precious")
        XCTAssertEqual(try scratch.names(), ["kept.txt"], "the refused temporary file is removed")
    }

    /// While the body writes, the data is in a hidden file beside the target; the body's own
    /// error comes back unchanged, and neither the temporary file nor a target appears.
    func testTemporaryFileIsRemovedWhenTheWriteClosureThrows() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("old", to: "target.txt")
        for mode in [AtomicFileWriter.Mode.replace, .createNew] {
            var namesDuringWrite: [String] = []
            XCTAssertThrowsError(try AtomicFileWriter(path: scratch.file("target.txt"), mode: mode).write { output in
                try output.write(Data("partial".utf8))
                namesDuringWrite = try scratch.names()
                throw CallerFailure()
            }) { error in
                XCTAssertEqual(error as? CallerFailure, CallerFailure(), "the caller's error is rethrown unchanged")
            }
            let temporary = namesDuringWrite.filter { $0 != "target.txt" }
            XCTAssertEqual(temporary.count, 1, "\(namesDuringWrite)")
            XCTAssertTrue(temporary.allSatisfy { $0.hasPrefix(".target.txt.") && $0.hasSuffix(".tmp") }, "\(temporary)")
            XCTAssertEqual(try scratch.names(), ["target.txt"])
            XCTAssertEqual(try scratch.contents("target.txt"), "old")
        }
    }

    /// A failure after the temporary file exists (the target's name is a directory, so the
    /// rename fails) removes it too.
    func testTemporaryFileIsRemovedWhenMovingIntoPlaceFails() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("taken"), withIntermediateDirectories: false)
        try scratch.write("inside", to: "taken/file.txt")
        XCTAssertThrowsError(try AtomicFileWriter(path: scratch.file("taken"), mode: .replace).write(Data("x".utf8))) { error in
            guard case .cannotMoveIntoPlace = error as? AtomicWriteError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try scratch.names(), ["taken"])
    }

    /// A directory that cannot take the temporary file (missing, or a file where the directory
    /// should be) fails before the body runs and leaves nothing.
    func testUnwritableDirectoryFailsBeforeWritingAndLeavesNothing() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("a file", to: "plain")
        for path in [scratch.file("missing/out.txt"), scratch.file("plain/out.txt")] {
            var bodyRan = false
            XCTAssertThrowsError(try AtomicFileWriter(path: path, mode: .replace).write { _ in bodyRan = true }) { error in
                guard case .cannotCreateTemporaryFile(let reason) = error as? AtomicWriteError else { return XCTFail("\(error)") }
                XCTAssertFalse(reason.isEmpty)
            }
            XCTAssertFalse(bodyRan)
        }
        XCTAssertEqual(try scratch.names(), ["plain"])
    }

    /// A read-only directory: permission denied, nothing created. Skipped as root, whom the
    /// directory's mode does not stop.
    func testReadOnlyDirectoryIsRefusedWithTheSystemsReason() throws {
        try XCTSkipIf(geteuid() == 0, "root writes into read-only directories")
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("locked"), withIntermediateDirectories: false)
        XCTAssertEqual(chmod(scratch.file("locked"), 0o555), 0)
        defer { chmod(scratch.file("locked"), 0o755) }
        XCTAssertThrowsError(try AtomicFileWriter(path: scratch.file("locked/out.txt"), mode: .createNew).write(Data("x".utf8))) { error in
            XCTAssertEqual(error as? AtomicWriteError, .cannotCreateTemporaryFile(reason: String(cString: strerror(EACCES))))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.file("locked")), [])
    }

    /// Given permissions are set exactly (the umask does not apply); without them a new file
    /// gets 0666 less the umask, like any file the process creates.
    func testPermissionsAreExactWhenGivenAndFollowTheUmaskOtherwise() throws {
        let scratch = try ScratchDirectory()
        let mask = umask(0o022)
        defer { umask(mask) }
        try AtomicFileWriter(path: scratch.file("private"), mode: .createNew, permissions: 0o640).write(Data("x".utf8))
        XCTAssertEqual(AtomicFileWriter.permissions(of: scratch.file("private")), 0o640)
        try AtomicFileWriter(path: scratch.file("executable"), mode: .createNew, permissions: 0o777).write(Data("x".utf8))
        XCTAssertEqual(AtomicFileWriter.permissions(of: scratch.file("executable")), 0o777)
        try AtomicFileWriter(path: scratch.file("default"), mode: .createNew).write(Data("x".utf8))
        XCTAssertEqual(AtomicFileWriter.permissions(of: scratch.file("default")), 0o644)
    }

    /// A rewrite that passes the old file's permissions keeps them.
    func testPermissionsOfAnExistingFileSurviveARewrite() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("v1", to: "kept")
        XCTAssertEqual(chmod(scratch.file("kept"), 0o600), 0)
        let permissions = AtomicFileWriter.permissions(of: scratch.file("kept"))
        XCTAssertEqual(permissions, 0o600)
        try AtomicFileWriter(path: scratch.file("kept"), mode: .replace, permissions: permissions).write(Data("v2".utf8))
        XCTAssertEqual(AtomicFileWriter.permissions(of: scratch.file("kept")), 0o600)
        XCTAssertEqual(try scratch.contents("kept"), "v2")
        XCTAssertNil(AtomicFileWriter.permissions(of: scratch.file("absent")))
    }

    /// The body may write in pieces, raw bytes and `Data` alike; an empty buffer is fine.
    func testPiecewiseWritesAreConcatenated() throws {
        let scratch = try ScratchDirectory()
        try AtomicFileWriter(path: scratch.file("pieces"), mode: .replace).write { output in
            try output.write(Data("ab".utf8))
            try [UInt8]("cd".utf8).withUnsafeBytes { try output.write($0) }
            try [UInt8]().withUnsafeBytes { try output.write($0) }
            try output.write(Data())
        }
        XCTAssertEqual(try scratch.contents("pieces"), "abcd")
    }

    func testErrorReasonsCarryTheSystemMessage() {
        XCTAssertEqual(AtomicWriteError.cannotWrite(reason: "No space left on device").reason, "No space left on device")
        XCTAssertEqual(AtomicWriteError.cannotFlush(reason: "I/O error").reason, "I/O error")
        XCTAssertEqual(AtomicWriteError.cannotMoveIntoPlace(reason: "Is a directory").reason, "Is a directory")
        XCTAssertEqual(AtomicWriteError.cannotCreateTemporaryFile(reason: "Permission denied").reason, "Permission denied")
    }
}
