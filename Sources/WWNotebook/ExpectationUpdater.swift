/// `wwn check --update`: rewrites `#=>` lines to hold the output the statements actually
/// produced. Only `#=>` comments change; code, other comments and blank lines stay byte for byte.
///
/// - A statement whose output already matches (within the tolerance) keeps its lines, so
///   re-recording does not churn numbers that only moved in the last bits.
/// - A mismatched statement's first `#=>` line becomes the whole new output (one `#=>` line per
///   output line, with the first line's indentation, or trailing the code when the first was
///   trailing); its other `#=>` lines are removed. No output removes them all.
/// - A statement with output but no `#=>` lines gets none, unless `addsMissing`
///   (`--add-missing`): then they go on the lines after the statement. A statement sharing its
///   last line with the next one (`a; b`) is skipped, since the lines would belong to `b`.
struct ExpectationUpdater {
    let notebook: Notebook
    let layout: ExpectationLayout
    let run: NotebookRun
    var addsMissing = false

    struct Update {
        let text: String
        /// Statements whose `#=>` lines were rewritten or added.
        let statementsChanged: Int
    }

    func update(check: ExpectationCheck) -> Update {
        var replacements: [Int: [String]] = [:]
        var insertions: [Int: [String]] = [:]
        var changed = 0
        let mismatched = Set(check.mismatches.map(\.statement.position))
        for statement in layout.statements {
            let actual = OutputMatcher.lines(of: run.statementOutputs[statement.position] ?? "")
            if let first = statement.expectations.first {
                guard mismatched.contains(statement.position) else { continue }
                changed += 1
                let ending = lineEnding(first.line)
                if first.isOwnLine {
                    replacements[first.line] = actual.map { first.indentation + Self.comment($0) + ending }
                } else {
                    let code = codePart(of: first)
                    let indentation = String(code.prefix(while: { $0 == " " || $0 == "\t" }))
                    var lines = [actual.first.map { code + Self.comment($0) } ?? trimmingTrailingSpaces(code)]
                    lines += actual.dropFirst().map { indentation + Self.comment($0) }
                    replacements[first.line] = lines.map { $0 + ending }
                }
                for extra in statement.expectations.dropFirst() {
                    replacements[extra.line] = extra.isOwnLine ? [] : [trimmingTrailingSpaces(codePart(of: extra)) + lineEnding(extra.line)]
                }
            } else if addsMissing, !actual.isEmpty, !statement.sharesLastLine,
                      run.startedStatements.contains(statement.position) {
                changed += 1
                let ending = lineEnding(statement.lastLine)
                insertions[statement.lastLine] = actual.map { statement.indentation + Self.comment($0) + ending }
            }
        }
        guard changed > 0 else { return Update(text: notebook.text, statementsChanged: 0) }
        var out: [String] = []
        for (offset, line) in notebook.lines.enumerated() {
            let number = offset + 1
            if let replacement = replacements[number] { out += replacement } else { out.append(String(line)) }
            out += insertions[number] ?? []
        }
        return Update(text: out.joined(separator: "\n"), statementsChanged: changed)
    }

    /// `#=> line`, without trailing spaces (the comparison ignores them anyway).
    static func comment(_ line: String) -> String {
        let trimmed = OutputMatcher.trimmingTrailingSpaces(line)
        return trimmed.isEmpty ? ExpectationScanner.marker : "\(ExpectationScanner.marker) \(trimmed)"
    }

    /// The code before a trailing `#=>` comment, spaces before the `#` included.
    private func codePart(of expectation: Expectation) -> String {
        let line = notebook.lines[expectation.line - 1]
        return String(String.UnicodeScalarView(line.unicodeScalars.prefix(expectation.column - 1)))
    }

    private func lineEnding(_ line: Int) -> String {
        notebook.lines[line - 1].hasSuffix("\r") ? "\r" : ""
    }

    private func trimmingTrailingSpaces(_ text: String) -> String {
        OutputMatcher.trimmingTrailingSpaces(text)
    }
}
