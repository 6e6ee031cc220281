import CSignals
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Limits of the file-system built-ins, with their reasons.
public enum FileLimits {
    /// Most paths one `glob` returns: a pattern is meant to find a handful of files (a model in
    /// some site-packages folder); a pattern matching more than this is almost always too broad
    /// (`/*/*/*`) and would build a list of millions of strings.
    public static let maxGlobMatches = 100_000
    /// Most directory entries one `glob` reads: a second or two of listing. Without `**` a
    /// pattern still walks every level it has a wildcard for, and `/*/*/*/*/*/*/*/*` reads
    /// over a hundred million entries (minutes, and gigabytes of paths) before matching ends.
    public static let maxGlobEntries = 2_000_000
    /// Longest pattern or path accepted, as on Linux (`PATH_MAX`): a longer one cannot name a file.
    public static let maxPathBytes = 4096
}

extension Registry {
    /// Finding files and reading the environment, so a script can locate inputs (a model a Python
    /// package installed, a data set) without running another program.
    func defineFiles() {
        category("Files", doc: "Finding files and reading the environment, so a script can locate its inputs (a model installed by a Python package, a data file) itself. Paths are relative to the current directory; a leading `~` is the home directory.")
        define("exists(path) -> bool", category: "Files",
               doc: "True when a file or directory exists at `path` (a leading `~` is the home directory; a relative path is relative to the current directory). A broken symbolic link does not exist.") { call in
            let path = try Self.checkedPath(call.string(0), argument: "path")
            return .bool(FileManager.default.fileExists(atPath: (path as NSString).expandingTildeInPath))
        }
        define("glob(pattern) -> list", category: "Files",
               doc: "The paths of existing files and directories that match a shell wildcard pattern, sorted: `*` matches any characters and `?` one character within a path component, `[abc]` one of a set; a leading `~` is the home directory. `glob(\"~/.local/lib/python3*/site-packages\")` lists every such folder. No match gives an empty list; directories that cannot be read are skipped. There is no recursive `**`. A pattern that would read more than 2,000,000 directory entries (such as `/*/*/*/*/*/*`) is an error, and Ctrl-C stops a long search. A match whose name is not valid UTF-8 is an error, since a wwn string cannot hold it.") { call in
            let pattern = try Self.checkedPath(call.string(0), argument: "pattern")
            let matches = try Self.expandGlob(pattern, interpreter: call.interpreter)
            return .list(ListObject(matches.map { .string($0) }))
        }
        define("getenv(name, default = nil) -> value", category: "Files",
               doc: "The value of the environment variable `name` as a string, or `default` (nil unless given) when it is not set, e.g. `getenv(\"VIRTUAL_ENV\")` for the active Python environment.") { call in
            let name = try call.string(0)
            guard !name.isEmpty, !name.contains("=") else {
                throw BuiltinError("argument 'name' must be a non-empty name without '=', got \(ValueFormatter.repr(.string(name)))")
            }
            if let value = ProcessInfo.processInfo.environment[name] { return .string(value) }
            return call.value(1)
        }
    }

    static func checkedPath(_ path: String, argument: String) throws -> String {
        guard !path.isEmpty else { throw BuiltinError("argument '\(argument)' must be a non-empty path") }
        guard path.utf8.count <= FileLimits.maxPathBytes else {
            throw BuiltinError("argument '\(argument)' is \(path.utf8.count) bytes long, more than the \(FileLimits.maxPathBytes) a path can have")
        }
        guard !path.contains("\0") else { throw BuiltinError("argument '\(argument)' must not contain a NUL character") }
        return path
    }

    /// The C library's glob (through `wwn_glob`, which Ctrl-C and an entry budget can stop):
    /// the shell's own matching rules, with `~` expanded. Its order depends on the locale's
    /// collation, so the paths are sorted here by their bytes instead, which gives the same list
    /// on every machine.
    private static func expandGlob(_ pattern: String, interpreter: Interpreter) throws -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        var stopped: Int32 = 0
        let status = wwn_glob(pattern, GLOB_TILDE | GLOB_NOSORT, FileLimits.maxGlobEntries, &result, &stopped)
        switch stopped {
        case Int32(WWN_GLOB_INTERRUPTED):
            try interpreter.checkInterrupt()
            throw BuiltinError("interrupted")  // the flag was taken meanwhile; the list is partial either way
        case Int32(WWN_GLOB_TOO_MANY_ENTRIES):
            throw BuiltinError("\(ValueFormatter.repr(.string(pattern))) makes glob read more than \(FileLimits.maxGlobEntries) directory entries; use a narrower pattern")
        default: break
        }
        switch status {
        case 0: break
        case GLOB_NOMATCH: return []
        case GLOB_NOSPACE: throw BuiltinError("out of memory while matching \(ValueFormatter.repr(.string(pattern)))")
        default: return []  // GLOB_ABORTED cannot happen without GLOB_ERR: unreadable folders are skipped.
        }
        let count = Int(result.gl_pathc)
        guard count <= FileLimits.maxGlobMatches else {
            throw BuiltinError("\(ValueFormatter.repr(.string(pattern))) matches \(count) paths, more than the \(FileLimits.maxGlobMatches) allowed; use a narrower pattern")
        }
        var paths: [String] = []
        paths.reserveCapacity(count)
        for i in 0..<count {
            guard let cString = result.gl_pathv[i] else { continue }
            // A name that is not UTF-8 would come back with U+FFFD in it: a path that does not exist.
            guard let path = String(validatingCString: cString) else {
                throw BuiltinError("\(ValueFormatter.repr(.string(pattern))) matches \(ValueFormatter.repr(.string(String(cString: cString)))), whose name is not valid UTF-8, which a wwn string cannot hold; rename the file or use a narrower pattern")
            }
            paths.append(path)
        }
        // A trailing slash matches directories only, as in the shell; glibc returns the file
        // "a.txt" for the wildcard-free "a.txt/" (but nothing for "a*.txt/").
        if pattern.hasSuffix("/") {
            paths = paths.filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
