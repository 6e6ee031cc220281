import Foundation

/// Writes a run's reports into one directory: index.html, report.md and the figure files.
/// Nothing is written outside that directory, and every file is replaced atomically.
public struct ReportWriter {
    public static let htmlFileName = "index.html"
    public static let markdownFileName = "report.md"

    public let directory: String
    /// Names the tool in the HTML footer (`wwn 0.1.0`).
    public var generator: String?

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

    /// Checks, before anything runs, that the reports can go to `directory`: it is a directory
    /// or does not exist yet, and no report file would overwrite the notebook itself.
    public func validate(for notebook: Notebook) throws {
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
    }

    /// Writes the reports (creating the directory if needed) and returns the files written.
    @discardableResult
    public func write(_ run: NotebookRun) throws -> [String] {
        try validate(for: run.notebook)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "cannot create the report directory '\(directory)': \(error.localizedDescription)")
        }
        var written: [String] = []
        let figures = try placeFigures(of: run, written: &written)
        var html = HTMLReport(run: run, figures: figures)
        html.generator = generator
        let markdown = MarkdownReport(run: run, figures: figures)
        do {
            try AtomicFile.write(Data(markdown.render().utf8), to: path(of: Self.markdownFileName))
            written.append(path(of: Self.markdownFileName))
            try AtomicFile.write(Data(html.render().utf8), to: path(of: Self.htmlFileName))
            written.append(path(of: Self.htmlFileName))
        } catch {
            throw Failure(message: "\(error)")
        }
        return written
    }

    private func path(of name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Figures already in the report directory are linked where they are; others are copied
    /// beside the report so report.md's links work wherever the directory is moved.
    private func placeFigures(of run: NotebookRun, written: inout [String]) throws -> [String: ReportFigure] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path + "/"
        var figures: [String: ReportFigure] = [:]
        var usedNames: Set<String> = [Self.htmlFileName, Self.markdownFileName]
        for result in run.cells {
            for case .figure(let original) in result.outputs where figures[original] == nil {
                let absolute = URL(fileURLWithPath: original).standardizedFileURL.path
                if absolute.hasPrefix(root) {
                    let link = String(absolute.dropFirst(root.count))
                    usedNames.insert(link)
                    figures[original] = ReportFigure(file: absolute, link: link)
                    continue
                }
                guard let data = FileManager.default.contents(atPath: original) else { continue }
                let name = uniqueName((original as NSString).lastPathComponent, avoiding: &usedNames)
                do {
                    try AtomicFile.write(data, to: path(of: name))
                } catch {
                    throw Failure(message: "\(error)")
                }
                written.append(path(of: name))
                figures[original] = ReportFigure(file: path(of: name), link: name)
            }
        }
        return figures
    }

    private func uniqueName(_ name: String, avoiding used: inout Set<String>) -> String {
        var candidate = name
        var counter = 2
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        while used.contains(candidate) {
            candidate = ext.isEmpty ? "\(stem)-\(counter)" : "\(stem)-\(counter).\(ext)"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }
}
