/// Reads a GGUF file (llama.cpp's format, versions 2 and 3): the magic `GGUF`, a version, the
/// tensor and metadata counts, the metadata key/value pairs, the tensor infos (name, dims,
/// ggml type, offset), then the data section, aligned to `general.alignment` (32 by default).
///
/// Every count, length, dimension and offset is untrusted: each is checked against the bytes
/// left and `ModelFormatLimits` before it is used, and an error names the byte offset. Tensors
/// are listed in file order (the converter writes them in model order) with the NumPy shape, the
/// reverse of GGUF's dims (ne[0], the row length, varies fastest).
enum GGUFReader {
    static let magic: [UInt8] = Array("GGUF".utf8)
    static let supportedVersions: ClosedRange<UInt32> = 2...3
    static let defaultAlignment = 32
    static let alignmentKey = "general.alignment"

    static func read(_ file: MappedFile) throws -> TensorListing {
        var cursor = Cursor(bytes: file.bytes, path: file.path)
        guard try cursor.bytes(4) == magic else { throw cursor.error(at: 0, "is not a GGUF file (no 'GGUF' magic at byte 0)") }
        let version = try cursor.u32()
        guard supportedVersions.contains(version) else {
            throw cursor.error(at: 4, "is GGUF version \(version); only versions 2 and 3 are supported")
        }
        let tensorCount = try cursor.count("tensor count", limit: ModelFormatLimits.maxTensorCount)
        let metadataCount = try cursor.count("metadata count", limit: ModelFormatLimits.maxGGUFMetadataEntries)
        var listing = TensorListing()
        var alignment = defaultAlignment
        for _ in 0..<metadataCount {
            let keyOffset = cursor.offset
            let key = try cursor.string()
            let value = try cursor.value(depth: 0)
            if key == alignmentKey {
                guard case .integer(let n) = value, n > 0, n <= ModelFormatLimits.maxGGUFAlignment, n & (n - 1) == 0 else {
                    throw cursor.error(at: keyOffset, "'\(alignmentKey)' is not a power of two up to \(ModelFormatLimits.maxGGUFAlignment)")
                }
                alignment = n
            }
            if let text = value.text { listing.metadata.append((key, text)) }
        }
        var infos: [(name: String, shape: [Int], type: GGMLType, offset: Int, at: Int)] = []
        for _ in 0..<tensorCount {
            let at = cursor.offset
            let name = try cursor.string()
            let rank = try cursor.u32()
            guard rank <= UInt32(ModelFormatLimits.maxGGUFRank) else {
                throw cursor.error(at: at, "tensor '\(name)' has \(rank) dimensions, more than GGUF's \(ModelFormatLimits.maxGGUFRank)")
            }
            var dims: [Int] = []
            for _ in 0..<rank { dims.append(try cursor.count("a dimension of '\(name)'", limit: Int(Int32.max))) }
            let typeOffset = cursor.offset
            let code = try cursor.u32()
            guard let type = GGMLType(rawValue: code) else {
                let named = GGMLType.otherNames[code].map { "\($0) (\(code))" } ?? "unknown type \(code)"
                throw cursor.error(at: typeOffset, "tensor '\(name)' is stored as \(named), which wwn cannot decode (it reads F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K)")
            }
            let offset = try cursor.count("the data offset of '\(name)'", limit: Int.max / 2)
            infos.append((name, dims.reversed(), type, offset, at))
        }
        let dataStart = (cursor.offset + alignment - 1) / alignment * alignment
        let dataLength = file.bytes.count - min(dataStart, file.bytes.count)
        var spans: [(range: Range<Int>, name: String)] = []
        for info in infos {
            guard info.offset % alignment == 0 else {
                throw cursor.error(at: info.at, "tensor '\(info.name)': data offset \(info.offset) is not a multiple of the alignment \(alignment)")
            }
            guard let count = checkedElementCount(info.shape) else {
                throw cursor.error(at: info.at, "tensor '\(info.name)': shape \(info.shape) has more elements than Int.max")
            }
            let rowLength = info.shape.last ?? 1
            guard rowLength % info.type.blockSize == 0 else {
                throw cursor.error(at: info.at, "tensor '\(info.name)': rows of \(rowLength) values are not a whole number of \(info.type.name) blocks of \(info.type.blockSize)")
            }
            let (size, overflow) = (count / info.type.blockSize).multipliedReportingOverflow(by: info.type.blockBytes)
            guard !overflow, info.offset <= dataLength, size <= dataLength - info.offset else {
                throw cursor.error(at: info.at, "tensor '\(info.name)': \(info.shape) as \(info.type.name) needs \(overflow ? "more than Int.max" : String(size)) bytes at data offset \(info.offset), past the end of the file (data section of \(dataLength) bytes; truncated?)")
            }
            spans.append((info.offset..<(info.offset + size), info.name))
            let region = MappedRegion(file: file, range: (dataStart + info.offset)..<(dataStart + info.offset + size))
            listing.tensors.append(try StoredTensor(name: info.name, shape: info.shape, blockType: info.type, bytes: region, file: file.path))
        }
        let sorted = spans.filter { !$0.range.isEmpty }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.range.lowerBound < a.range.upperBound {
            throw ModelFormatError(file: file.path, "tensors '\(a.name)' and '\(b.name)' overlap in the data section (data offsets \(a.range.lowerBound) and \(b.range.lowerBound))")
        }
        return listing
    }

    /// A metadata value: kept as text when it is a scalar or a string, skipped (but walked) when
    /// it is an array (token lists have hundreds of thousands of entries).
    enum Value {
        case integer(Int)
        case other(String?)

        var text: String? {
            switch self {
            case .integer(let n): return String(n)
            case .other(let text): return text
            }
        }
    }

    /// Little-endian reads that check the bytes left first.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        let path: String
        var offset = 0

        func error(at offset: Int, _ message: String) -> ModelFormatError {
            ModelFormatError(file: path, "at byte \(offset): \(message)")
        }

        mutating func bytes(_ n: Int) throws -> [UInt8] {
            guard n >= 0, n <= bytes.count - offset else {
                throw error(at: offset, "needs \(n) more bytes but the file ends at byte \(bytes.count) (truncated?)")
            }
            defer { offset += n }
            return Array(bytes[offset..<(offset + n)])
        }

        mutating func load<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard size <= bytes.count - offset else {
                throw error(at: offset, "needs \(size) more bytes but the file ends at byte \(bytes.count) (truncated?)")
            }
            defer { offset += size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }

        mutating func u32() throws -> UInt32 { try load(UInt32.self) }

        /// A u64 count or size, refused above `limit`.
        mutating func count(_ what: String, limit: Int) throws -> Int {
            let at = offset
            let value = try load(UInt64.self)
            guard value <= UInt64(limit) else { throw error(at: at, "\(what) is \(value), more than the limit of \(limit)") }
            return Int(value)
        }

        mutating func string() throws -> String {
            let length = try count("a string length", limit: ModelFormatLimits.maxGGUFStringBytes)
            return String(decoding: try bytes(length), as: UTF8.self)
        }

        mutating func value(depth: Int) throws -> Value {
            let at = offset
            let type = try u32()
            return try value(of: type, at: at, depth: depth)
        }

        mutating func value(of type: UInt32, at: Int, depth: Int) throws -> Value {
            switch type {
            case 0: return .integer(Int(try load(UInt8.self)))
            case 1: return .integer(Int(try load(Int8.self)))
            case 2: return .integer(Int(try load(UInt16.self)))
            case 3: return .integer(Int(try load(Int16.self)))
            case 4: return .integer(Int(try load(UInt32.self)))
            case 5: return .integer(Int(try load(Int32.self)))
            case 6: return .other(String(Float(bitPattern: try load(UInt32.self))))
            case 7: return .other(try load(UInt8.self) != 0 ? "true" : "false")
            case 8: return .other(try string())
            case 9:
                guard depth < ModelFormatLimits.maxNesting else { throw error(at: at, "arrays nest deeper than \(ModelFormatLimits.maxNesting) levels") }
                let itemType = try u32()
                let n = try count("an array length", limit: bytes.count - offset)
                for _ in 0..<n { _ = try value(of: itemType, at: offset, depth: depth + 1) }
                return .other(nil)
            case 10:
                let v = try load(UInt64.self)
                return v <= UInt64(Int.max) ? .integer(Int(v)) : .other(String(v))
            case 11: return .integer(Int(try load(Int64.self)))
            case 12: return .other(String(Double(bitPattern: try load(UInt64.self))))
            default: throw error(at: at, "unknown metadata value type \(type)")
            }
        }
    }
}
