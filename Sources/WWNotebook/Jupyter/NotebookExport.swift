import Foundation

/// `wwn convert nb.wwn nb.ipynb`: a .wwn notebook as a Jupyter notebook for the wwn kernel.
///
/// Markdown cells keep their text (the `# ` comment markers removed), code cells their code
/// (`#=>` lines included, as comments), and `#%%` titles go to `metadata.wwn.title`. The first
/// cell with `param` lines is split: its `param` statements (with the comment lines just above
/// them) become a cell tagged `parameters`, where papermill injects its values after, and the
/// rest of the cell follows, marked to be joined back on the way home.
public enum NotebookExport {
    public static func jupyter(_ notebook: Notebook) -> JupyterDocument {
        var cells: [JupyterDocument.Cell] = []
        var taggedParameters = false
        for cell in notebook.cells {
            var metadata: [String: Any] = [:]
            if let title = cell.title { metadata[JupyterDocument.wwnMetadataKey] = ["title": title] }
            switch cell.kind {
            case .markdown:
                cells.append(JupyterDocument.Cell(kind: .markdown, source: cell.markdown ?? "", metadata: metadata))
            case .code:
                let lines = cell.source.components(separatedBy: "\n")
                let parameters = ParameterLines.statements(in: lines)
                guard !taggedParameters, !parameters.isEmpty else {
                    cells.append(JupyterDocument.Cell(kind: .code, source: cell.source, metadata: metadata))
                    continue
                }
                taggedParameters = true
                let (parameterPart, rest) = split(lines, around: parameters)
                metadata["tags"] = ["parameters"]
                cells.append(JupyterDocument.Cell(kind: .code, source: parameterPart.joined(separator: "\n"), metadata: metadata))
                if !rest.isEmpty {
                    cells.append(JupyterDocument.Cell(kind: .code, source: rest.joined(separator: "\n"),
                                                      metadata: [JupyterDocument.wwnMetadataKey: ["continues_cell": true]]))
                }
            }
        }
        let info: [String: Any] = ["name": "wwn", "file_extension": ".wwn", "mimetype": "text/x-wwn"]
        let kernelspec: [String: Any] = ["name": "wwn", "display_name": "wwn", "language": "wwn"]
        return JupyterDocument(cells: cells, metadata: ["kernelspec": kernelspec, "language_info": info])
    }

    /// The `param` statements with the comment lines directly above each, and the other
    /// lines in their order (leading and trailing blank lines dropped).
    static func split(_ lines: [String], around statements: [ParameterLines.Statement]) -> ([String], [String]) {
        var taken = Set<Int>()
        for statement in statements {
            var first = statement.lines.lowerBound
            while first > 0, lines[first - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#"), !taken.contains(first - 1) { first -= 1 }
            taken.formUnion(first..<statement.lines.upperBound)
        }
        let parameterPart = lines.indices.filter { taken.contains($0) }.map { lines[$0] }
        let rest = lines.indices.filter { !taken.contains($0) }.map { lines[$0] }
        return (parameterPart, trimmingBlankLines(rest))
    }

    static func trimmingBlankLines(_ lines: [String]) -> [String] {
        var lines = lines
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines
    }
}
