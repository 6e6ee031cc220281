import CSignals
import Foundation
import WWInterpreter
import WWSyntax

/// Options of one notebook run.
public struct NotebookRunOptions {
    /// `-p name=value` overrides; every name must be declared with `param` in the notebook.
    public var parameters: [String: Value] = [:]
    /// Run the cells after a failing one too (`--keep-going`). Ctrl-C always stops.
    public var keepsGoing = false
    /// Where cell output is echoed as it happens (the terminal), or nil to only collect it.
    public var echo: OutputSink?
    /// Receives one progress line per code cell (`[2/5] Data and baseline … 0.8 s`).
    public var progress: ((String) -> Void)?
    /// Where shown figures are drawn as they are made: the report's staging folder
    /// (``ReportStaging``). Nil draws them into the session's temporary folder.
    public var figureDirectory: String?

    public init(parameters: [String: Value] = [:], keepsGoing: Bool = false, echo: OutputSink? = nil,
                progress: ((String) -> Void)? = nil) {
        self.parameters = parameters
        self.keepsGoing = keepsGoing
        self.echo = echo
        self.progress = progress
    }
}

/// `-p` named a parameter the notebook does not declare: a usage error, found before running.
public struct UnknownParametersError: Error, CustomStringConvertible {
    public let unknown: [String]
    public let known: [String]
    public let path: String

    /// `-p` values that cannot be their parameter's (`ParameterOverrides`), also found before running.
    public var badValues: [String] = []

    public var description: String {
        if !badValues.isEmpty { return badValues.joined(separator: "\n") }
        let list = known.isEmpty ? "it declares none" : "known: \(known.joined(separator: ", "))"
        let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
        var text = "'\(path)' has no parameter\(unknown.count == 1 ? "" : "s") \(names) (\(list))"
        if unknown.count == 1, let suggestion = closestName(to: unknown[0], in: known) {
            text += "; did you mean '\(suggestion)'?"
        }
        return text
    }
}

/// Runs a notebook's cells in order in one interpreter session.
///
/// The whole run happens on a big-stack thread (`runWithLargeStack`), so callers need not
/// care. Ctrl-C is honoured when the caller installed the interrupt handler
/// (`wwn_install_interrupt_handler`); the interrupted cell is marked and the run stops.
public final class NotebookRunner {
    public let notebook: Notebook
    /// The built-ins of the session (`Registry.sharedCore`, or WWLibrary's `Library.registry`).
    public let registry: Registry
    public let options: NotebookRunOptions

    public init(notebook: Notebook, registry: Registry, options: NotebookRunOptions = NotebookRunOptions()) {
        self.notebook = notebook
        self.registry = registry
        self.options = options
    }

    /// Checks, then runs every cell. Throws `UnknownParametersError` (nothing ran); every other
    /// problem is recorded in the result so the report can still be written.
    public func run() throws -> NotebookRun {
        let result = runWithLargeStack { () -> Result<NotebookRun, UnknownParametersError> in
            self.runOnCurrentThread()
        }
        return try result.get()
    }

    private func runOnCurrentThread() -> Result<NotebookRun, UnknownParametersError> {
        let started = Date()
        let recorder = CellRecorder(echo: options.echo, figureDirectory: options.figureDirectory)
        let interpreter = Interpreter(registry: registry, output: recorder)
        var run = NotebookRun(notebook: notebook, cells: notebook.cells.map {
            CellResult(cell: $0, status: $0.kind == .markdown ? .markdown : .notRun)
        })

        let analysis: NotebookAnalysis
        switch NotebookAnalyzer.analyze(notebook, interpreter: interpreter) {
        case .success(let value):
            analysis = value
        case .failure(let failure):
            if let index = failure.cellIndex {
                run.cells[index - 1].status = .failed(failure.diagnostic)
            } else {
                run.notebookError = failure.diagnostic
            }
            // Nothing ran, so no #=> line was checked.
            if let layout = try? ExpectationScanner.scan(notebook, cellPrograms: [:]) {
                run.expectationDisplay = ExpectationDisplay(run: run, layout: layout)
            } else {
                run.expectationDisplay = ExpectationDisplay(unreadable: notebook)
            }
            run.duration = Date().timeIntervalSince(started)
            return .success(run)
        }

        let known = analysis.parameterNames
        let unknown = options.parameters.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            return .failure(UnknownParametersError(unknown: unknown, known: known, path: notebook.path))
        }
        let problems = ParameterOverrides.problems(in: analysis.program, overrides: options.parameters)
        if !problems.isEmpty {
            var error = UnknownParametersError(unknown: [], known: known, path: notebook.path)
            error.badValues = problems
            return .failure(error)
        }
        interpreter.parameterOverrides = options.parameters
        run.cellPrograms = analysis.cellPrograms
        run.figureStaging = options.figureDirectory

        var stopped = false
        for (position, cell) in notebook.cells.enumerated() where cell.kind == .code && !stopped {
            if wwn_interrupt_pending() != 0 {
                wwn_clear_interrupt()
                var diagnostic = Diagnostic(.interrupt, "\(Self.stopWord) before the cell started", file: nil, at: nil)
                diagnostic.cell = cell.label
                run.cells[position].status = .interrupted(diagnostic)
                report(cell, status: run.cells[position].status, duration: nil)
                break
            }
            let file = notebook.sourceFile(for: cell)
            recorder.beginCell(file)
            let cellStart = Date()
            var status = CellStatus.succeeded
            do {
                try interpreter.run(file)
            } catch let diagnostic as Diagnostic where diagnostic.kind == .exit {
                status = .exited(code: diagnostic.requestedExitCode)
            } catch var diagnostic as Diagnostic {
                diagnostic.cell = cell.label
                if diagnostic.kind == .interrupt, wwn_termination_requested() != 0 { diagnostic.message = Self.stopWord }
                status = diagnostic.kind == .interrupt ? .interrupted(diagnostic) : .failed(diagnostic)
            } catch {
                var diagnostic = Diagnostic(.runtime, "\(error)", file: file, at: nil)
                diagnostic.cell = cell.label
                status = .failed(diagnostic)
            }
            let duration = Date().timeIntervalSince(cellStart)
            run.cells[position].status = status
            run.cells[position].outputs = recorder.finishCell()
            run.cells[position].duration = duration
            report(cell, status: status, duration: duration)
            switch status {
            case .interrupted, .exited: stopped = true
            case .failed: stopped = !options.keepsGoing
            default: break
            }
        }

        // A signal whose built-in returned its partial result in the last cell still stops the
        // run: its exit code says so.
        let interruptedCell = run.cells.contains { if case .interrupted = $0.status { return true } else { return false } }
        if wwn_termination_requested() != 0 {
            run.stopSignal = .terminate
        } else if interruptedCell || wwn_interrupt_pending() != 0 {
            run.stopSignal = .interrupt
        }
        wwn_clear_interrupt()
        run.statementOutputs = recorder.statementOutputs
        run.startedStatements = recorder.startedStatements
        run.parameters = parameterSettings(analysis: analysis, interpreter: interpreter)
        if let layout = try? ExpectationScanner.scan(notebook, cellPrograms: run.cellPrograms) {
            run.expectationDisplay = ExpectationDisplay(run: run, layout: layout)
        }
        run.duration = Date().timeIntervalSince(started)
        return .success(run)
    }

    /// Every declared parameter, with the value the run gave it.
    private func parameterSettings(analysis: NotebookAnalysis, interpreter: Interpreter) -> [ParameterSetting] {
        let set = Dictionary(interpreter.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        return analysis.parameterNames.map { name in
            let source: ParameterSetting.Source = options.parameters[name] == nil ? .declaration : .commandLine
            return ParameterSetting(name: name, value: set[name] ?? options.parameters[name], source: source)
        }
    }

    /// How a stopped cell is described: SIGTERM says so, since the user did not press Ctrl-C.
    private static var stopWord: String {
        wwn_termination_requested() != 0 ? "terminated (SIGTERM)" : "interrupted"
    }

    private func report(_ cell: NotebookCell, status: CellStatus, duration: TimeInterval?) {
        guard let progress = options.progress else { return }
        let time = duration.map(formatDuration) ?? ""
        let outcome: String
        switch status {
        case .failed: outcome = "failed after \(time)"
        case .interrupted: outcome = duration == nil ? Self.stopWord : "\(Self.stopWord) after \(time)"
        case .exited(let code): outcome = "\(time), called exit(\(code))"
        default: outcome = time
        }
        progress("[\(cell.index)/\(notebook.cells.count)] \(cell.displayTitle) … \(outcome)")
    }
}

/// Seconds as people read them: `12 ms`, `0.8 s`, `42 s`, `3 min 12 s`.
func formatDuration(_ seconds: TimeInterval) -> String {
    if seconds < 0.1 { return "\(Int((seconds * 1000).rounded())) ms" }
    if seconds < 10 { return String(format: "%.1f s", seconds) }
    if seconds < 60 { return "\(Int(seconds.rounded())) s" }
    let whole = Int(seconds.rounded())
    return "\(whole / 60) min \(whole % 60) s"
}
