import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Readers take regular files only: opening a FIFO blocks until some writer appears (forever,
/// and deaf to Ctrl-C), and `/dev/zero` never ends. One check, so every reader says why in the
/// same words instead of "permission denied?".
public enum RegularFile {
    /// Why `path` cannot be read as a file ("is a FIFO, not a regular file"), or nil when it is
    /// a readable regular file. Follows symbolic links, as opening does.
    public static func problem(at path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? "does not exist" : "cannot be examined: \(String(cString: strerror(errno)))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return "is a directory, not a file"
        case S_IFIFO: return "is a FIFO (named pipe), not a regular file; only regular files are read"
        case S_IFCHR, S_IFBLK: return "is a device, not a regular file; only regular files are read"
        case S_IFSOCK: return "is a socket, not a regular file; only regular files are read"
        default: return "is not a regular file"
        }
        guard access(path, R_OK) == 0 else { return "is not readable (permission denied)" }
        return nil
    }

    /// Opens `path` read-only without blocking (a FIFO would block a plain `open`) and checks
    /// it is a regular file; returns the descriptor, or the reason.
    public static func open(_ path: String) -> Result<Int32, OpenError> {
        let descriptor = openWithoutBlocking(path)
        guard descriptor >= 0 else { return .failure(OpenError(reason: problem(at: path) ?? String(cString: strerror(errno)))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .failure(OpenError(reason: problem(at: path) ?? "is not a regular file"))
        }
        // Back to blocking reads: for a regular file the flag changes nothing, but say so.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return .success(descriptor)
    }

    public struct OpenError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }
}

/// `open(2)`; a free function because inside `RegularFile` the name is its own method.
private func openWithoutBlocking(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
}
