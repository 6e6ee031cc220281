import Foundation
import XCTest
import WWBase

/// The table a signal handler cleans from: a registered path is removed by `removeAllNow`, an
/// unregistered one is not. (The table is process-wide, so each test unregisters what it adds.)
final class TemporaryFilesTests: XCTestCase {
    func testRemoveAllNowUnlinksRegisteredFilesOnly() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("in flight", to: "registered.tmp")
        try scratch.write("finished", to: "released.tmp")
        let registered = TemporaryFiles.register(scratch.file("registered.tmp"))
        defer { TemporaryFiles.unregister(registered) }
        let released = TemporaryFiles.register(scratch.file("released.tmp"))
        TemporaryFiles.unregister(released)

        TemporaryFiles.removeAllNow()
        XCTAssertEqual(try scratch.names(), ["released.tmp"])
    }

    /// A registered folder goes after its registered files; one still holding anything else
    /// (a file nobody registered) is left alone, so nothing unknown is deleted.
    func testRegisteredFoldersAreRemovedOnlyWhenTheirFilesWere() throws {
        let scratch = try ScratchDirectory()
        for name in ["plot", "kept"] {
            try FileManager.default.createDirectory(atPath: scratch.file(name), withIntermediateDirectories: false)
            try scratch.write("png", to: "\(name)/figure.png")
        }
        try scratch.write("someone's", to: "kept/other.txt")
        let registrations = [
            TemporaryFiles.registerDirectory(scratch.file("plot")), TemporaryFiles.register(scratch.file("plot/figure.png")),
            TemporaryFiles.registerDirectory(scratch.file("kept")), TemporaryFiles.register(scratch.file("kept/figure.png")),
        ]
        defer { registrations.forEach(TemporaryFiles.unregister) }

        TemporaryFiles.removeAllNow()
        XCTAssertEqual(try scratch.names(), ["kept"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.file("kept")), ["other.txt"])
    }

    /// Registration survives far more sequential writes than the table has slots: each
    /// unregistration frees its slot for the next.
    func testSlotsAreReusedAfterUnregistering() throws {
        let scratch = try ScratchDirectory()
        for index in 0..<(FileWriteLimits.maxTrackedTemporaryFiles * 3) {
            let name = "file\(index).tmp"
            try scratch.write("x", to: name)
            let registration = TemporaryFiles.register(scratch.file(name))
            TemporaryFiles.removeAllNow()
            TemporaryFiles.unregister(registration)
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.file(name)), "slot \(index) was not tracked")
        }
    }

    /// A full table still hands out registrations (untracked ones), and unregistering those is
    /// harmless.
    func testAFullTableLeavesExtraFilesUntracked() throws {
        let scratch = try ScratchDirectory()
        let registrations = (0..<FileWriteLimits.maxTrackedTemporaryFiles).map { TemporaryFiles.register(scratch.file("slot\($0)")) }
        defer { registrations.forEach(TemporaryFiles.unregister) }
        try scratch.write("beyond the table", to: "extra.tmp")
        let extra = TemporaryFiles.register(scratch.file("extra.tmp"))
        TemporaryFiles.removeAllNow()
        TemporaryFiles.unregister(extra)
        XCTAssertEqual(try scratch.names(), ["extra.tmp"])
    }

    /// While an atomic write is under way its temporary file is registered, so a signal then
    /// would remove it; afterwards nothing of it is left registered.
    func testAnAtomicWriteRegistersItsTemporaryFile() throws {
        let scratch = try ScratchDirectory()
        var namesAfterCleanup: [String] = []
        XCTAssertThrowsError(try AtomicFileWriter(path: scratch.file("report.html"), mode: .replace).write { output in
            try output.write(Data("half".utf8))
            TemporaryFiles.removeAllNow()  // what the SIGTERM handler does
            namesAfterCleanup = try scratch.names()
        })
        XCTAssertEqual(namesAfterCleanup, [])
        XCTAssertEqual(try scratch.names(), [])
    }
}
