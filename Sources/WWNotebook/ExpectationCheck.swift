/// A statement whose output differs from its `#=>` lines.
public struct ExpectationMismatch {
    public let statement: NotebookStatement
    public let expected: [String]
    public let actual: [String]
    /// Index of the first line that differs (possibly past the end of the shorter side).
    public let firstDifference: Int
}

/// The result of comparing a run with the notebook's `#=>` expectations.
public struct ExpectationCheck {
    /// Statements with expectations that ran and were compared.
    public internal(set) var checked = 0
    public internal(set) var mismatches: [ExpectationMismatch] = []
    /// Statements with expectations that never ran (an earlier error stopped the run).
    public internal(set) var notRun: [NotebookStatement] = []
    public internal(set) var orphans: [Expectation] = []

    public var passed: Bool { mismatches.isEmpty && orphans.isEmpty }

    /// Compares every statement that has `#=>` lines and ran with what it printed.
    public init(run: NotebookRun, layout: ExpectationLayout) {
        orphans = layout.orphans
        for statement in layout.statements where !statement.expectations.isEmpty {
            guard run.startedStatements.contains(statement.position) || ranWithoutStarting(statement, run) else {
                notRun.append(statement)
                continue
            }
            checked += 1
            let actual = OutputMatcher.lines(of: run.statementOutputs[statement.position] ?? "")
            if let difference = OutputMatcher.firstDifference(expected: statement.expectedLines, actual: actual) {
                mismatches.append(ExpectationMismatch(statement: statement, expected: statement.expectedLines,
                                                      actual: actual, firstDifference: difference))
            }
        }
    }

    /// Function declarations are hoisted rather than run as statements: they count as run
    /// when their cell ran, and they print nothing.
    private func ranWithoutStarting(_ statement: NotebookStatement, _ run: NotebookRun) -> Bool {
        statement.isFunctionDeclaration && run.cells.contains { $0.cell.index == statement.cellIndex && $0.duration != nil }
    }

    /// The mismatch as the terminal shows it: `file:line`, then expected and actual lines.
    public static func describe(_ mismatch: ExpectationMismatch, path: String) -> String {
        let line = mismatch.statement.expectations.first?.line ?? mismatch.statement.position.line
        var text = "\(path):\(line): output of the statement at line \(mismatch.statement.position.line) does not match its #=> lines\n"
        if mismatch.expected.count != mismatch.actual.count {
            text += "  expected \(mismatch.expected.count) line\(mismatch.expected.count == 1 ? "" : "s"), got \(mismatch.actual.count)\n"
        }
        text += "  first difference at output line \(mismatch.firstDifference + 1):\n"
        text += "    expected: \(quoted(mismatch.expected, at: mismatch.firstDifference))\n"
        text += "    actual:   \(quoted(mismatch.actual, at: mismatch.firstDifference))\n"
        if max(mismatch.expected.count, mismatch.actual.count) > 1 {
            text += "  expected output:\n" + block(mismatch.expected)
            text += "  actual output:\n" + block(mismatch.actual)
        }
        return text
    }

    private static func quoted(_ lines: [String], at index: Int) -> String {
        index < lines.count ? lines[index] : "(no line)"
    }

    private static func block(_ lines: [String]) -> String {
        if lines.isEmpty { return "    (nothing)\n" }
        let shown = lines.prefix(NotebookLimits.maxQuotedMismatchLines).map { "    | \($0)\n" }.joined()
        let more = lines.count - min(lines.count, NotebookLimits.maxQuotedMismatchLines)
        return shown + (more > 0 ? "    | … \(more) more line\(more == 1 ? "" : "s")\n" : "")
    }
}
