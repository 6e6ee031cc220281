import Foundation
import WWBase
#if canImport(Glibc)
import Glibc
#endif

/// A file holding a loaded image set's bytes, so a second `load_images` of the same files with the
/// same options reads one file instead of decoding every image.
///
/// The cache is trusted only when it provably belongs to this load: its key is a hash of the
/// options and of every image's path, size and modification time (nanoseconds), label and the
/// class names, all taken before decoding; a file that changed, appeared or vanished makes another
/// key. Every field is checked against the bytes that remain before anything is allocated, and a
/// checksum over the whole file catches damage; a cache that fails any check is ignored (with a
/// note saying why) and written again. It is written through ``AtomicFileWriter``, so a reader
/// never sees half a cache and an interrupted load leaves the old one whole.
///
/// Layout (little-endian): magic `WWNIMGC1`, key (u64), count, channels, height, width, classes
/// (u64 each), each class name (u32 length + UTF-8), labels (u32 each), the pixels
/// (`[n, c, h, w]` bytes), and a checksum (u64) of everything before it.
public struct ImageCache: Sendable {
    public let path: String
    /// The hash of the listing and options this cache must carry to be used.
    let key: UInt64

    static let magic = Array("WWNIMGC1".utf8)
    /// Longest class name a cache may hold (a folder name is at most 255 bytes on Linux file
    /// systems; this leaves room for a flat folder's CSV labels).
    static let maxClassNameBytes = 4096
    /// Bytes of the fixed header after the magic: key, count, channels, height, width, classes.
    static let headerWords = 6

    /// The cache at `path` for `listing` loaded with `options`; stats every file (a file that
    /// cannot be examined is named, as decoding would name it).
    public init(path: String, listing: ImageFolderListing, options: ImageLoadOptions) throws {
        self.path = path
        var hash = CacheChecksum()
        hash.add(Array("wwn image cache 1\n\(options.cacheDescription)\n".utf8))
        for name in listing.classNames { hash.add(Array("class \(name)\n".utf8)) }
        for (file, label) in zip(listing.files, listing.labels) {
            var info = stat()
            guard stat(file, &info) == 0 else {
                throw DataFileError(file, "cannot be examined: \(String(cString: strerror(errno)))")
            }
            hash.add(Array("\(file)\n".utf8))
            for word in [UInt64(truncatingIfNeeded: info.st_size), UInt64(truncatingIfNeeded: info.st_mtim.tv_sec),
                         UInt64(truncatingIfNeeded: info.st_mtim.tv_nsec), UInt64(truncatingIfNeeded: label)] {
                hash.add(word)
            }
        }
        key = hash.value
    }

    /// The default cache file of a load keyed `key`: `$XDG_CACHE_HOME/wwn/images` (or
    /// `~/.cache/wwn/images`), named by the folder's name and a hash of its path: one cache per
    /// folder (a load with other options replaces it), and the image folder is never written to.
    public static func standard(root: String, listing: ImageFolderListing, options: ImageLoadOptions) throws -> ImageCache {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
        let folder = ((base as NSString).appendingPathComponent("wwn") as NSString).appendingPathComponent("images")
        var rootHash = CacheChecksum()
        rootHash.add(Array(((root as NSString).standardizingPath).utf8))
        let name = ((root as NSString).standardizingPath as NSString).lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let file = (folder as NSString).appendingPathComponent("\(name.prefix(64))-\(String(rootHash.value, radix: 16)).wwncache")
        return try ImageCache(path: file, listing: listing, options: options)
    }

    /// What reading the cache gave: the stored set, no file, or a file that cannot be used.
    public enum Lookup {
        case hit(pixels: PixelBytes, labels: [Int], classNames: [String])
        case missing
        case unusable(String)
    }

    /// Reads and checks the cache file (see the type's description). The pixels are read
    /// straight into the array the data set keeps, so a hit holds the set once (mapping the
    /// file and copying out of it held it twice: 647 MB at the peak for 100,000 images of
    /// 3 x 32 x 32, where the set is 307 MB).
    public func lookup() -> Lookup {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        if let problem = RegularFile.problem(at: path) { return .unusable("the cache \(problem)") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .unusable("the cache cannot be opened (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .unusable("the cache cannot be examined") }
        let size = Int(info.st_size)
        let headerBytes = Self.magic.count + 8 * Self.headerWords
        var checksum = CacheChecksum()
        guard size >= headerBytes + 8, let header = Self.read(descriptor, at: 0, count: headerBytes), header.starts(with: Self.magic) else {
            return .unusable("the file is not a wwn image cache (or is truncated)")
        }
        checksum.add(header)
        let (key, count, channels, height, width, classes) = header.withUnsafeBytes { raw -> (UInt64, Int, Int, Int, Int, Int) in
            let words = (0..<Self.headerWords).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: Self.magic.count + 8 * $0, as: UInt64.self)) }
            let small = words.dropFirst().map { Int(clamping: $0) }
            return (words[0], small[0], small[1], small[2], small[3], small[4])
        }
        guard key == self.key else { return .unusable("the cache is stale: the images, their labels or the options changed") }
        let sample = channels.multipliedReportingOverflow(by: height).partialValue.multipliedReportingOverflow(by: width)
        guard (1...DataLimits.maxSamples).contains(count), [1, 3].contains(channels), (1...ImageLimits.maxOutputSide).contains(height),
              (1...ImageLimits.maxOutputSide).contains(width), !sample.overflow, sample.partialValue <= DataLimits.maxSampleElements,
              (1...DataLimits.maxClasses).contains(classes) else {
            return .unusable("the cache's header holds sizes outside wwn's limits")
        }
        // Class names and labels lie between the header and the pixels; their length is what
        // the file's size leaves, and must hold at least the length fields and the labels.
        let pixelCount = count * sample.partialValue
        let middle = size - headerBytes - pixelCount - 8
        guard middle >= 4 * classes + 4 * count, middle <= 4 * count + classes * (4 + Self.maxClassNameBytes),
              let names = Self.read(descriptor, at: headerBytes, count: middle) else {
            return .unusable("the cache's size does not match its header")
        }
        checksum.add(names)
        var classNames: [String] = []
        var labels: [Int] = []
        let parsed = names.withUnsafeBytes { raw -> Bool in
            var reader = CacheReader(raw)
            for _ in 0..<classes {
                guard let length = reader.length(upTo: Self.maxClassNameBytes) else { return false }
                classNames.append(String(decoding: reader.bytes(length), as: UTF8.self))
            }
            guard reader.remaining == 4 * count else { return false }
            labels.reserveCapacity(count)
            for _ in 0..<count { labels.append(Int(reader.word32())) }
            return true
        }
        guard parsed else { return .unusable("the cache's class names and labels do not fit its size (the file is damaged, cut or extended)") }
        guard labels.allSatisfy({ $0 < classes }) else { return .unusable("a label in the cache is out of range") }
        guard let bytes = Self.read(descriptor, at: headerBytes + middle, count: pixelCount),
              let trailer = Self.read(descriptor, at: size - 8, count: 8) else {
            return .unusable("the cache cannot be read to its end")
        }
        checksum.add(bytes)
        let stored = trailer.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard stored == checksum.value else { return .unusable("the cache is damaged (its checksum does not match)") }
        guard let pixels = try? PixelBytes(shape: [count, channels, height, width], bytes: bytes) else {
            return .unusable("the cache's pixels do not fill its shape")
        }
        return .hit(pixels: pixels, labels: labels, classNames: classNames)
    }

    /// `count` bytes of the open file from `offset`, or nil when they cannot all be read.
    private static func read(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialised in
            initialised = 0
            guard let base = buffer.baseAddress else { return }
            while initialised < count {
                let got = pread(descriptor, base + initialised, count - initialised, off_t(offset + initialised))
                if got < 0, errno == EINTR { continue }
                if got <= 0 { complete = false; break }
                initialised += got
            }
        }
        return complete ? bytes : nil
    }

    /// Writes `pixels`, `labels` and `classNames` under this key, atomically; the folder is
    /// created if needed.
    public func write(pixels: PixelBytes, labels: [Int], classNames: [String]) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var checksum = CacheChecksum()
        try AtomicFileWriter(path: path, mode: .replace).write { output in
            func put(_ bytes: [UInt8]) throws {
                checksum.add(bytes)
                try bytes.withUnsafeBytes { try output.write($0) }
            }
            func word(_ value: Int) -> [UInt8] { withUnsafeBytes(of: UInt64(value).littleEndian) { Array($0) } }
            var header = Self.magic
            header += withUnsafeBytes(of: key.littleEndian) { Array($0) }
            for value in pixels.shape + [classNames.count] { header += word(value) }
            for name in classNames {
                let utf8 = Array(name.utf8.prefix(Self.maxClassNameBytes))
                header += withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { Array($0) } + utf8
            }
            var labelBytes = [UInt8]()
            labelBytes.reserveCapacity(4 * labels.count)
            for label in labels { labelBytes += withUnsafeBytes(of: UInt32(label).littleEndian) { Array($0) } }
            try put(header + labelBytes)
            // The pixels in slices, so the file is never held twice in memory.
            let slice = 1 << 24
            for start in stride(from: 0, to: pixels.bytes.count, by: slice) {
                try put(Array(pixels.bytes[start..<min(start + slice, pixels.bytes.count)]))
            }
            try withUnsafeBytes(of: checksum.value.littleEndian) { try output.write($0) }
        }
    }
}

/// Reads fields from a cache's bytes; each read is checked by the caller against `remaining`.
private struct CacheReader {
    let raw: UnsafeRawBufferPointer
    var offset = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var remaining: Int { raw.count - offset }

    mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer {
        let end = min(offset + count, raw.count)
        defer { offset = end }
        return UnsafeRawBufferPointer(rebasing: raw[offset..<end])
    }

    mutating func word32() -> UInt32 {
        guard remaining >= 4 else { offset = raw.count; return UInt32.max }
        return UInt32(littleEndian: bytes(4).loadUnaligned(as: UInt32.self))
    }

    /// A u32 length of at most `limit` that fits in what remains (before the 8-byte checksum).
    mutating func length(upTo limit: Int) -> Int? {
        guard remaining >= 4 else { return nil }
        let value = Int(word32())
        return value <= limit && value + 8 <= remaining ? value : nil
    }
}

/// A 64-bit checksum of bytes, eight at a time (FNV-1a's prime on words, then a final mix):
/// not cryptographic, only to tell a damaged or different cache from a good one. Word-wise so
/// 60 MB of pixels check in about 30 ms, where byte-wise FNV-1a took 4x longer.
struct CacheChecksum {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325
    private var length: UInt64 = 0
    /// Bytes of a word not yet complete (the low `pendingCount` bytes), so the value does not
    /// depend on how the input was cut into pieces.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { add($0) }
    }

    mutating func add(_ word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { add($0) }
    }

    mutating func add(_ raw: UnsafeRawBufferPointer) {
        length &+= UInt64(raw.count)
        var i = 0
        while pendingCount > 0, i < raw.count {
            pending |= UInt64(raw[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
            if pendingCount == 8 {
                state = (state ^ pending) &* Self.prime
                (pending, pendingCount) = (0, 0)
            }
        }
        let words = (raw.count - i) / 8
        var h = state
        for w in 0..<words { h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8 * w, as: UInt64.self))) &* Self.prime }
        state = h
        for k in (i + 8 * words)..<raw.count {
            pending |= UInt64(raw[k]) << (8 * UInt64(pendingCount))
            pendingCount += 1
        }
    }

    /// The state, with any partial word, mixed with the length (murmur3's finaliser).
    var value: UInt64 {
        var h = pendingCount > 0 ? (state ^ pending) &* Self.prime : state
        h ^= length
        h ^= h >> 33; h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33; h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
