/// The header of a `.npy` array: magic, version, and a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NumpyHeader {
    let type: StorageType
    let shape: [Int]
    let fortranOrder: Bool
    /// Where the array's bytes start.
    let dataOffset: Int

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// NumPy's type codes (without the byte-order character) and our storage types.
    private static let typeCodes: [String: StorageType] = [
        "f8": .float64, "f4": .float32, "f2": .float16,
        "i8": .int64, "i4": .int32, "i2": .int16, "i1": .int8,
        "u8": .uint64, "u4": .uint32, "u2": .uint16, "u1": .uint8, "b1": .bool, "c8": .complex64,
    ]

    /// Parses the header at the start of `bytes` (which may be only a prefix of the file).
    /// - Parameter what: how errors name the array ("" for a file, "entry 'w.npy': " in an npz).
    static func parse(_ bytes: [UInt8], file: String, what: String = "") throws -> NumpyHeader {
        func fail(_ reason: String) -> ModelFormatError { ModelFormatError(file: file, "\(what)\(reason)") }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail("bad magic: a .npy file starts with \\x93NUMPY")
        }
        let major = bytes[6]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw fail("unsupported .npy format version \(major).\(bytes[7]) (1, 2 and 3 are known)")
        }
        guard bytes.count >= 8 + lengthBytes else { throw fail("the header is truncated") }
        var length = 0
        for i in (0..<lengthBytes).reversed() { length = length << 8 | Int(bytes[8 + i]) }
        guard length <= ModelFormatLimits.maxNumpyHeaderBytes else {
            throw fail("the header length at byte 8 is \(length) bytes, more than the limit of \(ModelFormatLimits.maxNumpyHeaderBytes)")
        }
        let start = 8 + lengthBytes
        guard start + length <= bytes.count else {
            throw fail("the header length at byte 8 is \(length) bytes, beyond the end of the data")
        }
        // Versions 1 and 2 are latin-1, version 3 UTF-8; the fields we read are ASCII either way.
        let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
        var literal = PythonLiteral(text: text)
        let dictionary: [String: PythonLiteral.Value]
        do {
            dictionary = try literal.dictionary()
        } catch let error as PythonLiteral.SyntaxError {
            throw fail("bad header at byte \(start + error.offset): \(error.reason) in \(text.trimmingTrailingSpace)")
        }
        guard case .string(let descr)? = dictionary["descr"] else {
            throw fail("the header's 'descr' is missing or not a simple type (structured arrays are not supported): \(text.trimmingTrailingSpace)")
        }
        guard case .bool(let fortran)? = dictionary["fortran_order"] else { throw fail("the header's 'fortran_order' is missing or not True/False") }
        guard case .tuple(let shape)? = dictionary["shape"] else { throw fail("the header's 'shape' is missing or not a tuple of integers") }
        guard shape.count <= ModelFormatLimits.maxRank, shape.allSatisfy({ $0 >= 0 }) else { throw fail("the header's 'shape' \(shape) is invalid") }
        let order = descr.first
        let code = String(descr.dropFirst())
        guard let type = typeCodes[code] else { throw fail("unsupported dtype '\(descr)' (supported: <f8 <f4 <f2 and integer types)") }
        switch order {
        case "<", "|": break
        case "=":
            #if _endian(big)
            throw fail("dtype '\(descr)' is big-endian on this machine; only little-endian data is supported")
            #endif
        case ">" where type.byteCount == 1: break
        case ">": throw fail("dtype '\(descr)' is big-endian; only little-endian data is supported (re-save it with arr.astype('<\(code)'))")
        default: throw fail("dtype '\(descr)' has no byte-order character")
        }
        return NumpyHeader(type: type, shape: shape, fortranOrder: fortran, dataOffset: start + length)
    }

    /// Element strides: Fortran order is column-major, the first index varying fastest.
    var strides: [Int]? {
        guard fortranOrder else { return nil }
        var strides: [Int] = []
        var step = 1
        for dimension in shape {
            strides.append(step)
            step &*= max(dimension, 1)
        }
        return strides
    }

    /// The tensor this header describes, its data at `dataOffset` of `bytes`.
    func tensor(named name: String, bytes: TensorBytes, file: String, what: String) throws -> StoredTensor {
        try StoredTensor(name: name, shape: shape, type: type, bytes: bytes, file: file, elementOffset: 0, strides: strides, what: what)
    }
}

private extension String {
    var trimmingTrailingSpace: String {
        var text = self
        while let last = text.last, last == " " || last == "\n" { text.removeLast() }
        return text
    }
}

/// The tiny subset of Python literals `.npy` headers use: a dict of string keys whose values
/// are strings, True/False, or tuples of integers. Anything else is a syntax error.
struct PythonLiteral {
    enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
        case other
    }

    struct SyntaxError: Error {
        let offset: Int
        let reason: String
    }

    private let characters: [Character]
    private var position = 0

    init(text: String) { characters = Array(text) }

    private func fail(_ reason: String) -> SyntaxError { SyntaxError(offset: position, reason: reason) }

    private mutating func skipSpace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private mutating func expect(_ c: Character) throws {
        skipSpace()
        guard position < characters.count, characters[position] == c else { throw fail("expected '\(c)'") }
        position += 1
    }

    private mutating func peek() -> Character? {
        skipSpace()
        return position < characters.count ? characters[position] : nil
    }

    mutating func dictionary() throws -> [String: Value] {
        try expect("{")
        var result: [String: Value] = [:]
        while peek() != "}" {
            let key = try string()
            try expect(":")
            result[key] = try value()
            if peek() == "," { position += 1 } else { break }
        }
        try expect("}")
        return result
    }

    private mutating func string() throws -> String {
        guard let quote = peek(), quote == "'" || quote == "\"" else { throw fail("expected a quoted string") }
        position += 1
        let start = position
        while position < characters.count, characters[position] != quote {
            guard characters[position] != "\\" else { throw fail("escapes in strings are not supported") }
            position += 1
        }
        guard position < characters.count else { throw fail("unterminated string") }
        defer { position += 1 }
        return String(characters[start..<position])
    }

    private mutating func value() throws -> Value {
        switch peek() {
        case "'", "\"": return .string(try string())
        case "(": return .tuple(try tuple())
        case "T", "F":
            let word = identifier()
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            throw fail("unexpected name '\(word)'")
        case "[":
            // A structured dtype's field list: skip it so the error can say what it is.
            var depth = 0
            repeat {
                guard position < characters.count else { throw fail("unterminated list") }
                if characters[position] == "[" { depth += 1 } else if characters[position] == "]" { depth -= 1 }
                position += 1
            } while depth > 0
            return .other
        default: throw fail("unexpected value")
        }
    }

    private mutating func identifier() -> String {
        let start = position
        while position < characters.count, characters[position].isLetter { position += 1 }
        return String(characters[start..<position])
    }

    private mutating func tuple() throws -> [Int] {
        try expect("(")
        var items: [Int] = []
        while peek() != ")" {
            let start = position
            while position < characters.count, characters[position].isNumber { position += 1 }
            guard position > start, let n = Int(String(characters[start..<position])) else { throw fail("expected an integer") }
            if position < characters.count, characters[position] == "L" { position += 1 }  // Python 2 longs
            items.append(n)
            guard items.count <= ModelFormatLimits.maxRank else { throw fail("more than \(ModelFormatLimits.maxRank) dimensions") }
            if peek() == "," { position += 1 } else { break }
        }
        try expect(")")
        return items
    }
}
