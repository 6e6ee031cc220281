import Foundation
import WWBase
import WWModelFormats
import WWTables

/// One results file of `wwn analyze` (`--csv` or `--json`): the rows already in it, so a rerun
/// skips models done, and the atomic rewrite with new rows appended.
///
/// A file is only ever replaced when it is a table this command wrote (it has a `model`
/// column); anything else at that path is left alone and reported, never clobbered.
struct AnalyzeOutput {
    enum Format { case csv, json }

    let path: String
    let format: Format
    /// The rows already in the file (empty when the file does not exist yet).
    private(set) var existing = DataTable()

    static let modelColumn = "model"

    /// Reads the file if it exists.
    /// - Throws: ``AnalyzeOutputError`` when it exists but is not an analyze table.
    init(path: String, format: Format) throws {
        self.path = path
        self.format = format
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue { throw AnalyzeOutputError(path: path, "is a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= AnalyzeLimits.maxExistingOutputBytes else {
            throw AnalyzeOutputError(path: path, "exists and is \(size) bytes, too large to be a table of this command; not replaced")
        }
        if size == 0 { return }
        do {
            switch format {
            case .csv: existing = try DataTable.readCSV(path: path)
            case .json: existing = try JSONRecords.read(path: path)
            }
        } catch {
            throw AnalyzeOutputError(path: path, "exists but is not a results table this command can extend (\(error)); not replaced — choose another file")
        }
        guard existing.hasColumn(named: Self.modelColumn) else {
            throw AnalyzeOutputError(path: path, "exists but has no '\(Self.modelColumn)' column, so it is not a table written by 'wwn analyze'; not replaced — choose another file")
        }
    }

    /// The models whose rows the file holds, as their paths were written.
    var models: Set<String> {
        guard let cells = try? existing.column(named: Self.modelColumn) else { return [] }
        return Set(cells.compactMap { if case .string(let text) = $0 { return text } else { return nil } })
    }

    static let tensorColumn = "tensor"

    /// The tensors of `model` whose rows the file holds (its layers analysed so far).
    func tensors(ofModel model: String) -> Set<String> {
        guard let models = try? existing.column(named: Self.modelColumn),
              let tensors = try? existing.column(named: Self.tensorColumn) else { return [] }
        var found = Set<String>()
        for (owner, tensor) in zip(models, tensors) {
            if case .string(let name) = owner, name == model, case .string(let text) = tensor { found.insert(text) }
        }
        return found
    }

    /// `rows` without those already in the file (the same model and tensor, so a resumed
    /// model's new layers are added and nothing twice).
    func newRows(_ rows: [[(String, Cell)]]) -> [[(String, Cell)]] {
        var done: [String: Set<String>] = [:]
        return rows.filter { row in
            guard case .string(let model)? = row.first(where: { $0.0 == Self.modelColumn })?.1,
                  case .string(let tensor)? = row.first(where: { $0.0 == Self.tensorColumn })?.1 else { return true }
            if done[model] == nil { done[model] = tensors(ofModel: model) }
            return done[model]?.contains(tensor) != true
        }
    }

    /// Writes the existing rows and then `rows` (whole new models), to a temporary file renamed
    /// into place. Columns keep the order of a fresh table; new columns go to the right.
    func write(appending rows: [[(String, Cell)]], columnOrder: [String]) throws {
        let table = (try? DataTable(columns: columnOrder)) ?? DataTable()
        for index in existing.rowIndices { table.addRow(existing.row(at: index)) }
        for row in rows { table.addRow(row) }
        let text: String
        switch format {
        case .csv: text = table.csvText()
        case .json: text = JSONRecords.text(of: table)
        }
        do {
            try AtomicFileWriter(path: path, mode: .replace).write(Data(text.utf8))
        } catch let error as AtomicWriteError {
            switch error {
            case .cannotCreateTemporaryFile, .cannotWrite, .cannotFlush, .alreadyExists:
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                throw AnalyzeOutputError(path: path, "cannot be written: cannot create a file in \(directory.path): \(error.reason)")
            case .cannotMoveIntoPlace(let reason):
                throw AnalyzeOutputError(path: path, "cannot be written: \(reason)")
            }
        }
    }
}

/// An output file that cannot be read or replaced; exit 73 (sysexits `EX_CANTCREAT`).
struct AnalyzeOutputError: Error, CustomStringConvertible {
    let path: String
    let message: String
    init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }
    var description: String { "'\(path)' \(message)" }
}

/// A table as JSON records (`[{"model": ..., "alpha": ...}, ...]`, pandas' `orient="records"`),
/// numbers in their shortest exact form, NaN and infinities as null (JSON has none).
enum JSONRecords {
    static func text(of table: DataTable) -> String {
        var out = "[\n"
        for index in table.rowIndices {
            let fields = table.row(at: index).map { name, cell in "\(jsonQuoted(name)): \(json(cell))" }
            out += "  {" + fields.joined(separator: ", ") + "}" + (index + 1 < table.rowCount ? ",\n" : "\n")
        }
        return out + "]\n"
    }

    static func json(_ cell: Cell) -> String {
        switch cell {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return x.isFinite ? (x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)") : "null"
        case .string(let s): return jsonQuoted(s)
        }
    }

    /// Reads records written by ``text(of:)`` (or any list of flat objects). Key order is not
    /// kept by the parser; the writer restores the column order of a fresh table.
    static func read(path: String) throws -> DataTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw AnalyzeOutputError(path: path, "cannot be read") }
        guard let records = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw AnalyzeOutputError(path: path, "is not a JSON list of records")
        }
        let table = DataTable()
        for record in records {
            table.addRow(record.keys.sorted().map { key in (key, cell(record[key] as Any)) })
        }
        return table
    }

    private static func cell(_ value: Any) -> Cell {
        switch value {
        case let s as String: return .string(s)
        case let n as NSNumber:
            // Foundation reads true/false as NSNumber too; its type code tells them apart.
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        default: return .null
        }
    }
}
