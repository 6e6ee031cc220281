import Foundation

/// Numeric arrays from a MATLAB Level 5 MAT-file (`save -v7`, `scipy.io.savemat`), the format
/// SVHN's `train_32x32.mat` ships in: a 128-byte header, then tagged data elements, each array
/// a miMATRIX element (flags, dimensions, name, real part), usually inside a zlib-compressed
/// miCOMPRESSED element. Values are column-major (Fortran order), as MATLAB stores them.
/// Cells, structs, sparse, character and complex arrays are listed as skipped, not read.
enum MATFileReader {
    /// One numeric array: its dimensions (MATLAB order) and its values column-major, as bytes
    /// when stored as uint8 (SVHN's 225 MB of pixels stay bytes), otherwise as doubles.
    struct Variable {
        enum Values {
            case bytes([UInt8])
            case numbers([Double])
        }
        let dimensions: [Int]
        let values: Values

        var count: Int {
            switch values {
            case .bytes(let b): return b.count
            case .numbers(let n): return n.count
            }
        }

        func number(at index: Int) -> Double {
            switch values {
            case .bytes(let b): return Double(b[index])
            case .numbers(let n): return n[index]
            }
        }
    }

    static let headerBytes = 128
    static let miMATRIX: UInt32 = 14
    static let miCOMPRESSED: UInt32 = 15

    /// The numeric arrays of the file by name.
    static func read(_ path: String) throws -> [String: Variable] {
        let bytes = try FileBytes.readRaw(path, limit: DataLimits.maxFileBytes)
        guard bytes.count >= headerBytes else { throw DataFileError(path, "is \(bytes.count) bytes, shorter than a MAT-file's 128-byte header") }
        let text = String(decoding: bytes[0..<116], as: UTF8.self)
        if text.hasPrefix("MATLAB 7.3 MAT-file") {
            throw DataFileError(path, "is a MATLAB v7.3 file (HDF5 inside), which is not read; re-save it as v7 (MATLAB: save(..., '-v7'); Python: scipy.io.savemat)")
        }
        guard text.hasPrefix("MATLAB 5.0 MAT-file") else {
            throw DataFileError(path, "is not a MATLAB 5 MAT-file (its header does not start with \"MATLAB 5.0 MAT-file\"; v4 files are not read)")
        }
        let littleEndian: Bool
        switch (bytes[126], bytes[127]) {
        case (UInt8(ascii: "I"), UInt8(ascii: "M")): littleEndian = true
        case (UInt8(ascii: "M"), UInt8(ascii: "I")): littleEndian = false
        default: throw DataFileError(path, at: .byte(126), "the endian indicator is neither IM nor MI")
        }
        var variables: [String: Variable] = [:]
        var parser = ElementParser(bytes: bytes, littleEndian: littleEndian, path: path, base: 0)
        parser.offset = headerBytes
        while parser.offset + 8 <= bytes.count {
            let (type, body, start) = try parser.nextElement()
            switch type {
            case miCOMPRESSED:
                let inflated = try Gzip.inflate(Array(bytes[body]), path: path)
                var inner = ElementParser(bytes: inflated, littleEndian: littleEndian, path: path, base: start)
                let (innerType, innerBody, _) = try inner.nextElement()
                if innerType == miMATRIX, let (name, variable) = try inner.matrix(innerBody) { variables[name] = variable }
            case miMATRIX:
                if let (name, variable) = try parser.matrix(body) { variables[name] = variable }
            default:
                continue
            }
        }
        return variables
    }

    /// Walks data elements in `bytes`; errors give offsets in the file (`base` + offset for
    /// an inflated element, whose bytes have no file offset of their own).
    struct ElementParser {
        let bytes: [UInt8]
        let littleEndian: Bool
        let path: String
        let base: Int
        var offset = 0

        init(bytes: [UInt8], littleEndian: Bool, path: String, base: Int) {
            self.bytes = bytes
            self.littleEndian = littleEndian
            self.path = path
            self.base = base
        }

        func fail(_ message: String, at position: Int) -> DataFileError {
            DataFileError(path, at: .byte(base + position), message)
        }

        func integer(at position: Int, size: Int) -> UInt64 {
            var value: UInt64 = 0
            for k in 0..<size { value |= UInt64(bytes[position + k]) << (8 * UInt64(littleEndian ? k : size - 1 - k)) }
            return value
        }

        /// The next element's type, the range of its data and where its tag started; moves past
        /// it (and its padding to 8 bytes, which compressed elements do not have).
        mutating func nextElement() throws -> (type: UInt32, body: Range<Int>, start: Int) {
            let start = offset
            guard offset + 8 <= bytes.count else { throw fail("a data element's tag is cut off", at: offset) }
            let first = UInt32(integer(at: offset, size: 4))
            if first >> 16 != 0 {
                // Small data element: type and size in one word, up to 4 bytes of data after it.
                let size = Int(first >> 16)
                guard size <= 4 else { throw fail("a small data element claims \(size) bytes (at most 4)", at: offset) }
                offset += 8
                return (first & 0xFFFF, (start + 4)..<(start + 4 + size), start)
            }
            let size = Int(integer(at: offset + 4, size: 4))
            let end = offset + 8 + size
            guard end <= bytes.count else {
                throw fail("a data element of \(size) bytes runs past the end (\(bytes.count - offset - 8) left): the file is truncated", at: offset)
            }
            offset = first == MATFileReader.miCOMPRESSED ? end : min(bytes.count, (end + 7) / 8 * 8)
            return (first, (start + 8)..<end, start)
        }

        /// A miMATRIX element's name and values, or nil for a kind not read.
        mutating func matrix(_ body: Range<Int>) throws -> (String, Variable)? {
            var sub = ElementParser(bytes: Array(bytes[body]), littleEndian: littleEndian, path: path, base: base + body.lowerBound)
            guard !body.isEmpty else { return nil }  // an empty matrix element (MATLAB's [] )
            let (flagsType, flags, _) = try sub.nextElement()
            guard flagsType == 6, flags.count >= 8 else { throw sub.fail("an array's flags are not a uint32 pair", at: 0) }
            let word = sub.integer(at: flags.lowerBound, size: 4)
            let arrayClass = Int(word & 0xFF)
            let complex = word & 0x800 != 0
            let (dimensionType, dimensionRange, dimensionStart) = try sub.nextElement()
            guard dimensionType == 5, dimensionRange.count % 4 == 0, !dimensionRange.isEmpty else {
                throw sub.fail("an array's dimensions are not int32 values", at: dimensionStart)
            }
            let dimensions = stride(from: dimensionRange.lowerBound, to: dimensionRange.upperBound, by: 4).map { Int(Int32(truncatingIfNeeded: sub.integer(at: $0, size: 4))) }
            let (_, nameRange, _) = try sub.nextElement()
            let name = String(decoding: sub.bytes[nameRange], as: UTF8.self)
            // Numeric classes are 6 (double) to 15 (uint64); the rest are not arrays of numbers.
            guard (6...15).contains(arrayClass), !complex else { return nil }
            guard dimensions.allSatisfy({ $0 >= 0 }), let count = checkedProduct(dimensions), count <= DataLimits.maxFileBytes else {
                throw sub.fail("array '\(name)' declares dimensions \(dimensions)", at: dimensionStart)
            }
            let (dataType, data, dataStart) = try sub.nextElement()
            let variable = try sub.values(type: dataType, range: data, count: count, name: name, at: dataStart)
            return (name, Variable(dimensions: dimensions, values: variable))
        }

        /// The real part: MATLAB may store it in a smaller type than the array's class (a
        /// double array of small whole numbers as uint8), so any numeric type is taken.
        func values(type: UInt32, range: Range<Int>, count: Int, name: String, at position: Int) throws -> Variable.Values {
            let sizes: [UInt32: Int] = [1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8]
            guard let size = sizes[type] else { throw fail("array '\(name)' has data of type \(type), not a numeric type", at: position) }
            guard range.count == count * size else {
                throw fail("array '\(name)' has \(range.count) bytes of data for \(count) values of \(size) bytes", at: position)
            }
            if type == 2 { return .bytes(Array(bytes[range])) }
            var numbers = [Double](repeating: 0, count: count)
            for i in 0..<count {
                let raw = integer(at: range.lowerBound + i * size, size: size)
                switch type {
                case 1: numbers[i] = Double(Int8(truncatingIfNeeded: raw))
                case 3: numbers[i] = Double(Int16(truncatingIfNeeded: raw))
                case 4: numbers[i] = Double(UInt16(truncatingIfNeeded: raw))
                case 5: numbers[i] = Double(Int32(truncatingIfNeeded: raw))
                case 6: numbers[i] = Double(UInt32(truncatingIfNeeded: raw))
                case 7: numbers[i] = Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
                case 9: numbers[i] = Double(bitPattern: raw)
                case 12: numbers[i] = Double(Int64(bitPattern: raw))
                default: numbers[i] = Double(raw)
                }
            }
            return .numbers(numbers)
        }

        private func checkedProduct(_ values: [Int]) -> Int? {
            var product = 1
            for v in values {
                let (next, overflow) = product.multipliedReportingOverflow(by: v)
                if overflow { return nil }
                product = next
            }
            return product
        }
    }
}
