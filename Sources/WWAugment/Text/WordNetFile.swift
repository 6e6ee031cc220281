import Foundation

/// Opening WordNet's files, with the errors a user can act on: a missing file names the
/// directory and the Debian package, an oversized one names its size and the limit.
enum WordNetFile {
    static func path(_ name: String, in directory: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// The whole file (index and exception files, a few MB at most).
    static func contents(_ name: String, in directory: String) throws -> [UInt8] {
        let handle = try open(name, in: directory)
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        guard size <= UInt64(WordNetLimits.maxIndexFileBytes) else {
            throw WordNetError.malformed(file: path(name, in: directory), location: "size",
                                         reason: "\(size) bytes is more than the \(WordNetLimits.maxIndexFileBytes) an index or exception file may have")
        }
        do {
            try handle.seek(toOffset: 0)
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw WordNetError.malformed(file: path(name, in: directory), location: "reading", reason: "\(error.localizedDescription)")
        }
    }

    /// A handle for reading synset lines by byte offset.
    static func open(_ name: String, in directory: String) throws -> FileHandle {
        let full = path(name, in: directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw WordNetError.missingFile(directory: directory, file: name)
        }
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw WordNetError.malformed(file: full, location: "opening", reason: "the file cannot be read (permissions?)")
        }
        return handle
    }
}
