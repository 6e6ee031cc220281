import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The image files of a data set on disk and their labels, in the order torchvision's
/// `ImageFolder` lists them.
public struct ImageFolderListing: Sendable {
    public var files: [String]
    public var labels: [Int]
    public var classNames: [String]
    /// Files left out because their extension is not an image's (notes, `.DS_Store`, ...).
    public var skipped: Int

    /// The extensions torchvision's ImageFolder takes (IMG_EXTENSIONS), lowercased. Files with
    /// others are skipped, as there; of these, PNG and JPEG files are decoded, and a file of
    /// another format is an error naming it (rather than a silent gap in a class).
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "ppm", "bmp", "pgm", "tif", "tiff", "webp"]

    /// `root/<class>/.../<image>`: one class per folder of `root`, numbered in code-point order
    /// of the folder names (Python's `sorted`); each class's images are found in all its nested
    /// folders, symbolic links followed, listed folder by folder in code-point order of their
    /// paths and by name within a folder (torchvision's `sorted(os.walk(...))`). Names starting
    /// with "." are ignored (torchvision would make `.ipynb_checkpoints` a class).
    /// - Throws: ``DataFileError`` for a missing or unreadable folder, a class with no image
    ///   (naming it), a symbolic-link loop, or more than ``DataLimits/maxSamples`` images.
    public static func classFolders(_ root: String) throws -> ImageFolderListing {
        let classNames = try entries(of: root).filter { try isDirectory(join(root, $0)) }
        guard !classNames.isEmpty else {
            throw DataFileError(root, "has no class folders; an image folder holds one folder per class (root/<class>/<image>), or give labels: a CSV file for a flat folder")
        }
        guard classNames.count <= DataLimits.maxClasses else {
            throw DataFileError(root, "has \(classNames.count) folders, more than \(DataLimits.maxClasses) classes (DataLimits.maxClasses)")
        }
        var listing = ImageFolderListing(files: [], labels: [], classNames: classNames, skipped: 0)
        for (label, name) in classNames.enumerated() {
            var folders: [(path: String, files: [String])] = []
            try walk(join(root, name), ancestors: [], depth: 0, into: &folders)
            folders.sort { codePointsPrecede($0.path, $1.path) }
            let before = listing.files.count
            for folder in folders {
                for file in folder.files {
                    guard imageExtensions.contains((file as NSString).pathExtension.lowercased()) else {
                        listing.skipped += 1
                        continue
                    }
                    listing.files.append(join(folder.path, file))
                    listing.labels.append(label)
                }
            }
            guard listing.files.count > before else {
                throw DataFileError(join(root, name), "class \"\(name)\" has no image files (.jpg, .jpeg or .png); remove the folder or add its images")
            }
            try DataLimits.checkSampleCount(listing.files.count, what: root)
        }
        return listing
    }

    /// A flat folder of images labelled by a CSV table with a header: `fileColumn` holds each
    /// image's path relative to `root`, `labelColumn` its class; classes are numbered by `order`.
    public static func flatFolder(_ root: String, labelsFile: String, fileColumn: String = "file", labelColumn: String = "label",
                                  order: ClassOrder = .sorted) throws -> ImageFolderListing {
        guard try isDirectory(root) else { throw DataFileError(root, "is not a folder") }
        let bytes = try FileBytes.read(labelsFile)
        var rows = try CSVReader(path: labelsFile, delimiter: CSVReader.delimiter(forPath: labelsFile)).rows(bytes)
        guard let header = rows.first?.fields else { throw DataFileError(labelsFile, "the file has no rows") }
        rows.removeFirst()
        let fileAt = try ColumnReference.name(fileColumn).position(in: header, width: header.count, path: labelsFile, role: "file")
        let labelAt = try ColumnReference.name(labelColumn).position(in: header, width: header.count, path: labelsFile, role: "label")
        try DataLimits.checkSampleCount(rows.count, what: labelsFile)
        var files: [String] = []
        var labels: [String] = []
        for row in rows {
            guard row.fields.count == header.count else {
                throw DataFileError(labelsFile, at: .line(row.line), "\(row.fields.count) fields, but the header has \(header.count)")
            }
            let (file, label) = (row.fields[fileAt], row.fields[labelAt].trimmingCharacters(in: .whitespaces))
            guard !file.isEmpty, !label.isEmpty else { throw DataFileError(labelsFile, at: .line(row.line), "the file name or the label is empty") }
            guard !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                throw DataFileError(labelsFile, at: .line(row.line), "\"\(file)\" is not a path inside the image folder (absolute, or with ..)")
            }
            files.append(join(root, file))
            labels.append(label)
        }
        guard !files.isEmpty else { throw DataFileError(labelsFile, "lists no images") }
        let classes = try order.classes(of: labels)
        return ImageFolderListing(files: files, labels: classes.indices, classNames: classes.names, skipped: 0)
    }

    /// Collects every folder below `path` (itself included) with its file names, following
    /// symbolic links; a link back to a folder on the current path is a loop.
    private static func walk(_ path: String, ancestors: [(dev_t, ino_t)], depth: Int, into folders: inout [(path: String, files: [String])]) throws {
        guard depth <= ImageLimits.maxFolderDepth else {
            throw DataFileError(path, "is more than \(ImageLimits.maxFolderDepth) folders deep (ImageLimits.maxFolderDepth): a loop of links or mounts?")
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw DataFileError(path, "cannot be examined: \(String(cString: strerror(errno)))") }
        if ancestors.contains(where: { $0.0 == info.st_dev && $0.1 == info.st_ino }) {
            throw DataFileError(path, "is a symbolic link loop: it leads back to a folder that contains it")
        }
        var files: [String] = []
        for name in try entries(of: path) {
            let child = join(path, name)
            if try isDirectory(child) {
                try walk(child, ancestors: ancestors + [(info.st_dev, info.st_ino)], depth: depth + 1, into: &folders)
            } else {
                files.append(name)
            }
        }
        folders.append((path, files))
    }

    /// The names in a folder, hidden ones left out, in code-point order.
    private static func entries(of folder: String) throws -> [String] {
        guard try isDirectory(folder) else { throw DataFileError(folder, "is not a folder") }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted(by: codePointsPrecede)
        } catch {
            throw DataFileError(folder, "cannot be listed (\(error.localizedDescription))")
        }
    }

    /// Whether `path` is a folder, following links; a dangling link or an `ELOOP` is an error.
    private static func isDirectory(_ path: String) throws -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR }
        switch errno {
        case ELOOP: throw DataFileError(path, "is a symbolic link loop (too many levels of links)")
        case ENOENT:
            var link = stat()
            if lstat(path, &link) == 0 { throw DataFileError(path, "is a symbolic link to nothing (dangling)") }
            throw DataFileError(path, "does not exist")
        default: throw DataFileError(path, "cannot be examined: \(String(cString: strerror(errno)))")
        }
    }

    private static func join(_ folder: String, _ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    /// Python's string order (code points), not Swift's (canonical equivalence).
    static func codePointsPrecede(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.map(\.value).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
    }
}
