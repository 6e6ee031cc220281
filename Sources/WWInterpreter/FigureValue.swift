import Foundation

/// The image formats a figure can be drawn in for a client that embeds it (the Jupyter kernel
/// sends both: PNG for notebooks, SVG for front ends that prefer vectors).
public enum FigureImageFormat: Sendable {
    case png
    case svg
}

/// A value that draws itself as a picture (a plot). The interpreter knows nothing of drawing;
/// the output sink decides where a shown figure goes: a notebook embeds its image in the
/// report, a terminal prints a text preview and the path of a rendered image.
public protocol FigureValue: NativeObject {
    /// Draws the figure as a new image file in `directory` (a notebook report's staging
    /// folder) and returns the file's path; with no directory, into the session's private
    /// temporary folder, once (the terminal preview names that file).
    func renderImageFile(into directory: String?) throws -> String
    /// A text drawing of the figure for terminals and logs, with the path of an image file.
    func terminalPreview() throws -> String
    /// The figure's title (its first panel's when the figure has none), for a report's caption
    /// and alt text; nil when it has no title.
    var caption: String? { get }
    /// The figure drawn in `format`, in memory (no file is written).
    func imageData(_ format: FigureImageFormat) throws -> Data
}

extension FigureValue {
    /// No title: reports name the figure by its file.
    public var caption: String? { nil }
}

extension OutputSink {
    /// For sinks that show pictures (a notebook's recorder, the Jupyter kernel): a figure
    /// displayed at top level is shown as `show(fig)` shows it, and one that cannot be drawn
    /// says so in the output. Returns false, doing nothing, for any other value.
    public func showIfFigure(_ value: Value) -> Bool {
        guard case .object(let object) = value, let figure = object as? FigureValue else { return false }
        do {
            try showFigure(figure)
        } catch {
            write("\(figure.summary): the figure could not be drawn: \(error)\n")
        }
        return true
    }
}
