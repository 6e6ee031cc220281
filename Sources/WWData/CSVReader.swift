/// A small RFC 4180 reader: fields separated by one delimiter byte, optionally in double
/// quotes (a doubled quote inside is one quote; quoted fields may span lines), rows ended by
/// LF, CRLF or a lone CR, fields in UTF-8: the rules of `read_csv` (WWTables.CSV), so the two
/// readers agree on a file. Blank lines are skipped. Fields are trimmed of spaces and tabs unless quoted
/// (a tab is never trimmed when it is the delimiter).
struct CSVReader {
    struct Row {
        /// The 1-based line on which the row starts.
        let line: Int
        let fields: [String]
    }

    let path: String
    let delimiter: UInt8

    /// The delimiter for a file by its extension: tab for `.tsv`/`.tab`, else comma.
    static func delimiter(forPath path: String) -> UInt8 {
        let lower = path.lowercased()
        return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") || lower.hasSuffix(".tsv.gz") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// All rows at once, for small files (text sets); numeric tables stream with ``forEachRow``.
    func rows(_ bytes: [UInt8]) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(bytes) { rows.append($0) }
        return rows
    }

    /// Calls `body` with each row in order, holding only one row's fields at a time (a
    /// 60,000-row MNIST CSV would take gigabytes as strings all at once).
    func forEachRow(_ bytes: [UInt8], _ body: (Row) throws -> Void) throws {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var line = 1, rowLine = 1, lineStart = 0
        var i = 0
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")

        func endField() throws {
            guard let text = wasQuoted ? String(validating: field, as: UTF8.self) : trimmed(field) else {
                throw DataFileError(path, at: .line(line), "is not UTF-8 text (field \(fields.count + 1))")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRow() throws {
            try endField()
            if !(fields.count == 1 && fields[0].isEmpty) { try body(Row(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == quote {
                    if i + 1 < bytes.count, bytes[i + 1] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == newline { line += 1; lineStart = i + 1 }
                    field.append(byte)
                }
            } else if byte == quote {
                guard field.allSatisfy({ $0 == 32 || $0 == 9 }) else {
                    throw DataFileError(path, at: .line(line), "a quote inside an unquoted field (column \(i - lineStart + 1)); quote the whole field and double inner quotes")
                }
                field.removeAll()
                quoted = true
                wasQuoted = true
            } else if byte == delimiter {
                try endField()
            } else if byte == newline {
                try endRow()
                line += 1
                rowLine = line
                lineStart = i + 1
            } else if byte == carriage, i + 1 < bytes.count, bytes[i + 1] == newline {
                // CRLF: the LF ends the row.
            } else if byte == carriage {
                // A lone CR (classic Mac OS line ends) ends the row, as in read_csv.
                try endRow()
                line += 1
                rowLine = line
                lineStart = i + 1
            } else {
                field.append(byte)
            }
            if i - lineStart > DataLimits.maxCSVLineBytes {
                throw DataFileError(path, at: .line(line), "a line longer than \(DataLimits.maxCSVLineBytes) bytes: not a text table?")
            }
            i += 1
        }
        if quoted { throw DataFileError(path, at: .line(rowLine), "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { try endRow() }
    }

    /// The field without surrounding spaces (and tabs, unless tab is the delimiter), or nil
    /// when its bytes are not UTF-8.
    private func trimmed(_ bytes: [UInt8]) -> String? {
        let isSpace = { (b: UInt8) in b == 32 || (b == 9 && delimiter != 9) || b == 13 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(validating: bytes[first...last], as: UTF8.self)
    }
}
