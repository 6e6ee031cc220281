import WWBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory.
///
/// Mapping instead of reading is what keeps a 2 GB checkpoint from costing 2 GB: opening reads
/// only the pages of the header, and a tensor's pages are touched only while it is converted.
/// Those pages are then handed back with `release` so they do not pile up in the resident set
/// while every layer of a model is read in turn. (A file truncated by another process while it
/// is mapped would fault on access; that is the price of not copying.)
final class MappedFile {
    let path: String
    let size: Int
    private let base: UnsafeMutableRawPointer?

    init(path: String) throws {
        self.path = path
        // Without blocking: a FIFO named like a model would block a plain open forever.
        let descriptor: Int32
        switch RegularFile.open(path) {
        case .success(let opened): descriptor = opened
        case .failure(let error): throw ModelFormatError(file: path, error.reason)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ModelFormatError(file: path, "cannot read its size: \(systemErrorText())") }
        size = Int(status.st_size)
        guard size > 0 else { base = nil; return }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw ModelFormatError(file: path, "cannot map into memory: \(systemErrorText())") }
        base = address
    }

    deinit {
        if let base { munmap(base, size) }
    }

    /// The file's bytes. Valid as long as this object lives.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : size) }

    /// Drops the resident pages of a byte range (rounded inwards to whole pages); the next read
    /// faults them in again from the file.
    func release(_ range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound >= size ? size : range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }
}

/// `strerror(errno)` as Swift text.
func systemErrorText() -> String {
    String(cString: strerror(errno))
}
