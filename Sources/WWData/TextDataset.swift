import Foundation
import WWNumerics

/// How a text-classification file lays out its examples.
public enum TextLayout: String, CaseIterable, Sendable {
    /// A CSV or TSV table with a header row; the text and label columns are chosen by name.
    case columns
    /// One example per line, `label<TAB>text` (split at the first tab).
    case labelFirst = "label_first"
    /// One example per line, `text<TAB>label` (split at the last tab).
    case textFirst = "text_first"
    /// JSON Lines (the layout of HF datasets' `to_json`): one JSON object per line, the text and
    /// label fields chosen by name (see ``JSONLines``).
    case jsonl
    /// Parquet (the layout of HF datasets' `to_parquet` and the Hub's exports): the text and
    /// label columns chosen by name (see ``ParquetText``).
    case parquet

    /// `columns` for `.csv` files, `jsonl` for `.jsonl` and `.ndjson`, `parquet` for `.parquet`,
    /// `label_first` otherwise.
    static func guess(forPath path: String) -> TextLayout {
        let name = path.lowercased().hasSuffix(".gz") ? String(path.lowercased().dropLast(3)) : path.lowercased()
        if name.hasSuffix(".csv") { return .columns }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        if name.hasSuffix(".parquet") { return .parquet }
        return .labelFirst
    }
}

/// What features ``Dataset/text(path:layout:textColumn:labelColumn:order:features:)`` computes.
public enum TextFeaturization: Equatable, Sendable {
    /// No features (shape `[n, 0]`); use the texts directly or featurise later.
    case none
    /// Hashed n-gram counts (see ``TextFeatures``).
    case hashed(dimensions: Int, ngrams: Int)
}

extension Dataset {
    /// A text-classification set: texts kept in ``texts``, labels made classes by `order`, and
    /// features by `features`. `layout` nil guesses from the extension (see ``TextLayout``).
    /// Empty lines are skipped; a line without a tab, or an empty text or label, is an error
    /// naming the line.
    public static func text(path: String, layout: TextLayout? = nil, textColumn: String = "text",
                            labelColumn: String = "label", order: ClassOrder = .sorted,
                            features: TextFeaturization = .hashed(dimensions: 1024, ngrams: 1)) throws -> Dataset {
        let bytes = try FileBytes.read(path)
        var texts: [String] = []
        var labelStrings: [String] = []
        switch layout ?? TextLayout.guess(forPath: path) {
        case .columns:
            var rows = try CSVReader(path: path, delimiter: CSVReader.delimiter(forPath: path)).rows(bytes)
            guard let header = rows.first?.fields else { throw DataFileError(path, "the file has no rows") }
            rows.removeFirst()
            let textAt = try ColumnReference.name(textColumn).position(in: header, width: header.count, path: path, role: "text")
            let labelAt = try ColumnReference.name(labelColumn).position(in: header, width: header.count, path: path, role: "label")
            for row in rows {
                guard row.fields.count == header.count else {
                    throw DataFileError(path, at: .line(row.line), "\(row.fields.count) fields, but the header has \(header.count)")
                }
                try append(row.fields[textAt], row.fields[labelAt], at: .line(row.line), path: path, to: &texts, &labelStrings)
            }
        case .jsonl:
            for example in try JSONLines.examples(bytes, path: path, textField: textColumn, labelField: labelColumn) {
                try append(example.text, example.label, at: .line(example.line), path: path, to: &texts, &labelStrings)
            }
        case .parquet:
            for example in try ParquetText.examples(bytes, path: path, textField: textColumn, labelField: labelColumn) {
                try append(example.text, example.label, at: .row(example.row), path: path, to: &texts, &labelStrings)
            }
        case let lineLayout:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw DataFileError(path, "is not UTF-8 text") }
            // Lines end at LF, CRLF or a lone CR, as in read_csv and load_csv.
            let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            for (index, line) in lines.enumerated() {
                if line.allSatisfy(\.isWhitespace) { continue }
                let tab = lineLayout == .labelFirst ? line.firstIndex(of: "\t") : line.lastIndex(of: "\t")
                guard let tab else {
                    throw DataFileError(path, at: .line(index + 1), "no tab: each line must be \(lineLayout == .labelFirst ? "label<TAB>text" : "text<TAB>label")")
                }
                let (left, right) = (String(line[..<tab]), String(line[line.index(after: tab)...]))
                let (body, label) = lineLayout == .labelFirst ? (right, left) : (left, right)
                try append(body, label, at: .line(index + 1), path: path, to: &texts, &labelStrings)
            }
        }
        // One rule for every loader: a file without data rows is an error, not an empty set.
        guard !texts.isEmpty else { throw DataFileError(path, "the file has no rows") }
        try DataLimits.checkSampleCount(texts.count, what: path)
        let classes = try order.classes(of: labelStrings)
        let featureTensor: Tensor
        switch features {
        case .none: featureTensor = try Tensor(shape: [texts.count, 0], values: [Float]())
        case .hashed(let dimensions, let ngrams): featureTensor = try TextFeatures.hashed(texts, dimensions: dimensions, ngrams: ngrams)
        }
        return try Dataset(name: fileStem(path), features: featureTensor, labels: classes.indices,
                           classNames: classes.names, texts: texts)
    }

    private static func append(_ text: String, _ label: String, at location: DataFileError.Location, path: String,
                               to texts: inout [String], _ labels: inout [String]) throws {
        let label = trimmed(label)
        let text = trimmed(text)
        guard !label.isEmpty else { throw DataFileError(path, at: location, "the label is empty") }
        guard !text.isEmpty else { throw DataFileError(path, at: location, "the text is empty") }
        texts.append(text)
        labels.append(label)
    }

    /// Built once: Foundation builds `CharacterSet.whitespaces` anew on each use (14% of the
    /// 100,000-row load after the change below).
    private static let trimmedScalars = CharacterSet.whitespaces

    /// `text` without leading and trailing spaces and tabs (`CharacterSet.whitespaces`).
    /// Foundation's trimming walks every string as UTF-16: it was 81% of loading 100,000
    /// Parquet rows (perf), so strings with nothing to trim skip it.
    private static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              trimmedScalars.contains(first) || trimmedScalars.contains(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
