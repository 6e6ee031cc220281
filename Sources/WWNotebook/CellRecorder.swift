import Foundation
import WWInterpreter
import WWSyntax

/// The interpreter's output while a notebook runs: collects each cell's output items for the
/// report, attributes text to the top-level statement that produced it (for `#=>` checks), and
/// echoes everything to another sink (the terminal) as it happens.
final class CellRecorder: OutputSink {
    /// Where output is echoed live, or nil to only collect it.
    let echo: OutputSink?
    /// Where figures are drawn (the report's staging folder), or nil for the session's.
    let figureDirectory: String?
    private var cellFile: SourceFile?
    private var items: [OutputItem] = []
    private var pendingText = ""
    private var keptBytes = 0
    private var droppedBytes = 0
    private var currentStatement: StatementPosition?
    /// The text each top-level statement printed or displayed, for `#=>` comparison.
    private(set) var statementOutputs: [StatementPosition: String] = [:]
    /// Statements that started running (a statement that ran but printed nothing has no output).
    private(set) var startedStatements: Set<StatementPosition> = []

    init(echo: OutputSink?, figureDirectory: String? = nil) {
        self.echo = echo
        self.figureDirectory = figureDirectory
    }

    /// Starts collecting for a cell run from `file`.
    func beginCell(_ file: SourceFile) {
        cellFile = file
        items = []
        pendingText = ""
        keptBytes = 0
        droppedBytes = 0
        currentStatement = nil
    }

    /// The cell's output items, ending the collection.
    func finishCell() -> [OutputItem] {
        flushText()
        if droppedBytes > 0 {
            items.append(.text("… \(droppedBytes) more bytes of output not kept in the report "
                               + "(a cell keeps at most \(NotebookLimits.maxCellOutputBytes) bytes)\n"))
        }
        cellFile = nil
        currentStatement = nil
        return items
    }

    // MARK: OutputSink

    func write(_ text: String) {
        echo?.write(text)
        append(text)
    }

    func display(_ value: Value) {
        // A figure displayed at top level is embedded, as `show(fig)` does.
        if showIfFigure(value) { return }
        echo?.display(value)
        let text = ValueFormatter.display(value) + "\n"
        if case .table(let table) = value, reserve(text.utf8.count) {
            flushText()
            items.append(.table(table.table.copy()))
            attribute(text)
        } else {
            append(text)
        }
    }

    /// Embeds the figure's image in the report; the statement's text (for `#=>`) and the echo
    /// get its one-line summary.
    func showFigure(_ figure: FigureValue) throws {
        let path = try figure.renderImageFile(into: figureDirectory)
        let text = figure.summary + "\n"
        echo?.write(text)
        guard reserve(text.utf8.count) else { return }
        flushText()
        items.append(.figure(path: path, caption: figure.caption))
        attribute(text)
    }

    func beginStatement(at location: SourceLocation, in file: SourceFile) {
        echo?.beginStatement(at: location, in: file)
        // An imported module's statements run inside the cell's `import` statement.
        guard file === cellFile else { return }
        let position = StatementPosition(line: location.line, column: location.column)
        currentStatement = position
        startedStatements.insert(position)
    }

    // MARK: collecting

    private func append(_ text: String) {
        guard reserve(text.utf8.count) else { return }
        pendingText += text
        attribute(text)
    }

    /// Whether `count` more bytes fit in the cell's budget; counts them as dropped if not.
    private func reserve(_ count: Int) -> Bool {
        guard keptBytes + count <= NotebookLimits.maxCellOutputBytes else {
            droppedBytes += count
            return false
        }
        keptBytes += count
        return true
    }

    private func attribute(_ text: String) {
        guard let currentStatement else { return }
        statementOutputs[currentStatement, default: ""] += text
    }

    private func flushText() {
        if !pendingText.isEmpty { items.append(.text(pendingText)) }
        pendingText = ""
    }
}
