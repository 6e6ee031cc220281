import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so readers see the old content or the new, never half of one: the data goes to
/// a temporary file in the same directory (same file system, so `rename` is atomic), is
/// flushed to disk, and is renamed over the target.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// Replaces `path` with `data`. `mode` sets the permissions (e.g. those of the file being
    /// replaced); new files get 0644.
    static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        var descriptor: Int32 = -1
        var temporary = ""
        for attempt in 0..<NotebookLimits.maxTemporaryNameAttempts {
            temporary = (directory.isEmpty ? "" : directory + "/") + ".\(base).\(getpid()).\(attempt).tmp"
            // O_EXCL: never follow or reuse a file someone else put there.
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        do {
            try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: data)
        } catch {
            failure = "\(error)"
        }
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
    }

    /// The permission bits of an existing file, so a rewrite keeps them.
    static func permissions(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }
}
