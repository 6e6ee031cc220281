import Foundation
import WWInterpreter
import WWTables

/// The MIME bundles (`data` of display_data and execute_result) of the values a client can
/// show richly. Every bundle has `text/plain`, which every front end can show.
enum MIMEBundle {
    /// A table: its HTML rendering (escaped by WWTables, truncated as reports truncate it) and
    /// the text a terminal shows.
    static func table(_ table: DataTable, text: String) -> KernelMessage.JSON {
        ["text/html": table.renderHTML(), "text/plain": text]
    }

    /// A figure drawn as PNG (base64, as the protocol carries binary images) and SVG (text).
    static func figure(_ figure: FigureValue) throws -> KernelMessage.JSON {
        let png = try figure.imageData(.png)
        let svg = try figure.imageData(.svg)
        return [
            "image/png": png.base64EncodedString(),
            "image/svg+xml": String(decoding: svg, as: UTF8.self),
            "text/plain": figure.summary,
        ]
    }
}
