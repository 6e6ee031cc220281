import Foundation
import WWBase
import WWInterpreter

/// The facts both reports show in their header, worded once.
struct ReportSummary {
    let run: NotebookRun

    /// `6 cells · ran in 1.2 s`. No date: two runs of the same notebook give the same report
    /// apart from timings.
    var facts: String {
        let count = run.notebook.cells.count
        return "\(count) cell\(count == 1 ? "" : "s") · ran in \(formatDuration(run.duration))"
    }

    enum Outcome: String {
        case succeeded, failed, interrupted, exited
    }

    var outcome: Outcome {
        if run.exit != nil { return .exited }
        if run.exitCode == ExitCode.interrupted { return .interrupted }
        return run.succeeded ? .succeeded : .failed
    }

    /// One sentence; `cellReference` formats a cell reference (a link in HTML).
    func statusSentence(cellReference: (NotebookCell) -> String) -> String {
        let failed = run.cells.filter { if case .failed = $0.status { return true } else { return false } }
        if let error = run.notebookError {
            return "The notebook has an error (\(error.title)); no cell ran."
        }
        switch outcome {
        case .succeeded:
            return "All cells ran."
        case .exited:
            guard let exit = run.exit else { return "Stopped." }
            var sentence = "The notebook called exit(\(exit.code)) in cell \(cellReference(exit.cell.cell)); the cells after it did not run"
            if !failed.isEmpty { sentence += " (\(failed.count) cell\(failed.count == 1 ? "" : "s") failed before it)" }
            return sentence + "."
        case .interrupted:
            let cell = run.cells.first { if case .interrupted = $0.status { return true } else { return false } }
            return "Interrupted" + (cell.map { " in cell \(cellReference($0.cell))" } ?? "") + "."
        case .failed:
            guard let first = failed.first, let diagnostic = first.status.diagnostic else { return "Failed." }
            let ran = run.cells.contains { $0.duration != nil }
            var sentence = "\(diagnostic.title.prefix(1).uppercased() + diagnostic.title.dropFirst()) in cell \(cellReference(first.cell))"
            if !ran { sentence += "; no cell ran" }
            if failed.count > 1 { sentence += " (\(failed.count) cells failed)" }
            return sentence + "."
        }
    }

    /// How the status sentence names a cell: `3 (Data and baseline)`.
    static func reference(to cell: NotebookCell) -> String {
        cell.title.map { "\(cell.index) (\($0))" } ?? "\(cell.index)"
    }

    /// A parameter's value as the report shows it.
    static func describe(_ setting: ParameterSetting) -> String {
        setting.value.map { ValueFormatter.repr($0) } ?? "(not reached)"
    }
}
