import Foundation
import Ink
import WWBase

/// Renders one Markdown cell for index.html: ``MarkdownPreprocessor`` takes the maths out and
/// makes the text safe for Ink, Ink renders it, headings get anchors (recorded for the table of
/// contents), and each formula's placeholder becomes its MathML (``TeXMathML``), or its TeX
/// source, escaped, where the placeholder landed inside a tag (an image's alt text).
struct MarkdownCellRenderer {
    struct Rendered {
        let html: String
        let headings: [ContentsEntry]
    }

    /// Renders `markdown`, taking heading anchors from `anchors` so they are unique in the page.
    static func render(_ markdown: String, anchors: inout AnchorNames) -> Rendered {
        let prepared = MarkdownPreprocessor.prepare(markdown)
        let collector = HeadingCollector(anchors: anchors, prepared: prepared)
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .headings) { collector.anchor($0.html) })
        let html = parser.html(from: prepared.markdown)
        anchors = collector.anchors
        return Rendered(html: substitutingFormulas(in: html, prepared: prepared), headings: collector.entries)
    }

    /// `html` with every formula placeholder replaced.
    static func substitutingFormulas(in html: String, prepared: MarkdownPreprocessor.Prepared) -> String {
        guard !prepared.formulas.isEmpty else { return html }
        let marker = Array(prepared.marker)
        let characters = Array(html)
        var out = ""
        var insideTag = false
        var position = 0
        while position < characters.count {
            let character = characters[position]
            if character == "<" { insideTag = true }
            if character == ">" { insideTag = false }
            if character == marker[0], let (index, end) = placeholder(in: characters, at: position, marker: marker),
               index < prepared.formulas.count {
                let formula = prepared.formulas[index]
                if insideTag {
                    let delimiter = formula.isDisplay ? "$$" : "$"
                    out += (delimiter + formula.tex + delimiter).htmlEscaped
                } else {
                    out += TeXMathML.render(formula.tex, display: formula.isDisplay)
                }
                position = end
                continue
            }
            out.append(character)
            position += 1
        }
        return out
    }

    /// The formula index of a placeholder starting at `start`, and where it ends.
    private static func placeholder(in characters: [Character], at start: Int, marker: [Character]) -> (Int, Int)? {
        func hasMarker(at position: Int) -> Bool {
            position + marker.count <= characters.count && Array(characters[position..<(position + marker.count)]) == marker
        }
        guard hasMarker(at: start) else { return nil }
        var position = start + marker.count
        var digits = ""
        while position < characters.count, characters[position].isASCII, characters[position].isNumber {
            digits.append(characters[position])
            position += 1
        }
        guard let index = Int(digits), hasMarker(at: position) else { return nil }
        return (index, position + marker.count)
    }
}

/// Gives Ink's headings their `id`s and records them for the table of contents. A class
/// because Ink's modifiers are escaping closures.
private final class HeadingCollector {
    var anchors: AnchorNames
    let prepared: MarkdownPreprocessor.Prepared
    var entries: [ContentsEntry] = []

    init(anchors: AnchorNames, prepared: MarkdownPreprocessor.Prepared) {
        self.anchors = anchors
        self.prepared = prepared
    }

    /// `<hN>body</hN>` with an id made from its text.
    func anchor(_ html: String) -> String {
        guard html.hasPrefix("<h"), let level = html.dropFirst(2).first?.wholeNumberValue,
              let open = html.firstIndex(of: ">"), let close = html.range(of: "</h", options: .backwards) else { return html }
        let body = String(html[html.index(after: open)..<close.lowerBound])
        // Formulas count by their TeX in the anchor's name, and show typeset in the contents.
        let plain = MarkdownCellRenderer.texInPlaceOfFormulas(ContentsEntry.strippingTags(body), prepared: prepared)
        let id = anchors.unique(for: plain.replacingOccurrences(of: "&[A-Za-z0-9#]+;", with: "", options: .regularExpression))
        entries.append(ContentsEntry(level: level, anchor: id,
                                     html: MarkdownCellRenderer.substitutingFormulas(in: ContentsEntry.strippingTags(body), prepared: prepared)))
        return "<h\(level) id=\"\(id.htmlEscaped)\">\(body)</h\(level)>"
    }
}

extension MarkdownCellRenderer {
    /// `text` with each placeholder replaced by its formula's TeX source (not escaped).
    static func texInPlaceOfFormulas(_ text: String, prepared: MarkdownPreprocessor.Prepared) -> String {
        var text = text
        for (index, formula) in prepared.formulas.enumerated().reversed() {
            text = text.replacingOccurrences(of: prepared.placeholder(index), with: formula.tex)
        }
        return text
    }
}
