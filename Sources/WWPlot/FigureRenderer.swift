import Foundation
import WWBase

/// Draws figures with gnuplot: into memory, or into a file written atomically.
public struct FigureRenderer: Sendable {
    public let gnuplot: Gnuplot

    public init(gnuplot: Gnuplot) {
        self.gnuplot = gnuplot
    }

    /// A renderer with the gnuplot found by `Gnuplot.locate()`.
    public static func locate() throws -> FigureRenderer {
        FigureRenderer(gnuplot: try Gnuplot.locate())
    }

    /// The figure as the bytes of a file of `format`.
    ///
    /// gnuplot runs in a new private directory and writes to a name wwn chose there; the
    /// directory is removed afterwards, so nothing of a user's is ever gnuplot's output.
    public func render(_ figure: Figure, as format: FigureFormat) throws -> Data {
        try figure.validate()
        let directory = try PrivateDirectory()
        let output = directory.url.appendingPathComponent("figure.\(format.fileExtension)")
        // gnuplot writes only this file there (its script comes on standard input), so a
        // signal that ends the process removes the file and then the folder.
        let outputRegistration = TemporaryFiles.register(output.path)
        defer {
            directory.remove()
            TemporaryFiles.unregister(outputRegistration)
        }
        let script = FigureScript(figure: figure, format: format, outputPath: output.path).render()
        try gnuplot.run(script, in: directory.url)
        guard let data = FileManager.default.contents(atPath: output.path), !data.isEmpty else {
            throw PlotError("gnuplot finished but wrote no \(format.fileExtension) output")
        }
        return data
    }

    /// The figure as ASCII art (gnuplot's dumb terminal), for terminals and logs: 79
    /// columns for one panel per row (an 80-column terminal), 119 for more; 22 lines per row.
    public func renderText(_ figure: Figure, columns: Int? = nil, lines: Int? = nil) throws -> String {
        let width = columns ?? (figure.columns == 1 ? 79 : 119)
        let height = lines ?? min(70, 22 * figure.rows + 2)
        let data = try render(figure, as: .text(columns: width, lines: height))
        // dumb pads every line with spaces and starts with a form feed; drop both.
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "")
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
            .joined(separator: "\n")
            .trimmingCharacters(in: .newlines) + "\n"
    }

    /// Draws the figure into `path` in the format its extension names (or `format`).
    /// An existing file is replaced only when `overwrite` is true; the file appears complete
    /// or not at all.
    public func save(_ figure: Figure, to path: String, format: FigureFormat? = nil, overwrite: Bool = false) throws {
        let ext = (path as NSString).pathExtension
        guard let format = format ?? FigureFormat(pathExtension: ext) else {
            throw PlotError("cannot tell the figure format of '\(path)': use one of the extensions "
                            + FigureFormat.supportedExtensions.map { ".\($0)" }.joined(separator: ", "))
        }
        try OutputFile.checkWritable(path, overwrite: overwrite)
        let data = try render(figure, as: format)
        try OutputFile.write(data, to: path, overwrite: overwrite)
    }
}

/// A directory only this process uses (mode 0700), for one gnuplot run. It is registered with
/// `TemporaryFiles`, so SIGTERM or a forced Ctrl-C during a run does not leave it behind.
struct PrivateDirectory {
    let url: URL
    private let registration: TemporaryFiles.Registration

    init() throws {
        let base = FileManager.default.temporaryDirectory
        url = base.appendingPathComponent("wwn-plot-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw PlotError("cannot create a temporary directory in '\(base.path)' for gnuplot: \(error.localizedDescription)")
        }
        registration = TemporaryFiles.registerDirectory(url.path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
        TemporaryFiles.unregister(registration)
    }
}
