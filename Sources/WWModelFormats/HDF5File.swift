import CHDF5File
import Foundation

/// An HDF5 file open for reading through libhdf5 (CHDF5File): group listings, string-list
/// attributes, dataset headers and whole-dataset reads. Every failure becomes a
/// ``ModelFormatError`` naming the file and the object; libhdf5 never prints.
final class HDF5File {
    /// HDF5's format signature. It is at byte 0 unless the file has a user block (then at
    /// 512, 1024, ...); libhdf5 finds it either way, this is for recognising files by content.
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Room for libhdf5's innermost error description.
    private static let messageCapacity = 512

    /// The path named in errors (for a `.keras` zip, "archive.keras:model.weights.h5").
    let path: String
    /// The bytes of the file (or of the in-memory image): no dataset can hold more than this
    /// many stored bytes.
    let byteCount: Int
    private let handle: Int64

    /// Opens a file on disk.
    init(path: String, byteCount: Int) throws {
        self.path = path
        self.byteCount = byteCount
        var handle: Int64 = -1
        let status = Self.call { message, size in wwn_h5_open(path, nil, 0, &handle, message, size) }
        switch status.code {
        case WWN_H5_OK: break
        case WWN_H5_WRONG_KIND: throw ModelFormatError(file: path, "is not an HDF5 file (no HDF5 signature), so not a Keras .h5 checkpoint")
        default: throw ModelFormatError(file: path, "libhdf5 cannot open it as HDF5 (truncated or corrupt?): \(status.message)")
        }
        self.handle = handle
    }

    /// Opens HDF5 bytes held in memory (the `model.weights.h5` entry of a `.keras` zip);
    /// libhdf5 copies them.
    init(image: UnsafeRawBufferPointer, named path: String) throws {
        self.path = path
        byteCount = image.count
        var handle: Int64 = -1
        let status = Self.call { message, size in wwn_h5_open(path, image.baseAddress, image.count, &handle, message, size) }
        guard status.code == WWN_H5_OK else {
            throw ModelFormatError(file: path, "libhdf5 cannot open it as HDF5 (truncated or corrupt?): \(status.message)")
        }
        self.handle = handle
    }

    deinit { wwn_h5_close(handle) }

    enum ObjectKind { case none, group, dataset, other }

    func kind(at objectPath: String) -> ObjectKind {
        switch Int(wwn_h5_object_kind(handle, objectPath)) {
        case Int(WWN_H5_GROUP): return .group
        case Int(WWN_H5_DATASET): return .dataset
        case Int(WWN_H5_NONE): return .none
        default: return .other
        }
    }

    /// The strings of attribute `name` of the object at `objectPath`, or nil when there is none.
    func strings(attribute name: String, of objectPath: String) throws -> [String]? {
        var names: UnsafeMutablePointer<CChar>?
        var length = 0
        var count = 0
        let status = Self.call { message, size in wwn_h5_string_attribute(handle, objectPath, name, &names, &length, &count, message, size) }
        defer { wwn_h5_free(names) }
        switch status.code {
        case WWN_H5_OK: return Self.split(names, length: length)
        case WWN_H5_MISSING: return nil
        default: throw ModelFormatError(file: path, "attribute '\(name)' of '\(objectPath)' \(status.code == WWN_H5_WRONG_KIND ? "" : "cannot be read: ")\(status.message)")
        }
    }

    /// The names of a group's members in name order, or nil when there is no such group.
    func members(of group: String) throws -> [String]? {
        var names: UnsafeMutablePointer<CChar>?
        var length = 0
        var count = 0
        let status = Self.call { message, size in wwn_h5_group_members(handle, group, &names, &length, &count, message, size) }
        defer { wwn_h5_free(names) }
        switch status.code {
        case WWN_H5_OK: return Self.split(names, length: length)
        case WWN_H5_MISSING, WWN_H5_WRONG_KIND: return nil
        default: throw ModelFormatError(file: path, "group '\(group)' cannot be listed: \(status.message)")
        }
    }

    /// A dataset's header: rank, dimensions, element class and size, stored bytes, filters.
    func datasetInfo(_ dataset: String) throws -> wwn_h5_dataset {
        var info = wwn_h5_dataset()
        let status = Self.call { message, size in wwn_h5_dataset_info(handle, dataset, &info, message, size) }
        switch status.code {
        case WWN_H5_OK: return info
        case WWN_H5_MISSING: throw ModelFormatError(file: path, "dataset '\(dataset)' is listed but does not exist")
        case WWN_H5_WRONG_KIND: throw ModelFormatError(file: path, "'\(dataset)' is not a dataset\(status.message.isEmpty ? "" : ": " + status.message)")
        default: throw ModelFormatError(file: path, "dataset '\(dataset)' cannot be read: \(status.message)")
        }
    }

    /// Element types a dataset is converted to by `read`.
    enum MemoryType: Int32 {
        case float32 = 0, float64 = 1, int64 = 2
        var byteCount: Int { self == .float32 ? 4 : 8 }
    }

    /// The whole dataset converted by libhdf5 to little-endian `type`; `byteCount` is its
    /// element count times the type's size (checked by the caller against the limits).
    func read(_ dataset: String, as type: MemoryType, byteCount: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: byteCount)
        let status = buffer.withUnsafeMutableBytes { raw in
            Self.call { message, size in wwn_h5_read(handle, dataset, type.rawValue, raw.baseAddress, raw.count, message, size) }
        }
        guard status.code == WWN_H5_OK else {
            throw ModelFormatError(file: path, "dataset '\(dataset)' cannot be read (truncated or corrupt?): \(status.message)")
        }
        return buffer
    }

    /// Runs a shim call with a message buffer; its status and message.
    private static func call(_ body: (UnsafeMutablePointer<CChar>, Int) -> wwn_h5_status) -> (code: wwn_h5_status, message: String) {
        var message = [CChar](repeating: 0, count: messageCapacity)
        let code = message.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return WWN_H5_FAILED }
            return body(base, buffer.count)
        }
        return (code, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// NUL-ended strings packed in one buffer.
    private static func split(_ names: UnsafeMutablePointer<CChar>?, length: Int) -> [String] {
        guard let names, length > 0 else { return [] }
        let bytes = UnsafeRawBufferPointer(start: names, count: length)
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }
}
