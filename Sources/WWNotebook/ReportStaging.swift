import Foundation

/// The folder inside the report folder where a run's figures are drawn as they are made
/// (`DIR/.wwn-staging-PID-XXXXXXXX`). Figures used to wait under the system's temporary folder
/// until the report was written, where a temp cleaner could delete them in the middle of a long
/// run; here they sit beside the report they belong to, and the writer moves them into place.
public final class ReportStaging {
    static let prefix = ".wwn-staging-"

    /// The staging folder; figures are drawn into it.
    public let path: String
    /// Folders made for the report that did not exist before (removed again if the run is
    /// abandoned before writing anything, as after a usage error).
    private let createdFolders: [String]

    /// Makes the report folder (and its parents) if needed, and a new staging folder in it.
    init(directory: String) throws {
        var missing: [String] = []
        var folder = URL(fileURLWithPath: directory).standardizedFileURL.path
        while !ReportDestination.exists(folder), folder != "/" {
            missing.append(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportWriter.Failure(message: "cannot create the report directory '\(directory)': \(error.localizedDescription)")
        }
        createdFolders = missing
        let name = "\(Self.prefix)\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        path = (directory as NSString).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReportWriter.Failure(message: "cannot create a staging folder in '\(directory)': \(error.localizedDescription)")
        }
    }

    /// The staging folders in `directory` left by runs that were killed outright (SIGKILL, a
    /// power cut): named as this class names them, for a process that no longer exists.
    static func abandonedFolders(in directory: String) -> [String] {
        (ReportDestination.entries(of: directory) ?? []).filter { name in
            guard name.hasPrefix(prefix) else { return false }
            let parts = name.dropFirst(prefix.count).split(separator: "-")
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, parts[1].count == 8,
                  parts[1].allSatisfy(\.isHexDigit) else { return false }
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        }
    }

    /// Whether `name` is a staging folder of some run (for the folder's emptiness check).
    static func isStagingName(_ name: String) -> Bool {
        name.hasPrefix(prefix)
    }

    /// Removes the staging folder and whatever is still in it (figures not moved into place).
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Removes the staging folder, and the report folders this run made if they are empty:
    /// nothing is left of a run that never wrote a report.
    public func abandon() {
        remove()
        for folder in createdFolders { rmdir(folder) }
    }
}
