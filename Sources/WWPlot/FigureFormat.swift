/// An output format: a gnuplot terminal and its file extension.
public enum FigureFormat: Sendable, Equatable {
    /// Raster, for reports and Markdown viewers (cairo: antialiased, TrueType fonts).
    case png
    /// Vector, for the web; text stays text, so titles and labels are searchable.
    case svg
    /// Vector, for papers.
    case pdf
    /// ASCII art for terminals and logs (gnuplot `dumb`, no colour codes).
    case text(columns: Int, lines: Int)

    /// The text preview's size: fits an 80-column terminal with room for the axis labels.
    public static let terminalPreview = FigureFormat.text(columns: 79, lines: 24)

    /// The format a file name asks for (`.png`, `.svg`, `.pdf`, `.txt`), or nil.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "png": self = .png
        case "svg": self = .svg
        case "pdf": self = .pdf
        case "txt": self = .text(columns: 79, lines: 24)
        default: return nil
        }
    }

    public var fileExtension: String {
        switch self {
        case .png: return "png"
        case .svg: return "svg"
        case .pdf: return "pdf"
        case .text: return "txt"
        }
    }

    public static let supportedExtensions = ["png", "svg", "pdf", "txt"]

    /// The `set terminal` command. The font is a generic family that fontconfig (cairo) and
    /// browsers (SVG) both resolve to a sans-serif face.
    func terminalCommand(size: FigureSize, fontSize: Int) -> String {
        switch self {
        case .png:
            return "set terminal pngcairo size \(size.width),\(size.height) font 'Sans,\(fontSize)' noenhanced background rgb 'white' linewidth 1.2"
        case .svg:
            return "set terminal svg size \(size.width),\(size.height) font 'sans-serif,\(fontSize)' noenhanced background rgb 'white' linewidth 1.2"
        case .pdf:
            let width = GnuplotText.number((Double(size.width) / FigureSize.pixelsPerInch * 100).rounded() / 100)
            let height = GnuplotText.number((Double(size.height) / FigureSize.pixelsPerInch * 100).rounded() / 100)
            return "set terminal pdfcairo size \(width)in,\(height)in font 'Sans,\(fontSize)' noenhanced linewidth 1.2"
        case .text(let columns, let lines):
            return "set terminal dumb size \(columns),\(lines) noenhanced mono"
        }
    }
}
