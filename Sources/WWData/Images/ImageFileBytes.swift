#if canImport(Glibc)
import Glibc
#endif
import WWBase

/// Whole image files read with one open, fstat and read, into the array that is returned:
/// `FileBytes.readRaw` asks Foundation for the size (which also looks up the owner's and group's
/// names) and copies the bytes from a `Data`; per image of a large folder that is overhead for
/// nothing (perf: Foundation's frames were 2% of a 5,000-JPEG load).
enum ImageFileBytes {
    /// The bytes of `path`: a regular readable file of at most `limit` bytes, checked before
    /// reading (a FIFO is refused before it is opened, so it cannot block).
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        if let problem = RegularFile.problem(at: path) {
            throw DataFileError(path, problem == "does not exist" ? "no such file" : problem)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw DataFileError(path, "cannot be opened: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw DataFileError(path, "is not a regular file (it changed while being opened)")
        }
        let size = Int(info.st_size)
        guard size <= limit else { throw DataFileError(path, "\(size) bytes is more than this reader takes (\(limit) bytes)") }
        if size == 0 {
            // Empty, or a kernel file (/proc, /sys) whose size says 0: one read tells which.
            var probe: UInt8 = 0
            let got = Glibc.read(descriptor, &probe, 1)
            if got < 0 { throw DataFileError(path, "cannot be read (\(String(cString: strerror(errno))))") }
            if got > 0 { throw DataFileError(path, "reports a size of 0 but has content (a /proc or /sys file?); only ordinary files are read") }
            return []
        }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            initialised = 0
            guard let base = buffer.baseAddress else { return }
            while initialised < size {
                let got = Glibc.read(descriptor, base + initialised, size - initialised)
                if got < 0, errno == EINTR { continue }
                if got < 0 { failure = errno; break }
                if got == 0 { break }  // the file shrank while read: the decoder reports the truncation
                initialised += got
            }
        }
        if failure != 0 { throw DataFileError(path, "cannot be read (\(String(cString: strerror(failure))))") }
        return bytes
    }
}
