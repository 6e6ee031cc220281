import Foundation
import WWBase

extension FileLimits {
    /// Largest file `read_text` reads (100 MB, the longest string the runtime builds, see
    /// `RuntimeLimits.maxStringBytes`): the text is held whole in memory, and a larger file is
    /// almost always data (a model, a data set) that has its own loader.
    public static let maxTextFileBytes = RuntimeLimits.maxStringBytes
    /// Most entries `list_dir` returns: a folder of a million files is not one a script walks
    /// by name, and listing it would build a list of millions of strings.
    public static let maxDirectoryEntries = 1_000_000
}

extension Registry {
    /// Reading and writing whole text files and listing folders, so a study can keep its own
    /// notes, configuration and results next to it.
    func defineTextFiles() {
        define("read_text(path) -> string", category: "Files",
               doc: "The whole content of the text file at `path` (UTF-8; a leading `~` is the home directory). A missing file, a directory, a file that is not UTF-8 or one larger than 100 MB is an error naming the path.") { call in
            let path = try Self.expandedPath(call.string("path"), argument: "path")
            return .string(try Self.readText(at: path))
        }
        define("write_text(path, text, overwrite = false)", category: "Files",
               doc: "Writes the string `text` to the file at `path` as UTF-8, atomically: readers see the old content or the new, never part of it. An existing file is an error unless `overwrite` is true, so a study never replaces a result by accident. The folder must exist.") { call in
            let path = try Self.expandedPath(call.string("path"), argument: "path")
            let text = try call.string("text")
            try Self.writeText(text, to: path, overwrite: call.bool("overwrite"))
            return .nil
        }
        define("list_dir(path) -> list", category: "Files",
               doc: "The names (not paths) of the entries of the folder at `path`, hidden ones included, sorted by their bytes so every machine gives the same order. Join a name to its folder with `path ++ \"/\" ++ name`. A missing path or a file is an error naming it.") { call in
            let path = try Self.expandedPath(call.string("path"), argument: "path")
            return .list(ListObject(try Self.directoryEntries(at: path).map { .string($0) }))
        }
        define("is_dir(path) -> bool", category: "Files",
               doc: "True when a directory (or a symbolic link to one) exists at `path`; false for a file or nothing.") { call in
            let path = try Self.expandedPath(call.string("path"), argument: "path")
            return .bool(Self.isDirectory(path))
        }
    }

    /// A checked path with a leading `~` expanded, as `exists` and `glob` read paths.
    static func expandedPath(_ path: String, argument: String) throws -> String {
        (try checkedPath(path, argument: argument) as NSString).expandingTildeInPath
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func readText(at path: String) throws -> String {
        let quoted = ValueFormatter.repr(.string(path))
        guard FileManager.default.fileExists(atPath: path) else { throw BuiltinError("cannot read \(quoted): no such file") }
        guard !isDirectory(path) else { throw BuiltinError("cannot read \(quoted): it is a directory; list it with list_dir") }
        // The size is checked before reading, so a huge file is refused without loading it.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= FileLimits.maxTextFileBytes else {
            throw BuiltinError("cannot read \(quoted): it is \(size) bytes, more than the \(FileLimits.maxTextFileBytes) a text file may have")
        }
        if let problem = RegularFile.problem(at: path) { throw BuiltinError("cannot read \(quoted): it \(problem)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuiltinError("cannot read \(quoted): it cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BuiltinError("cannot read \(quoted): the file is not UTF-8 text")
        }
        return text
    }

    private static func writeText(_ text: String, to path: String, overwrite: Bool) throws {
        let quoted = ValueFormatter.repr(.string(path))
        if isDirectory(path) { throw BuiltinError("cannot write \(quoted): it is a directory") }
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw BuiltinError("cannot write \(quoted): the file already exists; pass overwrite: true to replace it")
        }
        do {
            try AtomicFileWriter(path: path, mode: overwrite ? .replace : .createNew).write(Data(text.utf8))
        } catch let error as AtomicWriteError {
            switch error {
            case .alreadyExists:
                throw BuiltinError("cannot write \(quoted): the file already exists; pass overwrite: true to replace it")
            case .cannotCreateTemporaryFile(let reason):
                let directory = (path as NSString).deletingLastPathComponent
                let folder = directory.isEmpty ? "the current directory" : ValueFormatter.repr(.string(directory))
                throw BuiltinError("cannot write \(quoted): cannot create a file in \(folder): \(reason)")
            case .cannotWrite(let reason), .cannotFlush(let reason), .cannotMoveIntoPlace(let reason):
                throw BuiltinError("cannot write \(quoted): \(reason)")
            }
        }
    }

    private static func directoryEntries(at path: String) throws -> [String] {
        let quoted = ValueFormatter.repr(.string(path))
        guard FileManager.default.fileExists(atPath: path) else { throw BuiltinError("cannot list \(quoted): no such directory") }
        guard isDirectory(path) else { throw BuiltinError("cannot list \(quoted): it is a file, not a directory") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw BuiltinError("cannot list \(quoted): permission denied or unreadable")
        }
        guard names.count <= FileLimits.maxDirectoryEntries else {
            throw BuiltinError("cannot list \(quoted): it has \(names.count) entries, more than the \(FileLimits.maxDirectoryEntries) allowed")
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
