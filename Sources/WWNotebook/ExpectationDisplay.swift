import Foundation
import WWSyntax

/// Which `#=>` lines a report shows. A `#=>` line is a claim about the output; the report
/// shows it only where this run checked it and it held. A notebook run with other parameters
/// (`-p fast=false`) prints other numbers than the ones recorded at the defaults, and the full
/// quickstart report once showed `#=> test accuracy 0.908` above its real output `0.969`.
/// Lines that did not hold are hidden, and the cell says why ("recorded at fast=true").
struct ExpectationDisplay {
    /// File lines whose own-line `#=>` comment is hidden.
    private(set) var hiddenLines: Set<Int> = []
    /// File lines whose trailing `#=>` comment is cut off, at this (1-based) column.
    private(set) var trailingCuts: [Int: Int] = [:]
    /// What each cell (by index) says about its hidden lines.
    private(set) var notes: [Int: String] = [:]

    init(run: NotebookRun, layout: ExpectationLayout) {
        let check = ExpectationCheck(run: run, layout: layout)
        let unconfirmed = Set(check.mismatches.map(\.statement.position)).union(check.notRun.map(\.position))
        var hiddenStatements: [Int: Int] = [:]
        for statement in layout.statements where unconfirmed.contains(statement.position) {
            for expectation in statement.expectations {
                if expectation.isOwnLine { hiddenLines.insert(expectation.line) } else { trailingCuts[expectation.line] = expectation.column }
            }
            if check.mismatches.contains(where: { $0.statement.position == statement.position }) {
                hiddenStatements[statement.cellIndex, default: 0] += 1
            }
        }
        // Lines no statement owns (all of them when the static checks failed): never checked.
        for orphan in layout.orphans {
            if orphan.isOwnLine { hiddenLines.insert(orphan.line) } else { trailingCuts[orphan.line] = orphan.column }
        }
        let recordedAt = Self.defaults(of: run)
        for (cell, count) in hiddenStatements {
            let what = "#=> lines of \(count) statement\(count == 1 ? "" : "s") not shown: "
            notes[cell] = recordedAt.isEmpty
                ? what + "they do not match this run's output (wwn check compares them)"
                : what + "recorded at \(recordedAt), they do not match this run's output"
        }
    }

    /// For a notebook the lexer cannot read (so nothing ran and nothing was checked): hides
    /// every line that starts with `#=>`; a trailing one cannot be told from text in a string.
    init(unreadable notebook: Notebook) {
        for (offset, line) in notebook.lines.enumerated()
        where line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(ExpectationScanner.marker) {
            hiddenLines.insert(offset + 1)
        }
    }

    /// `fast=true, epochs=3`: the declared defaults of the parameters this run overrode, as
    /// written in the notebook (the values the `#=>` lines were recorded with).
    private static func defaults(of run: NotebookRun) -> String {
        let overridden = Set(run.parameters.filter { $0.source == .commandLine }.map(\.name))
        guard !overridden.isEmpty else { return "" }
        var found: [String] = []
        for program in run.cellPrograms.values {
            for parameter in program.parameters where overridden.contains(parameter.name) {
                let line = parameter.location.line
                guard line >= 1, line <= run.notebook.lines.count else { continue }
                let text = String(run.notebook.lines[line - 1])
                guard let equals = text.firstIndex(of: "=") else { continue }
                var value = text[text.index(after: equals)...]
                if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
                found.append("\(parameter.name)=\(value.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found.sorted().joined(separator: ", ")
    }

    /// The cell's source lines as the report shows them, each with its file line number.
    func displayedLines(of cell: NotebookCell) -> [(number: Int, text: String)] {
        guard !cell.source.isEmpty else { return [] }
        var shown: [(number: Int, text: String)] = []
        for (offset, line) in cell.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = cell.sourceFirstLine + offset
            if hiddenLines.contains(number) { continue }
            if let column = trailingCuts[number] {
                var kept = String.UnicodeScalarView()
                kept.append(contentsOf: line.unicodeScalars.prefix(max(column - 1, 0)))
                shown.append((number, String(String(kept).reversed().drop { $0 == " " || $0 == "\t" }.reversed())))
            } else {
                shown.append((number, String(line)))
            }
        }
        return shown
    }
}

extension NotebookRun {
    /// The source lines a report shows for `cell` (every line when no check was made).
    func displayedLines(of cell: NotebookCell) -> [(number: Int, text: String)] {
        if let expectationDisplay { return expectationDisplay.displayedLines(of: cell) }
        guard !cell.source.isEmpty else { return [] }
        return cell.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            (cell.sourceFirstLine + $0.offset, String($0.element))
        }
    }
}
