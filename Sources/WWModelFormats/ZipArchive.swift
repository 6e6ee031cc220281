/// The central directory of a zip archive (PyTorch checkpoints and `.npz` files are zips),
/// read from a mapped file. Only the directory is parsed when the archive opens; an entry's
/// bytes are read when its tensor is. Zip64 records are understood, since PyTorch writes them
/// for checkpoints over 4 GB.
final class ZipArchive {
    struct Entry {
        let name: String
        /// 0 = stored, 8 = deflate.
        let method: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        /// Where the entry's (possibly compressed) bytes start in the file.
        let dataOffset: Int
    }

    let file: MappedFile
    private(set) var entries: [Entry] = []
    private var byName: [String: Int] = [:]

    private static let endOfDirectorySignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let directorySignature: UInt32 = 0x0201_4B50
    private static let localHeaderSignature: UInt32 = 0x0403_4B50
    /// The end record is 22 bytes plus a comment of at most 65535.
    private static let endRecordSearchSpan = 22 + 65_535

    /// Whether the file starts like a zip archive.
    static func looksLikeZip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes.loadUnaligned(as: UInt32.self) == UInt32(littleEndian: localHeaderSignature)
    }

    init(_ file: MappedFile) throws {
        self.file = file
        let bytes = file.bytes
        let path = file.path
        func u16(_ at: Int) -> Int { Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self))) }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        func fail(_ reason: String) -> ModelFormatError { ModelFormatError(file: path, "zip archive: \(reason)") }
        func int(_ value: UInt64, _ what: String) throws -> Int {
            guard value <= UInt64(bytes.count) else { throw fail("\(what) is \(value), beyond the end of the file (\(bytes.count) bytes)") }
            return Int(value)
        }

        // The end-of-directory record, searched backwards past an optional comment.
        guard bytes.count >= 22 else { throw fail("the file is too short (\(bytes.count) bytes) to hold a zip directory") }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - Self.endRecordSearchSpan)
        while end >= lowest, u32(end) != Self.endOfDirectorySignature { end -= 1 }
        guard end >= lowest else { throw fail("no end-of-directory record (the file is truncated or not a zip)") }
        var count = UInt64(u16(end + 10))
        var directorySize = UInt64(u32(end + 12))
        var directoryOffset = UInt64(u32(end + 16))
        if end >= 20, u32(end - 20) == Self.zip64LocatorSignature {
            let record = try int(u64(end - 20 + 8), "the zip64 end record offset")
            guard record + 56 <= bytes.count, u32(record) == Self.zip64EndSignature else { throw fail("the zip64 end record at byte \(record) is missing or truncated") }
            count = u64(record + 32)
            directorySize = u64(record + 40)
            directoryOffset = u64(record + 48)
        }
        guard count <= UInt64(ModelFormatLimits.maxZipEntries) else { throw fail("\(count) entries, more than the limit of \(ModelFormatLimits.maxZipEntries)") }
        var position = try int(directoryOffset, "the central directory offset")
        let (directoryTop, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        let directoryEnd = try int(overflow ? UInt64.max : directoryTop, "the central directory end")
        for index in 0..<Int(count) {
            guard position + 46 <= directoryEnd, u32(position) == Self.directorySignature else {
                throw fail("directory entry \(index) at byte \(position) is corrupt or truncated")
            }
            let flags = u16(position + 8)
            let method = UInt16(u16(position + 10))
            let crc = u32(position + 16)
            var compressed = UInt64(u32(position + 20))
            var uncompressed = UInt64(u32(position + 24))
            let nameLength = u16(position + 28)
            let extraLength = u16(position + 30)
            let commentLength = u16(position + 32)
            var localOffset = UInt64(u32(position + 42))
            let nameStart = position + 46
            guard nameStart + nameLength + extraLength <= directoryEnd else { throw fail("directory entry \(index) at byte \(position) runs past the directory") }
            let name = String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            // Zip64 extra field: 64-bit values for the fields saturated at 0xFFFFFFFF, in order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(extra), size = u16(extra + 2)
                var field = extra + 4
                if id == 1 {
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extraEnd { uncompressed = u64(field); field += 8 }
                    if compressed == 0xFFFF_FFFF, field + 8 <= extraEnd { compressed = u64(field); field += 8 }
                    if localOffset == 0xFFFF_FFFF, field + 8 <= extraEnd { localOffset = u64(field); field += 8 }
                }
                extra += 4 + size
            }
            guard flags & 1 == 0 else { throw fail("entry '\(name)' is encrypted") }
            guard method == 0 || method == 8 else { throw fail("entry '\(name)' uses compression method \(method); only stored (0) and deflate (8) are supported") }
            let local = try int(localOffset, "the local header offset of '\(name)'")
            guard local + 30 <= bytes.count, u32(local) == Self.localHeaderSignature else { throw fail("the local header of '\(name)' at byte \(local) is missing or corrupt") }
            let dataOffset = local + 30 + u16(local + 26) + u16(local + 28)
            let size = try int(compressed, "the size of '\(name)'")
            guard dataOffset <= bytes.count, size <= bytes.count - dataOffset else {
                throw fail("the data of '\(name)' (\(size) bytes at byte \(dataOffset)) runs past the end of the file (\(bytes.count) bytes; truncated?)")
            }
            if method == 0, uncompressed != compressed { throw fail("stored entry '\(name)' declares \(uncompressed) bytes but holds \(compressed)") }
            // Checked before anything is allocated: deflate cannot expand its input more than
            // `maxDeflateRatio` times, so a larger declared size is a lie, and a true one past
            // the limit would be inflated whole into memory.
            if method == 8 {
                let (bound, overflow) = UInt64(size).multipliedReportingOverflow(by: UInt64(ModelFormatLimits.maxDeflateRatio))
                guard overflow || uncompressed <= bound + 1024 else {
                    throw fail("entry '\(name)' declares \(uncompressed) bytes, more than its \(size) compressed bytes can hold (deflate expands at most \(ModelFormatLimits.maxDeflateRatio) times)")
                }
                guard uncompressed <= UInt64(ModelFormatLimits.maxInflatedEntryBytes) else {
                    throw fail("entry '\(name)' declares \(uncompressed) bytes, more than the limit of \(ModelFormatLimits.maxInflatedEntryBytes) for a compressed entry, which is inflated whole in memory (store it uncompressed, as np.savez does)")
                }
            }
            guard uncompressed <= UInt64(Int.max) else { throw fail("entry '\(name)' declares an impossible size") }
            // Readers disagree on which of two same-named entries counts (Python's zipfile takes
            // the last, a scanner may check the first), so a duplicate is refused.
            guard byName[name] == nil else { throw fail("two entries are named '\(name)'; readers disagree on which one counts, so the archive is refused") }
            byName[name] = entries.count
            entries.append(Entry(name: name, method: method, crc32: crc, compressedSize: size, uncompressedSize: Int(uncompressed), dataOffset: dataOffset))
            position = extraEnd + commentLength
        }
    }

    func entry(named name: String) -> Entry? { byName[name].map { entries[$0] } }

    /// The entry's bytes as a tensor source: a mapped range when stored, inflated on demand
    /// when compressed.
    func bytes(of entry: Entry) -> TensorBytes {
        let range = entry.dataOffset..<(entry.dataOffset + entry.compressedSize)
        if entry.method == 0 { return MappedRegion(file: file, range: range) }
        return DeflatedEntry(archive: self, entry: entry)
    }

    /// The whole entry in memory (small records: `data.pkl`, `byteorder`, a header probe).
    func contents(of entry: Entry, limit: Int) throws -> [UInt8] {
        guard entry.uncompressedSize <= limit else {
            throw ModelFormatError(file: file.path, "zip entry '\(entry.name)' is \(entry.uncompressedSize) bytes, more than the limit of \(limit)")
        }
        return try bytes(of: entry).withBytes { Array($0) }
    }
}

/// A deflate-compressed entry, inflated each time its tensor is read (nothing is cached, so a
/// model's memory stays one tensor at a time).
final class DeflatedEntry: TensorBytes {
    let archive: ZipArchive
    let entry: ZipArchive.Entry

    init(archive: ZipArchive, entry: ZipArchive.Entry) {
        self.archive = archive
        self.entry = entry
    }

    var byteCount: Int { entry.uncompressedSize }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let range = entry.dataOffset..<(entry.dataOffset + entry.compressedSize)
        defer { archive.file.release(range) }
        let inflated = try Inflater.inflate(UnsafeRawBufferPointer(rebasing: archive.file.bytes[range]), expectedSize: entry.uncompressedSize,
                                            crc32: entry.crc32, what: "zip entry '\(entry.name)'", file: archive.file.path)
        return try inflated.withUnsafeBytes(body)
    }

    /// The inflated copy is freed as a whole when the read ends.
    func release(_ range: Range<Int>) {}

    /// The first `count` bytes only (enough for a `.npy` header), without inflating the rest.
    func prefix(_ count: Int) throws -> [UInt8] {
        let range = entry.dataOffset..<(entry.dataOffset + entry.compressedSize)
        return try Inflater.inflate(UnsafeRawBufferPointer(rebasing: archive.file.bytes[range]), expectedSize: min(count, entry.uncompressedSize),
                                    crc32: nil, what: "zip entry '\(entry.name)'", file: archive.file.path)
    }
}
