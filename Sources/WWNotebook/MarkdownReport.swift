import Foundation
import WWInterpreter

/// Renders a run as Markdown (report.md): Markdown cells verbatim, code and text output in
/// fences, tables as Markdown tables, figures as links to the files beside the report.
struct MarkdownReport {
    let run: NotebookRun
    var figures: [String: ReportFigure] = [:]

    func render() -> String {
        let summary = ReportSummary(run: run)
        var blocks: [String] = []
        blocks.append("# \(markdownText(run.notebook.name))")
        blocks.append("`\(run.notebook.path)` · \(summary.facts)")
        blocks.append("**\(summary.statusSentence { "[\(markdownText(ReportSummary.reference(to: $0)))](#cell-\($0.index))" })**")
        if let error = run.notebookError { blocks.append(fenced(error.rendered(color: false), language: "text")) }
        if !run.parameters.isEmpty {
            var table = "| Parameter | Value | Set by |\n| --- | --- | --- |"
            for setting in run.parameters {
                table += "\n| `\(setting.name)` | \(inlineCode(ReportSummary.describe(setting))) | \(setting.source.rawValue) |"
            }
            blocks.append(table)
        }
        for result in run.cells {
            blocks.append("---")
            blocks.append(contentsOf: cellBlocks(result))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func cellBlocks(_ result: CellResult) -> [String] {
        let cell = result.cell
        // An anchor that both GitHub and plain renderers keep, for links from the header.
        let anchor = "<a id=\"cell-\(cell.index)\"></a>"
        if cell.kind == .markdown {
            return [anchor, cell.markdown ?? ""].filter { !$0.isEmpty }
        }
        var heading = "### [\(cell.index)] \(markdownText(cell.displayTitle))"
        switch result.status {
        case .failed: heading += " — FAILED"
        case .interrupted: heading += " — INTERRUPTED"
        case .exited(let code): heading += " — called exit(\(code))"
        case .notRun: heading += " — not run"
        default: break
        }
        if let duration = result.duration { heading += " · \(formatDuration(duration))" }
        var blocks = [anchor, heading]
        let lines = run.displayedLines(of: cell)
        if !lines.isEmpty { blocks.append(fenced(lines.map(\.text).joined(separator: "\n"), language: "wwn")) }
        if let note = run.expectationDisplay?.notes[cell.index] { blocks.append("*\(markdownText(note))*") }
        for item in result.outputs {
            switch item {
            case .text(let text):
                blocks.append(fenced(text, language: "text"))
            case .table(let table):
                blocks.append(table.renderMarkdown(maxRows: NotebookLimits.maxReportTableRows))
            case .figure(let path, let caption):
                let figure = figures[path] ?? ReportFigure(file: path, link: path)
                let name = (path as NSString).lastPathComponent
                // The image links to itself, so a click opens it full size on GitHub too.
                let image = "![\(markdownText(caption ?? name))](<\(figure.link)>)"
                blocks.append("[\(image)](<\(figure.link)>)" + (caption.map { "\n*\(markdownText($0))*" } ?? ""))
            }
        }
        if let diagnostic = result.status.diagnostic {
            blocks.append("**Error:**")
            blocks.append(fenced(diagnostic.rendered(color: false), language: "text"))
        }
        return blocks
    }

    /// Text from the notebook (its file name, cell titles) as literal Markdown inline text, as
    /// index.html escapes it: the marks that start markup (emphasis, code, links, images, HTML
    /// tags and entities, headings, table cells) get a backslash, which CommonMark and GitHub
    /// show as the mark itself, so `<b>`, `*x*` or `[x](y)` in a title stays text; line breaks
    /// become spaces so a heading stays one line.
    func markdownText(_ text: String) -> String {
        var out = ""
        for character in text {
            if character.isNewline {
                out += " "
            } else {
                if Self.markupCharacters.contains(character) { out += "\\" }
                out.append(character)
            }
        }
        return out
    }

    /// ASCII punctuation that can start Markdown or HTML markup inline.
    static let markupCharacters: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "#", "!", "|", "~", "{", "}"]

    /// A fenced code block whose fence is longer than any backtick run inside, so code that
    /// itself contains ``` cannot end the block early.
    private func fenced(_ text: String, language: String) -> String {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: text) + 1))
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return "\(fence)\(language)\n\(body)\n\(fence)"
    }

    private func inlineCode(_ text: String) -> String {
        let fence = String(repeating: "`", count: longestBacktickRun(in: text) + 1)
        let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
        return "\(fence)\(padded.replacingOccurrences(of: "|", with: "\\|"))\(fence)"
    }

    private func longestBacktickRun(in text: String) -> Int {
        var longest = 0, current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

