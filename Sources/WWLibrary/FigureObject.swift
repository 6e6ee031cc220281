import Foundation
import WWBase
import WWInterpreter
import WWPlot

/// A figure as a language value. Drawing happens only when the figure is shown or saved; the
/// image for reports and `show` is drawn once and kept in the session's figure directory.
public final class FigureObject: FigureValue {
    public let figure: Figure
    private var imagePath: String?

    public init(_ figure: Figure) { self.figure = figure }

    public var typeName: String { "figure" }
    public var fieldNames: [String] { ["kind", "title", "panels", "panel_titles", "size"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "kind": return .string(figure.kind)
        case "title": return title.map { .string($0) } ?? .nil
        case "panels": return .number(Double(figure.panels.count))
        case "panel_titles": return .list(ListObject(figure.panels.map { $0.title.map(Value.string) ?? .nil }))
        case "size": return .list(ListObject([.number(Double(figure.size.width)), .number(Double(figure.size.height))]))
        default: return nil
        }
    }

    private var title: String? { figure.title ?? figure.panels.first?.title }

    public var caption: String? { title }

    public var summary: String {
        guard let title else { return "<figure \(figure.kind)>" }
        return "<figure \(figure.kind): \(title)>"
    }

    public func renderImageFile(into directory: String?) throws -> String {
        let ext = FigureFormat.png.fileExtension
        guard let directory else {
            if let imagePath, FileManager.default.fileExists(atPath: imagePath) { return imagePath }
            let path = try SessionFigures.nextPath(extension: ext)
            try FigureRenderer.locate().save(figure, to: path)
            imagePath = path
            return path
        }
        // A report's figure: a new file each time it is shown (a figure shown twice appears
        // twice), numbered within the folder, never replacing anything there.
        let path = ReportFigureNames.next(in: directory, extension: ext)
        try FigureRenderer.locate().save(figure, to: path)
        return path
    }

    public func imageData(_ format: FigureImageFormat) throws -> Data {
        switch format {
        case .png: return try FigureRenderer.locate().render(figure, as: .png)
        case .svg: return try FigureRenderer.locate().render(figure, as: .svg)
        }
    }

    public func terminalPreview() throws -> String {
        let renderer = try FigureRenderer.locate()
        let text = try renderer.renderText(figure)
        return text + "\(summary) drawn as \(try renderImageFile(into: nil))\n"
    }
}

/// Names of figure files in a report's staging folder: `figure-N.png`, the first N not taken.
enum ReportFigureNames {
    nonisolated(unsafe) private static var counters: [String: Int] = [:]

    static func next(in directory: String, extension ext: String) -> String {
        var counter = counters[directory, default: 0]
        var path: String
        repeat {
            counter += 1
            path = (directory as NSString).appendingPathComponent("figure-\(counter).\(ext)")
        } while FileManager.default.fileExists(atPath: path)
        counters[directory] = counter
        return path
    }
}

/// The directory where a session's figure images go outside notebooks (the terminal preview
/// names them): private to the process (mode 0700), removed when the process exits, and on
/// SIGTERM or a forced Ctrl-C through `TemporaryFiles`. `save` writes where the user asks and a
/// notebook draws into its report's folder, so nothing is lost with it.
enum SessionFigures {
    nonisolated(unsafe) private static var directory: String?
    nonisolated(unsafe) private static var counter = 0

    static func nextPath(extension ext: String) throws -> String {
        let directory = try self.directory ?? create()
        counter += 1
        let path = (directory as NSString).appendingPathComponent("figure-\(counter).\(ext)")
        // Kept registered for the session (the files live as long as it does); past the
        // table's size a file is simply not removed by a signal.
        _ = TemporaryFiles.register(path)
        return path
    }

    private static func create() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("wwn-figures-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw BuiltinError("cannot create a directory for figures in '\(FileManager.default.temporaryDirectory.path)': \(error.localizedDescription)")
        }
        directory = path
        _ = TemporaryFiles.registerDirectory(path)
        atexit {
            if let directory = SessionFigures.directory { try? FileManager.default.removeItem(atPath: directory) }
        }
        return path
    }
}
