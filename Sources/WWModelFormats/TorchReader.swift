/// PyTorch checkpoints (`torch.save` since 1.6, the format of `.pt`, `.pth` and Hugging Face
/// `pytorch_model.bin`): a zip whose `<prefix>/data.pkl` pickles the state dict and whose
/// `<prefix>/data/<key>` records hold each storage's raw little-endian bytes.
///
/// The pickle goes through `PickleMachine`, which builds data and refuses every global a state
/// dict does not need. Nested dicts (`{"state_dict": {...}, "epoch": 3}`) become dotted names;
/// non-tensor leaves (epochs, learning rates) are left out. Tensors keep their storage offset and
/// strides, so views are read exactly as torch would materialise them.
enum TorchReader {
    /// The magic number legacy (pre-1.6) `torch.save` files pickle first, as a LONG1.
    private static let legacyPrefix: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    /// Why a non-zip file cannot be a checkpoint we read, worded for the user.
    static func explainNonZip(_ bytes: UnsafeRawBufferPointer) -> String {
        if bytes.count >= legacyPrefix.count, Array(bytes.prefix(legacyPrefix.count)) == legacyPrefix {
            return "is in the legacy torch.save format (PyTorch before 1.6), which is not supported; re-save it with a recent torch: torch.save(torch.load(path), new_path)"
        }
        if bytes.count >= 262, Array(bytes[257..<262]) == Array("ustar".utf8) {
            return "is in the legacy tar-based torch.save format, which is not supported; re-save it with a recent torch: torch.save(torch.load(path), new_path)"
        }
        if bytes.first == 0x80 {
            return "is a bare pickle, not a PyTorch zip archive; re-save it with torch.save (PyTorch 1.6 or later) or as safetensors"
        }
        return "is not a PyTorch checkpoint (no zip archive signature at byte 0)"
    }

    static func read(_ archive: ZipArchive) throws -> TensorListing {
        let path = archive.file.path
        guard let pickle = archive.entries.first(where: { isDataPickle($0.name) }) else {
            throw ModelFormatError(file: path, "is a zip archive without a data.pkl record, so not a PyTorch checkpoint")
        }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        if let order = archive.entry(named: prefix + "byteorder") {
            let text = String(decoding: try archive.contents(of: order, limit: 16), as: UTF8.self)
            guard text == "little" else {
                throw ModelFormatError(file: path, "the archive's byteorder record says '\(text)'; only little-endian checkpoints are supported")
            }
        }
        var storages: [String: (TensorBytes, StorageReference)] = [:]
        let origin = pickle.name
        var machine = PickleMachine(data: try archive.contents(of: pickle, limit: ModelFormatLimits.maxPickleBytes), origin: origin, file: path) { id in
            let reference = try storageReference(id, origin: origin, path: path)
            let recordName = prefix + "data/" + reference.key
            guard let record = archive.entry(named: recordName) else {
                throw ModelFormatError(file: path, "\(origin) refers to storage '\(reference.key)', but the archive has no record '\(recordName)'")
            }
            let (needed, overflow) = reference.elementCount.multipliedReportingOverflow(by: reference.type.byteCount)
            guard !overflow, needed <= record.uncompressedSize else {
                throw ModelFormatError(file: path, "storage '\(reference.key)' declares \(reference.elementCount) \(reference.type.rawValue) elements, but its record '\(recordName)' holds only \(record.uncompressedSize) bytes (truncated?)")
            }
            storages[reference.key] = (archive.bytes(of: record), reference)
            return .storage(reference)
        }
        let root = try machine.load()
        var named: [(String, TensorReference)] = []
        try flatten(root, prefix: "", depth: 0, into: &named, path: path)
        var listing = TensorListing()
        var seen = Set<String>()
        for (name, reference) in named {
            guard seen.insert(name).inserted else {
                throw ModelFormatError(file: path, "two tensors flatten to the same name '\(name)'")
            }
            guard let (bytes, storage) = storages[reference.storage.key] else {
                throw ModelFormatError(file: path, "tensor '\(name)' refers to an unknown storage '\(reference.storage.key)'")
            }
            let view = LimitedBytes(source: bytes, count: storage.elementCount * storage.type.byteCount)
            listing.tensors.append(try StoredTensor(name: name, shape: reference.shape, type: storage.type, bytes: view, file: path,
                                                    elementOffset: reference.offset, strides: reference.strides,
                                                    what: "tensor '\(name)' (storage '\(storage.key)')"))
        }
        return listing
    }

    /// `<prefix>/data.pkl` with a one-component prefix (torch names it after the file).
    static func isDataPickle(_ name: String) -> Bool {
        guard name.hasSuffix("/data.pkl") else { return false }
        return name.dropLast("/data.pkl".count).firstIndex(of: "/") == nil
    }

    /// A persistent id: `('storage', torch.FloatStorage, '0', 'cpu', 6)`.
    private static func storageReference(_ id: PickleValue, origin: String, path: String) throws -> StorageReference {
        guard case .tuple(let fields, _) = id, fields.count == 5, case .string("storage") = fields[0],
              case .global(.storageType(let type)) = fields[1], case .string(let key) = fields[2],
              case .int(let count) = fields[4], count >= 0 else {
            throw ModelFormatError(file: path, "\(origin) has a persistent id that is not a storage reference ('storage', type, key, location, size): \(id.kind)")
        }
        return StorageReference(key: key, type: type, elementCount: count)
    }

    static func flatten(_ value: PickleValue, prefix: String, depth: Int, into named: inout [(String, TensorReference)], path: String) throws {
        guard depth < ModelFormatLimits.maxNesting else {
            throw ModelFormatError(file: path, "containers nest deeper than \(ModelFormatLimits.maxNesting) levels (or contain themselves) at '\(prefix)'")
        }
        func child(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }
        switch value {
        case .tensor(let reference):
            named.append((prefix.isEmpty ? "tensor" : prefix, reference))
        case .dict(let dict):
            for (key, item) in dict.entries {
                guard let text = key.keyText else { continue }
                try flatten(item, prefix: child(text), depth: depth + 1, into: &named, path: path)
            }
        case .list(let list):
            for (i, item) in list.items.enumerated() { try flatten(item, prefix: child(String(i)), depth: depth + 1, into: &named, path: path) }
        case .tuple(let items, _):
            for (i, item) in items.enumerated() { try flatten(item, prefix: child(String(i)), depth: depth + 1, into: &named, path: path) }
        default:
            return
        }
    }
}

/// The first `count` bytes of a source: a storage record may be padded past its elements.
final class LimitedBytes: TensorBytes {
    let source: TensorBytes
    let byteCount: Int

    init(source: TensorBytes, count: Int) {
        self.source = source
        byteCount = min(count, source.byteCount)
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        try source.withBytes { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(byteCount))) }
    }

    func release(_ range: Range<Int>) { source.release(range) }
}
