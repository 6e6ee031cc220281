/// Parquet text sets, as HF datasets writes them (`Dataset.to_parquet`, the Hub's Parquet
/// exports): a text column and a label column, chosen by name among the file's top-level
/// columns, read over every row group. Other columns (nested ones too) are not decoded.
enum ParquetText {
    struct Example {
        let text: String
        let label: String
        /// 1-based row of the file.
        let row: Int
    }

    /// The text and label of every row of `bytes` (the whole file).
    /// - Throws: ``DataFileError`` naming the file: not Parquet, truncated or malformed (with the
    ///   byte offset), a field missing or nested, a column of an unread type, codec or encoding,
    ///   or a null in either column (with its row).
    static func examples(_ bytes: [UInt8], path: String, textField: String, labelField: String) throws -> [Example] {
        let footer = try ParquetFooter(bytes, path: path)
        let columns = try topLevelColumns(footer.schema, path: path)
        let text = try column(textField, role: "text", in: columns, path: path)
        let label = try column(labelField, role: "label", in: columns, path: path)
        guard text.element.type == .byteArray else {
            throw DataFileError(path, "the text field \"\(textField)\" holds \(text.element.type.map { "\($0)" } ?? "values of an unknown type"), not strings (BYTE_ARRAY)")
        }
        guard let labelType = label.element.type, [.byteArray, .int32, .int64, .boolean].contains(labelType) else {
            throw DataFileError(path, "the label field \"\(labelField)\" holds \(label.element.type.map { "\($0)" } ?? "values of an unknown type"); labels must be strings, whole numbers or booleans")
        }
        try DataLimits.checkSampleCount(footer.rowCount, what: path)
        var examples: [Example] = []
        var decodedBytes = 0
        for (group, rowGroup) in footer.rowGroups.enumerated() {
            guard rowGroup.columns.count == columns.leafCount else {
                throw DataFileError(path, "row group \(group) has \(rowGroup.columns.count) column chunks, but the schema has \(columns.leafCount) columns")
            }
            guard rowGroup.rowCount <= DataLimits.maxSamples - examples.count else {
                throw DataFileError(path, "row group \(group) declares \(rowGroup.rowCount) rows, more than the limit of \(DataLimits.maxSamples) samples (DataLimits.maxSamples) with the rows before it")
            }
            let texts = try read(text, chunk: rowGroup.columns[text.leaf], rows: rowGroup.rowCount, group: group,
                                 bytes: bytes, footer: footer, decodedBytes: &decodedBytes, path: path)
            let labels = try read(label, chunk: rowGroup.columns[label.leaf], rows: rowGroup.rowCount, group: group,
                                  bytes: bytes, footer: footer, decodedBytes: &decodedBytes, path: path)
            for (k, (text, label)) in zip(texts, labels).enumerated() {
                let row = examples.count + 1
                guard let text else { throw DataFileError(path, at: .row(row), "the text field \"\(textField)\" is null (row \(k) of row group \(group)); a text set needs a text and a label in every row") }
                guard let label else { throw DataFileError(path, at: .row(row), "the label field \"\(labelField)\" is null (row \(k) of row group \(group)); a text set needs a text and a label in every row") }
                examples.append(Example(text: text, label: label, row: row))
            }
        }
        guard examples.count == footer.rowCount else {
            throw DataFileError(path, "the row groups hold \(examples.count) rows, but the footer declares \(footer.rowCount)")
        }
        return examples
    }

    /// A top-level column: its schema element and its position among the leaf columns.
    struct Column {
        let element: ParquetFooter.SchemaElement
        let leaf: Int
        let isNested: Bool
    }

    /// The file's top-level columns by name, and how many leaf columns (column chunks per row
    /// group) the schema has. Walks the depth-first schema without recursion (a forged schema
    /// may nest as deep as its footer is long).
    static func topLevelColumns(_ schema: [ParquetFooter.SchemaElement], path: String) throws -> (byName: [String: Column], names: [String], leafCount: Int) {
        guard let root = schema.first else { throw DataFileError(path, "the footer has no schema") }
        var byName: [String: Column] = [:]
        var names: [String] = []
        var (index, leaf) = (1, 0)
        for _ in 0..<root.childCount {
            guard index < schema.count else { throw DataFileError(path, "the schema declares more columns than it lists") }
            let top = schema[index]
            byName[top.name] = Column(element: top, leaf: leaf, isNested: top.childCount > 0)
            names.append(top.name)
            var pending = 1
            while pending > 0 {
                guard index < schema.count else { throw DataFileError(path, "the schema declares more columns than it lists") }
                let element = schema[index]
                index += 1
                pending -= 1
                if element.childCount == 0 { leaf += 1 } else { pending += element.childCount }
            }
        }
        return (byName, names, leaf)
    }

    private static func column(_ name: String, role: String, in columns: (byName: [String: Column], names: [String], leafCount: Int),
                               path: String) throws -> Column {
        guard let column = columns.byName[name] else {
            throw DataFileError(path, "has no field \"\(name)\" (its fields: \(columns.names.joined(separator: ", "))); choose the \(role) field with \(role):")
        }
        guard !column.isNested, column.element.repetition != 2 else {
            throw DataFileError(path, "the \(role) field \"\(name)\" is a nested or repeated column, not one value per row")
        }
        return column
    }

    private static func read(_ column: Column, chunk: ParquetFooter.ColumnChunk, rows: Int, group: Int, bytes: [UInt8],
                             footer: ParquetFooter, decodedBytes: inout Int, path: String) throws -> [String?] {
        let name = "column \"\(column.element.name)\", row group \(group)"
        guard chunk.externalFile == nil else { throw DataFileError(path, "\(name): its data is in another file (\(chunk.externalFile ?? "")), which is not read") }
        guard chunk.hasMetadata else { throw DataFileError(path, "\(name): the column chunk has no metadata (an encrypted column?)") }
        guard chunk.type == column.element.type else { throw DataFileError(path, "\(name): the column chunk's type differs from the schema's") }
        guard let type = column.element.type else { throw DataFileError(path, "\(name): an unknown physical type") }
        let reader = ParquetColumnReader(bytes: bytes, type: type, maxDefinitionLevel: column.element.repetition == 1 ? 1 : 0,
                                         dataEnd: footer.metadataStart)
        do {
            return try reader.read(chunk, rowCount: rows, decodedBytes: &decodedBytes)
        } catch let error as ThriftCompactReader.Malformed {
            throw DataFileError(path, at: .byte(error.offset), "\(name): \(error.message)")
        }
    }
}
