import Foundation

/// A Jupyter notebook file (.ipynb, nbformat 4): the cells and metadata wwn converts. Outputs
/// are read past and never written: a .wwn notebook stores no outputs.
public struct JupyterDocument {
    public struct Cell {
        public enum Kind: String {
            case code, markdown, raw
        }

        public var kind: Kind
        public var source: String
        public var metadata: [String: Any]

        public init(kind: Kind, source: String, metadata: [String: Any] = [:]) {
            self.kind = kind
            self.source = source
            self.metadata = metadata
        }

        /// `metadata.tags`: papermill's `parameters` and `injected-parameters` live there.
        public var tags: [String] { metadata["tags"] as? [String] ?? [] }

        /// wwn's own metadata (`metadata.wwn`): the cell's `#%%` title and whether it continues
        /// the cell before it (a cell split around its `param` lines).
        var wwnMetadata: [String: Any] { metadata[JupyterDocument.wwnMetadataKey] as? [String: Any] ?? [:] }
    }

    public var cells: [Cell]
    public var metadata: [String: Any]

    static let wwnMetadataKey = "wwn"
    /// The nbformat version written: 4.5 is the first with cell ids, which current tools expect.
    static let formatMajor = 4
    static let formatMinor = 5

    public init(cells: [Cell], metadata: [String: Any]) {
        self.cells = cells
        self.metadata = metadata
    }

    /// The language the notebook's metadata names (kernelspec first, then language_info), if any.
    public var language: String? {
        (metadata["kernelspec"] as? [String: Any])?["language"] as? String
            ?? (metadata["language_info"] as? [String: Any])?["name"] as? String
    }

    /// Reads an .ipynb file's JSON; `name` is the file name errors give.
    public static func parse(_ data: Data, name: String) throws -> JupyterDocument {
        guard let object = try? JSONSerialization.jsonObject(with: data), let json = object as? [String: Any] else {
            throw ConversionError("'\(name)' is not a Jupyter notebook: it is not a JSON object")
        }
        guard let major = json["nbformat"] as? Int, major == formatMajor else {
            throw ConversionError("'\(name)' is not an nbformat 4 notebook (found nbformat \(json["nbformat"].map { "\($0)" } ?? "none")); "
                                  + "'jupyter nbconvert --to notebook' upgrades older ones")
        }
        guard let rawCells = json["cells"] as? [[String: Any]] else {
            throw ConversionError("'\(name)' has no list of cells")
        }
        var cells: [Cell] = []
        for (index, raw) in rawCells.enumerated() {
            guard let type = raw["cell_type"] as? String, let kind = Cell.Kind(rawValue: type) else {
                throw ConversionError("cell \(index + 1) of '\(name)' has an unknown cell_type '\(raw["cell_type"].map { "\($0)" } ?? "")'")
            }
            let source: String
            if let text = raw["source"] as? String {
                source = text
            } else if let lines = raw["source"] as? [String] {
                source = lines.joined()
            } else {
                throw ConversionError("cell \(index + 1) of '\(name)' has no source text")
            }
            cells.append(Cell(kind: kind, source: source, metadata: raw["metadata"] as? [String: Any] ?? [:]))
        }
        return JupyterDocument(cells: cells, metadata: json["metadata"] as? [String: Any] ?? [:])
    }

    /// The notebook as nbformat 4.5 JSON: sorted keys and one line per source line, so the
    /// same notebook always gives the same bytes and diffs stay small.
    public func encoded() -> Data {
        let rawCells: [[String: Any]] = cells.enumerated().map { index, cell in
            var raw: [String: Any] = [
                "cell_type": cell.kind.rawValue, "id": "cell-\(index + 1)", "metadata": cell.metadata,
                "source": Self.sourceLines(cell.source),
            ]
            if cell.kind == .code {
                raw["execution_count"] = NSNull()
                raw["outputs"] = [Any]()
            }
            return raw
        }
        let json: [String: Any] = ["cells": rawCells, "metadata": metadata, "nbformat": Self.formatMajor, "nbformat_minor": Self.formatMinor]
        // Only JSON types are put in, so this cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return data + Data("\n".utf8)
    }

    /// nbformat's multi-line string: the lines, each but the last keeping its `\n`.
    static func sourceLines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n").map { $0 + "\n" }
        if let last = lines.last {
            lines[lines.count - 1] = String(last.dropLast())
            if lines[lines.count - 1].isEmpty { lines.removeLast() }
        }
        return lines
    }
}

/// A notebook that cannot be converted; the message names the file and the cell.
public struct ConversionError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
