import Foundation
import WWBase
import WWInterpreter
import WWSyntax

/// How a cell's run ended.
public enum CellStatus {
    /// Markdown: nothing to run.
    case markdown
    case succeeded
    /// A static or runtime error; the diagnostic names the cell.
    case failed(Diagnostic)
    /// Ctrl-C stopped the cell (or the run, just before this cell started).
    case interrupted(Diagnostic)
    /// The cell called `exit(code)`: the run stopped there, without an error, and ends with `code`.
    case exited(code: Int32)
    /// An earlier cell failed or was interrupted, so this one never ran.
    case notRun

    public var diagnostic: Diagnostic? {
        switch self {
        case .failed(let d), .interrupted(let d): return d
        default: return nil
        }
    }

    /// A word for reports and CSS classes.
    public var name: String {
        switch self {
        case .markdown: return "markdown"
        case .succeeded: return "succeeded"
        case .failed: return "failed"
        case .interrupted: return "interrupted"
        case .exited: return "exited"
        case .notRun: return "not-run"
        }
    }
}

/// A cell and what running it produced.
public struct CellResult {
    public let cell: NotebookCell
    public internal(set) var status: CellStatus
    public internal(set) var outputs: [OutputItem] = []
    /// Wall-clock seconds, for cells that ran.
    public internal(set) var duration: TimeInterval?
}

/// A notebook parameter as the run used it.
public struct ParameterSetting {
    public enum Source: String {
        /// The `param` declaration's default value.
        case declaration = "default"
        /// `-p name=value` on the command line.
        case commandLine = "-p"
    }
    public let name: String
    /// The value as set, or nil when the run stopped before the `param` statement.
    public let value: Value?
    public let source: Source
}

/// A signal that stopped a notebook run.
public enum StopSignal {
    /// SIGINT (Ctrl-C): exit 130.
    case interrupt
    /// SIGTERM (`timeout`, Slurm, CI cancellation): exit 143.
    case terminate
}

/// Everything a notebook run produced: what the reports show and what the exit code says.
public struct NotebookRun {
    public let notebook: Notebook
    public internal(set) var cells: [CellResult]
    public internal(set) var parameters: [ParameterSetting] = []
    /// Wall-clock seconds for the whole run (static checks included).
    public internal(set) var duration: TimeInterval = 0
    /// The text each top-level statement printed or displayed (`#=>` comparison).
    public internal(set) var statementOutputs: [StatementPosition: String] = [:]
    /// Top-level statements that started running.
    public internal(set) var startedStatements: Set<StatementPosition> = []
    /// The program of each code cell, by cell index (statement positions for `#=>`); empty when
    /// the static checks failed.
    var cellPrograms: [Int: Program] = [:]
    /// Which `#=>` lines the reports show (nil: all, when the expectations could not be read).
    var expectationDisplay: ExpectationDisplay?
    /// The signal that stopped the run, if one did: Ctrl-C (SIGINT) or SIGTERM, which the
    /// runner treats alike (the report is written with the cell it stopped in marked).
    public internal(set) var stopSignal: StopSignal?
    /// The report's staging folder the figures were drawn into (``ReportStaging``), if any.
    public internal(set) var figureStaging: String?

    /// The first cell that failed or was interrupted, if any.
    public var firstProblem: CellResult? {
        cells.first { $0.status.diagnostic != nil }
    }

    /// A static error that no cell owns (it points outside every cell).
    public internal(set) var notebookError: Diagnostic?

    /// True when every cell ran without error (a cell that called `exit` stopped the others).
    public var succeeded: Bool { firstProblem == nil && notebookError == nil && exit == nil }

    /// The cell that called `exit(code)`, with the code; the cells after it did not run.
    public var exit: (cell: CellResult, code: Int32)? {
        for result in cells { if case .exited(let code) = result.status { return (result, code) } }
        return nil
    }

    /// 0 when every cell ran; the code of `exit(code)` when a cell called it (the program's own
    /// decision, even after errors --keep-going passed); otherwise the first problem's
    /// diagnostic exit code: 65 for a syntax or resolution error, 70 for a runtime error, 130
    /// for Ctrl-C, 143 for SIGTERM.
    public var exitCode: Int32 {
        if let exit { return exit.code }
        if stopSignal == .terminate { return ExitCode.terminated }
        if stopSignal == .interrupt { return ExitCode.interrupted }
        if cells.contains(where: { if case .interrupted = $0.status { return true } else { return false } }) {
            return ExitCode.interrupted
        }
        if let diagnostic = notebookError ?? firstProblem?.status.diagnostic { return diagnostic.exitCode }
        return ExitCode.success
    }
}
