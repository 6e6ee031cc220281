import Foundation
import WWBase
#if canImport(Glibc)
import Glibc
#endif

/// The checks that keep the history file harmless: it is read only when it is a regular file
/// (not a symbolic link) of at most ``ReplLimits/maxHistoryFileBytes`` (a FIFO, `/dev/zero` or
/// `/dev/full` named as history hung the REPL at start while its memory grew to 11 GB), and it
/// is written through a temporary file in the same folder renamed over it, so a symbolic link
/// placed there is replaced, never followed into its target.
enum HistoryFile {
    /// Why the file at `path` is not used as history, or nil when it can be (also when it does
    /// not exist yet: it is created on save).
    static func problem(at path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return errno == ENOENT ? nil : String(cString: strerror(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if info.st_size > ReplLimits.maxHistoryFileBytes {
                return "it holds \(info.st_size) bytes, more than the \(ReplLimits.maxHistoryFileBytes) a history file may (ReplLimits.maxHistoryFileBytes)"
            }
            return nil
        case S_IFLNK: return "it is a symbolic link; history is kept only in a regular file"
        default: return "it is not a regular file"
        }
    }

    /// Writes the history through `.NAME.PID.tmp` beside `path`, renamed over it. Returns the
    /// system's reason on failure.
    static func save(to path: String, writer: (String) -> Int32) -> String? {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(getpid()).tmp"
        let registration = TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister(registration) }
        unlink(temporary)
        let status = writer(temporary)
        guard status == 0 else {
            unlink(temporary)
            return String(cString: strerror(status))
        }
        _ = chmod(temporary, 0o600)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return reason
        }
        return nil
    }
}
