import WWBase
import WWNumerics

/// Which column of a table holds something: by header name or by 0-based position (negative
/// counts from the end, so -1 is the last column).
public enum ColumnReference: Equatable, Sendable {
    case name(String)
    case index(Int)

    /// The column's position in a row of `width` fields, or an error naming the file.
    func position(in header: [String]?, width: Int, path: String, role: String) throws -> Int {
        switch self {
        case .name(let name):
            guard let header else {
                throw DataFileError(path, "the \(role) column is named \(DataFileError.quoted(name)) but the file has no header row")
            }
            guard let found = header.firstIndex(of: name) else {
                throw DataFileError(path, at: .line(1), "no \(role) column \(DataFileError.quoted(name)); the header has \(header.map(DataFileError.quoted).joined(separator: ", "))")
            }
            return found
        case .index(let index):
            let position = index < 0 ? width + index : index
            guard position >= 0, position < width else {
                throw DataFileError(path, "\(role) column \(index) is out of range for rows of \(width) fields")
            }
            return position
        }
    }
}

extension Dataset {
    /// A table of numbers with one label column: every other column is a feature (float32,
    /// shape `[rows, columns - 1]`). `header` nil detects a header row: the first row is one
    /// when a non-empty field outside the label column is not a number. Labels become classes by
    /// `order`. `delimiter` nil means tab for `.tsv` files and comma otherwise.
    public static func csv(path: String, label: ColumnReference = .index(-1), header: Bool? = nil,
                           order: ClassOrder = .sorted, delimiter: Character? = nil,
                           cancellation: Cancellation = .never) throws -> Dataset {
        let reader = CSVReader(path: path, delimiter: try delimiterByte(delimiter, path: path))
        var table: NumericTable?
        try reader.forEachRow(try FileBytes.read(path)) { row in
            guard let current = table else {
                let first = try NumericTable(firstRow: row, label: label, header: header, path: path)
                table = first
                if !first.hasHeader { try first.add(row) }
                return
            }
            try current.add(row)
            if current.labels.count % 4096 == 0 { try cancellation.checkCancelled() }
        }
        guard let table else { throw DataFileError(path, "the file has no rows") }
        guard !table.labels.isEmpty else { throw DataFileError(path, "the file has a header row but no data rows") }
        let classes = try order.classes(of: table.labels)
        let features = try Tensor(shape: [table.labels.count, table.width - 1], values: table.values)
        return try Dataset(name: fileStem(path), features: features, labels: classes.indices, classNames: classes.names)
    }

    static func delimiterByte(_ delimiter: Character?, path: String) throws -> UInt8 {
        guard let delimiter else { return CSVReader.delimiter(forPath: path) }
        guard let ascii = delimiter.asciiValue, delimiter != "\"", delimiter != "\n", delimiter != "\r" else {
            throw DatasetError.invalid("the delimiter must be one ASCII character other than a quote or a line break, got \"\(delimiter)\"")
        }
        return ascii
    }
}

/// The rows of a numeric CSV being read: features appended as float32, labels as strings.
private final class NumericTable {
    let path: String
    let width: Int
    let labelAt: Int
    let hasHeader: Bool
    let columnNames: [String]?
    var values: [Float] = []
    var labels: [String] = []

    /// Decides the layout from the first row: its width, whether it is a header, the label column.
    init(firstRow first: CSVReader.Row, label: ColumnReference, header: Bool?, path: String) throws {
        self.path = path
        width = first.fields.count
        guard width >= 2 else {
            throw DataFileError(path, at: .line(first.line), "a row has \(width) field; a data table needs a label and at least one feature (is the delimiter right?)")
        }
        guard width - 1 <= DataLimits.maxSampleElements else {
            throw DataFileError(path, at: .line(first.line), "\(width - 1) feature columns is more than \(DataLimits.maxSampleElements) (DataLimits.maxSampleElements)")
        }
        var detected = header ?? false
        if header == nil {
            if case .name = label { detected = true } else {
                let position = try label.position(in: nil, width: width, path: path, role: "label")
                detected = first.fields.enumerated().contains { $0.offset != position && !$0.element.isEmpty && Double($0.element) == nil }
            }
        }
        hasHeader = detected
        columnNames = detected ? first.fields : nil
        labelAt = try label.position(in: columnNames, width: width, path: path, role: "label")
    }

    func add(_ row: CSVReader.Row) throws {
        guard row.fields.count == width else {
            throw DataFileError(path, at: .line(row.line), "\(row.fields.count) fields, but the \(hasHeader ? "header" : "first row") has \(width)")
        }
        guard labels.count < DataLimits.maxSamples else {
            throw DataFileError(path, at: .line(row.line), "more than \(DataLimits.maxSamples) rows (DataLimits.maxSamples)")
        }
        for (column, field) in row.fields.enumerated() {
            if column == labelAt {
                guard !field.isEmpty else { throw DataFileError(path, at: .line(row.line), "the label is empty") }
                labels.append(field)
                continue
            }
            guard let number = Double(field) else {
                let what = field.isEmpty ? "an empty value" : "\(DataFileError.quoted(field)), not a number,"
                throw DataFileError(path, at: .line(row.line), "\(what) in column \(column + 1)\(columnNames.map { " (\(DataFileError.quoted($0[column])))" } ?? "")")
            }
            guard number.isFinite, abs(number) <= Double(Float.greatestFiniteMagnitude) else {
                throw DataFileError(path, at: .line(row.line), "\(field) in column \(column + 1) is not a finite float32 number")
            }
            values.append(Float(number))
        }
    }
}
