import Foundation
import WWBase

/// Limits of CSV reading.
public enum CSVLimits {
    /// Largest CSV file read, in bytes. A table is held in memory as cells several times the
    /// size of its text; 512 MiB of text is far beyond any metrics table a study produces,
    /// and refusing it up front is kinder than exhausting memory.
    public static let maxFileBytes = 512 << 20
}

/// CSV in RFC 4180 form: comma-separated fields, fields quoted with `"` when they hold a comma,
/// a quote (doubled inside) or a line break, CRLF or LF line ends, the first line a header.
///
/// Reading infers each column's kind from all its non-empty fields, as pandas does:
/// - numbers when every field parses as a decimal number (`1`, `-2.5e-3`, `nan`, `inf`);
/// - booleans when every field is `true` or `false` (any case);
/// - text otherwise, fields kept verbatim.
/// An empty field is null in every column. Quoting does not change the kind (a quoted `"3"` in
/// a numeric column is the number 3), so a text column whose every value looks like a number
/// reads back as numbers.
extension DataTable {
    /// Parses CSV text (see above).
    ///
    /// - Throws: `TableError.malformedCSV` with the line number for an unterminated quote, a
    ///   quote inside an unquoted field, text after a closing quote, or a row with more or fewer
    ///   fields than the header; `TableError.duplicateColumn` for a repeated header name.
    public static func parseCSV(_ text: String) throws -> DataTable {
        var records = try CSVParser(text: text).records()
        guard !records.isEmpty else { return DataTable() }
        let header = records.removeFirst()
        // Blank lines (a trailing one above all) are not rows.
        let rows = records.filter { !$0.isBlank }
        for record in rows where record.fields.count != header.fields.count {
            throw TableError.malformedCSV(line: record.line, reason: "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s") where the header has \(header.fields.count)")
        }
        let table = DataTable()
        for (position, rawName) in header.fields.enumerated() {
            let name = rawName.text.isEmpty ? "column_\(position + 1)" : rawName.text
            try table.addColumn(name: name, values: inferCells(rows.map { $0.fields[position] }))
        }
        return table
    }

    /// Reads a CSV file (see ``parseCSV(_:)``).
    ///
    /// - Throws: `TableError.file` when the file is missing, unreadable, too large or not
    ///   UTF-8; parse errors as ``parseCSV(_:)``, their message prefixed by the path.
    public static func readCSV(path: String) throws -> DataTable {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else { throw TableError.file(path: path, reason: "no such file") }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory {
            throw TableError.file(path: path, reason: "is a directory, not a CSV file")
        }
        if let size = attributes[.size] as? Int, size > CSVLimits.maxFileBytes {
            throw TableError.file(path: path, reason: "is \(size) bytes, more than the \(CSVLimits.maxFileBytes) a CSV file may have")
        }
        if let problem = RegularFile.problem(at: path) { throw TableError.file(path: path, reason: problem) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TableError.file(path: path, reason: "cannot be read")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw TableError.file(path: path, reason: "is not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // a byte-order mark some tools write
        do {
            return try parseCSV(text)
        } catch let error as TableError {
            throw TableError.file(path: path, reason: error.description)
        }
    }

    /// The table as CSV text: a header line, then one line per row, LF line ends, a final LF.
    /// Numbers use their exact shortest form (`0.1`, `nan`, `inf`), booleans `true`/`false`,
    /// null an empty field. Fields are quoted only when they must be (a comma, quote, line
    /// break, or leading/trailing blank), and a text cell that is empty is written `""` so it
    /// is not read back as null.
    public func csvText() -> String {
        var out = columnNames.map { Self.csvField($0, isText: true) }.joined(separator: ",") + "\n"
        for row in rowIndices {
            out += columnNames.indices.map { column -> String in
                switch cells(ofColumnAt: column)[row] {
                case .null: return ""
                case .string(let text): return Self.csvField(text, isText: true)
                case let cell: return cell.description
                }
            }.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Writes the table as CSV (``csvText()``) to `path`, atomically: to a temporary file in
    /// the same directory, then moved into place, so a reader never sees half a file.
    ///
    /// - Parameter overwrite: replace an existing file. Without it an existing file is an
    ///   error, checked atomically (the temporary file is hard-linked to `path`, which fails
    ///   if anything is there, even a file created a moment before).
    /// - Throws: `TableError.file` naming the path and the reason.
    public func writeCSV(path: String, overwrite: Bool = false) throws {
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw TableError.file(path: path, reason: "already exists; pass overwrite: true to replace it")
        }
        do {
            try AtomicFileWriter(path: path, mode: overwrite ? .replace : .createNew).write(Data(csvText().utf8))
        } catch let error as AtomicWriteError {
            switch error {
            case .alreadyExists:
                throw TableError.file(path: path, reason: "already exists; pass overwrite: true to replace it")
            case .cannotCreateTemporaryFile(let reason), .cannotWrite(let reason), .cannotFlush(let reason):
                let directory = (path as NSString).deletingLastPathComponent
                throw TableError.file(path: path, reason: "cannot create a file in \(directory.isEmpty ? "the current directory" : directory.debugDescription): \(reason)")
            case .cannotMoveIntoPlace(let reason):
                throw TableError.file(path: path, reason: reason)
            }
        }
    }

    private static func csvField(_ text: String, isText: Bool) -> String {
        let needsQuotes = text.isEmpty || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || text.first?.isWhitespace == true || text.last?.isWhitespace == true
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One column's cells from its fields (see the type's discussion). An unquoted empty
    /// field is null; a quoted empty one (`""`) is the empty text.
    static func inferCells(_ fields: [CSVField]) -> [Cell] {
        let present = fields.filter { !$0.isNull }.map(\.text)
        if !present.isEmpty, present.allSatisfy({ parseNumber($0) != nil }) {
            return fields.map { $0.isNull ? .null : parseNumber($0.text).map(Cell.number) ?? .string($0.text) }
        }
        if !present.isEmpty, present.allSatisfy({ ["true", "false"].contains($0.lowercased()) }) {
            return fields.map { $0.isNull ? .null : .bool($0.text.lowercased() == "true") }
        }
        return fields.map { $0.isNull ? .null : .string($0.text) }
    }

    /// A decimal number (optional sign, digits, point, exponent) or nan/inf/infinity in any
    /// case. Hexadecimal and surrounding blanks are refused: `Double("0x1p3")` would accept a
    /// form no CSV writer means as a number.
    static func parseNumber(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        guard text.utf8.allSatisfy({ (48...57).contains($0) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 101 || $0 == 69 }),
              text.utf8.contains(where: { (48...57).contains($0) }) else { return nil }
        return Double(text)
    }
}

/// One field of a CSV record.
struct CSVField: Equatable {
    var text: String
    var quoted: Bool
    /// An unquoted empty field: a missing value.
    var isNull: Bool { text.isEmpty && !quoted }
}

/// Splits CSV text into records of fields, tracking line numbers for messages.
private struct CSVParser {
    let text: String

    struct Record {
        var fields: [CSVField]
        /// The line the record starts on (1-based).
        var line: Int
        /// An empty line.
        var isBlank: Bool { fields.count == 1 && fields[0].isNull }
    }

    func records() throws -> [Record] {
        var records: [Record] = []
        var fields: [CSVField] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var wasQuoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        func endRecord() {
            fields.append(CSVField(text: field, quoted: wasQuoted))
            records.append(Record(fields: fields, line: recordLine))
            fields = []
            field = ""
            wasQuoted = false
        }
        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(CSVField(text: field, quoted: wasQuoted))
                field = ""
                wasQuoted = false
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !wasQuoted else {
                    throw TableError.malformedCSV(line: line, reason: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                }
                inQuotes = true
                wasQuoted = true
            default:
                if wasQuoted {
                    throw TableError.malformedCSV(line: line, reason: "text after a closing quote; a quoted field must end at a comma or line end")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw TableError.malformedCSV(line: recordLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
