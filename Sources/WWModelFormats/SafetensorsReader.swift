import WWNumerics

/// Reads a safetensors file: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw data. Only the header is read here; every
/// range is validated against the file (in range, no overlaps, sized as the shape needs) so a
/// later read cannot go wrong.
enum SafetensorsReader {
    static let metadataKey = "__metadata__"

    static func read(_ file: MappedFile) throws -> TensorListing {
        let path = file.path
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw ModelFormatError(file: path, "is \(bytes.count) bytes long, too short for a safetensors header length (8 bytes)")
        }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard declared <= UInt64(ModelFormatLimits.maxSafetensorsHeaderBytes) else {
            throw ModelFormatError(file: path, "the header length at byte 0 is \(declared) bytes, more than the limit of \(ModelFormatLimits.maxSafetensorsHeaderBytes) bytes (not a safetensors file, or a corrupt one)")
        }
        let headerLength = Int(declared)
        guard 8 + headerLength <= bytes.count else {
            throw ModelFormatError(file: path, "the header length at byte 0 is \(headerLength) bytes, beyond the end of the file (\(bytes.count) bytes)")
        }
        let header: OrderedJSON
        do {
            header = try OrderedJSON.parse(UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + headerLength)]))
        } catch let error as OrderedJSON.SyntaxError {
            throw ModelFormatError(file: path, "invalid JSON header at byte \(8 + error.offset): \(error.reason)")
        }
        guard case .object(let members) = header else {
            throw ModelFormatError(file: path, "the JSON header is \(header.kind), not an object")
        }
        guard members.count <= ModelFormatLimits.maxTensorCount + 1 else {
            throw ModelFormatError(file: path, "the header lists \(members.count) entries, more than the limit of \(ModelFormatLimits.maxTensorCount)")
        }
        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var listing = TensorListing()
        var seen = Set<String>()
        var spans: [(range: Range<Int>, name: String)] = []
        for (name, entry) in members {
            guard seen.insert(name).inserted else { throw ModelFormatError(file: path, "the header lists '\(name)' twice") }
            if name == metadataKey {
                listing.metadata = try metadata(entry, path)
                continue
            }
            let (type, shape, begin, end) = try fields(of: name, entry, path)
            guard end <= dataLength else {
                throw ModelFormatError(file: path, "tensor '\(name)': data_offsets [\(begin), \(end)] run past the end of the data section (\(dataLength) bytes; the file is truncated or the offsets are out of range)")
            }
            // safetensors stores exactly the bytes the shape needs; anything else is a wrong shape.
            let count = checkedElementCount(shape)
            let needed = count.map { $0.multipliedReportingOverflow(by: type.byteCount) }
            guard let needed, !needed.overflow, needed.partialValue == end - begin else {
                let size = needed.map { $0.overflow ? "more than Int.max" : String($0.partialValue) }
                throw ModelFormatError(file: path, "tensor '\(name)': shape \(shape) " + (size.map { "of \(type.rawValue) needs \($0) bytes" } ?? "has more elements than Int.max")
                                       + " but data_offsets [\(begin), \(end)] span \(end - begin)")
            }
            spans.append((begin..<end, name))
            let region = MappedRegion(file: file, range: (dataStart + begin)..<(dataStart + end))
            listing.tensors.append(try StoredTensor(name: name, shape: shape, type: type, bytes: region, file: path))
        }
        try checkNoOverlap(spans, path)
        // safetensors has no order of its own: readers (and WeightWatcher) list names sorted,
        // unless wwn recorded the module order it wrote them in.
        listing.tensors.sort { [UInt8].precedes($0.name, $1.name) }
        // WeightWatcher reads a safetensors file from its directory: 0-based, names sorted.
        listing.weightWatcherIDs = WeightWatcherStateDict.ids(listing.tensors.map(\.name), start: 0)
        if let order = SafetensorsOrder.decoded(listing.metadata, tensorNames: Set(listing.tensors.map(\.name))) {
            let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            listing.tensors.sort { position[$0.name, default: 0] < position[$1.name, default: 0] }
        } else {
            listing.keepsModuleOrder = false
        }
        // wwn's own bookkeeping, not the user's metadata (a re-save writes it afresh).
        listing.metadata.removeAll { $0.key == SafetensorsOrder.metadataKey }
        return listing
    }

    private static func metadata(_ entry: OrderedJSON, _ path: String) throws -> [(key: String, value: String)] {
        guard case .object(let pairs) = entry else {
            throw ModelFormatError(file: path, "\(metadataKey) is \(entry.kind), not an object of strings")
        }
        return try pairs.map { key, value in
            guard case .string(let text) = value else {
                throw ModelFormatError(file: path, "\(metadataKey) field '\(key)' is \(value.kind), not a string")
            }
            return (key, text)
        }
    }

    private static func fields(of name: String, _ entry: OrderedJSON, _ path: String) throws -> (StorageType, [Int], Int, Int) {
        func fail(_ reason: String) -> ModelFormatError { ModelFormatError(file: path, "tensor '\(name)': \(reason)") }
        guard case .object(let fields) = entry else { throw fail("its header entry is \(entry.kind), not an object") }
        func field(_ key: String) throws -> OrderedJSON {
            guard let value = fields.first(where: { $0.key == key })?.value else { throw fail("the field '\(key)' is missing") }
            return value
        }
        guard case .string(let dtype) = try field("dtype") else { throw fail("the field 'dtype' is not a string") }
        guard let type = StorageType(rawValue: dtype) else {
            throw fail("unknown dtype '\(dtype)' (known: \(StorageType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let shape = try integers(field("shape"), "shape", fail)
        let offsets = try integers(field("data_offsets"), "data_offsets", fail)
        guard offsets.count == 2 else { throw fail("data_offsets has \(offsets.count) numbers, not 2") }
        guard offsets[0] <= offsets[1] else { throw fail("data_offsets [\(offsets[0]), \(offsets[1])] begin after they end") }
        return (type, shape, offsets[0], offsets[1])
    }

    private static func integers(_ value: OrderedJSON, _ field: String, _ fail: (String) -> ModelFormatError) throws -> [Int] {
        guard case .array(let items) = value else { throw fail("the field '\(field)' is \(value.kind), not an array") }
        guard items.count <= ModelFormatLimits.maxRank else { throw fail("the field '\(field)' has \(items.count) entries, more than \(ModelFormatLimits.maxRank)") }
        return try items.map {
            guard case .integer(let n) = $0, n >= 0 else { throw fail("the field '\(field)' holds \($0.kind == "a number" ? "a negative or fractional number" : $0.kind), not a non-negative integer") }
            return n
        }
    }

    private static func checkNoOverlap(_ spans: [(range: Range<Int>, name: String)], _ path: String) throws {
        let sorted = spans.filter { !$0.range.isEmpty }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.range.lowerBound < a.range.upperBound {
            throw ModelFormatError(file: path, "tensors '\(a.name)' (bytes \(a.range.lowerBound)..<\(a.range.upperBound)) and '\(b.name)' (bytes \(b.range.lowerBound)..<\(b.range.upperBound)) overlap in the data section")
        }
    }
}
