import Foundation
import WWBase
import WWNumerics

/// What `SafetensorsWriter.save` wrote.
public struct SaveSummary: Equatable, Sendable {
    public let path: String
    /// Tensors written, in the collection's order.
    public let written: [String]
    /// Tensors left out because their values are not floating point (e.g. BatchNorm's
    /// `num_batches_tracked`), which the analysis never reads either.
    public let skipped: [String]
}

/// Writes any `WeightCollection` as a safetensors file, one tensor at a time (a model is never
/// held in memory whole), F32 or F64 as each tensor reads. The file appears complete or not at
/// all: it is written to a temporary file beside the target and moved into place.
public enum SafetensorsWriter {
    /// - Parameters:
    ///   - cancellation: polled before each tensor is read and written; once cancelled its error
    ///     stops the save (the language passes Ctrl-C), and the partial file is removed.
    ///   - inputs: files or directories the weights are read from, which `path` must not be (nor
    ///     lie in), whatever `overwrite` says: an edited model is written as a new checkpoint.
    public static func save(_ weights: WeightCollection, to path: String, overwrite: Bool = false,
                            metadata: [(key: String, value: String)] = [], inputs: [String] = [],
                            cancellation: Cancellation = .never) throws -> SaveSummary {
        try refuseInputs(path, inputs)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw ModelFormatError(file: path, "is a directory; give a file name to save to") }
            guard overwrite else { throw ModelFormatError(file: path, "already exists; pass overwrite: true to replace it") }
        }
        // The header needs every type before any data: take it from the listing (F64 stays
        // F64, every other floating type widens to F32), and check each tensor as it is read.
        var entries: [(info: WeightInfo, type: StorageType, range: Range<Int>)] = []
        var skipped: [String] = []
        var offset = 0
        for info in weights.weights {
            guard let type = StorageType(rawValue: info.storageType), let decoded = type.decodedType else {
                skipped.append(info.name)
                continue
            }
            guard let count = checkedElementCount(info.shape) else {
                throw ModelFormatError(file: path, "tensor '\(info.name)' has an invalid shape \(info.shape)")
            }
            let size = count * decoded.byteCount
            entries.append((info, StorageType(decoded), offset..<(offset + size)))
            offset += size
        }
        // The module order goes into the metadata when the collection has one, so the file reads
        // back with the same layer ids; an order copied from another file is never kept stale.
        var fields = metadata.filter { $0.key != SafetensorsOrder.metadataKey }
        if weights.listsTensorsInLayerOrder {
            fields.append((SafetensorsOrder.metadataKey, SafetensorsOrder.encoded(entries.map(\.info.name))))
        }
        let header = headerBytes(entries.map { ($0.info.name, $0.type, $0.info.shape, $0.range) }, metadata: fields)

        // Created 0644 less the umask, as saved models always were (not 0666 less the umask).
        let writer = AtomicFileWriter(path: path, mode: overwrite ? .replace : .createNew, creationMode: 0o644)
        do {
            try writer.write { output in
                let length = UInt64(header.count).littleEndian
                try withUnsafeBytes(of: length) { try output.write($0) }
                try header.withUnsafeBytes { try output.write($0) }
                for entry in entries {
                    try cancellation.checkCancelled()
                    var tensor = try weights.tensor(named: entry.info.name)
                    guard tensor.shape == entry.info.shape else {
                        throw ModelFormatError(file: path, "tensor '\(entry.info.name)' read with shape \(tensor.shape), but the collection lists \(entry.info.shape)")
                    }
                    let wanted: ElementType = entry.type == .float64 ? .float64 : .float32
                    if tensor.elementType != wanted { tensor = tensor.converted(to: wanted) }
                    switch tensor.storage {
                    case .float32(let values): try values.withUnsafeBytes { try output.write($0) }
                    case .float64(let values): try values.withUnsafeBytes { try output.write($0) }
                    }
                }
            }
        } catch let error as AtomicWriteError {
            throw ModelFormatError(file: path, Self.message(for: error))
        }
        return SaveSummary(path: path, written: entries.map(\.info.name), skipped: skipped)
    }

    /// The JSON header, keys sorted by name (as the reference writer does), padded with spaces
    /// so the data starts 8-byte aligned.
    static func headerBytes(_ tensors: [(name: String, type: StorageType, shape: [Int], range: Range<Int>)],
                            metadata: [(key: String, value: String)]) -> [UInt8] {
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.map { OrderedJSON.quoted($0.key) + ":" + OrderedJSON.quoted($0.value) }
            fields.append(OrderedJSON.quoted(SafetensorsReader.metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        for tensor in tensors.sorted(by: { [UInt8].precedes($0.name, $1.name) }) {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append(OrderedJSON.quoted(tensor.name) + ":{\"dtype\":\"\(tensor.type.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(tensor.range.lowerBound),\(tensor.range.upperBound)]}")
        }
        var bytes = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        while (8 + bytes.count) % 8 != 0 { bytes.append(UInt8(ascii: " ")) }
        return bytes
    }

    /// Refuses a target that is one of `inputs` (the same path after resolving symbolic links,
    /// or the same file through a hard link) or lies inside an input directory.
    static func refuseInputs(_ path: String, _ inputs: [String]) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        for input in inputs {
            let source = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory)
            let inside = exists && isDirectory.boolValue && target.hasPrefix(source.hasSuffix("/") ? source : source + "/")
            if target == source || inside || sameFile(target, source) {
                let what = inside ? "lies in the input model's directory \(input)" : "is the input model"
                throw ModelFormatError(file: path, "\(what): write the edited weights to a new file")
            }
        }
    }

    /// Whether two existing paths name one file (a hard link), by device and inode.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// The save's wording of each step that can fail.
    private static func message(for error: AtomicWriteError) -> String {
        switch error {
        case .alreadyExists: return "already exists; pass overwrite: true to replace it"
        case .cannotCreateTemporaryFile(let reason): return "cannot create a temporary file beside it: \(reason)"
        case .cannotWrite(let reason): return "cannot write: \(reason)"
        case .cannotFlush(let reason): return "cannot flush to disk: \(reason)"
        case .cannotMoveIntoPlace(let reason): return "cannot move the written file into place: \(reason)"
        }
    }
}
