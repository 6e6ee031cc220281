import Foundation

/// A JSON value whose objects keep their keys in file order.
///
/// Foundation's `JSONSerialization` returns dictionaries, which lose that order; but the order
/// of `weight_map` in a sharded checkpoint's index is the layer order WeightWatcher numbers
/// layers by, so it has to survive parsing. Parse errors give the byte offset.
enum OrderedJSON: Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in Int (offsets, shapes).
    case integer(Int)
    case number(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(key: String, value: OrderedJSON)])

    static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: return false
        }
    }

    /// A syntax error at a byte offset of the parsed text.
    struct SyntaxError: Error {
        let offset: Int
        let reason: String
    }

    /// Parses one JSON value that must fill `bytes` (surrounding whitespace allowed).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> OrderedJSON {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw SyntaxError(offset: parser.position, reason: "unexpected text after the JSON value") }
        return value
    }

    /// A short name of the value's kind, for errors ("expected an object, got an array").
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        func fail(_ reason: String) -> SyntaxError { SyntaxError(offset: position, reason: reason) }

        mutating func value(depth: Int) throws -> OrderedJSON {
            guard depth < ModelFormatLimits.maxNesting else { throw fail("values nested deeper than \(ModelFormatLimits.maxNesting) levels") }
            guard position < bytes.count else { throw fail("unexpected end of the JSON text") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
            }
        }

        mutating func literal(_ word: String) throws {
            let text = Array(word.utf8)
            guard position + text.count <= bytes.count, Array(bytes[position..<(position + text.count)]) == text else {
                throw fail("invalid literal (expected '\(word)')")
            }
            position += text.count
        }

        mutating func object(depth: Int) throws -> OrderedJSON {
            position += 1
            var members: [(key: String, value: OrderedJSON)] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let key = try string()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key)\"") }
                position += 1
                skipWhitespace()
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unexpected end of the JSON text inside an object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                throw fail("expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws -> OrderedJSON {
            position += 1
            var items: [OrderedJSON] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw fail("unexpected end of the JSON text inside an array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                throw fail("expected ',' or ']' in an array")
            }
        }

        mutating func number() throws -> OrderedJSON {
            let start = position
            var isInteger = true
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            while position < bytes.count {
                let c = bytes[position]
                if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { position += 1; continue }
                if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    isInteger = false
                    position += 1
                    continue
                }
                break
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if isInteger, let value = Int(text) { return .integer(value) }
            guard let value = Double(text), !text.hasSuffix("."), text != "-" else {
                position = start
                throw fail("invalid number '\(text)'")
            }
            return .number(value)
        }

        mutating func string() throws -> String {
            position += 1
            var utf8: [UInt8] = []
            while true {
                guard position < bytes.count else { throw fail("unterminated string") }
                let c = bytes[position]
                position += 1
                switch c {
                case UInt8(ascii: "\""):
                    guard let text = String(bytes: utf8, encoding: .utf8) else {
                        throw fail("a string is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    try escape(into: &utf8)
                case 0..<0x20:
                    position -= 1
                    throw fail("a control character inside a string")
                default:
                    utf8.append(c)
                }
            }
        }

        mutating func escape(into utf8: inout [UInt8]) throws {
            guard position < bytes.count else { throw fail("unterminated escape") }
            let c = bytes[position]
            position += 1
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(c)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw fail("an unpaired surrogate in a \\u escape")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("an unpaired surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw fail("an invalid \\u escape") }
                utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw fail("an invalid escape '\\\(Character(Unicode.Scalar(c)))'")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16) else {
                throw fail("an invalid \\u escape")
            }
            position += 4
            return value
        }
    }
}

/// JSON text for a string, escaped: for other writers of JSON (the CLI's `analyze --json`).
public func jsonQuoted(_ text: String) -> String { OrderedJSON.quoted(text) }

extension OrderedJSON {
    /// JSON text for a string, escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
