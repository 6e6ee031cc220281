import Foundation

/// The list of files a report owns, kept beside them as `.wwn-report.json`.
///
/// `wwn run -o DIR` writes into a folder that may hold the user's own files (an existing
/// `figure-1.png` of theirs was once replaced). The manifest is how a later run tells its own
/// files from everything else: it replaces and removes only the files listed here, and a folder
/// with no manifest of this notebook is not written into without `--force`.
struct ReportManifest: Codable, Equatable {
    static let fileName = ".wwn-report.json"

    /// The notebook's file name (`quickstart.wwn`): a rerun from another working directory
    /// or with another relative path is still the same notebook's report.
    var notebook: String
    /// Plain file names inside the report folder.
    var files: [String]
    var generator: String?

    /// The manifest in `directory`, or nil when there is none or it is not one wwn wrote
    /// (unreadable, too large, or naming anything but plain files in the folder).
    static func read(in directory: String) -> ReportManifest? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= NotebookLimits.maxManifestBytes,
              let data = FileManager.default.contents(atPath: path),
              let manifest = try? JSONDecoder().decode(ReportManifest.self, from: data),
              manifest.files.allSatisfy(isPlainName) else { return nil }
        return manifest
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// A name that stays inside the folder: no separator, not `.`/`..`, not hidden.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.hasPrefix(".") && !name.contains("\0")
    }

    /// The files of this manifest that are still regular files of the report in `directory`
    /// (one the user replaced by a folder or a link is theirs now).
    func ownedFiles(in directory: String) -> Set<String> {
        Set(files.filter { ReportDestination.isRegularFile((directory as NSString).appendingPathComponent($0)) })
    }
}
