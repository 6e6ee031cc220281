import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a user's file: never half-written, never replacing a file unless asked.
enum OutputFile {
    /// Fails early (before drawing) when `path` cannot be written.
    static func checkWritable(_ path: String, overwrite: Bool) throws {
        guard !path.isEmpty else { throw PlotError("the file name is empty") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw PlotError("'\(path)' is a directory; give a file name such as '\(path)/figure.png'") }
            if !overwrite { throw PlotError("'\(path)' already exists; pass overwrite: true to replace it") }
        }
        let parent = directory(of: path)
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PlotError("cannot write '\(path)': the directory '\(parent)' does not exist")
        }
    }

    /// Writes a temporary file beside `path`, then moves it into place: `rename` when
    /// replacing is allowed, else `link` (which fails if the name exists, so a file that
    /// appeared meanwhile is not clobbered either).
    static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        let parent = directory(of: path)
        let name = (path as NSString).lastPathComponent
        let temporary = (parent as NSString).appendingPathComponent(".\(name).wwn-\(UUID().uuidString.prefix(8)).tmp")
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o644]) else {
            throw PlotError("cannot write '\(path)': creating a file in '\(parent)' failed (permissions or disk space?)")
        }
        defer { unlink(temporary) }
        if overwrite {
            guard rename(temporary, path) == 0 else {
                throw PlotError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            return
        }
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { throw PlotError("'\(path)' already exists; pass overwrite: true to replace it") }
            // File systems without hard links: check, then rename (a small window remains).
            guard !FileManager.default.fileExists(atPath: path), rename(temporary, path) == 0 else {
                throw PlotError("cannot write '\(path)': \(String(cString: strerror(code)))")
            }
        }
    }

    private static func directory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}
