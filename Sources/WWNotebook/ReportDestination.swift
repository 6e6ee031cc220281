import Foundation

/// Where a report may go: the rules `wwn run -o DIR` checks before anything runs.
///
/// - not a system folder: `/`, a top-level folder (`/usr`, `/root`, `/tmp` itself) or anything
///   under the operating system's own trees, even with `--force`;
/// - a folder that is new, empty, or a previous report of the same notebook (its manifest
///   says so); any other non-empty folder only with `--force`, and even then no file the
///   report does not own is replaced (a report file name taken by the user's file is refused).
enum ReportDestination {
    /// Top-level folders of the operating system; nothing below them is a report folder.
    static let systemRoots: Set<String> = ["bin", "boot", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc",
                                           "run", "sbin", "sys", "usr"]

    struct Refusal: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The folder as an absolute path with symbolic links resolved (as far as it exists).
    static func resolved(_ directory: String) -> String {
        URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Refuses a system folder.
    static func checkNotSystem(_ directory: String) throws {
        let components = resolved(directory).split(separator: "/").map(String.init)
        if components.count <= 1 || systemRoots.contains(components[0]) {
            throw Refusal(message: "refusing to write a report into '\(directory)': it is a system folder (or a top-level one); choose a folder of your own with -o")
        }
    }

    /// The entries of an existing folder (nil when it does not exist).
    static func entries(of directory: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: directory)
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
