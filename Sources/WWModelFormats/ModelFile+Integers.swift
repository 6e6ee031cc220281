/// Integer arrays (class labels, token ids, masks), which ``ModelFile/tensor(named:)`` refuses
/// because a Tensor holds floats: read as Int, exactly.
extension ModelFile {
    /// The values of an integer or bool tensor in row-major order; nil for a floating-point one.
    /// - Throws: ``ModelFormatError`` for an unknown name or a uint64 value above Int.max.
    public func integerValues(named name: String) throws -> [Int]? {
        guard let entry = storedTensor(named: name) else {
            _ = try tensor(named: name)  // throws the unknown-name error, with its suggestion
            return nil
        }
        return try entry.readIntegers()
    }
}

extension StoredTensor {
    /// The elements as Int for the integer and bool storage types, nil for the others.
    func readIntegers() throws -> [Int]? {
        let count = shape.reduce(1, *)
        return try bytes.withBytes { raw -> [Int]? in
            func load<T: FixedWidthInteger>(_: T.Type) -> [Int] {
                gather(count) { Int(truncatingIfNeeded: T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* MemoryLayout<T>.size, as: T.self))) }
            }
            switch type {
            case .int64: return load(Int64.self)
            case .int32: return load(Int32.self)
            case .int16: return load(Int16.self)
            case .int8: return load(Int8.self)
            case .uint32: return load(UInt32.self)
            case .uint16: return load(UInt16.self)
            case .uint8, .bool: return load(UInt8.self)
            case .uint64:
                let values: [UInt64] = gather(count) { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 &* 8, as: UInt64.self)) }
                if let index = values.firstIndex(where: { $0 > UInt64(Int.max) }) {
                    throw ModelFormatError(file: file, "tensor '\(name)': element \(index) is \(values[index]), beyond a signed 64-bit integer")
                }
                return values.map { Int($0) }
            default: return nil
            }
        }
    }
}
