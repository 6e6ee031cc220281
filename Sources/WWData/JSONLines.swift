import Foundation

/// JSON Lines text sets: one JSON object per line (blank lines skipped), as HF datasets'
/// `Dataset.to_json` and most scraped corpora write them.
enum JSONLines {
    struct Example {
        let text: String
        let label: String
        let line: Int
    }

    /// The text and label of every line. A label may be a string, a whole number (HF's
    /// ClassLabel ids: class "3") or a boolean ("true"/"false").
    /// - Throws: ``DataFileError`` naming the line: not a JSON object, a field missing, a text
    ///   that is not a string, a label of another type.
    static func examples(_ bytes: [UInt8], path: String, textField: String, labelField: String) throws -> [Example] {
        var examples: [Example] = []
        var lineNumber = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
            } catch {
                throw DataFileError(path, at: .line(lineNumber), "is not valid JSON (\(describe(error))); JSON Lines holds one object per line")
            }
            guard let fields = object as? [String: Any] else {
                throw DataFileError(path, at: .line(lineNumber), "is a JSON value but not an object ({\"\(textField)\": ..., \"\(labelField)\": ...})")
            }
            guard let textValue = fields[textField] else {
                throw DataFileError(path, at: .line(lineNumber), "has no field \"\(textField)\" (its fields: \(fields.keys.sorted().joined(separator: ", "))); choose the text field with text:")
            }
            guard let text = textValue as? String else {
                throw DataFileError(path, at: .line(lineNumber), "field \"\(textField)\" is not a string")
            }
            guard let labelValue = fields[labelField] else {
                throw DataFileError(path, at: .line(lineNumber), "has no field \"\(labelField)\" (its fields: \(fields.keys.sorted().joined(separator: ", "))); choose the label field with label:")
            }
            examples.append(Example(text: text, label: try label(labelValue, field: labelField, line: lineNumber, path: path), line: lineNumber))
        }
        return examples
    }

    private static func label(_ value: Any, field: String, line: Int, path: String) throws -> String {
        if let text = value as? String { return text }
        if let number = value as? NSNumber {
            // JSONSerialization gives booleans as an NSNumber subclass (and `1 is Bool` holds,
            // so the cast cannot tell them apart): the class name can.
            if String(describing: type(of: number)).contains("Boolean") { return number.boolValue ? "true" : "false" }
            let double = number.doubleValue
            guard double == double.rounded(), abs(double) < 1e15 else {
                throw DataFileError(path, at: .line(line), "field \"\(field)\" is \(number), not a class (a string or a whole number)")
            }
            return String(Int64(double))
        }
        throw DataFileError(path, at: .line(line), "field \"\(field)\" is not a string, a whole number or a boolean")
    }

    private static func describe(_ error: Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error.localizedDescription)"
    }
}
