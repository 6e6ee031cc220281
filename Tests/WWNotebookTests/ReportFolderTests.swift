import Foundation
import WWInterpreter
import XCTest
@testable import WWNotebook

/// The report folder's rules (issues 18 and 22): figures kept beside the report, a missing
/// figure is a failed cell, and a report writes only the files it owns.
final class ReportFolderTests: NotebookTestCase {
    private func figureRun(figure: String) -> NotebookRun {
        let notebook = Notebook(path: path("nb.wwn"), text: "#%% Plot\nprint(1)\n#%% Later\nprint(2)\n")
        var plot = CellResult(cell: notebook.cells[0], status: .succeeded)
        plot.outputs = [.figure(path: figure)]
        let later = CellResult(cell: notebook.cells[1], status: .succeeded)
        return NotebookRun(notebook: notebook, cells: [plot, later])
    }

    func testAMissingFigureIsAFailedCellNotASuccess() throws {
        // A temp cleaner removed the figure before the report was written.
        var run = figureRun(figure: path("gone/figure-1.png"))
        XCTAssertEqual(run.exitCode, 0)
        try ReportWriter(directory: path("out")).write(&run)
        guard case .failed(let diagnostic) = run.cells[0].status else { return XCTFail("\(run.cells[0].status)") }
        XCTAssertTrue(diagnostic.message.contains("disappeared"), diagnostic.message)
        XCTAssertEqual(run.exitCode, 70)
        XCTAssertFalse(try read(path("out/report.md")).contains("All cells ran"))
        XCTAssertTrue(try read(path("out/index.html")).contains("cell code failed"))
    }

    func testStagedFiguresAreMovedIntoTheReportFolder() throws {
        let writer = ReportWriter(directory: path("out"))
        let staging = try writer.prepareStaging()
        XCTAssertTrue(staging.path.hasPrefix(path("out") + "/.wwn-staging-"), "figures are made beside the report, not in the system's temp folder")
        let figure = (staging.path as NSString).appendingPathComponent("figure-1.png")
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: figure))
        var run = figureRun(figure: figure)
        run.figureStaging = staging.path
        try writer.write(&run, staging: staging)
        XCTAssertEqual(run.exitCode, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("out")).sorted(),
                       [".wwn-report.json", "figure-1.png", "index.html", "report.md"], "the staging folder is gone")
        XCTAssertEqual(ReportManifest.read(in: path("out"))?.files.sorted(), ["figure-1.png", "index.html", "report.md"])
    }

    func testAFolderWithOtherFilesIsRefusedAndForceReplacesNoneOfThem() throws {
        let notebook = try writeNotebook("print(1)\n")
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        try "the user's".write(toFile: path("out/figure-1.png"), atomically: false, encoding: .utf8)
        let refused = execute(notebook, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(refused.status, 73)
        XCTAssertTrue(refused.standardError.contains("is not empty and holds no earlier report"), refused.standardError)
        XCTAssertEqual(refused.standardOutput, "", "refused before running")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("out")), ["figure-1.png"])

        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))) { $0.force = true }.status, 0)
        XCTAssertEqual(try read(path("out/figure-1.png")), "the user's")
        // With --force, a report file name the user's file already has is still never replaced.
        try "mine".write(toFile: path("mine/index.html"), atomically: false, encoding: .utf8, creatingFolder: true)
        let taken = execute(notebook, mode: .run(outputDirectory: path("mine"))) { $0.force = true }
        XCTAssertEqual(taken.status, 73)
        XCTAssertTrue(taken.standardError.contains("is not a file of an earlier report"), taken.standardError)
        XCTAssertEqual(try read(path("mine/index.html")), "mine")
    }

    func testARerunReplacesItsOwnFilesOnlyAndRemovesItsStaleFigures() throws {
        let notebook = try writeNotebook("print(1)\n")
        let out = path("out")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: out)).status, 0)
        // As if the earlier report had two figures; the user added a file of their own.
        try "old".write(toFile: path("out/figure-2.png"), atomically: false, encoding: .utf8)
        var manifest = try XCTUnwrap(ReportManifest.read(in: out))
        manifest.files.append("figure-2.png")
        try manifest.encoded().write(to: URL(fileURLWithPath: path("out/.wwn-report.json")))
        try "notes".write(toFile: path("out/notes.txt"), atomically: false, encoding: .utf8)
        let rerun = execute(notebook, mode: .run(outputDirectory: out))
        XCTAssertEqual(rerun.status, 0, rerun.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(),
                       [".wwn-report.json", "index.html", "notes.txt", "report.md"])
    }

    func testAStagingFolderOfAKilledRunIsNotContentAndIsCleanedUp() throws {
        // A run killed with SIGKILL left its staging folder; no process has that id now.
        let stale = path("out/.wwn-staging-999999999-0123abcd")
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        try "png".write(toFile: stale + "/figure-1.png", atomically: false, encoding: .utf8)
        // A live process's staging folder (this one's) is never touched.
        let live = path("out/.wwn-staging-\(getpid())-fedcba98")
        try FileManager.default.createDirectory(atPath: live, withIntermediateDirectories: true)
        let notebook = try writeNotebook("print(1)\n")
        let result = execute(notebook, mode: .run(outputDirectory: path("out")))
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
    }

    func testAManifestNamingFilesOutsideTheFolderIsNotAManifest() throws {
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        let hostile = ReportManifest(notebook: "nb.wwn", files: ["../victim.txt"], generator: nil)
        try hostile.encoded().write(to: URL(fileURLWithPath: path("out/.wwn-report.json")))
        XCTAssertNil(ReportManifest.read(in: path("out")))
        try "keep".write(toFile: path("victim.txt"), atomically: false, encoding: .utf8)
        let notebook = try writeNotebook("print(1)\n")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 73)
        XCTAssertEqual(try read(path("victim.txt")), "keep")
    }

    func testSystemFoldersAreRefusedEvenWithForce() throws {
        let notebook = try writeNotebook("print(1)\n")
        for folder in ["/", "/usr", "/etc/wwn-report", "/tmp"] {
            let result = execute(notebook, mode: .run(outputDirectory: folder)) { $0.force = true }
            XCTAssertEqual(result.status, 73, folder)
            XCTAssertTrue(result.standardError.contains("system folder"), result.standardError)
        }
    }

    func testABadParameterValueLeavesTheLastGoodReportUntouched() throws {
        let notebook = try writeNotebook("param mu = 1\nprint(mu)\n")
        XCTAssertEqual(execute(notebook, mode: .run(outputDirectory: path("out"))).status, 0)
        let before = try read(path("out/report.md"))
        let bad = execute(notebook, mode: .run(outputDirectory: path("out")), parameters: ["mu": .string("abc")])
        XCTAssertEqual(bad.status, 64, bad.standardError)
        XCTAssertEqual(try read(path("out/report.md")), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("out")).sorted(), [".wwn-report.json", "index.html", "report.md"])
        let fresh = execute(notebook, mode: .run(outputDirectory: path("new/out")), parameters: ["mu": .string("abc")])
        XCTAssertEqual(fresh.status, 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("new")), "a folder made for the run is removed again")
    }
}

private extension String {
    func write(toFile path: String, atomically: Bool, encoding: String.Encoding, creatingFolder: Bool) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try write(toFile: path, atomically: atomically, encoding: encoding)
    }
}
