import Foundation
import WWSyntax

/// Writes a run's reports into one directory: index.html, report.md, the figure files and the
/// manifest of the files the report owns (see ``ReportManifest``). Nothing is written outside
/// that directory, every file is replaced atomically, and no file the report does not own is
/// ever replaced or removed.
public struct ReportWriter {
    public static let htmlFileName = "index.html"
    public static let markdownFileName = "report.md"

    public let directory: String
    /// Names the tool in the HTML footer (`wwn 0.1.0`).
    public var generator: String?
    /// `--force`: write into a non-empty folder that is not a previous report of the notebook
    /// (beside its files; none of them is replaced).
    public var force = false

    public init(directory: String, generator: String? = nil) {
        self.directory = directory
        self.generator = generator
    }

    /// `out/<notebook stem>` in the current directory: the default of `wwn run`.
    public static func defaultDirectory(for notebook: Notebook) -> String {
        "out/\(notebook.name)"
    }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Checks, before anything runs, that the reports can go to `directory` (see
    /// ``ReportDestination``): not a system folder; a folder, new, empty or a previous report of
    /// this notebook (or anything with `force`); no report file would replace the notebook or a
    /// file the report does not own.
    public func validate(for notebook: Notebook) throws {
        guard !directory.isEmpty else { throw Failure(message: "the report directory name is empty") }
        do { try ReportDestination.checkNotSystem(directory) } catch let refusal as ReportDestination.Refusal {
            throw Failure(message: refusal.message)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Failure(message: "cannot write the report to '\(directory)': it exists and is not a directory")
        }
        let source = URL(fileURLWithPath: notebook.path).standardizedFileURL.resolvingSymlinksInPath().path
        for name in [Self.htmlFileName, Self.markdownFileName] {
            let target = URL(fileURLWithPath: path(of: name)).standardizedFileURL.resolvingSymlinksInPath().path
            if target == source {
                throw Failure(message: "the report file '\(path(of: name))' would overwrite the notebook; choose another directory with -o")
            }
        }
        // Staging folders (this run's, or one a killed run left) are wwn's own, not content.
        guard let entries = ReportDestination.entries(of: directory)?.filter({ !ReportStaging.isStagingName($0) }),
              !entries.isEmpty else { return }
        let owned = previousReport(of: notebook)?.ownedFiles(in: directory)
        if owned == nil && !force {
            throw Failure(message: "'\(directory)' is not empty and holds no earlier report of '\((notebook.path as NSString).lastPathComponent)'; "
                          + "choose a new or empty folder with -o, or pass --force to write the report beside its files (none of them is replaced)")
        }
        for name in [Self.htmlFileName, Self.markdownFileName, ReportManifest.fileName]
        where ReportDestination.exists(path(of: name)) && !(owned ?? []).contains(name) && name != ReportManifest.fileName {
            throw Failure(message: "'\(path(of: name))' is not a file of an earlier report; wwn does not replace it (move it, or choose another folder with -o)")
        }
        if ReportDestination.exists(path(of: ReportManifest.fileName)), owned == nil {
            throw Failure(message: "'\(path(of: ReportManifest.fileName))' is not the manifest of an earlier report of this notebook; wwn does not replace it")
        }
    }

    /// The manifest of an earlier report of `notebook` in the folder, if there is one.
    private func previousReport(of notebook: Notebook) -> ReportManifest? {
        guard let manifest = ReportManifest.read(in: directory),
              manifest.notebook == (notebook.path as NSString).lastPathComponent else { return nil }
        return manifest
    }

    /// Makes the folder and its staging folder, where the run's figures are drawn.
    public func prepareStaging() throws -> ReportStaging {
        try ReportStaging(directory: directory)
    }

    /// Writes the reports and returns the files written. Figures are moved from `staging` (or
    /// copied, when they were drawn elsewhere) into the folder; a figure whose file is gone
    /// makes its cell a failed one, in the run and in the report, so a report never claims
    /// success with a figure missing.
    @discardableResult
    public func write(_ run: inout NotebookRun, staging: ReportStaging? = nil) throws -> [String] {
        defer { staging?.remove() }
        try validate(for: run.notebook)
        if staging == nil {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw Failure(message: "cannot create the report directory '\(directory)': \(error.localizedDescription)")
            }
        }
        let previous = previousReport(of: run.notebook)?.ownedFiles(in: directory) ?? []
        var written: [String] = []
        let figures = try placeFigures(of: &run, owned: previous, written: &written)
        var html = HTMLReport(run: run, figures: figures)
        html.generator = generator
        let markdown = MarkdownReport(run: run, figures: figures)
        let manifest = ReportManifest(notebook: (run.notebook.path as NSString).lastPathComponent,
                                      files: written.map { ($0 as NSString).lastPathComponent } + [Self.markdownFileName, Self.htmlFileName],
                                      generator: generator)
        do {
            try AtomicFile.write(Data(markdown.render().utf8), to: path(of: Self.markdownFileName))
            written.append(path(of: Self.markdownFileName))
            try AtomicFile.write(Data(html.render().utf8), to: path(of: Self.htmlFileName))
            written.append(path(of: Self.htmlFileName))
            try AtomicFile.write(try manifest.encoded(), to: path(of: ReportManifest.fileName))
        } catch {
            throw Failure(message: "\(error)")
        }
        // Figures of the earlier report that this one no longer has: its own files, so removed;
        // and the figures of runs killed before they could write their report.
        for name in previous.subtracting(manifest.files) { unlink(path(of: name)) }
        for name in ReportStaging.abandonedFolders(in: directory) { try? FileManager.default.removeItem(atPath: path(of: name)) }
        return written
    }

    private func path(of name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Moves or copies each figure to a name in the folder that is free or the earlier
    /// report's own, and marks the cells whose figure file has disappeared as failed.
    private func placeFigures(of run: inout NotebookRun, owned: Set<String>, written: inout [String]) throws -> [String: ReportFigure] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path + "/"
        var figures: [String: ReportFigure] = [:]
        var usedNames: Set<String> = [Self.htmlFileName, Self.markdownFileName, ReportManifest.fileName]
        for index in run.cells.indices {
            for case .figure(let original, _) in run.cells[index].outputs where figures[original] == nil {
                guard ReportDestination.isRegularFile(original) else {
                    markFigureMissing(original, in: &run.cells[index])
                    continue
                }
                let absolute = URL(fileURLWithPath: original).standardizedFileURL.path
                let folder = (absolute as NSString).deletingLastPathComponent
                let isStaged = run.figureStaging.map { URL(fileURLWithPath: $0).standardizedFileURL.path == folder } ?? false
                if !isStaged, absolute.hasPrefix(root) {
                    // A figure the notebook itself saved into the report folder: linked where
                    // it is, and not the report's to replace or remove later.
                    let link = String(absolute.dropFirst(root.count))
                    usedNames.insert(link)
                    figures[original] = ReportFigure(file: absolute, link: link)
                    continue
                }
                let name = freeName((original as NSString).lastPathComponent, owned: owned, used: &usedNames)
                let target = path(of: name)
                if isStaged {
                    guard rename(original, target) == 0 else {
                        throw Failure(message: "cannot move the figure '\(original)' to '\(target)': \(String(cString: strerror(errno)))")
                    }
                } else {
                    guard let data = FileManager.default.contents(atPath: original) else {
                        markFigureMissing(original, in: &run.cells[index])
                        continue
                    }
                    do { try AtomicFile.write(data, to: target) } catch { throw Failure(message: "\(error)") }
                }
                written.append(target)
                figures[original] = ReportFigure(file: target, link: name)
            }
        }
        return figures
    }

    /// A cell whose figure is gone has failed: the report cannot show what it made.
    private func markFigureMissing(_ path: String, in result: inout CellResult) {
        var diagnostic = Diagnostic(.runtime, "the figure file '\(path)' disappeared before the report was written", file: nil, at: nil)
        diagnostic.cell = result.cell.label
        switch result.status {
        case .succeeded: result.status = .failed(diagnostic)
        default: break
        }
    }

    /// `name`, or `stem-2.ext`, ...: the first that is neither used by this report nor a file
    /// in the folder that the earlier report did not own.
    private func freeName(_ name: String, owned: Set<String>, used: inout Set<String>) -> String {
        var candidate = name
        var counter = 2
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        while used.contains(candidate) || (ReportDestination.exists(path(of: candidate)) && !owned.contains(candidate)) {
            candidate = ext.isEmpty ? "\(stem)-\(counter)" : "\(stem)-\(counter).\(ext)"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }
}
