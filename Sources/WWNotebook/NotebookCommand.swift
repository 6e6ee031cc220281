import Foundation
import WWBase
import WWInterpreter
import WWSyntax

/// `wwn run` and `wwn check` as a value: the command line parses its flags into one and calls
/// `execute()`, and tests do the same with the output streams captured.
public struct NotebookCommand {
    public enum Mode {
        /// Run and write DIR/index.html and DIR/report.md (default DIR: `out/<notebook stem>`).
        case run(outputDirectory: String?)
        /// Run and compare the `#=>` expectations; `update` rewrites mismatched ones,
        /// `addsMissing` also records the output of statements that have none.
        case check(update: Bool, addsMissing: Bool)
    }

    public var path: String
    public var mode: Mode
    /// The built-ins the notebook runs with.
    public var registry: Registry
    public var parameters: [String: Value] = [:]
    public var keepsGoing = false
    /// `--quiet`: cell output goes only to the report, not to standard output as well.
    public var quiet = false
    /// `--force`: write the report into a non-empty folder that is not an earlier report of
    /// this notebook (beside its files, none of which is replaced).
    public var force = false
    /// ANSI colours in diagnostics (a terminal on standard error).
    public var colorsDiagnostics = false
    /// Names the tool in reports (`wwn 0.1.0`).
    public var generator: String?
    /// Cell output echoed by `run`, and the one-line results of `check`.
    public var standardOutput: OutputSink = StandardOutput()
    /// Progress, diagnostics and mismatches.
    public var standardError: (String) -> Void = { StandardStreams.error($0) }

    public init(path: String, mode: Mode, registry: Registry) {
        self.path = path
        self.mode = mode
        self.registry = registry
    }

    /// Runs the command and returns its exit code: 0 success; 1 a `#=>` mismatch (check);
    /// 64 bad usage (such as an unknown parameter); 65 a static error; 66 an unreadable
    /// notebook; 70 a runtime error; 73/74 the report cannot be written; 130 Ctrl-C.
    public func execute() -> Int32 {
        let notebook: Notebook
        do {
            notebook = try Notebook.load(path: path)
        } catch let error as NotebookError {
            fail("\(error)")
            return error.exitCode
        } catch {
            fail("\(error)")
            return ExitCode.noInput
        }
        switch mode {
        case .run(let directory):
            var writer = ReportWriter(directory: directory ?? ReportWriter.defaultDirectory(for: notebook), generator: generator)
            writer.force = force
            return runNotebook(notebook, writer: writer)
        case .check(let update, let addsMissing):
            return checkNotebook(notebook, update: update, addsMissing: addsMissing)
        }
    }

    private func fail(_ message: String) {
        standardError("wwn: \(message)\n")
    }

    private func run(_ notebook: Notebook, echo: OutputSink?, figureDirectory: String? = nil) -> NotebookRun? {
        var options = NotebookRunOptions(parameters: parameters, keepsGoing: keepsGoing, echo: echo,
                                         progress: { standardError($0 + "\n") })
        options.figureDirectory = figureDirectory
        do {
            let run = try NotebookRunner(notebook: notebook, registry: registry, options: options).run()
            if let error = run.notebookError { standardError(error.rendered(color: colorsDiagnostics)) }
            for result in run.cells {
                if let diagnostic = result.status.diagnostic { standardError(diagnostic.rendered(color: colorsDiagnostics)) }
            }
            return run
        } catch {
            fail("\(error)")
            return nil
        }
    }

    private func runNotebook(_ notebook: Notebook, writer: ReportWriter) -> Int32 {
        let staging: ReportStaging
        do {
            try writer.validate(for: notebook)
            staging = try writer.prepareStaging()
        } catch {
            fail("\(error)")
            return ExitCode.cannotCreate
        }
        guard var run = run(notebook, echo: quiet ? nil : standardOutput, figureDirectory: staging.path) else {
            // A usage error (-p): nothing ran, and nothing of the last good report changes.
            staging.abandon()
            return ExitCode.usage
        }
        do {
            let failedBefore = Set(run.cells.filter { $0.status.diagnostic != nil }.map(\.cell.index))
            try writer.write(&run, staging: staging)
            // Cells the writer found a figure missing in.
            for result in run.cells where !failedBefore.contains(result.cell.index) {
                if let diagnostic = result.status.diagnostic { standardError(diagnostic.rendered(color: colorsDiagnostics)) }
            }
            standardError("wrote \((writer.directory as NSString).appendingPathComponent(ReportWriter.htmlFileName)) and \(ReportWriter.markdownFileName)\n")
        } catch {
            fail("\(error)")
            return run.exitCode == ExitCode.success ? ExitCode.ioError : run.exitCode
        }
        return run.exitCode
    }

    private func checkNotebook(_ notebook: Notebook, update: Bool, addsMissing: Bool) -> Int32 {
        guard let run = run(notebook, echo: nil) else { return ExitCode.usage }
        // A static error: the cells never ran, so there is nothing to compare.
        if run.cellPrograms.isEmpty, !run.succeeded {
            let problem = run.notebookError ?? run.firstProblem?.status.diagnostic
            standardOutput.write("\(notebook.path): nothing checked: \(problem.map { "a \($0.title)" } ?? "an error") before any cell ran\n")
            return run.exitCode
        }
        let layout: ExpectationLayout
        do {
            layout = try ExpectationScanner.scan(notebook, cellPrograms: run.cellPrograms)
        } catch let diagnostic as Diagnostic {
            standardError(diagnostic.rendered(color: colorsDiagnostics))
            return diagnostic.exitCode
        } catch {
            fail("\(error)")
            return ExitCode.dataError
        }
        let check = ExpectationCheck(run: run, layout: layout)
        for mismatch in check.mismatches { standardError(ExpectationCheck.describe(mismatch, path: notebook.path)) }
        for orphan in check.orphans {
            standardError("\(notebook.path):\(orphan.line): this #=> line follows no statement of its cell\n")
        }
        if update { return updateExpectations(notebook, run: run, layout: layout, check: check, addsMissing: addsMissing) }
        standardOutput.write(Self.summary(of: check, run: run) + "\n")
        if run.exitCode != ExitCode.success { return run.exitCode }
        return check.passed ? ExitCode.success : ExitCode.expectationFailed
    }

    /// The one-line result of `wwn check`: a failed run says so first (its exit code wins), and
    /// "all match" is said only of statements that were compared.
    static func summary(of check: ExpectationCheck, run: NotebookRun) -> String {
        var parts: [String] = []
        if let problem = run.firstProblem, let diagnostic = problem.status.diagnostic {
            let what = diagnostic.kind == .interrupt ? "stopped (\(diagnostic.message))" : "failed with a \(diagnostic.title)"
            parts.append("cell \(problem.cell.label) \(what)")
        }
        let checked = "\(check.checked) statement\(check.checked == 1 ? "" : "s") checked"
        if check.checked == 0 {
            parts.append(checked)
        } else {
            parts.append(checked + (check.mismatches.isEmpty ? ", all match" : ", \(check.mismatches.count) mismatched"))
        }
        if !check.notRun.isEmpty { parts.append("\(check.notRun.count) not run") }
        return "\(run.notebook.path): " + parts.joined(separator: "; ")
    }

    /// Rewrites the notebook only when every cell ran: after a failure the statements that
    /// never ran have no output, and recording that would erase their expectations.
    private func updateExpectations(_ notebook: Notebook, run: NotebookRun, layout: ExpectationLayout,
                                    check: ExpectationCheck, addsMissing: Bool) -> Int32 {
        guard run.succeeded else {
            fail("not updating '\(notebook.path)': the notebook did not run to the end")
            return run.exitCode
        }
        let update = ExpectationUpdater(notebook: notebook, layout: layout, run: run, addsMissing: addsMissing).update(check: check)
        if update.statementsChanged > 0 {
            do {
                try AtomicFile.write(Data(update.text.utf8), to: notebook.path, mode: AtomicFile.permissions(of: notebook.path) ?? 0o644)
            } catch {
                fail("\(error)")
                return ExitCode.ioError
            }
            let count = update.statementsChanged
            standardOutput.write("\(notebook.path): updated the #=> lines of \(count) statement\(count == 1 ? "" : "s")\n")
        } else {
            standardOutput.write("\(notebook.path): \(check.checked) statement\(check.checked == 1 ? "" : "s") checked, nothing to update\n")
        }
        return check.orphans.isEmpty ? ExitCode.success : ExitCode.expectationFailed
    }
}
