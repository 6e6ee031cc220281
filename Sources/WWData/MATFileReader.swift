import CMATFile
import Foundation
import WWBase

/// Numeric arrays from MATLAB MAT-files through Debian's libmatio (the C shim CMATFile turns
/// its aborting errors into statuses): v5 files, compressed or not (SVHN's `train_32x32.mat`),
/// and v7.3 files, which are HDF5 inside. Values are column-major (Fortran order), as MATLAB
/// stores them.
enum MATFileReader {
    /// One numeric array: its dimensions (MATLAB order) and its values column-major, as bytes
    /// for uint8 arrays (SVHN's 225 MB of pixels stay bytes), otherwise as doubles.
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

    static let messageBytes = 512

    /// The numeric array `name` of the file at `path`.
    /// - Throws: ``DataFileError`` naming the file: not a MAT-file, no such variable, not a
    ///   numeric array, larger than memory, or matio's message for corrupt or truncated data.
    static func variable(_ name: String, in path: String) throws -> Variable {
        // matio opens the path itself: refuse FIFOs and devices first (they would block it).
        if let problem = RegularFile.problem(at: path) {
            throw DataFileError(path, problem == "does not exist" ? "no such file" : problem)
        }
        var array = wwn_mat_array()
        var version: Int32 = 0
        var message = [CChar](repeating: 0, count: messageBytes)
        let status = message.withUnsafeMutableBufferPointer { text in
            wwn_mat_read(path, name, DataLimits.maxFileBytes, &array, &version, text.baseAddress, text.count)
        }
        defer { wwn_mat_array_free(&array) }
        let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let dimensions = withUnsafeBytes(of: array.dims) { raw in Array(raw.bindMemory(to: Int.self).prefix(Int(array.rank))) }
        switch status {
        case WWN_MAT_OK: break
        case WWN_MAT_NOT_MAT:
            throw DataFileError(path, "is not a MATLAB MAT-file that libmatio can open (v4, v5 or v7.3)\(reason.isEmpty ? "" : ": \(reason)")")
        case WWN_MAT_NO_VARIABLE: throw DataFileError(path, "has no variable '\(name)'")
        case WWN_MAT_NOT_NUMERIC:
            throw DataFileError(path, "variable '\(name)' is not a real numeric array (MATLAB class \(array.class_type): a cell, struct, character, sparse or complex array)")
        case WWN_MAT_TOO_LARGE:
            throw DataFileError(path, "variable '\(name)' of dimensions \(dimensions) is more than this machine's memory (\(DataLimits.maxFileBytes) bytes)")
        default:
            throw DataFileError(path, "variable '\(name)' cannot be read: \(reason.isEmpty ? "the data is truncated or corrupt" : reason)")
        }
        let count = Int(array.count)
        guard let data = array.data else { return Variable(dimensions: dimensions, values: .numbers([])) }
        func load<T>(_: T.Type, _ convert: (T) -> Double) -> [Double] {
            let typed = data.bindMemory(to: T.self, capacity: count)
            return (0..<count).map { convert(typed[$0]) }
        }
        let values: Variable.Values
        switch array.class_type {
        case 9: values = .bytes(Array(UnsafeBufferPointer(start: data.bindMemory(to: UInt8.self, capacity: count), count: count)))
        case 6: values = .numbers(load(Double.self) { $0 })
        case 7: values = .numbers(load(Float.self) { Double($0) })
        case 8: values = .numbers(load(Int8.self) { Double($0) })
        case 10: values = .numbers(load(Int16.self) { Double($0) })
        case 11: values = .numbers(load(UInt16.self) { Double($0) })
        case 12: values = .numbers(load(Int32.self) { Double($0) })
        case 13: values = .numbers(load(UInt32.self) { Double($0) })
        case 14: values = .numbers(load(Int64.self) { Double($0) })
        default: values = .numbers(load(UInt64.self) { Double($0) })
        }
        return Variable(dimensions: dimensions, values: values)
    }
}
