import Foundation
import WWBase

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

    /// Writes through WWBase's ``AtomicFileWriter`` (a temporary file beside `path`, moved into
    /// place; `link` without `overwrite`, so a file that appeared meanwhile is not clobbered
    /// either), with the figure's wording of each failure.
    static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        do {
            try AtomicFileWriter(path: path, mode: overwrite ? .replace : .createNew, permissions: 0o644).write(data)
        } catch let error as AtomicWriteError {
            switch error {
            case .alreadyExists:
                throw PlotError("'\(path)' already exists; pass overwrite: true to replace it")
            case .cannotCreateTemporaryFile, .cannotWrite, .cannotFlush:
                throw PlotError("cannot write '\(path)': creating a file in '\(directory(of: path))' failed (permissions or disk space?)")
            case .cannotMoveIntoPlace(let reason):
                throw PlotError("cannot write '\(path)': \(reason)")
            }
        }
    }

    private static func directory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}
