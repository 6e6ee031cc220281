import Foundation

/// `wwn convert nb.ipynb nb.wwn`: a Jupyter notebook of the wwn kernel as a .wwn notebook.
///
/// Cells become `#%%` cells (Markdown as `# ` comment lines, raw cells too), titles come back
/// from `metadata.wwn.title`, a cell marked as continuing the one before (the split made by
/// ``NotebookExport``) is joined to it, and outputs are dropped. Papermill's
/// `injected-parameters` cell is folded into the `param` lines: each injected value replaces
/// its parameter's default, so the .wwn runs as papermill ran it.
public enum NotebookImport {
    public static func wwn(_ document: JupyterDocument, name: String) throws -> String {
        if let language = document.language, language.lowercased() != "wwn" {
            throw ConversionError("'\(name)' is a \(language) notebook; wwn convert reads notebooks of the wwn kernel")
        }
        var injected: [(name: String, value: String)] = []
        for cell in document.cells where cell.tags.contains("injected-parameters") {
            injected += ParameterLines.injectedValues(in: cell.source)
        }
        var blocks: [String] = []
        var pendingInjection = injected
        var lastWasCode = false
        for (index, cell) in document.cells.enumerated() where !cell.tags.contains("injected-parameters") {
            let title = (cell.wwnMetadata["title"] as? String).map(singleLine)
            switch cell.kind {
            case .markdown, .raw:
                let text = cell.source.components(separatedBy: "\n").map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n")
                blocks.append("#%% md" + (title.map { " " + $0 } ?? "") + "\n" + text)
                lastWasCode = false
            case .code:
                var lines = cell.source.components(separatedBy: "\n")
                if let marker = lines.firstIndex(where: { $0.hasPrefix(Notebook.cellMarker) }) {
                    throw ConversionError("cell \(index + 1) of '\(name)' has a line starting with '\(Notebook.cellMarker)' (line \(marker + 1)), "
                                          + "which would start a new cell in a .wwn notebook; indent it or remove it")
                }
                let isParameters = cell.tags.contains("parameters")
                if isParameters, !pendingInjection.isEmpty {
                    lines = substitute(&pendingInjection, into: lines)
                }
                let code = NotebookExport.trimmingBlankLines(lines).joined(separator: "\n")
                if cell.wwnMetadata["continues_cell"] as? Bool == true, lastWasCode, let previous = blocks.popLast() {
                    blocks.append(previous + "\n" + code)
                } else {
                    blocks.append(Notebook.cellMarker + (title.map { " " + $0 } ?? "") + (code.isEmpty ? "" : "\n" + code))
                }
                lastWasCode = true
            }
        }
        if !pendingInjection.isEmpty {
            // No cell tagged `parameters`: the values become declarations of their own, first.
            blocks.insert("#%% Parameters\n" + pendingInjection.map { "param \($0.name) = \($0.value)" }.joined(separator: "\n"), at: 0)
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// Replaces the defaults of the parameters papermill injected; values for names the cell
    /// does not declare are added as new `param` lines at its end. `pending` keeps none.
    private static func substitute(_ pending: inout [(name: String, value: String)], into lines: [String]) -> [String] {
        var lines = lines
        var values = Dictionary(pending.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        for statement in ParameterLines.statements(in: lines).reversed() {
            guard let value = values.removeValue(forKey: statement.name) else { continue }
            lines.replaceSubrange(statement.lines, with: ["param \(statement.name) = \(value)"])
        }
        lines += pending.filter { values[$0.name] != nil }.map { "param \($0.name) = \($0.value)" }
        pending = []
        return lines
    }

    /// A title is one line of a `#%%` marker.
    private static func singleLine(_ text: String) -> String {
        text.components(separatedBy: .newlines).joined(separator: " ")
    }
}
