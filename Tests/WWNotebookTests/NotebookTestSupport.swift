import Foundation
import WWInterpreter
import XCTest
@testable import WWNotebook

/// A scratch directory per test, removed afterwards, and helpers to run notebook commands with
/// their output captured.
class NotebookTestCase: XCTestCase {
    private(set) var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wwn-notebook-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Writes a notebook into the scratch directory and returns its path.
    @discardableResult
    func writeNotebook(_ text: String, named name: String = "nb.wwn") throws -> String {
        let file = path(name)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    /// A figure file outside the report folder (a PNG signature and a few bytes: reports embed
    /// and copy figures without decoding them), and the notebook of one cell that showed it.
    func figureRun(named name: String, caption: String? = nil) throws -> (run: NotebookRun, png: Data) {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        let figure = path("elsewhere/\(name)")
        try FileManager.default.createDirectory(atPath: path("elsewhere"), withIntermediateDirectories: true)
        try png.write(to: URL(fileURLWithPath: figure))
        let notebook = Notebook(path: path("nb.wwn"), text: "#%% Plot\nprint(1)\n")
        var result = CellResult(cell: notebook.cells[0], status: .succeeded)
        result.outputs = [.text("1\n"), .figure(path: figure, caption: caption)]
        result.duration = 0.25
        return (NotebookRun(notebook: notebook, cells: [result]), png)
    }

    func read(_ file: String) throws -> String {
        try String(contentsOfFile: file, encoding: .utf8)
    }

    struct CommandResult {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs `wwn run` (default) or `wwn check` in-process.
    func execute(_ notebookPath: String, mode: NotebookCommand.Mode, parameters: [String: Value] = [:],
                 keepsGoing: Bool = false, configure: (inout NotebookCommand) -> Void = { _ in }) -> CommandResult {
        let output = CapturedOutput()
        var errors = ""
        var command = NotebookCommand(path: notebookPath, mode: mode, registry: .sharedCore)
        command.parameters = parameters
        command.keepsGoing = keepsGoing
        command.standardOutput = output
        command.standardError = { errors += $0 }
        configure(&command)
        let status = command.execute()
        return CommandResult(status: status, standardOutput: output.text, standardError: errors)
    }

    /// Runs a notebook given as text through the runner (on its big-stack thread).
    func runNotebook(_ text: String, options: NotebookRunOptions = NotebookRunOptions()) throws -> NotebookRun {
        try NotebookRunner(notebook: Notebook(path: "nb.wwn", text: text), registry: .sharedCore, options: options).run()
    }

    /// The text of a cell's output items, tables in their text form.
    func outputText(_ result: CellResult) -> String {
        result.outputs.map { item -> String in
            switch item {
            case .text(let text): return text
            case .table(let table): return table.renderText() + "\n"
            case .figure(let path, _): return "figure \(path)\n"
            }
        }.joined()
    }
}
