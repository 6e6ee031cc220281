import Foundation
import WWBase

/// The notebook's atomic writes (reports, figures, `wwn check --update`): WWBase's
/// ``AtomicFileWriter`` with the notebook's error message, "cannot write 'PATH': REASON".
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// Replaces `path` with `data`. `mode` sets the permissions exactly (e.g. those of the file
    /// being replaced); new files get 0644.
    static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        do {
            try AtomicFileWriter(path: path, mode: .replace, permissions: mode).write(data)
        } catch let error as AtomicWriteError {
            throw WriteError(path: path, reason: error.reason)
        }
    }

    /// The permission bits of an existing file, so a rewrite keeps them.
    static func permissions(of path: String) -> mode_t? {
        AtomicFileWriter.permissions(of: path)
    }
}
